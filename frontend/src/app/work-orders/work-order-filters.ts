import type { Sort } from '@angular/material/sort';
import { queryOf } from '../core/api/idempotency';
import { pageNumber, pageSizeOf } from '../shared/table/paging';
import { WORK_ORDER_STATUSES, type WorkOrderQuery } from './work-order.model';

/** The list's filters as the address carries them (all strings, any may be missing). */
export type FilterParams = Partial<Record<keyof WorkOrderQuery, string | null | undefined>>;

/** Columns the backend sorts on; anything else in the address falls back to the newest first. */
export const SORTABLE = ['submittedAt', 'updatedAt', 'dispatchedAt', 'completedAt', 'closedAt', 'number', 'status', 'priority'] as const;
export const DEFAULT_SORT = '-submittedAt';
export const QUEUES = ['mine', 'provider', 'dispatch'] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DIVISION = /^(CN|\d{2}|\d{4}|\d{6})$/;
/** An id as the backend takes it (enterprise, user). */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export const SLA_FILTERS = ['breached', 'met'] as const;
export const REOPENED_FILTERS = ['true', 'false'] as const;
export const RATED_FILTERS = ['low'] as const;

/** Status sets the dashboards and the operations board drill to, named as one chip. */
export const STATUS_GROUPS = {
  open: ['submitted', 'awaiting-dispatch', 'dispatched', 'accepted', 'assigned', 'engineer-accepted', 'in-progress', 'completed', 'receipt-submitted', 'receipt-approved', 'reported'],
  awaitingDispatch: ['submitted', 'awaiting-dispatch'],
  inHand: ['assigned', 'engineer-accepted', 'in-progress'],
  done: ['completed', 'receipt-submitted', 'receipt-approved', 'reported', 'closed'],
} as const satisfies Record<string, readonly (typeof WORK_ORDER_STATUSES)[number][]>;
export type StatusGroup = keyof typeof STATUS_GROUPS;

/** The group a `status` list is exactly (in any order), or null. */
export const statusGroupOf = (status: string): StatusGroup | null => {
  const asked = [...new Set(status.split(','))].sort().join(',');
  return (Object.keys(STATUS_GROUPS) as StatusGroup[]).find((g) => [...STATUS_GROUPS[g]].sort().join(',') === asked) ?? null;
};

/** The filters a drill-through or the chips name; each is one removable chip on the list. */
export const CHIP_FILTERS = [
  'status',
  'priority',
  'deviceType',
  'faultType',
  'region',
  'from',
  'to',
  'providerId',
  'assigneeId',
  'requesterId',
  'manufacturerId',
  'sla',
  'reopened',
  'rated',
  'completedFrom',
  'completedTo',
  'deviceId',
  'q',
] as const satisfies readonly (keyof WorkOrderQuery)[];
export type ChipFilter = (typeof CHIP_FILTERS)[number];

const statusList = (value: string | null | undefined): string =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is string => (WORK_ORDER_STATUSES as readonly string[]).includes(s))
    .join(',');

const sortOf = (value: string | null | undefined): string => {
  const field = (value ?? '').replace(/^-/, '');
  return (SORTABLE as readonly string[]).includes(field) ? value! : DEFAULT_SORT;
};

const oneOf = (value: string | null | undefined, allowed: readonly string[]): string => (value && allowed.includes(value) ? value : '');
const idOf = (value: string | null | undefined): string => (ID.test(value ?? '') ? value! : '');

/** The filters set in a query, in the chips' order (the queue and paging are not filters to remove). */
export const activeChips = (query: WorkOrderQuery): { key: ChipFilter; value: string }[] =>
  CHIP_FILTERS.filter((key) => query[key] !== '').map((key) => ({ key, value: query[key] }));

/**
 * The query a list shows, read from the address. Hand-edited values that the backend would refuse
 * (an unknown status, a malformed date, a page size nobody offered) are dropped, so a shared link
 * never turns into an error page.
 */
export function queryFromParams(
  params: FilterParams,
  known: { priorities: readonly string[]; deviceTypes: readonly string[]; faultTypes: readonly string[] },
): WorkOrderQuery {
  return {
    status: statusList(params.status),
    priority: oneOf(params.priority, known.priorities),
    deviceType: oneOf(params.deviceType, known.deviceTypes),
    faultType: oneOf(params.faultType, known.faultTypes),
    region: DIVISION.test(params.region ?? '') ? params.region! : '',
    from: DATE.test(params.from ?? '') ? params.from! : '',
    to: DATE.test(params.to ?? '') ? params.to! : '',
    q: (params.q ?? '').trim().slice(0, 100),
    deviceId: (params.deviceId ?? '').trim(),
    providerId: idOf(params.providerId),
    assigneeId: idOf(params.assigneeId),
    requesterId: idOf(params.requesterId),
    manufacturerId: idOf(params.manufacturerId),
    sla: oneOf(params.sla, SLA_FILTERS),
    reopened: oneOf(params.reopened, REOPENED_FILTERS),
    rated: oneOf(params.rated, RATED_FILTERS),
    completedFrom: DATE.test(params.completedFrom ?? '') ? params.completedFrom! : '',
    completedTo: DATE.test(params.completedTo ?? '') ? params.completedTo! : '',
    queue: oneOf(params.queue, QUEUES),
    sort: sortOf(params.sort),
    page: pageNumber(params.page),
    pageSize: pageSizeOf(params.pageSize),
  };
}

/** The HTTP parameters of GET /api/v1/work-orders for a query: empty filters are left out. */
export function listParams(query: WorkOrderQuery): Record<string, string | number> {
  return queryOf({ ...query });
}

/** A table header click as the `sort` parameter; clearing the sort returns to the default. */
export const sortParam = (sort: Sort): string | null =>
  !sort.direction || (sort.active === 'submittedAt' && sort.direction === 'desc')
    ? null
    : `${sort.direction === 'desc' ? '-' : ''}${sort.active}`;

/** A picked calendar day as the address carries it (YYYY-MM-DD of the user's own calendar). */
export const isoDay = (date: Date | null | undefined): string | null =>
  date ? `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}` : null;

/** The day of the address as the date picker's value (local midnight), or null. */
export const dayOf = (value: string): Date | null => {
  const match = DATE.exec(value) ? value.split('-').map(Number) : null;
  return match ? new Date(match[0]!, match[1]! - 1, match[2]!) : null;
};

/** The `sort` parameter as MatSort's active column and direction. */
export const sortState = (sort: string): Sort => ({
  active: sort.replace(/^-/, ''),
  direction: sort.startsWith('-') ? 'desc' : 'asc',
});
