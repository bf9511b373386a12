import { Inject } from '@nestjs/common';
import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { slaStream, type Actor, type Party, type SlaEvent } from '@kuaige/domain';
import { publicRow, visibleRows, type Filter, type ReadModelStore, type Row } from '@kuaige/projections';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import type { ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { ALERTS_COLLECTION, nextClockRow, SLA_CLOCKS_COLLECTION, type AlertRow, type SlaClockRow } from '../read-models/sla.projections';
import { SlaClocks } from './sla-clocks';

// ---- Reading the clocks and alerts, and acknowledging an alert ------------------------------------
// Callers hand in the actor's access filter (scopedFilter) or check the row with inScope; these
// handlers never decide who may see what.

export interface AlertPage {
  readonly items: readonly AlertRow[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/** A work order's clock, and the order's list row when H1's `work_orders` has it (it decides the scope). */
export class GetSlaClock extends Query<{ clock: SlaClockRow | null; order: Row | null }> {
  constructor(readonly workOrderId: string) {
    super();
  }
}

@QueryHandler(GetSlaClock)
export class GetSlaClockHandler implements IQueryHandler<GetSlaClock> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly freshness: ReadModelFreshness,
    private readonly streams: AggregateStreams,
    private readonly clocks: SlaClocks,
  ) {}
  async execute({ workOrderId }: GetSlaClock) {
    await this.freshness.caughtUp([SLA_CLOCKS_COLLECTION, 'work_orders']);
    const byId = { $and: [visibleRows, { _id: workOrderId }] };
    const [open, order] = await Promise.all([this.store.collection<SlaClockRow>(SLA_CLOCKS_COLLECTION).findOne(byId), this.store.collection('work_orders').findOne(byId)]);
    return { clock: open ? publicRow(open) : await this.closed(workOrderId), order: order && publicRow(order) };
  }

  // `sla_clocks` keeps open clocks only; a closed one (or none) is read from its stream.
  private async closed(workOrderId: string): Promise<SlaClockRow | null> {
    const { events } = await this.streams.load(slaStream(workOrderId), this.clocks.decider);
    return events.reduce<SlaClockRow | null>((row, e) => nextClockRow(row, { type: e.type, data: e.data } as SlaEvent), null);
  }
}

/** A page of the alerts the filter lets through, newest first. */
export class ListAlerts extends Query<AlertPage> {
  constructor(
    readonly filter: Filter,
    readonly page: number,
    readonly pageSize: number,
  ) {
    super();
  }
}

@QueryHandler(ListAlerts)
export class ListAlertsHandler implements IQueryHandler<ListAlerts, AlertPage> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly freshness: ReadModelFreshness,
  ) {}
  async execute({ filter, page, pageSize }: ListAlerts): Promise<AlertPage> {
    await this.freshness.caughtUp([ALERTS_COLLECTION]);
    const query = { $and: [visibleRows, filter] };
    const alerts = this.store.collection<AlertRow>(ALERTS_COLLECTION);
    const [rows, total] = await Promise.all([alerts.find(query, { sort: { raisedAt: -1, _id: 1 }, skip: (page - 1) * pageSize, limit: pageSize }), alerts.count(query)]);
    return { items: rows.map((r) => publicRow(r)), total, page, pageSize };
  }
}

export class GetAlert extends Query<AlertRow | null> {
  constructor(readonly alertId: string) {
    super();
  }
}

@QueryHandler(GetAlert)
export class GetAlertHandler implements IQueryHandler<GetAlert, AlertRow | null> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly freshness: ReadModelFreshness,
  ) {}
  async execute({ alertId }: GetAlert): Promise<AlertRow | null> {
    await this.freshness.caughtUp([ALERTS_COLLECTION]);
    const row = await this.store.collection<AlertRow>(ALERTS_COLLECTION).findOne({ $and: [visibleRows, { _id: alertId }] });
    return row && publicRow(row);
  }
}

/** A person takes on an alert; the clock decides whether they are the one to (AcknowledgeSlaAlert). */
export class AcknowledgeAlert extends Command<void> {
  constructor(
    readonly alert: Pick<AlertRow, 'workOrderId' | 'alert'>,
    readonly by: Party,
    readonly actor: Actor,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

@CommandHandler(AcknowledgeAlert)
export class AcknowledgeAlertHandler implements ICommandHandler<AcknowledgeAlert, void> {
  constructor(
    private readonly clocks: SlaClocks,
    private readonly clock: Clock,
  ) {}
  async execute({ alert, by, actor, client }: AcknowledgeAlert): Promise<void> {
    const now = this.clock.now();
    const { tenantIds: _t, jurisdiction: _j, ...context } = client.context('acknowledge-alert', actor, now);
    await this.clocks.handle({ type: 'AcknowledgeSlaAlert', data: { workOrderId: alert.workOrderId, alert: alert.alert, by, at: now.toISOString() } }, context);
  }
}

export const SLA_QUERY_HANDLERS = [GetSlaClockHandler, ListAlertsHandler, GetAlertHandler, AcknowledgeAlertHandler];
