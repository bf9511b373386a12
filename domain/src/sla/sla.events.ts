import type { DomainEvent } from '../event-sourcing/event';
import type { Priority } from '../maintenance/catalogue';
import type { Party } from '../maintenance/party';
import type { SlaTarget, TargetMinutes } from './sla-targets';

// ---- Events of a work order's SLA clock (stream `Sla-<workOrderId>`) -----------------------------

/** Who may see the clock and its alerts: copied from the work order (requester, manufacturer, provider; jurisdiction). */
export interface SlaScope {
  readonly tenants: readonly string[];
  readonly regions: readonly string[];
}

/** When a target that is still open falls due and escalates, measured from the current running stretch. */
export interface TargetDeadline {
  readonly target: SlaTarget;
  readonly dueAt: string;
  readonly escalations: readonly { readonly level: number; readonly at: string }[];
}

export type SlaStarted = DomainEvent<
  'SlaStarted',
  {
    workOrderId: string;
    priority: Priority;
    /** Business minutes allowed, fixed when the clock starts. */
    targets: TargetMinutes;
    calendar: string;
    requesterId: string;
    /** The device's owner, a party to the order also when the manufacturer raised it (absent in older events). */
    ownerId?: string | null;
    manufacturerId: string | null;
    countyCode: string;
    scope: SlaScope;
    deadlines: TargetDeadline[];
    at: string;
  }
>;
export type SlaTargetMet = DomainEvent<'SlaTargetMet', { workOrderId: string; target: SlaTarget; businessMinutes: number; breached: boolean; at: string }>;
export type SlaPaused = DomainEvent<'SlaPaused', { workOrderId: string; reason: string; consumedMinutes: number; at: string }>;
export type SlaResumed = DomainEvent<'SlaResumed', { workOrderId: string; deadlines: TargetDeadline[]; at: string }>;
export type SlaStopReason = 'cancelled' | 'rejected' | 'closed';
export type SlaStopped = DomainEvent<'SlaStopped', { workOrderId: string; reason: SlaStopReason; at: string }>;
/** Alerts carry the order's priority and scope as they stood, so an alert row needs nothing else. */
export type SlaBreached = DomainEvent<'SlaBreached', { workOrderId: string; target: SlaTarget; dueAt: string; priority: Priority; scope: SlaScope; at: string }>;
export type SlaEscalated = DomainEvent<
  'SlaEscalated',
  { workOrderId: string; target: SlaTarget; level: number; toNodeId: string | null; priority: Priority; scope: SlaScope; at: string }
>;
/** The provider the order is dispatched to (null: returned) joins or leaves the clock's scope. */
export type SlaProviderChanged = DomainEvent<'SlaProviderChanged', { workOrderId: string; providerId: string | null; scope: SlaScope; at: string }>;

/** The order's priority changed: new targets, measured on from the business minutes already used. */
export type SlaRetargeted = DomainEvent<'SlaRetargeted', { workOrderId: string; priority: Priority; targets: TargetMinutes; consumedMinutes: number; deadlines: TargetDeadline[]; at: string }>;
/** Someone responsible saw an alert (a breach or an escalation, by its key) and took it on. */
export type SlaAlertAcknowledged = DomainEvent<'SlaAlertAcknowledged', { workOrderId: string; alert: string; by: Party; at: string }>;

export type SlaEvent = SlaStarted | SlaTargetMet | SlaPaused | SlaResumed | SlaStopped | SlaBreached | SlaEscalated | SlaProviderChanged | SlaRetargeted | SlaAlertAcknowledged;
