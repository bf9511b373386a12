import type { Command } from '../event-sourcing/decider';
import type { DeviceSnapshot } from '../maintenance/device-snapshot';
import type { Priority } from '../maintenance/catalogue';
import type { Party } from '../maintenance/party';
import type {
  Fault,
  PauseReason,
  ProcessingRecord,
  RequestChannel,
  RequestContact,
  WarrantyJudgement,
  WorkOrderAttachment,
} from './work-order.events';

// ---- Commands of a work order. Every one says who acts (`by`) and when (`at`, ISO 8601). --------
// Facts beyond the order's own stream that a rule needs (the device, the provider's kind, whether the
// engineer works for the provider, other open orders on the device) are read by the handler and passed
// in, so the decider stays pure.

type By = { by: Party; at: string };

export type SubmitMaintenanceRequest = Command<
  'SubmitMaintenanceRequest',
  By & {
    workOrderId: string;
    /** `workOrderNumber(workOrderId, at, n)`, claimed unique by the handler. */
    number: string;
    device: DeviceSnapshot;
    fault: Fault;
    priority: Priority;
    channel: RequestChannel;
    contact: RequestContact;
    /** Numbers of the device's orders that are still open (from the read model). */
    openOrdersOnDevice: readonly string[];
  }
>;
export type ReviewRequest = Command<'ReviewRequest', By & { opinion: string }>;
export type RejectRequest = Command<'RejectRequest', By & { opinion: string }>;
export type DispatchWorkOrder = Command<
  'DispatchWorkOrder',
  By & {
    providerId: string;
    /** The provider enterprise as its stream tells; null when there is none. */
    provider: { type: 'manufacturer' | 'equipment-user' | 'service-provider'; status: 'pending-review' | 'approved' | 'rejected' } | null;
    /** A new priority decided with the dispatch; null keeps the order's. */
    priority: Priority | null;
    suggestion: { rank: number; suggestedProviderId: string } | null;
    override: { reason: string } | null;
  }
>;
export type ReturnDispatch = Command<'ReturnDispatch', By & { reason: string }>;
export type AcceptDispatch = Command<'AcceptDispatch', By>;
export type AssignEngineer = Command<'AssignEngineer', By & { engineerId: string; engineerIsMember: boolean }>;
export type AcceptAssignment = Command<'AcceptAssignment', By>;
export type DeclineAssignment = Command<'DeclineAssignment', By & { reason: string }>;
export type StartWork = Command<'StartWork', By>;
export type ReportProgress = Command<'ReportProgress', By & { note: string; percent: number | null; attachments: readonly WorkOrderAttachment[] }>;
export type AddProcessingRecord = Command<'AddProcessingRecord', By & { record: ProcessingRecord }>;
export type EditProcessingRecord = Command<'EditProcessingRecord', By & { record: ProcessingRecord }>;
export type PauseWork = Command<'PauseWork', By & { reason: PauseReason; note: string }>;
export type ResumeWork = Command<'ResumeWork', By>;
/** A part is missing: its engineer or provider asked for it to be bought; the work waits for it. */
export type AwaitParts = Command<'AwaitParts', By & { purchaseRequestId: string; note: string }>;
/** The parts a purchase request bought for the order were received (the platform's reaction). */
export type ResumeOnPartsArrival = Command<'ResumeOnPartsArrival', By & { purchaseOrderId: string }>;
export type CompleteWork = Command<'CompleteWork', By & { summary: string }>;
export type SubmitReceipt = Command<'SubmitReceipt', By & { summary: string; attachments: readonly WorkOrderAttachment[] }>;
export type ApproveReceipt = Command<'ApproveReceipt', By & { opinion: string }>;
export type RejectReceipt = Command<'RejectReceipt', By & { reason: string }>;
export type ReportReceipt = Command<'ReportReceipt', By & { note: string }>;
/** `score` is the overall satisfaction; `quality` and `efficiency` (1–5) are optional, added for CX-1 after the first release. */
export type EvaluateWorkOrder = Command<'EvaluateWorkOrder', By & { score: number; opinion: string; quality?: number; efficiency?: number }>;
export type CancelWorkOrder = Command<'CancelWorkOrder', By & { reason: string }>;
export type ReopenWorkOrder = Command<'ReopenWorkOrder', By & { reason: string }>;
export type JudgeWarranty = Command<'JudgeWarranty', By & { judgement: WarrantyJudgement; opinion: string }>;
export type ChangePriority = Command<'ChangePriority', By & { priority: Priority }>;

export type WorkOrderCommand =
  | SubmitMaintenanceRequest
  | ReviewRequest
  | RejectRequest
  | DispatchWorkOrder
  | ReturnDispatch
  | AcceptDispatch
  | AssignEngineer
  | AcceptAssignment
  | DeclineAssignment
  | StartWork
  | ReportProgress
  | AddProcessingRecord
  | EditProcessingRecord
  | PauseWork
  | ResumeWork
  | AwaitParts
  | ResumeOnPartsArrival
  | CompleteWork
  | SubmitReceipt
  | ApproveReceipt
  | RejectReceipt
  | ReportReceipt
  | EvaluateWorkOrder
  | CancelWorkOrder
  | ReopenWorkOrder
  | JudgeWarranty
  | ChangePriority;
