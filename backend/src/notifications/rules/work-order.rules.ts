import { workOrderStream, type WorkOrder, type WorkOrderEvent } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import type { TemplateKey } from '../templates/templates';
import { rule, type NotificationRule, type RecipientLookups, type RuleSubject } from './notification-rule';

// ---- Rules for the work-order flow's events ---------------------------------------------------------
// Who is told: the requester (the user who raised the order, or the requesting enterprise's
// administrators when it came in by the public QR form), the provider's dispatchers (whoever may
// assign engineers there), the assigned engineer, and the operators of the order's jurisdiction.

type Of<T extends WorkOrderEvent['type']> = Extract<WorkOrderEvent, { type: T }>;

const PREFIX = workOrderStream('');

const subjectOf = async (event: RecordedEvent, lookups: RecipientLookups): Promise<RuleSubject | null> => {
  if (!event.streamId.startsWith(PREFIX)) return null;
  const order = await lookups.workOrderAt(event);
  return order ? { workOrderId: order.workOrderId, number: order.number, deviceName: order.device.name } : null;
};

/** Whom of the order's parties to tell. */
export type Audience = 'requester' | 'provider' | 'engineer' | 'operators';

export const audiences = async (order: WorkOrder, who: readonly Audience[], lookups: RecipientLookups): Promise<string[]> => {
  const users: string[] = [];
  for (const audience of who) {
    if (audience === 'requester') users.push(...(order.requesterUserId ? [order.requesterUserId] : await lookups.enterpriseUsers(order.requesterId, 'work-order:create')));
    if (audience === 'provider') users.push(...(await lookups.enterpriseUsers(order.providerId, 'work-order:assign')));
    if (audience === 'engineer' && order.assigneeId) users.push(order.assigneeId);
    if (audience === 'operators') users.push(...(await lookups.jurisdictionOperators(order.device.jurisdiction)));
  }
  return users;
};

const reasonOf = (data: Record<string, unknown>): string => String(data['reason'] ?? data['opinion'] ?? '');

/** A rule that tells some of the order's parties, as the order stood right after the event. */
const toParties = (eventType: WorkOrderEvent['type'], template: TemplateKey, who: readonly Audience[], channels: NotificationRule['channels'] = []): NotificationRule =>
  rule<WorkOrderEvent>({
    eventType,
    template,
    channels,
    subject: subjectOf,
    recipients: async (event, lookups) => {
      const order = await lookups.workOrderAt(event);
      return order ? audiences(order, who, lookups) : [];
    },
    params: (event) => {
      const data = event.data as unknown as Record<string, unknown>;
      return { reason: reasonOf(data), summary: String(data['summary'] ?? ''), score: data['score'] === undefined ? '' : String(data['score']) };
    },
  });

export const WORK_ORDER_RULES: readonly NotificationRule[] = [
  rule<Of<'MaintenanceRequested'>>({
    eventType: 'MaintenanceRequested',
    template: 'work-order.submitted',
    channels: [],
    subject: subjectOf,
    recipients: async (event, lookups) => lookups.jurisdictionOperators(event.data.device.jurisdiction),
    params: (event) => ({ fault: [...event.data.fault.description].slice(0, 40).join('') }),
  }),
  toParties('MaintenanceRequested', 'work-order.submitted-confirmation', ['requester']),
  toParties('RequestReviewed', 'work-order.reviewed', ['requester']),
  toParties('RequestRejected', 'work-order.rejected', ['requester'], ['sms', 'email']),
  toParties('WorkOrderDispatched', 'work-order.dispatched', ['provider'], ['sms', 'email']),
  toParties('WorkOrderDispatched', 'work-order.dispatched-requester', ['requester']),
  // The order is back with the operators; the provider that returned it is no longer a party.
  toParties('DispatchReturned', 'work-order.returned', ['operators'], ['email']),
  toParties('DispatchAccepted', 'work-order.accepted', ['requester']),
  toParties('EngineerAssigned', 'work-order.engineer-assigned', ['engineer'], ['sms']),
  // After a decline the order has no assignee; the dispatchers choose again.
  toParties('EngineerDeclined', 'work-order.engineer-declined', ['provider'], ['sms']),
  toParties('EngineerAccepted', 'work-order.engineer-accepted', ['requester'], ['sms']),
  toParties('WorkStarted', 'work-order.started', ['requester']),
  toParties('WorkCompleted', 'work-order.completed', ['requester']),
  // The provider reviews its engineer's receipt, then reports it; the requester rates the service.
  toParties('ReceiptSubmitted', 'work-order.receipt-submitted', ['provider'], ['email']),
  toParties('ReceiptApproved', 'work-order.receipt-approved', ['engineer']),
  toParties('ReceiptRejected', 'work-order.receipt-rejected', ['engineer'], ['sms']),
  toParties('ReceiptReported', 'work-order.reported', ['operators']),
  toParties('ReceiptReported', 'work-order.evaluation-requested', ['requester'], ['sms', 'email']),
  toParties('WorkOrderEvaluated', 'work-order.evaluated', ['provider', 'engineer']),
  toParties('WorkOrderClosed', 'work-order.closed', ['requester', 'provider', 'engineer'], ['email']),
  toParties('WorkOrderCancelled', 'work-order.cancelled', ['requester', 'provider', 'engineer', 'operators'], ['sms']),
];
