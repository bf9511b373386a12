import { PRIORITY_ORDER, WORK_ORDER_LIVE_STATUSES, type SlaBreached, type WorkOrderAttachment, type WorkOrderEvent, type WorkOrderStatus } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, updateMany, type Change, type Projection, type Row } from '@kuaige/projections';

// ---- Read models of work orders -------------------------------------------------------------------
// `work_orders` is one compact, flat row per order, the shape the lists, the dispatch ranking
// (workload, ratings) and the store's memory budget count on: no timeline, no texts beyond the fault
// summary. The detail folds the order's own stream instead.

export const WORK_ORDERS_COLLECTION = 'work_orders';
export const WORK_ORDER_ATTACHMENTS_COLLECTION = 'work_order_attachments';
export const FAULT_SUMMARY_LENGTH = 120;

export interface WorkOrderRow extends Row {
  readonly _id: string;
  readonly number: string;
  readonly status: WorkOrderStatus;
  readonly priority: string;
  /** The priority's place in PRIORITY_ORDER (urgent 0 … low 3): sorting by urgency runs on an index. */
  readonly priorityRank: number;
  readonly paused: boolean;
  readonly deviceId: string;
  readonly deviceName: string;
  readonly deviceType: string;
  readonly faultType: string;
  readonly faultSummary: string;
  readonly countyCode: string;
  readonly requesterId: string;
  /** The device's owner when the request was raised (the snapshot's): a party to the order for its whole life. */
  readonly ownerId: string | null;
  readonly manufacturerId: string | null;
  readonly providerId: string | null;
  readonly assigneeId: string | null;
  readonly submittedAt: string;
  readonly updatedAt: string;
  readonly dispatchedAt: string | null;
  readonly completedAt: string | null;
  readonly closedAt: string | null;
  readonly userScore: number | null;
  readonly manufacturerScore: number | null;
  /** A target of its SLA clock (response or resolution) went overdue at some point: the list's `sla=breached`. */
  readonly slaBreached: boolean;
  /** Reopened at least once (rework): the list's `reopened=true`. */
  readonly reopened: boolean;
  readonly scope: { readonly tenants: readonly string[]; readonly regions: readonly string[] };
}

/** Statuses in which an order still counts as open work (workload, duplicate requests). */
export const OPEN_STATUSES: readonly WorkOrderStatus[] = WORK_ORDER_LIVE_STATUSES;

const idOf = (event: RecordedEvent): string => event.streamId.slice(event.streamId.indexOf('-') + 1);

/**
 * The enterprises that share the order: requester, the device's owner (also when the manufacturer
 * raised the request for it), linked manufacturer, the provider it is with.
 */
export const tenantsOf = (r: Pick<WorkOrderRow, 'requesterId' | 'ownerId' | 'manufacturerId' | 'providerId'>): string[] =>
  [...new Set([r.requesterId, r.ownerId, r.manufacturerId, r.providerId].filter((t): t is string => typeof t === 'string'))];

/** Unknown priorities (none today) sort after the known ones. */
export const priorityRankOf = (priority: string): number => {
  const rank = (PRIORITY_ORDER as readonly string[]).indexOf(priority);
  return rank === -1 ? PRIORITY_ORDER.length : rank;
};

const change = (e: RecordedEvent<WorkOrderEvent>, apply: (r: WorkOrderRow) => Partial<WorkOrderRow>) =>
  row<WorkOrderRow>(idOf(e), (current) => {
    if (!current) return null;
    const next = { ...current, ...apply(current), updatedAt: String(e.data.at) };
    return { ...next, scope: { tenants: tenantsOf(next), regions: current.scope.regions } };
  });

const summaryOf = (description: string): string => [...description].slice(0, FAULT_SUMMARY_LENGTH).join('');

