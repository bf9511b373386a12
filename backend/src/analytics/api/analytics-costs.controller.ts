import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CurrentActor, Permit, type Actor } from '../../tenancy/api/authorization';
import { GetAnalyticsCosts } from '../application/analytics-costs.queries';
import { ANALYTICS_GRANULARITIES, type AnalyticsGranularity } from '../application/analytics.queries';
import { AnalyticsFilterInput, filtersOf } from './analytics.dto';

export class AnalyticsCostsQueryDto extends AnalyticsFilterInput {
  @ApiPropertyOptional({ enum: ANALYTICS_GRANULARITIES, default: 'day', description: 'Periods of the trend' })
  @IsOptional()
  @IsIn([...ANALYTICS_GRANULARITIES])
  granularity?: AnalyticsGranularity;
}

const TOTALS =
  '{ settlements, cancelled, disputes, chargedFen, labourFen, travelFen, partsFen, expertFen, platformFeeFen, warrantyFen, earnedFen, paidFen, outstandingFen, cancelledFen, averageFen } (integer fen; null where my side does not show it)';

/** Settlement costs (#15 "cost") in the caller's scope, filed under the orders' request days. */
@ApiTags('analytics')
@Controller('api/v1/analytics')
export class AnalyticsCostsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('costs')
  @Permit('report:read')
  @ApiOperation({ summary: 'Settlement costs of the orders requested in the range: totals, trend, per device type, fault type and provider' })
  @ApiOkResponse({ description: `{ regionCode, regionPath, totals: ${TOTALS}, trend: [{ period, totals }], byDeviceType, byFaultType, byProvider: [{ key, label, totals }] }` })
  costs(@CurrentActor() actor: Actor, @Query() query: AnalyticsCostsQueryDto) {
    return this.queries.execute(new GetAnalyticsCosts(actor, query.granularity ?? 'day', filtersOf(query)));
  }
}
