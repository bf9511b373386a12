import { IllegalTransition, type Decider } from '../event-sourcing/decider';
import { isFaultType, isPriority, type Priority } from '../maintenance/catalogue';
import type { DeviceSnapshot } from '../maintenance/device-snapshot';
import type { Party } from '../maintenance/party';
import type { WorkOrderCommand } from './work-order.commands';
import type {
  Evaluator,
  Fault,
  PartUsed,
  PauseReason,
  ProcessingRecord,
  RequestChannel,
  RequestContact,
  WarrantyJudgement,
  WorkOrderAttachment,
  WorkOrderEvent,
  WorkOrderStatus,
} from './work-order.events';
import { DEFAULT_WORK_ORDER_RULES, NotYourRole, WorkOrderRuleViolation, type WorkOrderRules } from './work-order-rules';

// ---- State ---------------------------------------------------------------------------------------

export type WorkOrder = {
  readonly status: WorkOrderStatus;
  readonly workOrderId: string;
  readonly number: string;
  readonly device: DeviceSnapshot;
  readonly fault: Fault;
  readonly priority: Priority;
  readonly requesterId: string;
  readonly requesterUserId: string | null;
  readonly manufacturerId: string | null;
  readonly channel: RequestChannel;
  readonly contact: RequestContact;
  readonly review: { readonly mode: 'automatic' | 'manual'; readonly opinion: string } | null;
  readonly providerId: string | null;
  /** Providers that returned the order, in order. */
  readonly returnedBy: readonly string[];
  readonly assigneeId: string | null;
  readonly paused: PauseReason | null;
  readonly records: readonly ProcessingRecord[];
  readonly receipt: { readonly summary: string; readonly attachments: readonly WorkOrderAttachment[] } | null;
  readonly evaluations: Partial<Record<Evaluator, { readonly score: number; readonly opinion: string }>>;
  readonly warranty: { readonly judgement: WarrantyJudgement; readonly opinion: string } | null;
  readonly submittedAt: string;
  readonly closedAt: string | null;
  readonly reopenCount: number;
};

export type WorkOrderState = { readonly status: 'none' } | WorkOrder;

/** Statuses from which the requester or the operator may still cancel: nobody has started work yet. */
export const CANCELLABLE_STATUSES: readonly WorkOrderStatus[] = [
  'submitted',
  'awaiting-dispatch',
  'dispatched',
  'accepted',
  'assigned',
  'engineer-accepted',
];
/** Statuses an order does not leave (but a closed one may be reopened within the repair warranty). */
export const FINAL_STATUSES: readonly WorkOrderStatus[] = ['rejected', 'closed', 'cancelled'];

/** Statuses of an order that is neither finished nor refused. */
export const WORK_ORDER_LIVE_STATUSES: WorkOrderStatus[] = [
  'submitted',
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
];

// ---- Who acts ------------------------------------------------------------------------------------

const who = (by: Party): string =>
  by.kind === 'enterprise' ? `enterprise ${by.enterpriseId}` : by.kind === 'operator' ? `operator node ${by.nodeId}` : `the platform (${by.reason})`;

/** An operator whose division is the device's county or one above it. */
const assertJurisdictionOperator = (order: WorkOrder, by: Party): Extract<Party, { kind: 'operator' }> => {
  if (by.kind !== 'operator' || !order.device.jurisdiction.includes(by.regionCode))
    throw new NotYourRole(`only an operator of the device's jurisdiction (${order.device.countyCode}) may do this, not ${who(by)}`);
  return by;
};
const assertProvider = (order: WorkOrder, by: Party): void => {
  if (by.kind !== 'enterprise' || order.providerId === null || by.enterpriseId !== order.providerId)
    throw new NotYourRole(`only the service provider the order was dispatched to may do this, not ${who(by)}`);
};
const assertEngineer = (order: WorkOrder, by: Party): string => {
  if (by.kind !== 'enterprise' || by.enterpriseId !== order.providerId || order.assigneeId === null || by.userId !== order.assigneeId)
    throw new NotYourRole(`only the engineer assigned to the order may do this, not ${by.kind === 'enterprise' ? `user ${by.userId}` : who(by)}`);
  return order.assigneeId;
};
const isEngineer = (order: WorkOrder, by: Party): boolean =>
  by.kind === 'enterprise' && by.enterpriseId === order.providerId && order.assigneeId !== null && by.userId === order.assigneeId;
