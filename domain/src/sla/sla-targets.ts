import type { Priority } from '../maintenance/catalogue';
import { CHINA_BUSINESS_CALENDAR, type BusinessCalendar } from './business-calendar';

// ---- SLA targets per priority (WO-9): the platform's defaults, in one table ---------------------
//
// Response runs from the request (MaintenanceRequested) until the provider accepts the dispatch
// (DispatchAccepted); resolution until the engineer completes the work (WorkCompleted). Both count
// business minutes on the calendar and stand still while the work is paused. Operator-specific
// strategies are a later step; they will replace this table per jurisdiction, not the mechanism.

export const SLA_TARGETS = ['response', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

/** Business minutes allowed per target. */
export type TargetMinutes = Readonly<Record<SlaTarget, number>>;

export const DEFAULT_SLA_TARGETS: Readonly<Record<Priority, TargetMinutes>> = {
  urgent: { response: 2 * 60, resolution: 8 * 60 },
  high: { response: 4 * 60, resolution: 16 * 60 },
  normal: { response: 8 * 60, resolution: 24 * 60 },
  low: { response: 16 * 60, resolution: 40 * 60 },
};

/** An escalation level: raised once a breached target has overrun by this fraction of itself. */
export interface EscalationLevel {
  readonly level: number;
  readonly overrun: number;
}

/** Level 1: breach + 50 % of the target, to the operator node above the order's operator. */
export const DEFAULT_ESCALATION: readonly EscalationLevel[] = [{ level: 1, overrun: 0.5 }];

/** What the SLA decider measures with: the calendar, the targets per priority and the escalation levels. */
export interface SlaPolicy {
  readonly calendar: BusinessCalendar;
  readonly targets: Readonly<Record<Priority, TargetMinutes>>;
  readonly escalation: readonly EscalationLevel[];
}

export const DEFAULT_SLA_POLICY: SlaPolicy = { calendar: CHINA_BUSINESS_CALENDAR, targets: DEFAULT_SLA_TARGETS, escalation: DEFAULT_ESCALATION };
