import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { subject as asSubject } from '@casl/ability';
import { publicRow, visibleRows, type Filter, type ReadModelStore } from '@kuaige/projections';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { CurrentActor, inScope, Permit, scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import { partyOf } from '../../work-orders/application/acting-party';
import { WORK_ORDERS_COLLECTION, type WorkOrderRow } from '../../work-orders/read-models/work-orders.projections';
import { VisitErrorFilter } from '../../appointments/api/appointment-error.filter';
import { RecordReturnVisit } from '../application/return-visit.commands';
import { RETURN_VISITS_COLLECTION, type ReturnVisitRow } from '../read-models/return-visits.projections';
import { RecordReturnVisitDto, ReturnVisitListQueryDto } from './return-visits.dto';

const VIEW = '{ workOrderId, number, status (none | scheduled | recorded), dueAt, providerId, outcome, satisfaction, note, recordedBy, recordedAt, actions: [record] }';
const view = (row: ReturnVisitRow) => {
  const { _id: _id, scope: _scope, ...rest } = publicRow(row);
  return rest;
};

/** The return visit after a work order closed (WO-15): due some days later, recorded by the provider or an operator. */
@ApiTags('return-visits')
@Controller('api/v1')
@UseFilters(VisitErrorFilter)
export class ReturnVisitsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly commands: CommandBus,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
  ) {}

  @Get('return-visits')
  @Permit('work-order:read')
  @ApiOperation({ summary: 'Return visits of the work orders I may see, due first (?status=scheduled&due=true); the recorded ones’ average satisfaction' })
  @ApiOkResponse({ description: `{ items: [${VIEW}], total, page, pageSize, averageSatisfaction }` })
  async list(@CurrentActor() actor: Actor, @Query() query: ReturnVisitListQueryDto) {
    await this.freshness.caughtUp([RETURN_VISITS_COLLECTION]);
    const parts: Filter[] = [visibleRows];
    if (query.status) parts.push({ status: query.status });
    if (query.due) parts.push({ status: 'scheduled', dueAt: { $lte: this.clock.now().toISOString() } });
    const filter = scopedFilter(actor, 'read', 'WorkOrder', { $and: parts });
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const visits = this.store.collection<ReturnVisitRow>(RETURN_VISITS_COLLECTION);
    const [rows, total, average] = await Promise.all([
      visits.find(filter, { sort: { dueAt: 1, _id: 1 }, skip: (page - 1) * pageSize, limit: pageSize }),
      visits.count(filter),
      visits.aggregate<{ average: number | null }>([{ $match: { $and: [filter, { satisfaction: { $ne: null } }] } }, { $group: { _id: null, average: { $avg: '$satisfaction' } } }]),
    ]);
    return { items: rows.map(view), total, page, pageSize, averageSatisfaction: average[0]?.average ?? null };
  }

  @Get('work-orders/:id/return-visit')
  @Permit('work-order:read')
  @ApiOperation({ summary: 'The return visit of a work order I may see (status none until it closes)' })
  @ApiOkResponse({ description: VIEW })
  async get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    await this.freshness.caughtUp([RETURN_VISITS_COLLECTION, WORK_ORDERS_COLLECTION]);
    return this.viewOf(actor, await this.order(actor, id, 'read'));
  }

  @Post('work-orders/:id/return-visit')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:close')
  @ApiOperation({ summary: 'Record the return visit: outcome and the customer’s satisfaction 1–5 (the provider, or an operator of the order’s jurisdiction)' })
  @ApiOkResponse({ description: VIEW })
  async record(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: RecordReturnVisitDto, @Client() client: ClientCommand) {
    await this.freshness.caughtUp([WORK_ORDERS_COLLECTION]);
    const order = await this.order(actor, id, 'close');
    const now = this.clock.now();
    await this.commands.execute(
      new RecordReturnVisit(id, { outcome: dto.outcome, satisfaction: dto.satisfaction ?? null, note: dto.note ?? '' }, partyOf(actor), now.toISOString(), actingContext(client, 'record-return-visit', actor, now)),
    );
    await this.freshness.caughtUp([RETURN_VISITS_COLLECTION]);
    return this.viewOf(actor, order);
  }

  private async order(actor: Actor, id: string, action: 'read' | 'close'): Promise<WorkOrderRow> {
    return inScope(actor, action, 'WorkOrder', await this.store.collection<WorkOrderRow>(WORK_ORDERS_COLLECTION).findOne({ $and: [{ _id: id }, visibleRows] }));
  }

  private async viewOf(actor: Actor, order: WorkOrderRow) {
    const row = await this.store.collection<ReturnVisitRow>(RETURN_VISITS_COLLECTION).findOne({ $and: [{ _id: order._id }, visibleRows] });
    if (!row) return { workOrderId: order._id, number: order.number, status: 'none', actions: [] };
    const performs = (actor.enterpriseId !== null && actor.enterpriseId === row.providerId) || (actor.operatorNode !== null && row.scope.regions.includes(actor.operatorNode.regionCode));
    const actions = row.status === 'scheduled' && performs && actor.ability.can('close', asSubject('WorkOrder', { ...order })) ? ['record'] : [];
    return { ...view(row), actions };
  }
}
