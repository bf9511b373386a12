import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { subject as asSubject } from '@casl/ability';
import { workOrder, workOrderStream, type WorkOrder, type WorkOrderEvent, type WorkOrderStatus } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { findCappedPage, publicRow, visibleRows, type Filter, type ReadModelStore } from '@kuaige/projections';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { maskMobile } from '../../identity/crypto/masking';
import { PersonalData } from '../../identity/personal-data';
import { inScope, scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { partyOf } from '../application/acting-party';
import { CONTACT_PHONE_FIELD } from '../application/work-order.commands';
import { Clock } from '../../identity/clock';
import { allowedSteps } from './work-order-steps';
import { partyNames } from './party-names';
import { WORK_ORDERS_COLLECTION, type WorkOrderRow } from './work-orders.projections';

// ---- Work-order queries on the QueryBus: lists from the compact rows, the detail from the stream ----

export interface Page<T> {
  readonly items: readonly T[];
  /** Exact up to TOTAL_CAP (10,000); beyond it a lower bound and `totalExact` is false. */
  readonly total: number;
  readonly totalExact?: boolean;
  readonly page: number;
  readonly pageSize: number;
  /** With a party filter (providerId, assigneeId, requesterId, manufacturerId): the names of those parties. */
  readonly parties?: Readonly<Record<string, string>>;
}

/** The list filters that name a party of the order. */
export const PARTY_FILTERS = ['providerId', 'assigneeId', 'requesterId', 'manufacturerId'] as const;

/** The queues of the product's three desks. */
export const WORK_ORDER_QUEUES = ['mine', 'provider', 'dispatch'] as const;
export type WorkOrderQueue = (typeof WORK_ORDER_QUEUES)[number];
export const WORK_ORDER_SORTS = ['submittedAt', 'updatedAt', 'dispatchedAt', 'completedAt', 'closedAt', 'number', 'status', 'priority'] as const;
export const SLA_FILTERS = ['breached', 'met'] as const;
export const RATED_FILTERS = ['low'] as const;
/** The highest score of the equipment user that counts as dissatisfied (1…5): the satisfaction charts' "low". */
export const LOW_SCORE = 2;
/** Sort fields stored under another name: priority sorts by its rank (urgent first), on the row's index. */
const SORT_FIELDS: Readonly<Record<string, string>> = { priority: 'priorityRank' };

/** What each queue holds: the engineer's open tasks, the provider's work in hand, the operator's board. */
const QUEUE_STATUSES: Record<WorkOrderQueue, readonly WorkOrderStatus[]> = {
  mine: ['assigned', 'engineer-accepted', 'in-progress', 'completed'],
  provider: ['dispatched', 'accepted', 'assigned', 'engineer-accepted', 'in-progress', 'completed', 'receipt-submitted', 'receipt-approved'],
  dispatch: ['submitted', 'awaiting-dispatch'],
};

export interface WorkOrderListQuery {
  readonly status?: readonly string[];
  readonly priority?: string;
  readonly deviceType?: string;
  readonly faultType?: string;
  readonly region?: string;
  readonly from?: string;
  readonly to?: string;
  readonly q?: string;
  readonly deviceId?: string;
  /** The parties of the order: the service provider, its engineer, the equipment user who raised it, the manufacturer. */
  readonly providerId?: string;
  readonly assigneeId?: string;
  readonly requesterId?: string;
  readonly manufacturerId?: string;
  /** breached: a target of its SLA went overdue; met: none did. */
  readonly sla?: (typeof SLA_FILTERS)[number];
  readonly reopened?: boolean;
  /** low: the equipment user scored it LOW_SCORE or less. */
  readonly rated?: (typeof RATED_FILTERS)[number];
  /** Completed from / until (China days, or instants), as `from`/`to` are for the submission. */
  readonly completedFrom?: string;
  readonly completedTo?: string;
  readonly queue?: WorkOrderQueue;
  /** A field of WORK_ORDER_SORTS, `-` first for descending. */
  readonly sort?: string;
  readonly page: number;
  readonly pageSize: number;
}

export class ListWorkOrders extends Query<Page<Record<string, unknown>>> {
  constructor(
    readonly actor: Actor,
    readonly query: WorkOrderListQuery,
  ) {
    super();
  }
}

export class GetWorkOrder extends Query<Record<string, unknown>> {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
  ) {
    super();
  }
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A calendar day (China's) or an instant, as the instant it starts; `end` gives the next day's start. */
const instantOf = (value: string, end: boolean): string => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00+08:00`);
    return new Date(end ? start + 86_400_000 : start).toISOString();
  }
  return new Date(value).toISOString();
};

/** The end of a range: a day includes itself (up to the next day's start), an instant is inclusive. */
const untilOf = (value: string): Filter => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? { $lt: instantOf(value, true) } : { $lte: instantOf(value, false) });

/** The list's own filter, before the actor's scope is joined to it. */
export const listFilter = (actor: Actor, query: WorkOrderListQuery): Filter => {
  const parts: Filter[] = [visibleRows];
  if (query.status?.length) parts.push({ status: { $in: [...query.status] } });
  if (query.priority) parts.push({ priority: query.priority });
  if (query.deviceType) parts.push({ deviceType: query.deviceType });
  if (query.faultType) parts.push({ faultType: query.faultType });
  if (query.deviceId) parts.push({ deviceId: query.deviceId });
  if (query.region) parts.push({ 'scope.regions': query.region });
  if (query.from) parts.push({ submittedAt: { $gte: instantOf(query.from, false) } });
  if (query.to) parts.push({ submittedAt: untilOf(query.to) });
  if (query.completedFrom) parts.push({ completedAt: { $gte: instantOf(query.completedFrom, false) } });
  if (query.completedTo) parts.push({ completedAt: { ...untilOf(query.completedTo), $ne: null } });
  if (query.providerId) parts.push({ providerId: query.providerId });
  if (query.assigneeId) parts.push({ assigneeId: query.assigneeId });
  if (query.requesterId) parts.push({ requesterId: query.requesterId });
  if (query.manufacturerId) parts.push({ manufacturerId: query.manufacturerId });
  if (query.sla) parts.push({ slaBreached: query.sla === 'breached' });
  if (query.reopened !== undefined) parts.push({ reopened: query.reopened });
  if (query.rated === 'low') parts.push({ userScore: { $ne: null, $lte: LOW_SCORE } });
  // A literal substring of the fault summary: user text never becomes a pattern.
  if (query.q) parts.push({ faultSummary: { $regex: escapeRegex(query.q), $options: 'i' } });
  if (query.queue) {
    // A status asked for replaces the queue's default ones, so that an engineer pages through their own
    // closed tasks; the queue still keeps to the caller's own rows.
    if (!query.status?.length) parts.push({ status: { $in: [...QUEUE_STATUSES[query.queue]] } });
    // Nobody's queue matches a caller who is not that party: an engineer's tasks are their own, a
    // provider's work is its own enterprise's.
    if (query.queue === 'mine') parts.push({ assigneeId: actor.userId });
    if (query.queue === 'provider') parts.push({ providerId: actor.enterpriseId ?? '' });
  }
  return { $and: parts };
};

/** The list's order; the export of the list pages through the rows in it. */
export const sortOf = (sort: string | undefined): Record<string, 1 | -1> => {
  const named = (sort ?? '-submittedAt').replace(/^-/, '');
  const field = SORT_FIELDS[named] ?? named;
  const direction = sort?.startsWith('-') || sort === undefined ? -1 : 1;
  // Ties break on the id, so that paging is stable.
  return { [field]: direction, _id: 1 };
};

/** A list row as the API shows it: its id under `id`, no scope, no sort key (the priority says it). */
export const rowView = (row: WorkOrderRow): Record<string, unknown> => {
  const { _id, scope: _scope, priorityRank: _rank, ...rest } = publicRow(row);
  return { id: _id, ...rest };
};

@QueryHandler(ListWorkOrders)
export class ListWorkOrdersHandler implements IQueryHandler<ListWorkOrders> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ actor, query }: ListWorkOrders): Promise<Page<Record<string, unknown>>> {
    const filter = scopedFilter(actor, 'read', 'WorkOrder', listFilter(actor, query));
    const rows = this.store.collection<WorkOrderRow>(WORK_ORDERS_COLLECTION);
    const { page, pageSize } = query;
    const { items, total, totalExact } = await findCappedPage(rows, filter, { sort: sortOf(query.sort), page, pageSize });
    const named = PARTY_FILTERS.map((field) => query[field]).filter((id): id is string => typeof id === 'string');
    if (!named.length) return { items: items.map(rowView), total, totalExact, page, pageSize };
    // The names of the parties filtered by, for the list's chips: only when some order the caller may
    // read holds them (then its detail names them too), so that guessing an id reveals no name.
    return { items: items.map(rowView), total, totalExact, page, pageSize, parties: total > 0 ? await this.namesOf(named) : {} };
  }

  private async namesOf(ids: readonly string[]): Promise<Record<string, string>> {
    const [enterprises, accounts] = await Promise.all([
      this.store.collection('enterprises').find({ _id: { $in: [...ids] } }),
      this.store.collection('accounts').find({ _id: { $in: [...ids] } }),
    ]);
    const names: Record<string, string> = {};
    for (const e of enterprises) if (typeof e['name'] === 'string') names[String(e._id)] = e['name'];
    for (const a of accounts) if (typeof a['displayName'] === 'string') names[String(a._id)] = a['displayName'];
    return names;
  }
}

/** One line of the timeline: what happened, when, by whom, in a few words. */
export interface TimelineEntry {
  readonly type: WorkOrderEvent['type'];
  readonly at: string;
  readonly by: { readonly userId: string; readonly enterpriseId: string | null; readonly operatorNodeId: string | null };
  readonly summary: string;
}

const summaryOf = (e: WorkOrderEvent): string => {
  switch (e.type) {
    case 'MaintenanceRequested':
      return e.data.fault.description;
    case 'RequestReviewed':
    case 'RequestRejected':
    case 'ReceiptApproved':
    case 'WorkOrderEvaluated':
    case 'WarrantyJudged':
      return [e.type === 'WorkOrderEvaluated' ? `${e.data.by} ${e.data.score}/5` : e.type === 'WarrantyJudged' ? e.data.judgement : '', e.data.opinion].filter(Boolean).join(' · ');
    case 'WorkOrderDispatched':
      return [e.data.providerId, e.data.override?.reason ?? ''].filter(Boolean).join(' · ');
    case 'DispatchReturned':
    case 'EngineerDeclined':
    case 'ReceiptRejected':
    case 'WorkOrderCancelled':
    case 'WorkOrderReopened':
      return e.data.reason;
    case 'DispatchAccepted':
      return e.data.providerId;
    case 'EngineerAssigned':
    case 'EngineerAccepted':
    case 'WorkStarted':
      return e.data.engineerId;
    case 'ProgressReported':
      return e.data.percent === null ? e.data.note : `${e.data.percent}% · ${e.data.note}`;
    case 'ProcessingRecordAdded':
    case 'ProcessingRecordEdited':
      return e.data.steps;
    case 'WorkPaused':
      return [e.data.reason, e.data.note].filter(Boolean).join(' · ');
    case 'WorkCompleted':
    case 'ReceiptSubmitted':
      return e.data.summary;
    case 'ReceiptReported':
      return e.data.note;
    case 'PriorityChanged':
      return e.data.priority;
    case 'WorkResumed':
    case 'WorkOrderClosed':
      return '';
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
};

const entryOf = (e: RecordedEvent): TimelineEntry => {
  const event = { type: e.type, data: e.data } as WorkOrderEvent;
  return {
    type: event.type,
    at: String(e.data['at']),
    by: { userId: e.metadata.actor.userId, enterpriseId: e.metadata.actor.enterpriseId ?? null, operatorNodeId: e.metadata.actor.operatorNodeId ?? null },
    summary: summaryOf(event),
  };
};

/**
 * The detail: the list row (authorized by its scope), the order's whole state folded from its stream,
 * the timeline, and the steps the actor may take now. The contact's phone is masked unless the actor
 * may read the order's sensitive data.
 */
@QueryHandler(GetWorkOrder)
export class GetWorkOrderHandler implements IQueryHandler<GetWorkOrder> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly streams: AggregateStreams,
    private readonly personal: PersonalData,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, workOrderId }: GetWorkOrder): Promise<Record<string, unknown>> {
    const row = await this.store.collection<WorkOrderRow>(WORK_ORDERS_COLLECTION).findOne({ $and: [{ _id: workOrderId }, visibleRows] });
    inScope(actor, 'read', 'WorkOrder', row);
    const { state, events } = await this.streams.load(workOrderStream(workOrderId), workOrder);
    const order = state as WorkOrder;
    const contact = this.personal.decryptContact(CONTACT_PHONE_FIELD.entity, workOrderId, order.contact);
    const sensitive = actor.ability.can('read-sensitive', asSubject('WorkOrder', { ...row! }));
    return {
      ...rowView(row!),
      channel: order.channel,
      requesterUserId: order.requesterUserId,
      device: order.device,
      fault: order.fault,
      contact: { name: contact.name, phone: sensitive ? contact.phone : maskMobile(contact.phone) },
      review: order.review,
      returnedBy: order.returnedBy,
      pausedReason: order.paused,
      records: order.records,
      receipt: order.receipt,
      evaluations: order.evaluations,
      warranty: order.warranty,
      reopenCount: order.reopenCount,
      timeline: events.map(entryOf),
      // Timeline summaries name parties by id; the console shows these names instead.
      parties: await partyNames(this.store, row!, order),
      steps: allowedSteps(actor, row!, order, partyOf(actor), this.clock.now().toISOString()),
    };
  }
}

export const WORK_ORDER_QUERY_HANDLERS = [ListWorkOrdersHandler, GetWorkOrderHandler];
