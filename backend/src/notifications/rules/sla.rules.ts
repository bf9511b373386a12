import type { SlaEvent } from '@kuaige/domain';
import type { TemplateValue } from '../templates/templates';
import { rule, type NotificationRule, type RecipientLookups } from './notification-rule';

// ---- Rules for SLA alerts: the operators of the order's jurisdiction and its provider ---------------

type Of<T extends SlaEvent['type']> = Extract<SlaEvent, { type: T }>;

const TARGET: Readonly<Record<string, TemplateValue>> = {
  response: { 'zh-CN': '响应', en: 'response' },
  resolution: { 'zh-CN': '修复', en: 'resolution' },
};

const subjectOf = async (workOrderId: string, lookups: RecipientLookups) => {
  const order = await lookups.workOrder(workOrderId);
  return order ? { workOrderId, number: order.number, deviceName: order.device.name } : null;
};

export const SLA_RULES: readonly NotificationRule[] = [
  rule<Of<'SlaBreached'>>({
    eventType: 'SlaBreached',
    template: 'sla.breached',
    channels: ['sms', 'email'],
    subject: (event, lookups) => subjectOf(event.data.workOrderId, lookups),
    recipients: async (event, lookups) => {
      const order = await lookups.workOrder(event.data.workOrderId);
      if (!order) return [];
      return [...(await lookups.jurisdictionOperators(order.device.jurisdiction)), ...(await lookups.enterpriseUsers(order.providerId, 'work-order:assign'))];
    },
    params: (event) => ({ target: TARGET[event.data.target] ?? event.data.target }),
  }),
  rule<Of<'SlaEscalated'>>({
    eventType: 'SlaEscalated',
    template: 'sla.escalated',
    channels: ['sms', 'email'],
    subject: (event, lookups) => subjectOf(event.data.workOrderId, lookups),
    recipients: (event, lookups) => lookups.nodeOperators(event.data.toNodeId),
    params: (event) => ({ target: TARGET[event.data.target] ?? event.data.target, level: String(event.data.level) }),
  }),
];
