import { RuleViolation, type Decider } from '../event-sourcing/decider';
import { isPriority, type Priority } from '../maintenance/catalogue';
import { addBusinessTime, businessMinutesBetween } from './business-calendar';
import type { SlaCommand } from './sla.commands';
import type { SlaEvent, SlaScope, TargetDeadline } from './sla.events';
import { SLA_TARGETS, type SlaPolicy, type SlaTarget, type TargetMinutes } from './sla-targets';

// ---- The SLA clock of one work order (stream `Sla-<workOrderId>`) --------------------------------
//
// Started by the request, it measures business time on the policy's calendar towards each target
// until the target is met; it stands still while paused and ends when the order is cancelled,
// rejected or closed. Every command comes from the platform and may arrive again (replays, retried
// jobs), so a command with nothing left to do decides no events instead of failing: each breach and
// each escalation level happens at most once because the state remembers it.

export type SlaStatus = 'none' | 'running' | 'paused' | 'stopped';

export interface SlaState {
  readonly status: SlaStatus;
  readonly workOrderId: string | null;
  readonly priority: Priority | null;
  readonly targets: TargetMinutes | null;
  readonly requesterId: string | null;
  readonly ownerId: string | null;
  readonly manufacturerId: string | null;
  readonly providerId: string | null;
  readonly regions: readonly string[];
  /** Business minutes counted before the current running stretch. */
  readonly consumedMinutes: number;
  /** Start of the current running stretch; null while paused or not running. */
  readonly runningSince: string | null;
  readonly deadlines: readonly TargetDeadline[];
  readonly met: readonly SlaTarget[];
  readonly breached: readonly SlaTarget[];
  readonly escalated: readonly { readonly target: SlaTarget; readonly level: number }[];
  /** Keys of the alerts taken on (slaAlertKey). */
  readonly acknowledged: readonly string[];
}

/** The key of an alert within its clock: `response-breach`, `resolution-escalation-1` ... */
export const slaAlertKey = (target: SlaTarget, kind: 'breach' | 'escalation', level?: number): string =>
  kind === 'breach' ? `${target}-breach` : `${target}-escalation-${level}`;

/** The alerts a clock has raised so far, by key. */
export const slaAlerts = (state: Pick<SlaState, 'breached' | 'escalated'>): string[] => [
  ...state.breached.map((t) => slaAlertKey(t, 'breach')),
  ...state.escalated.map((e) => slaAlertKey(e.target, 'escalation', e.level)),
];

/** The alert is not there to take on. */
export class NoSuchSlaAlert extends RuleViolation {
  readonly field = 'alert';
  constructor(alert: string) {
    super('exists', `no alert ${alert} on this work order`);
    this.name = 'NoSuchSlaAlert';
  }
}

/** Only the operators of the order's jurisdiction and the provider it is dispatched to take on its alerts. */
export class SlaNotYourRole extends RuleViolation {
  constructor() {
    super('not-your-role', 'alerts are taken on by the operators of the work order’s jurisdiction or its provider');
    this.name = 'SlaNotYourRole';
  }
}

export const slaStream = (workOrderId: string): string => `Sla-${workOrderId}`;

/**
 * Requester, device owner, manufacturer and provider (those known) as tenants — the work order's own
 * tenants; the device's jurisdiction as regions.
 */
export const slaScope = (requesterId: string, manufacturerId: string | null, providerId: string | null, regions: readonly string[], ownerId: string | null = null): SlaScope => ({
  tenants: [...new Set([requesterId, ownerId, manufacturerId, providerId].filter((t): t is string => t !== null))],
  regions: [...regions],
});

/** Whether the clock still has a target to measure. */
export const slaOpen = (state: SlaState): boolean => (state.status === 'running' || state.status === 'paused') && state.met.length < SLA_TARGETS.length;

const initialState = (): SlaState => ({
  status: 'none',
  workOrderId: null,
  priority: null,
  targets: null,
  requesterId: null,
  ownerId: null,
  manufacturerId: null,
  providerId: null,
  regions: [],
  consumedMinutes: 0,
  runningSince: null,
  deadlines: [],
  met: [],
  breached: [],
  escalated: [],
  acknowledged: [],
});

