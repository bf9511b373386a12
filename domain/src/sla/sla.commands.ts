import type { Command } from '../event-sourcing/decider';
import type { Party } from '../maintenance/party';
import type { SlaStopReason } from './sla.events';
import type { SlaTarget } from './sla-targets';

// ---- Commands of the SLA clock: the platform's (the work-order reaction, the deadline jobs) and acknowledgement --

export type StartSla = Command<
  'StartSla',
  { workOrderId: string; priority: string; requesterId: string; ownerId?: string | null; manufacturerId: string | null; countyCode: string; jurisdiction: readonly string[]; at: string }
>;
export type MeetSlaTarget = Command<'MeetSlaTarget', { workOrderId: string; target: SlaTarget; at: string }>;
export type PauseSla = Command<'PauseSla', { workOrderId: string; reason: string; at: string }>;
export type ResumeSla = Command<'ResumeSla', { workOrderId: string; at: string }>;
export type StopSla = Command<'StopSla', { workOrderId: string; reason: SlaStopReason; at: string }>;
/** Due instants are checked by delayed jobs; `escalateTo` is the operator node above the order's operator. */
export type CheckSlaDeadline = Command<'CheckSlaDeadline', { workOrderId: string; escalateTo: string | null; at: string }>;
export type ChangeSlaPriority = Command<'ChangeSlaPriority', { workOrderId: string; priority: string; at: string }>;
export type ChangeSlaProvider = Command<'ChangeSlaProvider', { workOrderId: string; providerId: string | null; at: string }>;

/** From a person: operators of the order's jurisdiction and its provider take on the alerts. */
export type AcknowledgeSlaAlert = Command<'AcknowledgeSlaAlert', { workOrderId: string; alert: string; by: Party; at: string }>;

export type SlaCommand = StartSla | MeetSlaTarget | PauseSla | ResumeSla | StopSla | CheckSlaDeadline | ChangeSlaPriority | ChangeSlaProvider | AcknowledgeSlaAlert;