const isRequester = (order: WorkOrder, by: Party): boolean => by.kind === 'enterprise' && by.enterpriseId === order.requesterId;
/**
 * The enterprise that evaluates as the equipment user: the device's owner (in the snapshot), also when
 * its manufacturer raised the request; the requester when the device has no owner.
 */
const equipmentUserOf = (order: WorkOrder): string => order.device.ownerId ?? order.requesterId;
const isEquipmentUser = (order: WorkOrder, by: Party): boolean => by.kind === 'enterprise' && by.enterpriseId === equipmentUserOf(order);

// ---- Input rules ---------------------------------------------------------------------------------

const text = (value: string, field: string, max: number, required = true): string => {
  const trimmed = value.trim();
  if (required && trimmed === '') throw new WorkOrderRuleViolation('required', field, `${field} must not be empty`);
  if ([...trimmed].length > max) throw new WorkOrderRuleViolation('max-length', field, `${field} must be at most ${max} characters`);
  return trimmed;
};

/** An optional 1–5 aspect of an evaluation: absent stays absent, so older clients record what they did. */
const aspect = (value: number | undefined, field: 'quality' | 'efficiency'): { quality?: number; efficiency?: number } => {
  if (value === undefined) return {};
  if (!Number.isInteger(value) || value < 1 || value > 5) throw new WorkOrderRuleViolation(field, field, `${field} is a whole number from 1 to 5`);
  return { [field]: value };
};

const attachmentsOf = (rules: WorkOrderRules, list: readonly WorkOrderAttachment[], field: string): WorkOrderAttachment[] => {
  if (list.length > rules.maxAttachments) throw new WorkOrderRuleViolation('max-attachments', field, `at most ${rules.maxAttachments} files`);
  return list.map((a, i) => {
    if (!rules.attachmentMediaTypes.includes(a.mediaType))
      throw new WorkOrderRuleViolation('attachment-media-type', `${field}[${i}].mediaType`, `a file must be one of ${rules.attachmentMediaTypes.join(', ')}`);
    if (!Number.isInteger(a.size) || a.size <= 0 || a.size > rules.attachmentMaxBytes)
      throw new WorkOrderRuleViolation('attachment-size', `${field}[${i}].size`, `a file must have between 1 byte and ${rules.attachmentMaxBytes} bytes`);
    return { blobId: a.blobId, mediaType: a.mediaType, size: a.size };
  });
};

const recordOf = (rules: WorkOrderRules, r: ProcessingRecord): ProcessingRecord => {
  const parts = r.parts.map((p, i): PartUsed => {
    if (!Number.isFinite(p.quantity) || p.quantity <= 0)
      throw new WorkOrderRuleViolation('positive', `record.parts[${i}].quantity`, 'a quantity must be greater than 0');
    const used = { name: text(p.name, `record.parts[${i}].name`, 100), quantity: p.quantity, unit: text(p.unit, `record.parts[${i}].unit`, 20, false) };
    if (p.partId === undefined && p.warehouseId === undefined) return used;
    if (p.partId === undefined || p.warehouseId === undefined)
      throw new WorkOrderRuleViolation('stocked-part', `record.parts[${i}].${p.partId === undefined ? 'partId' : 'warehouseId'}`, 'a stocked part names both the catalogue part and the warehouse it comes from');
    // Stock moves in whole units of the part (INV-2).
    if (!Number.isSafeInteger(p.quantity))
      throw new WorkOrderRuleViolation('whole-number', `record.parts[${i}].quantity`, 'a stocked part is used in whole units');
    return { ...used, partId: p.partId, warehouseId: p.warehouseId };
  });
  return {
    recordId: r.recordId,
    steps: text(r.steps, 'record.steps', 2000),
    parts,
    tools: r.tools.map((t, i) => text(t, `record.tools[${i}]`, 100)),
    cause: text(r.cause, 'record.cause', 1000, false),
    result: text(r.result, 'record.result', 1000, false),
    attachments: attachmentsOf(rules, r.attachments, 'record.attachments'),
  };
};