/** `work_orders`: the list row of every order, scoped to its enterprises and the device's jurisdiction. */
// The SLA clock's breach lands here too (its stream `Sla-<id>` carries the order's id), so that the list
// filters overdue orders on the row instead of joining the clocks, which leave once met or stopped.
export const workOrdersProjection = projection<WorkOrderEvent | SlaBreached, WorkOrderRow>(WORK_ORDERS_COLLECTION, {
  version: 3,
  scoped: true,
  indexes: [
    { name: 'by_priority', key: { priorityRank: 1, submittedAt: -1 } },
    { name: 'by_status', key: { status: 1, submittedAt: -1 } },
    { name: 'by_submitted', key: { submittedAt: -1 } },
    { name: 'by_provider', key: { providerId: 1, status: 1 } },
    { name: 'by_assignee', key: { assigneeId: 1, status: 1 } },
    { name: 'by_device', key: { deviceId: 1, submittedAt: -1 } },
    { name: 'by_requester', key: { requesterId: 1, submittedAt: -1 } },
  ],
  on: {
    MaintenanceRequested: (e) =>
      row<WorkOrderRow>(e.data.workOrderId, () => {
        const d = e.data;
        const base = {
          _id: d.workOrderId,
          number: d.number,
          status: 'submitted' as const,
          priority: d.priority,
          priorityRank: priorityRankOf(d.priority),
          paused: false,
          deviceId: d.device.deviceId,
          deviceName: d.device.name,
          deviceType: d.device.type,
          faultType: d.fault.type,
          faultSummary: summaryOf(d.fault.description),
          countyCode: d.device.countyCode,
          requesterId: d.requesterId,
          ownerId: d.device.ownerId,
          manufacturerId: d.manufacturerId,
          providerId: null,
          assigneeId: null,
          submittedAt: d.at,
          updatedAt: d.at,
          dispatchedAt: null,
          completedAt: null,
          closedAt: null,
          userScore: null,
          manufacturerScore: null,
          slaBreached: false,
          reopened: false,
        };
        return { ...base, scope: { tenants: tenantsOf(base), regions: [...d.device.jurisdiction] } };
      }),
    RequestReviewed: (e) => change(e, () => ({ status: 'awaiting-dispatch' })),
    RequestRejected: (e) => change(e, () => ({ status: 'rejected' })),
    WorkOrderDispatched: (e) => change(e, () => ({ status: 'dispatched', providerId: e.data.providerId, priority: e.data.priority, priorityRank: priorityRankOf(e.data.priority), dispatchedAt: e.data.at })),
    DispatchReturned: (e) => change(e, () => ({ status: 'awaiting-dispatch', providerId: null, dispatchedAt: null })),
    DispatchAccepted: (e) => change(e, () => ({ status: 'accepted' })),
    EngineerAssigned: (e) => change(e, () => ({ status: 'assigned', assigneeId: e.data.engineerId })),
    EngineerDeclined: (e) => change(e, () => ({ status: 'accepted', assigneeId: null })),
    EngineerAccepted: (e) => change(e, () => ({ status: 'engineer-accepted' })),
    WorkStarted: (e) => change(e, () => ({ status: 'in-progress' })),
    ProgressReported: (e) => change(e, () => ({})),
    ProcessingRecordAdded: (e) => change(e, () => ({})),
    ProcessingRecordEdited: (e) => change(e, () => ({})),
    WorkPaused: (e) => change(e, () => ({ paused: true })),
    WorkResumed: (e) => change(e, () => ({ paused: false })),
    WorkCompleted: (e) => change(e, () => ({ status: 'completed', completedAt: e.data.at })),
    ReceiptSubmitted: (e) => change(e, () => ({ status: 'receipt-submitted' })),
    ReceiptApproved: (e) => change(e, () => ({ status: 'receipt-approved' })),
    ReceiptRejected: (e) => change(e, () => ({ status: 'in-progress', completedAt: null })),
    ReceiptReported: (e) => change(e, () => ({ status: 'reported' })),
    WorkOrderEvaluated: (e) => change(e, () => (e.data.by === 'equipment-user' ? { userScore: e.data.score } : { manufacturerScore: e.data.score })),
    WorkOrderClosed: (e) => change(e, () => ({ status: 'closed', closedAt: e.data.at })),
    WorkOrderCancelled: (e) => change(e, () => ({ status: 'cancelled' })),
    WorkOrderReopened: (e) =>
      change(e, () => ({ status: 'accepted', assigneeId: null, paused: false, completedAt: null, closedAt: null, userScore: null, manufacturerScore: null, reopened: true })),
    WarrantyJudged: (e) => change(e, () => ({})),
    PriorityChanged: (e) => change(e, () => ({ priority: e.data.priority, priorityRank: priorityRankOf(e.data.priority) })),
    // The clock's fact, not a step of the order: its last update stays the order's own.
    SlaBreached: (e) => row<WorkOrderRow>(e.data.workOrderId, (current) => current && { ...current, slaBreached: true }),
  },
});

// ---- Files referred to by orders: which order a blob belongs to, for the blob read policy ---------

export interface WorkOrderAttachmentRow extends Row {
  readonly _id: string;
  readonly workOrderId: string;
  readonly blobId: string;
  readonly scope: { readonly tenants: readonly string[]; readonly regions: readonly string[] };
}

/** Rows for the files of an event; the handler filed the event under the order's scope (metadata). */
const filesOf = (e: RecordedEvent<WorkOrderEvent>, files: readonly WorkOrderAttachment[]): Change<WorkOrderAttachmentRow>[] => {
  const workOrderId = idOf(e);
  return files.map((f) =>
    row<WorkOrderAttachmentRow>(`${workOrderId}/${f.blobId}`, (current) =>
      current ?? { _id: `${workOrderId}/${f.blobId}`, workOrderId, blobId: f.blobId, scope: { tenants: [...e.metadata.tenantIds], regions: [...e.metadata.jurisdiction] } },
    ),
  );
};

/** `work_order_attachments`: one row per (order, file): photos of the fault, progress, records, receipt. */
export const workOrderAttachmentsProjection = projection<WorkOrderEvent, WorkOrderAttachmentRow>(WORK_ORDER_ATTACHMENTS_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_blob', key: { blobId: 1 } },
    { name: 'by_order', key: { workOrderId: 1 } },
  ],
  on: {
    MaintenanceRequested: (e) => filesOf(e, e.data.fault.attachments),
    ProgressReported: (e) => filesOf(e, e.data.attachments),
    ProcessingRecordAdded: (e) => filesOf(e, e.data.attachments),
    ProcessingRecordEdited: (e) => filesOf(e, e.data.attachments),
    ReceiptSubmitted: (e) => filesOf(e, e.data.attachments),
    // The provider it is dispatched to sees the photos from then on.
    WorkOrderDispatched: (e) => updateMany({ workOrderId: idOf(e) }, { $addToSet: { 'scope.tenants': e.data.providerId } }),
  },
});

/** The read models of work-orders, registered in PRODUCT_PROJECTIONS. */
export const WORK_ORDERS_PROJECTIONS: readonly Projection[] = [workOrdersProjection, workOrderAttachmentsProjection];
