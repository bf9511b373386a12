import type { AppointmentEvent, VisitSlot, WorkOrderCommentPosted } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import type { TemplateKey, TemplateValue, TemplateValues } from '../templates/templates';
import { rule, type NotificationRule, type RecipientLookups, type RuleSubject } from './notification-rule';
import { audiences, type Audience } from './work-order.rules';

// ---- Rules for what the parties arrange around a work order: appointments and comments ---------------
// These events live in streams of their own (`Appointment-<order>`, `WorkOrderComments-<order>`) and
// name their work order; the parties are the order's as it stands when the reaction reaches them.

type WithOrder = { readonly workOrderId: string };

const subjectOf = async (event: RecordedEvent, lookups: RecipientLookups): Promise<RuleSubject | null> => {
  const order = await lookups.workOrder((event.data as WithOrder).workOrderId);
  return order ? { workOrderId: order.workOrderId, number: order.number, deviceName: order.device.name } : null;
};

const when = (iso: string, language: 'zh-CN' | 'en'): string =>
  new Intl.DateTimeFormat(language === 'zh-CN' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
const slotText = (slot: VisitSlot): TemplateValue => ({ 'zh-CN': when(slot.start, 'zh-CN'), en: when(slot.start, 'en') });
const slotsText = (slots: readonly VisitSlot[]): TemplateValue => ({
  'zh-CN': slots.map((s) => when(s.start, 'zh-CN')).join('、'),
  en: slots.map((s) => when(s.start, 'en')).join(', '),
});

const appointmentParams = (event: RecordedEvent): TemplateValues => {
  const data = event.data as { slot?: VisitSlot; slots?: readonly VisitSlot[]; place?: string; reason?: string };
  return {
    ...(data.slot ? { slot: slotText(data.slot) } : {}),
    ...(data.slots ? { slots: slotsText(data.slots) } : {}),
    place: data.place ?? '',
    reason: data.reason ?? '',
  };
};

/** A rule that tells some of the order's parties (the engineer named by the event counts as the engineer). */
const toOrderParties = (eventType: AppointmentEvent['type'], template: TemplateKey, who: readonly Audience[], channels: NotificationRule['channels'] = []): NotificationRule =>
  rule<AppointmentEvent>({
    eventType,
    template,
    channels,
    subject: subjectOf,
    recipients: async (event, lookups) => {
      const order = await lookups.workOrder(event.data.workOrderId);
      if (!order) return [];
      const users = await audiences(order, who.filter((w) => w !== 'engineer'), lookups);
      const named = 'engineerId' in event.data ? event.data.engineerId : null;
      if (who.includes('engineer')) users.push(...[named ?? order.assigneeId].filter((id): id is string => id !== null));
      return users;
    },
    params: appointmentParams,
  });

/** At most this many characters of a comment go into a notice. */
const EXCERPT = 40;

export const COLLABORATION_RULES: readonly NotificationRule[] = [
  toOrderParties('AppointmentProposed', 'appointment.proposed', ['requester'], ['sms']),
  toOrderParties('AppointmentConfirmed', 'appointment.confirmed', ['provider', 'engineer']),
  toOrderParties('AppointmentRescheduleRequested', 'appointment.reschedule-requested', ['provider', 'engineer']),
  // The reminder itself: a delayed job records AppointmentReminderDue once per confirmed slot.
  toOrderParties('AppointmentReminderDue', 'appointment.reminder', ['engineer', 'requester'], ['sms']),
  rule<WorkOrderCommentPosted>({
    eventType: 'WorkOrderCommentPosted',
    template: 'comment.mentioned',
    channels: [],
    subject: subjectOf,
    // Only those mentioned; the decider admits only mentions of people who will see the comment.
    recipients: async (event) => event.data.mentions,
    params: (event) => {
      const chars = [...event.data.text];
      return { text: chars.length > EXCERPT ? `${chars.slice(0, EXCERPT).join('')}…` : chars.join('') };
    },
  }),
];
