import { CANCELLABLE, type WorkOrderDetail, type WorkOrderRow, type WorkOrderStatus } from './work-order.model';

/** Who looks at an order: the acting context, the signed-in user and what the context grants. */
export interface Caller {
  readonly context: { readonly kind: 'enterprise' | 'operator'; readonly id: string } | null;
  readonly userId: string | null;
  readonly can: (permission: string) => boolean;
}

/** A step the console offers on an order; each maps to one POST of the work-order API. */
export type WorkOrderAction =
  | 'review-approve'
  | 'review-reject'
  | 'dispatch'
  | 'priority'
  | 'accept'
  | 'return'
  | 'assign'
  | 'engineer-accept'
  | 'engineer-decline'
  | 'start'
  | 'progress'
  | 'pause'
  | 'resume'
  | 'record'
  | 'complete'
  | 'receipt'
  | 'receipt-approve'
  | 'receipt-reject'
  | 'receipt-report'
  | 'evaluate-as-user'
  | 'evaluate-as-manufacturer'
  | 'warranty-judgement'
  | 'cancel'
  | 'reopen';

/** Neither finished nor refused: the operator may still change the priority. */
const LIVE: readonly WorkOrderStatus[] = [
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

/**
 * The steps `caller` may take on `order` now, in the order the page shows them. Mirrors the backend's
 * rules (docs/work-orders.md): the state decides which step is next, the party decides who takes it
 * (the operator of the jurisdiction, the dispatched provider, the assigned engineer, the requester,
 * the linked manufacturer) and the permission decides whether that party's user may. The backend
 * decides again; this only keeps buttons that would be refused off the screen.
 */
export function availableActions(order: WorkOrderRow & Partial<Pick<WorkOrderDetail, 'warranty'>>, caller: Caller): WorkOrderAction[] {
  const ctx = caller.context;
  const enterprise = ctx?.kind === 'enterprise' ? ctx.id : null;
  const operator = ctx?.kind === 'operator';
  const isRequester = enterprise !== null && enterprise === order.requesterId;
  // The equipment user who evaluates is the device's owner; the requester only for a device nobody owns.
  const isEquipmentUser = enterprise !== null && enterprise === (order.ownerId ?? order.requesterId);
  const isProvider = enterprise !== null && enterprise === order.providerId;
  const isManufacturer = enterprise !== null && enterprise === order.manufacturerId;
  // The engineer acts for the provider that employs them, as themselves.
  const isEngineer = isProvider && caller.userId !== null && caller.userId === order.assigneeId && caller.can('work-order:update');
  const s = order.status;
  const actions: WorkOrderAction[] = [];
  const offer = (when: boolean, ...steps: WorkOrderAction[]) => when && actions.push(...steps);

  const dispatcher = operator && caller.can('work-order:dispatch');
  offer(dispatcher && s === 'submitted', 'review-approve', 'review-reject');
  offer(dispatcher && s === 'awaiting-dispatch', 'dispatch');

  const assigner = isProvider && caller.can('work-order:assign');
  offer(assigner && s === 'dispatched', 'accept', 'return');
  // Reassigning before the engineer accepted is the same step.
  offer(assigner && (s === 'accepted' || s === 'assigned'), 'assign');

  offer(isEngineer && s === 'assigned', 'engineer-accept', 'engineer-decline');
  offer(isEngineer && s === 'engineer-accepted', 'start');
  offer(isEngineer && s === 'in-progress', 'progress', order.paused ? 'resume' : 'pause', 'record');
  // Completing while paused would stop a clock that is not running: resume first.
  offer(isEngineer && s === 'in-progress' && !order.paused, 'complete');
  offer(isEngineer && s === 'completed', 'receipt');

  const reviewer = isProvider && caller.can('work-order:review');
  offer(reviewer && s === 'receipt-submitted', 'receipt-approve', 'receipt-reject');
  offer(reviewer && s === 'receipt-approved', 'receipt-report');

  const closer = caller.can('work-order:close');
  offer(closer && s === 'reported' && isEquipmentUser && order.userScore == null, 'evaluate-as-user');
  offer(closer && s === 'reported' && isManufacturer && !isEquipmentUser && order.manufacturerScore == null, 'evaluate-as-manufacturer');
  // Judged once; a list row does not know whether it was, the detail does (and the backend says so).
  offer(closer && isManufacturer && (LIVE.includes(s) || s === 'closed') && !order.warranty, 'warranty-judgement');
  offer(closer && s === 'closed' && isRequester, 'reopen');
  offer(closer && CANCELLABLE.includes(s) && (isRequester || operator), 'cancel');

  offer(dispatcher && LIVE.includes(s), 'priority');
  return actions;
}

/** Steps that need a reason the user types (a refusal, a return, a cancel …). */
export const NEEDS_REASON: ReadonlySet<WorkOrderAction> = new Set<WorkOrderAction>([
  'review-reject',
  'return',
  'engineer-decline',
  'receipt-reject',
  'cancel',
  'reopen',
]);

/** Steps that are primary on the page (filled buttons); the rest are outlined. */
export const PRIMARY: ReadonlySet<WorkOrderAction> = new Set<WorkOrderAction>([
  'review-approve',
  'dispatch',
  'accept',
  'assign',
  'engineer-accept',
  'start',
  'complete',
  'receipt',
  'receipt-approve',
  'receipt-report',
  'evaluate-as-user',
  'evaluate-as-manufacturer',
]);
