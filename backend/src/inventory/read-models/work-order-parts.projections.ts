import { stockStreamIds, type StockEvent } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, updateMany, type Row } from '@kuaige/projections';

// ---- work_order_parts: what each work order took from each warehouse, part by part (INV-7) -----------
// One row per work order × warehouse × part, from the stock ledger's issues to the order and returns
// from it. Rows are filed under the enterprise whose stock it was; the routes show them to whoever may
// read the order or the device (the order's scope decides), and the costs only to readers of that
// enterprise's stock ledger.

export const WORK_ORDER_PARTS = 'work_order_parts';

export interface WorkOrderPartRow extends Row {
  readonly workOrderId: string;
  readonly warehouseId: string;
  readonly partId: string;
  readonly enterpriseId: string;
  /** Issues requested from a store, not delivered yet: issue id → quantity. */
  readonly pending: Readonly<Record<string, number>>;
  /** Delivered to the order less returned from it, and the value that left with it. */
  readonly quantity: number;
  readonly valueFen: number;
  readonly returnedQuantity: number;
  readonly updatedAt: string;
  readonly scope: { readonly tenants: readonly string[]; readonly regions: readonly string[] };
}

export const workOrderPartRowId = (workOrderId: string, warehouseId: string, partId: string): string => `${workOrderId}:${warehouseId}:${partId}`;

const change = (e: RecordedEvent<StockEvent>, workOrderId: string, at: string, apply: (r: WorkOrderPartRow) => Partial<WorkOrderPartRow>) => {
  const { warehouseId, partId } = stockStreamIds(e.streamId);
  const enterpriseId = e.metadata.tenantIds[0] ?? '';
  const id = workOrderPartRowId(workOrderId, warehouseId, partId);
  return row<WorkOrderPartRow>(id, (r) => {
    const current: WorkOrderPartRow = r ?? {
      _id: id,
      workOrderId,
      warehouseId,
      partId,
      enterpriseId,
      pending: {},
      quantity: 0,
      valueFen: 0,
      returnedQuantity: 0,
      updatedAt: at,
      scope: { tenants: [enterpriseId], regions: [] },
    };
    return { ...current, ...apply(current), updatedAt: at };
  });
};

const without = (pending: Readonly<Record<string, number>>, issueId: string): Record<string, number> => {
  const { [issueId]: _done, ...rest } = pending;
  return rest;
};

// Rejections and cancellations name only the issue: the row holding it is found by its pending entry.
const settle = (issueId: string) => updateMany({ [`pending.${issueId}`]: { $exists: true } }, { $unset: { [`pending.${issueId}`]: '' } });

export const workOrderPartsProjection = projection<StockEvent, WorkOrderPartRow>(WORK_ORDER_PARTS, {
  version: 1,
  scoped: true,
  indexes: [{ name: 'by_work_order', key: { workOrderId: 1, partId: 1 } }],
  on: {
    StockIssueRequested: (e) =>
      e.data.recipient.kind !== 'work-order' ? [] : change(e, e.data.recipient.workOrderId, e.data.at, (r) => ({ pending: { ...r.pending, [e.data.issueId]: e.data.quantity } })),
    StockIssueDelivered: (e) =>
      e.data.recipient.kind !== 'work-order'
        ? []
        : change(e, e.data.recipient.workOrderId, e.data.at, (r) => ({ pending: without(r.pending, e.data.issueId), quantity: r.quantity + e.data.quantity, valueFen: r.valueFen + e.data.valueFen })),
    StockIssueRejected: (e) => settle(e.data.issueId),
    StockIssueCancelled: (e) => settle(e.data.issueId),
    StockReturned: (e) =>
      e.data.from?.kind !== 'work-order'
        ? []
        : change(e, e.data.from.workOrderId, e.data.at, (r) => ({
            quantity: Math.max(0, r.quantity - e.data.quantity),
            valueFen: Math.max(0, r.valueFen - e.data.valueFen),
            returnedQuantity: r.returnedQuantity + e.data.quantity,
          })),
  },
});
