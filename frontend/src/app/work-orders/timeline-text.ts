import type { TimelineEntry, WorkOrderRow } from './work-order.model';

/** Looks up a translation (Transloco's `translate` fits). */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const parts = (summary: string) =>
  summary
    .split(' · ')
    .map((p) => p.trim())
    .filter((p) => p !== '' && !ID.test(p));

const KNOWN: Readonly<Record<string, string>> = {
  'equipment-user': 'workOrders.evaluators.equipment-user',
  manufacturer: 'workOrders.evaluators.manufacturer',
  'awaiting-customer': 'workOrders.pauseReasons.awaiting-customer',
  'awaiting-parts': 'workOrders.pauseReasons.awaiting-parts',
  'in-warranty': 'workOrders.warranty.in-warranty',
  'out-of-warranty': 'workOrders.warranty.out-of-warranty',
};

type Actor = { readonly userId?: string | null; readonly enterpriseId?: string | null; readonly operatorNodeId?: string | null } | null;

/**
 * Which party took a step, as the key of its name (`workOrders.parties.*`): the entry names the acting
 * user's enterprise or operator node by id, and the order says what that enterprise is to it. Null when
 * the entry does not say (the platform's own steps carry no such party).
 */
export function actingParty(
  entry: TimelineEntry,
  order: Pick<WorkOrderRow, 'requesterId' | 'ownerId' | 'providerId' | 'manufacturerId' | 'assigneeId'>,
): string | null {
  const by = entry.by as Actor;
  if (!by) return null;
  if (by.operatorNodeId) return 'workOrders.parties.operator';
  // The equipment user is the device's owner, also on an order its manufacturer raised for it.
  if (by.enterpriseId && by.enterpriseId === (order.ownerId ?? order.requesterId)) return 'workOrders.parties.requester';
  if (by.enterpriseId && by.enterpriseId === order.manufacturerId) return 'workOrders.parties.manufacturer';
  // A provider that returned the order is no longer its provider; it still acted as one.
  if (by.enterpriseId) return by.userId && by.userId === order.assigneeId ? 'workOrders.parties.engineer' : 'workOrders.parties.provider';
  return null;
}

/** Steps whose whole summary is the id of the party they concern. */
const PARTY_ONLY: ReadonlySet<string> = new Set(['DispatchAccepted', 'EngineerAssigned', 'EngineerAccepted', 'WorkStarted']);

/**
 * The line under a timeline entry, in the user's language. The backend's summary names parties by id
 * and states by code (`equipment-user 5/5 · 很好`, `awaiting-parts · 等配件`): ids become the names the
 * detail carries in `parties` (left out when it has none), codes are worded; free text (reasons, notes)
 * stays.
 */
export function timelineText(entry: TimelineEntry, translate: Translate, parties: Readonly<Record<string, string>> = {}): string {
  const all = entry.summary.split(' · ').map((p) => p.trim());
  if (PARTY_ONLY.has(entry.type)) return parties[all[0] ?? ''] ?? '';
  if (entry.type === 'WorkOrderDispatched') {
    // The provider it went to, then the override's reason when the operator chose another.
    const [provider = '', ...reason] = all;
    const texts = [parties[provider] ?? '', ...reason.filter((r) => r !== '').map((r) => translate('workOrders.timeline.override', { reason: r }))];
    return texts.filter((t) => t !== '').join(' · ');
  }
  const texts = parts(entry.summary).map((p) => {
    if (parties[p]) return parties[p];
    const score = /^(equipment-user|manufacturer) ([1-5])\/5$/.exec(p);
    if (score) return `${translate(KNOWN[score[1]!]!)} ${'★'.repeat(Number(score[2]))}`;
    if (entry.type === 'PriorityChanged')
      return translate('workOrders.timeline.priority', { priority: translate(`workOrders.priorities.${p}`) });
    return KNOWN[p] ? translate(KNOWN[p]) : p;
  });
  return texts.join(' · ');
}
