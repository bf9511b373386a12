import type { NotificationRule } from './notification-rule';
import { COLLABORATION_RULES } from './collaboration.rules';
import { PURCHASING_RULES } from './purchasing.rules';
import { REPORT_RULES } from './report.rules';
import { EXPERT_HELP_RULES } from './expert-help.rules';
import { SLA_RULES } from './sla.rules';
import { WORK_ORDER_RULES } from './work-order.rules';

/** Every notification rule this build runs; a feature's rules join this one list (README.md here). */
export const NOTIFICATION_RULES: readonly NotificationRule[] = [...WORK_ORDER_RULES, ...SLA_RULES, ...EXPERT_HELP_RULES, ...COLLABORATION_RULES, ...PURCHASING_RULES, ...REPORT_RULES];

export type { NotificationRule, RecipientLookups, RuleSubject } from './notification-rule';