const iso = (at: string): string => new Date(at).toISOString();

/** The open targets' due and escalation instants, from a running stretch that starts at `since`. */
const deadlinesFrom = (policy: SlaPolicy, targets: TargetMinutes, met: readonly SlaTarget[], consumed: number, since: string): TargetDeadline[] =>
  SLA_TARGETS.filter((t) => !met.includes(t)).map((target) => {
    const at = (minutes: number) => addBusinessTime(since, Math.max(0, minutes - consumed), policy.calendar).toISOString();
    return {
      target,
      dueAt: at(targets[target]),
      escalations: policy.escalation.map((e) => ({ level: e.level, at: at(targets[target] * (1 + e.overrun)) })),
    };
  });

/** The decider, measuring with `policy` (calendar, targets per priority, escalation levels). */
export const slaClock = (policy: SlaPolicy): Decider<SlaCommand, SlaEvent, SlaState> => ({
  initialState,
  decide: (command, state) => {
    const { workOrderId } = command.data;
    const at = iso(command.data.at);
    switch (command.type) {
      case 'StartSla': {
        if (state.status !== 'none') return [];
        const { priority, requesterId, manufacturerId, countyCode, jurisdiction } = command.data;
        const ownerId = command.data.ownerId ?? null;
        if (!isPriority(priority)) throw new RuleViolation('unknown-priority', `${priority} is not a work-order priority`);
        const targets = policy.targets[priority];
        return [
          {
            type: 'SlaStarted',
            data: {
              workOrderId,
              priority,
              targets,
              calendar: policy.calendar.name,
              requesterId,
              ...(ownerId === null ? {} : { ownerId }),
              manufacturerId,
              countyCode,
              scope: slaScope(requesterId, manufacturerId, null, jurisdiction, ownerId),
              deadlines: deadlinesFrom(policy, targets, [], 0, at),
              at,
            },
          },
        ];
      }
      case 'MeetSlaTarget': {
        const { target } = command.data;
        if (!slaOpen(state) || state.met.includes(target)) return [];
        const running = state.runningSince === null ? 0 : businessMinutesBetween(state.runningSince, at, policy.calendar);
        return [{ type: 'SlaTargetMet', data: { workOrderId, target, businessMinutes: state.consumedMinutes + running, breached: state.breached.includes(target), at } }];
      }
      case 'PauseSla':
        if (state.status !== 'running' || !slaOpen(state)) return [];
        return [
          {
            type: 'SlaPaused',
            data: { workOrderId, reason: command.data.reason, consumedMinutes: state.consumedMinutes + businessMinutesBetween(state.runningSince!, at, policy.calendar), at },
          },
        ];
      case 'ResumeSla':
        if (state.status !== 'paused') return [];
        return [{ type: 'SlaResumed', data: { workOrderId, deadlines: deadlinesFrom(policy, state.targets!, state.met, state.consumedMinutes, at), at } }];
      case 'StopSla':
        if (state.status === 'none' || state.status === 'stopped') return [];
        return [{ type: 'SlaStopped', data: { workOrderId, reason: command.data.reason, at } }];
      case 'CheckSlaDeadline': {
        if (state.status !== 'running') return [];
        const now = Date.parse(at);
        const priority = state.priority!;
        const scope = slaScope(state.requesterId!, state.manufacturerId, state.providerId, state.regions, state.ownerId);
        const events: SlaEvent[] = [];
        for (const deadline of state.deadlines) {
          if (state.met.includes(deadline.target)) continue;
          if (!state.breached.includes(deadline.target) && Date.parse(deadline.dueAt) <= now) {
            events.push({ type: 'SlaBreached', data: { workOrderId, target: deadline.target, dueAt: deadline.dueAt, priority, scope, at } });
          }
          for (const e of deadline.escalations) {
            if (Date.parse(e.at) > now || state.escalated.some((x) => x.target === deadline.target && x.level === e.level)) continue;
            events.push({ type: 'SlaEscalated', data: { workOrderId, target: deadline.target, level: e.level, toNodeId: command.data.escalateTo, priority, scope, at } });
          }
        }
        return events;
      }
      case 'ChangeSlaPriority': {
        const { priority } = command.data;
        if (!isPriority(priority)) throw new RuleViolation('unknown-priority', `${priority} is not a work-order priority`);
        if (!slaOpen(state) || state.priority === priority) return [];
        const targets = policy.targets[priority];
        const running = state.status === 'running';
        const consumedMinutes = state.consumedMinutes + (running ? businessMinutesBetween(state.runningSince!, at, policy.calendar) : 0);
        const deadlines = running ? deadlinesFrom(policy, targets, state.met, consumedMinutes, at) : [];
        return [{ type: 'SlaRetargeted', data: { workOrderId, priority, targets, consumedMinutes, deadlines, at } }];
      }
      case 'ChangeSlaProvider': {
        const { providerId } = command.data;
        if (state.status === 'none' || state.providerId === providerId) return [];
        return [{ type: 'SlaProviderChanged', data: { workOrderId, providerId, scope: slaScope(state.requesterId!, state.manufacturerId, providerId, state.regions, state.ownerId), at } }];
      }
      case 'AcknowledgeSlaAlert': {
        const { alert, by } = command.data;
        if (!slaAlerts(state).includes(alert)) throw new NoSuchSlaAlert(alert);
        const responsible = (by.kind === 'operator' && state.regions.includes(by.regionCode)) || (by.kind === 'enterprise' && by.enterpriseId === state.providerId);
        if (!responsible) throw new SlaNotYourRole();
        if (state.acknowledged.includes(alert)) return [];
        return [{ type: 'SlaAlertAcknowledged', data: { workOrderId, alert, by, at } }];
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'SlaStarted': {
        const d = event.data;
        return {
          ...state,
          status: 'running',
          workOrderId: d.workOrderId,
          priority: d.priority,
          targets: d.targets,
          requesterId: d.requesterId,
          ownerId: d.ownerId ?? null,
          manufacturerId: d.manufacturerId,
          regions: d.scope.regions,
          runningSince: d.at,
          deadlines: d.deadlines,
        };
      }
      case 'SlaTargetMet':
        return { ...state, met: [...state.met, event.data.target] };
      case 'SlaPaused':
        return { ...state, status: 'paused', consumedMinutes: event.data.consumedMinutes, runningSince: null, deadlines: [] };
      case 'SlaResumed':
        return { ...state, status: 'running', runningSince: event.data.at, deadlines: event.data.deadlines };
      case 'SlaStopped':
        return { ...state, status: 'stopped', runningSince: null, deadlines: [] };
      case 'SlaBreached':
        return { ...state, breached: [...state.breached, event.data.target] };
      case 'SlaEscalated':
        return { ...state, escalated: [...state.escalated, { target: event.data.target, level: event.data.level }] };
      case 'SlaProviderChanged':
        return { ...state, providerId: event.data.providerId };
      case 'SlaRetargeted': {
        const { priority, targets, consumedMinutes, deadlines, at } = event.data;
        return { ...state, priority, targets, consumedMinutes, deadlines, runningSince: state.status === 'running' ? at : null };
      }
      case 'SlaAlertAcknowledged':
        return { ...state, acknowledged: [...state.acknowledged, event.data.alert] };
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },
});

/** Instants at which a check has something to decide: open targets' due and escalation instants not yet passed by state. */
export const pendingChecks = (state: Pick<SlaState, 'status' | 'deadlines' | 'met' | 'breached' | 'escalated'>): string[] => {
  if (state.status !== 'running') return [];
  const instants = state.deadlines
    .filter((d) => !state.met.includes(d.target))
    .flatMap((d) => [
      ...(state.breached.includes(d.target) ? [] : [d.dueAt]),
      ...d.escalations.filter((e) => !state.escalated.some((x) => x.target === d.target && x.level === e.level)).map((e) => e.at),
    ]);
  return [...new Set(instants)].sort();
};
