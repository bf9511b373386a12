import type { DomainEvent } from '../event-sourcing/event';
import type { DeviceSnapshot } from '../maintenance/device-snapshot';
import type { FaultType, Priority } from '../maintenance/catalogue';
import type { Party } from '../maintenance/party';

// ---- Events of a work order (stream `WorkOrder-<workOrderId>`) -----------------------------------
// Others subscribe to these names and fields (SLA clocks, dispatch ranking, demo data): they are the
// contract of issue #10. Every event's data carries `at`, the instant the command was accepted.

export const WORK_ORDER_STATUSES = [
  'submitted',
  'rejected',
  'awaiting-dispatch',
  'dispatched',
  'accepted',
  'assigned',
  'engineer-accepted',
  'in-progress',
  'completed',
  'receipt-submitted',
  'receipt-approved',
  'reported',
  'closed',
  'cancelled',
] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/** A file the caller uploaded (`POST /api/v1/blobs`); the bytes never enter the event log. */
export interface WorkOrderAttachment {
  readonly blobId: string;
  readonly mediaType: string;
  readonly size: number;
}

export interface Fault {
  readonly type: FaultType;
  readonly description: string;
  readonly attachments: readonly WorkOrderAttachment[];
}

/**
 * Never plain personal data here but the backend's ciphertext. With `subject` (since ADR 0017's
 * addendum) name and phone are both `enc:p1` under that data subject's own key, so an erasure destroys
 * them; without it (older events) the name is plain text and the phone under the installation keyring.
 */
export interface RequestContact {
  readonly name: string;
  readonly phone: string;
  readonly subject?: string;
}

export type RequestChannel = 'console' | 'qr' | 'public-qr';
export type PauseReason = 'awaiting-customer' | 'awaiting-parts';
export type Evaluator = 'equipment-user' | 'manufacturer';
export type WarrantyJudgement = 'in-warranty' | 'out-of-warranty';

/**
 * A part used on a visit. A stocked part names its catalogue part and the warehouse it was issued from
 * (the engineer's van or the provider's store); a part without them is free text (not stocked, bought
 * on site). Events written before parts were stocked carry neither and still fold.
 */
export interface PartUsed {
  readonly name: string;
  readonly quantity: number;
  readonly unit: string;
  readonly partId?: string;
  readonly warehouseId?: string;
}

/** What an engineer did on a visit: editable until the work is completed. */
export type ProcessingRecord = {
  readonly recordId: string;
  readonly steps: string;
  readonly parts: readonly PartUsed[];
  readonly tools: readonly string[];
  readonly cause: string;
  readonly result: string;
  readonly attachments: readonly WorkOrderAttachment[];
};

export type MaintenanceRequested = DomainEvent<
  'MaintenanceRequested',
  {
    workOrderId: string;
    number: string;
    device: DeviceSnapshot;
    fault: Fault;
    priority: Priority;
    /** The enterprise that asks for the repair: the device's owner when raised by its QR code. */
    requesterId: string;
    requesterUserId: string | null;
    manufacturerId: string | null;
    channel: RequestChannel;
    contact: RequestContact;
    at: string;
  }
>;
export type RequestReviewed = DomainEvent<'RequestReviewed', { mode: 'automatic' | 'manual'; by: Party; opinion: string; at: string }>;
export type RequestRejected = DomainEvent<'RequestRejected', { by: Party; opinion: string; at: string }>;
export type WorkOrderDispatched = DomainEvent<
  'WorkOrderDispatched',
  {
    providerId: string;
    byNodeId: string;
    priority: Priority;
    suggestion: { rank: number; suggestedProviderId: string } | null;
    override: { reason: string } | null;
    at: string;
  }
>;
export type DispatchReturned = DomainEvent<'DispatchReturned', { providerId: string; reason: string; at: string }>;
export type DispatchAccepted = DomainEvent<'DispatchAccepted', { providerId: string; at: string }>;
export type EngineerAssigned = DomainEvent<'EngineerAssigned', { engineerId: string; at: string }>;
export type EngineerDeclined = DomainEvent<'EngineerDeclined', { engineerId: string; reason: string; at: string }>;
export type EngineerAccepted = DomainEvent<'EngineerAccepted', { engineerId: string; at: string }>;
export type WorkStarted = DomainEvent<'WorkStarted', { engineerId: string; at: string }>;
export type ProgressReported = DomainEvent<'ProgressReported', { note: string; percent: number | null; attachments: readonly WorkOrderAttachment[]; at: string }>;
export type ProcessingRecordAdded = DomainEvent<'ProcessingRecordAdded', ProcessingRecord & { engineerId: string; at: string }>;
export type ProcessingRecordEdited = DomainEvent<'ProcessingRecordEdited', ProcessingRecord & { engineerId: string; at: string }>;
export type WorkPaused = DomainEvent<'WorkPaused', { reason: PauseReason; note: string; at: string }>;
export type WorkResumed = DomainEvent<'WorkResumed', { at: string }>;
export type WorkCompleted = DomainEvent<'WorkCompleted', { summary: string; at: string }>;
export type ReceiptSubmitted = DomainEvent<'ReceiptSubmitted', { summary: string; attachments: readonly WorkOrderAttachment[]; at: string }>;
export type ReceiptApproved = DomainEvent<'ReceiptApproved', { opinion: string; at: string }>;
export type ReceiptRejected = DomainEvent<'ReceiptRejected', { reason: string; at: string }>;
export type ReceiptReported = DomainEvent<'ReceiptReported', { note: string; at: string }>;
/** `score` is the satisfaction; `quality`/`efficiency` are absent on events recorded before CX-1 and when not given. */
export type WorkOrderEvaluated = DomainEvent<'WorkOrderEvaluated', { by: Evaluator; score: number; opinion: string; quality?: number; efficiency?: number; at: string }>;
export type WorkOrderClosed = DomainEvent<'WorkOrderClosed', { at: string }>;
export type WorkOrderCancelled = DomainEvent<'WorkOrderCancelled', { by: Party; reason: string; at: string }>;
export type WorkOrderReopened = DomainEvent<'WorkOrderReopened', { by: Party; reason: string; at: string }>;
export type WarrantyJudged = DomainEvent<'WarrantyJudged', { judgement: WarrantyJudgement; opinion: string; at: string }>;
export type PriorityChanged = DomainEvent<'PriorityChanged', { priority: Priority; at: string }>;

export type WorkOrderEvent =
  | MaintenanceRequested
  | RequestReviewed
  | RequestRejected
  | WorkOrderDispatched
  | DispatchReturned
  | DispatchAccepted
  | EngineerAssigned
  | EngineerDeclined
  | EngineerAccepted
  | WorkStarted
  | ProgressReported
  | ProcessingRecordAdded
  | ProcessingRecordEdited
  | WorkPaused
  | WorkResumed
  | WorkCompleted
  | ReceiptSubmitted
  | ReceiptApproved
  | ReceiptRejected
  | ReceiptReported
  | WorkOrderEvaluated
  | WorkOrderClosed
  | WorkOrderCancelled
  | WorkOrderReopened
  | WarrantyJudged
  | PriorityChanged;

export const workOrderStream = (workOrderId: string): string => `WorkOrder-${workOrderId}`;
