import type { WorkOrder } from '@kuaige/domain';
import type { ReadModelStore } from '@kuaige/projections';
import type { WorkOrderRow } from './work-orders.projections';

/**
 * The names of the parties an order's detail and timeline mention by id: its enterprises (requester,
 * device owner, manufacturer, provider and providers that returned it) from `enterprises`, and its
 * engineer from `accounts`. Only ids the order itself holds are looked up, so a reader learns no name
 * beyond the parties of an order it may read.
 */
export async function partyNames(store: ReadModelStore, row: WorkOrderRow, order: WorkOrder): Promise<Record<string, string>> {
  const enterpriseIds = [...new Set([row.requesterId, row.ownerId, row.manufacturerId, row.providerId, ...order.returnedBy].filter((id): id is string => typeof id === 'string'))];
  const userIds = [row.assigneeId].filter((id): id is string => typeof id === 'string');
  const [enterprises, accounts] = await Promise.all([
    enterpriseIds.length ? store.collection('enterprises').find({ _id: { $in: enterpriseIds } }) : [],
    userIds.length ? store.collection('accounts').find({ _id: { $in: userIds } }) : [],
  ]);
  const names: Record<string, string> = {};
  for (const e of enterprises) if (typeof e['name'] === 'string') names[String(e._id)] = e['name'];
  for (const a of accounts) if (typeof a['displayName'] === 'string') names[String(a._id)] = a['displayName'];
  return names;
}
