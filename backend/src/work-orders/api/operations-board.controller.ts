import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { CurrentActor, Permit, type Actor } from '../../tenancy/api/authorization';
import { GetWorkOrdersNow } from '../read-models/work-orders-now';

export class WorkOrdersNowQueryDto {
  @ApiPropertyOptional({ description: 'Division code (GB/T 2260) inside my scope; default: all of it', example: '4403' })
  @IsOptional()
  @Matches(/^(CN|\d{2}|\d{4}|\d{6})$/, { message: 'regionCode must be CN or a 2, 4 or 6 digit division code' })
  regionCode?: string;

  @ApiPropertyOptional({ default: 12, minimum: 0, maximum: 50, description: 'How many of the orders that moved last to list' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(50)
  recent?: number;
}

/** 运营大屏's live numbers: the work orders open, overdue and done today, in the caller's scope. */
@ApiTags('analytics')
@Controller('api/v1/analytics')
export class OperationsBoardController {
  constructor(
    private readonly queries: QueryBus,
    private readonly freshness: ReadModelFreshness,
  ) {}

  @Get('live')
  @Permit('report:read')
  @ApiOperation({ summary: 'Work orders now, in my scope: requested and completed today, open, awaiting dispatch, in hand, overdue; the orders that moved last' })
  @ApiOkResponse({
    description:
      '{ at, today (China day), counts: [{ key: requestsToday|open|awaitingDispatch|inProgress|overdue|completedToday, count, query (the GET /api/v1/work-orders filters it counts) }], recent: [list rows, last updated first] }',
  })
  async live(@CurrentActor() actor: Actor, @Query() query: WorkOrdersNowQueryDto) {
    await this.freshness.caughtUp(['work_orders']);
    return this.queries.execute(new GetWorkOrdersNow(actor, query.regionCode, query.recent ?? 12));
  }
}
