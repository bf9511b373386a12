import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ReadModelStore } from '@kuaige/projections';
import type { WorkOrderStatus } from '@kuaige/domain';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { listFilter, rowView, type WorkOrderListQuery } from './work-order.queries';
import { OPEN_STATUSES, WORK_ORDERS_COLLECTION, type WorkOrderRow } from './work-orders.projections';

// ---- The operations board's live numbers: counts of the work-order list, as it stands now ----------
// Each number is a list query, and the answer names that query: the board's drill-through opens exactly
// the orders it counted (the list scopes them on the server again).

/** Statuses of orders an engineer has in hand. */
const IN_HAND: readonly WorkOrderStatus[] = ['assigned', 'engineer-accepted', 'in-progress'];
const AWAITING_DISPATCH: readonly WorkOrderStatus[] = ['submitted', 'awaiting-dispatch'];

export const NOW_COUNTS = ['requestsToday', 'open', 'awaitingDispatch', 'inProgress', 'overdue', 'completedToday'] as const;
export type NowCount = (typeof NOW_COUNTS)[number];

/** The list filters (as GET /api/v1/work-orders takes them) behind each number, for China's day `today`. */
export const nowQueries = (today: string): Record<NowCount, Omit<WorkOrderListQuery, 'page' | 'pageSize'>> => ({
  requestsToday: { from: today, to: today },
  open: { status: OPEN_STATUSES },
  awaitingDispatch: { status: AWAITING_DISPATCH },
  inProgress: { status: IN_HAND },
  overdue: { status: OPEN_STATUSES, sla: 'breached' },
  completedToday: { completedFrom: today, completedTo: today },
});

/** China's calendar day of an instant (UTC+8, no DST). */
export const chinaDayOf = (now: Date): string => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export interface WorkOrdersNow {
  readonly at: string;
  readonly today: string;
  readonly counts: readonly { readonly key: NowCount; readonly count: number; readonly query: Record<string, string> }[];
  /** The orders that moved last, newest first: the board's ticker. */
  readonly recent: readonly Record<string, unknown>[];
}

export class GetWorkOrdersNow extends Query<WorkOrdersNow> {
  constructor(
    readonly actor: Actor,
    readonly region: string | undefined,
    readonly recent: number,
  ) {
    super();
  }
}

/** A list query as the list's address carries it: lists comma-joined, booleans as text. */
const asParams = (query: Omit<WorkOrderListQuery, 'page' | 'pageSize'>): Record<string, string> =>
  Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));

@QueryHandler(GetWorkOrdersNow)
export class GetWorkOrdersNowHandler implements IQueryHandler<GetWorkOrdersNow> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, region, recent }: GetWorkOrdersNow): Promise<WorkOrdersNow> {
    const now = this.clock.now();
    const today = chinaDayOf(now);
    const rows = this.store.collection<WorkOrderRow>(WORK_ORDERS_COLLECTION);
    const within = region ? { region } : {};
    const filterOf = (query: Omit<WorkOrderListQuery, 'page' | 'pageSize'>) =>
      scopedFilter(actor, 'read', 'WorkOrder', listFilter(actor, { ...query, ...within, page: 1, pageSize: 1 }));
    const queries = nowQueries(today);
    const [counts, latest] = await Promise.all([
      Promise.all(NOW_COUNTS.map(async (key) => ({ key, count: await rows.count(filterOf(queries[key])), query: asParams({ ...queries[key], ...within }) }))),
      rows.find(filterOf({}), { sort: { updatedAt: -1, _id: 1 }, limit: recent }),
    ]);
    return { at: now.toISOString(), today, counts, recent: latest.map(rowView) };
  }
}
