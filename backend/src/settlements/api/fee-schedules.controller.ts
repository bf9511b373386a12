import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { visibleRows, type Filter, type ReadModelStore } from '@kuaige/projections';
import { jurisdictionOf } from '@kuaige/tenancy';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { CurrentActor, inScope, Permit, scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import { partyOf } from '../../work-orders/application/acting-party';
import { DraftFeeScheduleStep, PublishFeeScheduleStep } from '../application/settlements.commands';
import { FEE_SCHEDULES_COLLECTION, type FeeScheduleRow } from '../read-models/settlements.projections';
import { SettlementErrorFilter } from './settlement-error.filter';
import { FEE_SCHEDULE_VIEW, feeScheduleView } from './settlement-views';
import { DraftFeeScheduleDto, FeeScheduleListQueryDto } from './settlements.dto';

/** Fee schedules (SET-2, OPS-4): drafted and published by operator nodes for their jurisdiction. */
@ApiTags('settlements')
@Controller('api/v1/fee-schedules')
@UseFilters(SettlementErrorFilter)
export class FeeSchedulesController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly commands: CommandBus,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Permit('fee-schedule:read')
  @ApiOperation({ summary: 'Fee schedules in my jurisdiction, newest first (?status=draft|published&page&pageSize)' })
  @ApiOkResponse({ description: `{ items: [${FEE_SCHEDULE_VIEW}], total, page, pageSize }` })
  async list(@CurrentActor() actor: Actor, @Query() query: FeeScheduleListQueryDto) {
    await this.freshness.caughtUp([FEE_SCHEDULES_COLLECTION]);
    const parts: Filter[] = [visibleRows];
    if (query.status) parts.push({ status: query.status });
    const filter = scopedFilter(actor, 'read', 'FeeSchedule', { $and: parts });
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const rows = this.store.collection<FeeScheduleRow>(FEE_SCHEDULES_COLLECTION);
    const [items, total] = await Promise.all([
      rows.find(filter, { sort: { createdAt: -1, _id: 1 }, skip: (page - 1) * pageSize, limit: pageSize }),
      rows.count(filter),
    ]);
    return { items: items.map(feeScheduleView), total, page, pageSize };
  }

  @Get(':scheduleId')
  @Permit('fee-schedule:read')
  @ApiOperation({ summary: 'One fee schedule' })
  @ApiOkResponse({ description: FEE_SCHEDULE_VIEW })
  async get(@CurrentActor() actor: Actor, @Param('scheduleId') id: string) {
    await this.freshness.caughtUp([FEE_SCHEDULES_COLLECTION]);
    return feeScheduleView(await this.row(actor, id, 'read'));
  }

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @Permit('fee-schedule:create')
  @ApiOperation({
    summary:
      'Draft a fee schedule for my operator node’s jurisdiction (labour by skill level, travel bands, platform fee rate in basis points)',
  })
  @ApiOkResponse({ description: FEE_SCHEDULE_VIEW })
  async draft(@CurrentActor() actor: Actor, @Body() dto: DraftFeeScheduleDto, @Client() client: ClientCommand) {
    const now = this.clock.now();
    const jurisdiction = actor.operatorNode ? jurisdictionOf(actor.operatorNode.regionCode) : [];
    const scheduleId = client.idOf('fee-schedule-id');
    await this.commands.execute(
      new DraftFeeScheduleStep(
        {
          scheduleId,
          operatorNodeId: dto.operatorNodeId,
          jurisdiction,
          effectiveFrom: dto.effectiveFrom,
          labourRates: dto.labourRates,
          travelBands: dto.travelBands,
          platformFeeRateBp: dto.platformFeeRateBp,
          expertFeeRateBp: dto.expertFeeRateBp,
          note: dto.note,
        },
        partyOf(actor),
        now.toISOString(),
        actingContext(client, 'draft-fee-schedule', actor, now),
      ),
    );
    await this.freshness.caughtUp([FEE_SCHEDULES_COLLECTION]);
    return feeScheduleView(await this.row(actor, scheduleId, 'read'));
  }

  @Post(':scheduleId/publish')
  @HttpCode(HttpStatus.OK)
  @Permit('fee-schedule:publish')
  @ApiOperation({ summary: 'Publish a drafted schedule (its node’s staff; it takes effect on effectiveFrom, never retroactively)' })
  @ApiOkResponse({ description: FEE_SCHEDULE_VIEW })
  async publish(@CurrentActor() actor: Actor, @Param('scheduleId') id: string, @Client() client: ClientCommand) {
    await this.freshness.caughtUp([FEE_SCHEDULES_COLLECTION]);
    await this.row(actor, id, 'publish');
    const now = this.clock.now();
    await this.commands.execute(
      new PublishFeeScheduleStep(id, partyOf(actor), now.toISOString(), actingContext(client, 'publish-fee-schedule', actor, now)),
    );
    await this.freshness.caughtUp([FEE_SCHEDULES_COLLECTION]);
    return feeScheduleView(await this.row(actor, id, 'read'));
  }

  private async row(actor: Actor, id: string, action: 'read' | 'publish'): Promise<FeeScheduleRow> {
    return inScope(
      actor,
      action,
      'FeeSchedule',
      await this.store.collection<FeeScheduleRow>(FEE_SCHEDULES_COLLECTION).findOne({ $and: [{ _id: id }, visibleRows] }),
    );
  }
}