const need = (order: WorkOrderState, command: string, ...allowed: WorkOrderStatus[]): WorkOrder => {
  if (order.status === 'none' || !allowed.includes(order.status)) throw new IllegalTransition(order.status, command);
  return order;
};
const running = (order: WorkOrder, command: string): WorkOrder => {
  if (order.paused !== null) throw new IllegalTransition(`in-progress (paused: ${order.paused})`, command);
  return order;
};

const DAY_MS = 86_400_000;

// ---- Logic ---------------------------------------------------------------------------------------

// An encrypted name is longer than the 50 characters a plain one may have; the backend checked it before.
const contactOf = (contact: RequestContact): RequestContact =>
  contact.subject === undefined
    ? { name: text(contact.name, 'contact.name', 50), phone: text(contact.phone, 'contact.phone', 4096) }
    : { subject: text(contact.subject, 'contact.subject', 200), name: text(contact.name, 'contact.name', 4096), phone: text(contact.phone, 'contact.phone', 4096) };

const decideWith =
  (rules: WorkOrderRules) =>
  (command: WorkOrderCommand, state: WorkOrderState): WorkOrderEvent[] => {
    const { type } = command;
    const { by, at } = command.data;
    switch (command.type) {
      case 'SubmitMaintenanceRequest': {
        if (state.status !== 'none') throw new IllegalTransition(state.status, type);
        const { workOrderId, number, device, fault, priority, channel, contact, openOrdersOnDevice } = command.data;
        if (by.kind === 'operator') throw new NotYourRole('operators do not raise maintenance requests; the equipment user does');
        const requesterId = by.kind === 'enterprise' ? by.enterpriseId : device.ownerId;
        if (requesterId === null)
          throw new WorkOrderRuleViolation('device-owner', 'deviceId', 'a request from the device’s QR code needs a device that has an owner');
        if (by.kind === 'enterprise' && by.enterpriseId !== device.ownerId && by.enterpriseId !== device.manufacturerId)
          throw new NotYourRole('only the device’s owner or its manufacturer may raise a request for it');
        if (device.status === 'scrapped') throw new WorkOrderRuleViolation('device-scrapped', 'deviceId', 'the device is scrapped');
        if (!isFaultType(fault.type)) throw new WorkOrderRuleViolation('fault-type', 'fault.type', `${fault.type} is not a fault type`);
        if (!isPriority(priority)) throw new WorkOrderRuleViolation('priority', 'priority', `${priority} is not a priority`);
        const description = text(fault.description, 'fault.description', rules.maxDescription);
        const attachments = attachmentsOf(rules, fault.attachments, 'fault.attachments');
        const requested: WorkOrderEvent = {
          type: 'MaintenanceRequested',
          data: {
            workOrderId,
            number,
            device,
            fault: { type: fault.type, description, attachments },
            priority,
            requesterId,
            requesterUserId: by.kind === 'enterprise' ? by.userId : null,
            manufacturerId: device.manufacturerId,
            channel,
            contact: contactOf(contact),
            at,
          },
        };
        // Automatic review (WO-2): the owner (or the owner's public QR form) reports a described fault
        // on a device without another open order. Anything else waits for the operator's review.
        const ownRequest = requesterId === device.ownerId;
        const described = [...description].length >= rules.autoReviewMinDescription;
        if (!ownRequest || !described || openOrdersOnDevice.length > 0) return [requested];
        return [
          requested,
          {
            type: 'RequestReviewed',
            data: {
              mode: 'automatic',
              by: { kind: 'system', reason: 'automatic-review' },
              opinion: 'device owned by the requester; fault described; no other open order on the device',
              at,
            },
          },
        ];
      }
      case 'ReviewRequest':
      case 'RejectRequest': {
        const order = need(state, type, 'submitted');
        assertJurisdictionOperator(order, by);
        if (command.type === 'ReviewRequest')
          return [{ type: 'RequestReviewed', data: { mode: 'manual', by, opinion: text(command.data.opinion, 'opinion', 500, false), at } }];
        return [{ type: 'RequestRejected', data: { by, opinion: text(command.data.opinion, 'opinion', 500), at } }];
      }
      case 'DispatchWorkOrder': {
        const order = need(state, type, 'awaiting-dispatch');
        const operator = assertJurisdictionOperator(order, by);
        const { providerId, provider, priority, suggestion, override } = command.data;
        if (provider === null || provider.type !== 'service-provider' || provider.status !== 'approved')
          throw new WorkOrderRuleViolation('provider-eligible', 'providerId', `${providerId} is not an approved service provider`);
        if (priority !== null && !isPriority(priority)) throw new WorkOrderRuleViolation('priority', 'priority', `${priority} is not a priority`);
        const reason = override === null ? '' : text(override.reason, 'override.reason', 500, false);
        // Choosing another provider than the suggested one is recorded with its reason (WO-4).
        if (suggestion !== null && suggestion.suggestedProviderId !== providerId && reason === '')
          throw new WorkOrderRuleViolation('override-reason', 'override.reason', 'say why the suggested provider is not chosen');
        return [
          {
            type: 'WorkOrderDispatched',
            data: {
              providerId,
              byNodeId: operator.nodeId,
              priority: priority ?? order.priority,
              suggestion,
              override: reason === '' ? null : { reason },
              at,
            },
          },
        ];
      }
      case 'ReturnDispatch': {
        const order = need(state, type, 'dispatched');
        assertProvider(order, by);
        return [{ type: 'DispatchReturned', data: { providerId: order.providerId!, reason: text(command.data.reason, 'reason', 500), at } }];
      }
      case 'AcceptDispatch': {
        const order = need(state, type, 'dispatched');
        assertProvider(order, by);
        return [{ type: 'DispatchAccepted', data: { providerId: order.providerId!, at } }];
      }
      case 'AssignEngineer': {
        // Reassigning before the engineer accepted is allowed: the provider may correct a choice.
        const order = need(state, type, 'accepted', 'assigned');
        assertProvider(order, by);
        if (!command.data.engineerIsMember)
          throw new WorkOrderRuleViolation('engineer-member', 'engineerId', 'the engineer must be an active member of the service provider');
        if (order.status === 'assigned' && order.assigneeId === command.data.engineerId) return [];
        return [{ type: 'EngineerAssigned', data: { engineerId: command.data.engineerId, at } }];
      }
      case 'AcceptAssignment': {
        const engineerId = assertEngineer(need(state, type, 'assigned'), by);
        return [{ type: 'EngineerAccepted', data: { engineerId, at } }];
      }
      case 'DeclineAssignment': {
        const engineerId = assertEngineer(need(state, type, 'assigned'), by);
        return [{ type: 'EngineerDeclined', data: { engineerId, reason: text(command.data.reason, 'reason', 500), at } }];
      }
      case 'StartWork': {
        const engineerId = assertEngineer(need(state, type, 'engineer-accepted'), by);
        return [{ type: 'WorkStarted', data: { engineerId, at } }];
      }
      case 'ReportProgress': {
        const order = need(state, type, 'in-progress');
        assertEngineer(order, by);
        const { percent } = command.data;
        if (percent !== null && (!Number.isInteger(percent) || percent < 0 || percent > 100))
          throw new WorkOrderRuleViolation('percent', 'percent', 'progress is a whole percentage from 0 to 100');
        return [
          {
            type: 'ProgressReported',
            data: { note: text(command.data.note, 'note', 1000), percent, attachments: attachmentsOf(rules, command.data.attachments, 'attachments'), at },
          },
        ];
      }
      case 'AddProcessingRecord':
      case 'EditProcessingRecord': {
        const order = need(state, type, 'in-progress');
        const engineerId = assertEngineer(order, by);
        const record = recordOf(rules, command.data.record);
        const existing = order.records.find((r) => r.recordId === record.recordId);
        if (command.type === 'AddProcessingRecord') {
          if (existing) throw new WorkOrderRuleViolation('record-exists', 'record.recordId', `record ${record.recordId} exists; edit it instead`);
          return [{ type: 'ProcessingRecordAdded', data: { ...record, engineerId, at } }];
        }
        if (!existing) throw new WorkOrderRuleViolation('record-unknown', 'recordId', `the order has no processing record ${record.recordId}`);
        return [{ type: 'ProcessingRecordEdited', data: { ...record, engineerId, at } }];
      }
      case 'PauseWork': {
        const order = running(need(state, type, 'in-progress'), type);
        assertEngineer(order, by);
        const { reason } = command.data;
        if (reason !== 'awaiting-customer' && reason !== 'awaiting-parts')
          throw new WorkOrderRuleViolation('pause-reason', 'reason', 'work pauses awaiting the customer or awaiting parts');
        return [{ type: 'WorkPaused', data: { reason, note: text(command.data.note, 'note', 500, false), at } }];
      }
      case 'ResumeWork': {
        const order = need(state, type, 'in-progress');
        if (order.paused === null) throw new IllegalTransition('in-progress (not paused)', type);
        assertEngineer(order, by);
        return [{ type: 'WorkResumed', data: { at } }];
      }
      case 'AwaitParts': {
        const order = need(state, type, 'in-progress');
        if (!isEngineer(order, by)) assertProvider(order, by);
        // Already waiting (for these parts or the customer): the SLA clock stands still either way.
        if (order.paused !== null) return [];
        const note = text(command.data.note, 'note', 500, false);
        return [{ type: 'WorkPaused', data: { reason: 'awaiting-parts', note: note === '' ? `purchase request ${command.data.purchaseRequestId}` : note, at } }];
      }
      case 'ResumeOnPartsArrival': {
        if (by.kind !== 'system') throw new NotYourRole('work resumes on the parts’ arrival by the platform’s reaction; the engineer resumes it by hand');
        // The order moved on (resumed by hand, cancelled, done) or waits for the customer: nothing to do.
        if (state.status !== 'in-progress' || state.paused !== 'awaiting-parts') return [];
        return [{ type: 'WorkResumed', data: { at } }];
      }
      case 'CompleteWork': {
        const order = running(need(state, type, 'in-progress'), type);
        assertEngineer(order, by);
        if (order.records.length === 0)
          throw new WorkOrderRuleViolation('processing-record-required', 'records', 'record what was done (a processing record) before completing');
        return [{ type: 'WorkCompleted', data: { summary: text(command.data.summary, 'summary', 1000, false), at } }];
      }
      case 'SubmitReceipt': {
        const order = need(state, type, 'completed');
        assertEngineer(order, by);
        return [
          {
            type: 'ReceiptSubmitted',
            data: { summary: text(command.data.summary, 'summary', 1000), attachments: attachmentsOf(rules, command.data.attachments, 'attachments'), at },
          },
        ];
      }
      case 'ApproveReceipt': {
        const order = need(state, type, 'receipt-submitted');
        assertProvider(order, by);
        return [{ type: 'ReceiptApproved', data: { opinion: text(command.data.opinion, 'opinion', 500, false), at } }];
      }
      case 'RejectReceipt': {
        const order = need(state, type, 'receipt-submitted');
        assertProvider(order, by);
        return [{ type: 'ReceiptRejected', data: { reason: text(command.data.reason, 'reason', 500), at } }];
      }
      case 'ReportReceipt': {
        const order = need(state, type, 'receipt-approved');
        assertProvider(order, by);
        return [{ type: 'ReceiptReported', data: { note: text(command.data.note, 'note', 500, false), at } }];
      }
      case 'EvaluateWorkOrder': {
        const order = need(state, type, 'reported');
        const evaluator: Evaluator | null = isEquipmentUser(order, by)
          ? 'equipment-user'
          : by.kind === 'enterprise' && by.enterpriseId === order.manufacturerId
            ? 'manufacturer'
            : null;
        if (evaluator === null) throw new NotYourRole('only the equipment user and the device’s manufacturer evaluate the work');
        if (order.evaluations[evaluator]) throw new WorkOrderRuleViolation('duplicate-evaluation', 'by', `the ${evaluator} has evaluated this order`);
        const { score } = command.data;
        if (!Number.isInteger(score) || score < 1 || score > 5) throw new WorkOrderRuleViolation('score', 'score', 'a score is a whole number from 1 to 5');
        const aspects = { ...aspect(command.data.quality, 'quality'), ...aspect(command.data.efficiency, 'efficiency') };
        const evaluated: WorkOrderEvent = { type: 'WorkOrderEvaluated', data: { by: evaluator, score, opinion: text(command.data.opinion, 'opinion', 1000, false), ...aspects, at } };
        const evaluations = { ...order.evaluations, [evaluator]: { score } };
        // A manufacturer that is also the equipment user (it raised the request for a device nobody owns,
        // or owns the device itself) evaluates once, as the equipment user.
        const manufacturerDone = order.manufacturerId === null || order.manufacturerId === equipmentUserOf(order) || evaluations.manufacturer !== undefined;
        return evaluations['equipment-user'] !== undefined && manufacturerDone ? [evaluated, { type: 'WorkOrderClosed', data: { at } }] : [evaluated];
      }
      case 'CancelWorkOrder': {
        const order = need(state, type, ...CANCELLABLE_STATUSES);
        if (!isRequester(order, by)) assertJurisdictionOperator(order, by);
        return [{ type: 'WorkOrderCancelled', data: { by, reason: text(command.data.reason, 'reason', 500), at } }];
      }
      case 'ReopenWorkOrder': {
        const order = need(state, type, 'closed');
        if (!isRequester(order, by)) throw new NotYourRole('only the equipment user that requested the repair may reopen it');
        const closedAt = Date.parse(order.closedAt ?? order.submittedAt);
        if (Date.parse(at) - closedAt > rules.repairWarrantyDays * DAY_MS)
          throw new WorkOrderRuleViolation(
            'repair-warranty-expired',
            'at',
            `an order may be reopened within ${rules.repairWarrantyDays} days of closing (closed ${order.closedAt})`,
          );
        return [{ type: 'WorkOrderReopened', data: { by, reason: text(command.data.reason, 'reason', 500), at } }];
      }
      case 'JudgeWarranty': {
        const order = need(state, type, ...WORK_ORDER_LIVE_STATUSES, 'closed');
        if (by.kind !== 'enterprise' || order.manufacturerId === null || by.enterpriseId !== order.manufacturerId)
          throw new NotYourRole('only the device’s manufacturer judges whether the repair falls under its warranty');
        if (order.warranty !== null) throw new IllegalTransition(`warranty judged (${order.warranty.judgement})`, type);
        const { judgement } = command.data;
        if (judgement !== 'in-warranty' && judgement !== 'out-of-warranty')
          throw new WorkOrderRuleViolation('judgement', 'judgement', 'the judgement is in-warranty or out-of-warranty');
        return [{ type: 'WarrantyJudged', data: { judgement, opinion: text(command.data.opinion, 'opinion', 1000, false), at } }];
      }
      case 'ChangePriority': {
        const order = need(state, type, ...WORK_ORDER_LIVE_STATUSES);
        assertJurisdictionOperator(order, by);
        const { priority } = command.data;
        if (!isPriority(priority)) throw new WorkOrderRuleViolation('priority', 'priority', `${priority} is not a priority`);
        return priority === order.priority ? [] : [{ type: 'PriorityChanged', data: { priority, at } }];
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  };


const evolve = (state: WorkOrderState, event: WorkOrderEvent): WorkOrderState => {
  if (event.type === 'MaintenanceRequested') {
    const d = event.data;
    return {
      status: 'submitted',
      workOrderId: d.workOrderId,
      number: d.number,
      device: d.device,
      fault: d.fault,
      priority: d.priority,
      requesterId: d.requesterId,
      requesterUserId: d.requesterUserId,
      manufacturerId: d.manufacturerId,
      channel: d.channel,
      contact: d.contact,
      review: null,
      providerId: null,
      returnedBy: [],
      assigneeId: null,
      paused: null,
      records: [],
      receipt: null,
      evaluations: {},
      warranty: null,
      submittedAt: d.at,
      closedAt: null,
      reopenCount: 0,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'RequestReviewed':
      return { ...state, status: 'awaiting-dispatch', review: { mode: event.data.mode, opinion: event.data.opinion } };
    case 'RequestRejected':
      return { ...state, status: 'rejected', review: { mode: 'manual', opinion: event.data.opinion } };
    case 'WorkOrderDispatched':
      return { ...state, status: 'dispatched', providerId: event.data.providerId, priority: event.data.priority };
    case 'DispatchReturned':
      return { ...state, status: 'awaiting-dispatch', providerId: null, returnedBy: [...state.returnedBy, event.data.providerId] };
    case 'DispatchAccepted':
      return { ...state, status: 'accepted' };
    case 'EngineerAssigned':
      return { ...state, status: 'assigned', assigneeId: event.data.engineerId };
    case 'EngineerDeclined':
      return { ...state, status: 'accepted', assigneeId: null };
    case 'EngineerAccepted':
      return { ...state, status: 'engineer-accepted' };
    case 'WorkStarted':
      return { ...state, status: 'in-progress' };
    case 'ProgressReported':
      return state;
    case 'ProcessingRecordAdded':
    case 'ProcessingRecordEdited': {
      const { engineerId: _e, at: _at, ...record } = event.data;
      const records = event.type === 'ProcessingRecordAdded' ? [...state.records, record] : state.records.map((r) => (r.recordId === record.recordId ? record : r));
      return { ...state, records };
    }
    case 'WorkPaused':
      return { ...state, paused: event.data.reason };
    case 'WorkResumed':
      return { ...state, paused: null };
    case 'WorkCompleted':
      return { ...state, status: 'completed' };
    case 'ReceiptSubmitted':
      return { ...state, status: 'receipt-submitted', receipt: { summary: event.data.summary, attachments: event.data.attachments } };
    case 'ReceiptApproved':
      return { ...state, status: 'receipt-approved' };
    case 'ReceiptRejected':
      return { ...state, status: 'in-progress' };
    case 'ReceiptReported':
      return { ...state, status: 'reported' };
    case 'WorkOrderEvaluated':
      return { ...state, evaluations: { ...state.evaluations, [event.data.by]: { score: event.data.score, opinion: event.data.opinion } } };
    case 'WorkOrderClosed':
      return { ...state, status: 'closed', closedAt: event.data.at };
    case 'WorkOrderCancelled':
      return { ...state, status: 'cancelled' };
    case 'WorkOrderReopened':
      // Back to the provider that did the work, for a new engineer visit; the earlier receipt and
      // evaluations stay in the history, the new round needs its own.
      return { ...state, status: 'accepted', assigneeId: null, paused: null, receipt: null, evaluations: {}, closedAt: null, reopenCount: state.reopenCount + 1 };
    case 'WarrantyJudged':
      return { ...state, warranty: { judgement: event.data.judgement, opinion: event.data.opinion } };
    case 'PriorityChanged':
      return { ...state, priority: event.data.priority };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

/** A work order's decider with other rules (a longer repair warranty, other file limits). */
export const workOrderWith = (rules: WorkOrderRules): Decider<WorkOrderCommand, WorkOrderEvent, WorkOrderState> => ({
  initialState: () => ({ status: 'none' }),
  decide: decideWith(rules),
  evolve,
});

/** A work order from request to closing (WO-1…WO-11, WO-14), with the default rules. */
export const workOrder: Decider<WorkOrderCommand, WorkOrderEvent, WorkOrderState> = workOrderWith(DEFAULT_WORK_ORDER_RULES);
