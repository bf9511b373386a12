import { pendingChecks, SLA_TARGETS, slaAlertKey, type Party, type Priority, type SlaEvent, type SlaScope, type SlaTarget, type TargetDeadline } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, updateMany, type Projection, type Row } from '@kuaige/projections';

// ---- Read models of the SLA clocks: one row per clock, one row per alert -------------------------
// Both are scoped like the order (requester, manufacturer, provider once dispatched; the device's
// jurisdiction), so the scoped filters that serve `work_orders` serve them too.

export const SLA_CLOCKS_COLLECTION = 'sla_clocks';
export const ALERTS_COLLECTION = 'alerts';

export type SlaClockStatus = 'running' | 'paused' | 'stopped';

/** What the events set; the rest of a row is derived from it (settle). */
interface SlaClockFacts {
  _id: string;
  readonly scope: SlaScope;
  readonly priority: Priority;
  readonly calendar: string;
  readonly targets: Readonly<Record<SlaTarget, number>>;
  readonly countyCode: string;
  readonly providerId: string | null;
  readonly status: SlaClockStatus;
  readonly paused: boolean;
  readonly pausedAt: string | null;
  readonly stoppedReason: string | null;
  readonly startedAt: string;
  readonly responseMetAt: string | null;
  readonly resolutionMetAt: string | null;
  readonly met: readonly SlaTarget[];
  readonly breached: readonly SlaTarget[];
  readonly escalated: readonly { readonly target: SlaTarget; readonly level: number }[];
  readonly deadlines: readonly TargetDeadline[];
  readonly updatedAt: string;
}

export interface SlaClockRow extends Row, SlaClockFacts {
  /** Still measuring a target: the start-up sweep schedules its pending checks. */
  readonly open: boolean;
  /** Null once met, and while paused (the due instant moves on resume). */
  readonly responseDueAt: string | null;
  readonly resolutionDueAt: string | null;
  /** Highest escalation level raised (0: none). */
  readonly escalationLevel: number;
  /** Instants at which a check has something left to decide. */
  readonly pendingChecks: readonly string[];
}

/** The derived fields, from the ones the events set. */
const settle = (current: SlaClockFacts): SlaClockRow => {
  const { _id, scope, priority, calendar, targets, countyCode, providerId, status, paused, pausedAt, stoppedReason, startedAt, responseMetAt, resolutionMetAt, met, breached, escalated, deadlines, updatedAt } = current;
  const r = { _id, scope, priority, calendar, targets, countyCode, providerId, status, paused, pausedAt, stoppedReason, startedAt, responseMetAt, resolutionMetAt, met, breached, escalated, deadlines, updatedAt };
  const dueOf = (target: SlaTarget) => (r.met.includes(target) ? null : (r.deadlines.find((d) => d.target === target)?.dueAt ?? null));
  return {
    ...r,
    open: r.status !== 'stopped' && r.met.length < SLA_TARGETS.length,
    pendingChecks: pendingChecks({ status: r.status, deadlines: r.deadlines, met: r.met, breached: r.breached, escalated: r.escalated }),
    responseDueAt: dueOf('response'),
    resolutionDueAt: dueOf('resolution'),
    escalationLevel: Math.max(0, ...r.escalated.map((e) => e.level)),
  };
};

const clock = (e: RecordedEvent<SlaEvent>, change: (current: SlaClockRow) => Partial<SlaClockRow>) =>
  row<SlaClockRow>(e.data.workOrderId, (current) => (current ? settle({ ...current, ...change(current), updatedAt: e.data.at }) : null));

/** `sla_clocks`: `_id` = the work order's id; its targets, due instants, pauses, breaches and escalation. */
export const slaClocksProjection = projection<SlaEvent, SlaClockRow>(SLA_CLOCKS_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_open', key: { open: 1, _id: 1 } },
    { name: 'by_response_due', key: { responseDueAt: 1 } },
    { name: 'by_resolution_due', key: { resolutionDueAt: 1 } },
  ],
  on: {
    SlaStarted: (e) =>
      row<SlaClockRow>(e.data.workOrderId, () =>
        settle({
          _id: e.data.workOrderId,
          scope: e.data.scope,
          priority: e.data.priority,
          calendar: e.data.calendar,
          targets: e.data.targets,
          countyCode: e.data.countyCode,
          providerId: null,
          status: 'running',
          paused: false,
          pausedAt: null,
          stoppedReason: null,
          startedAt: e.data.at,
          responseMetAt: null,
          resolutionMetAt: null,
          met: [],
          breached: [],
          escalated: [],
          deadlines: e.data.deadlines,
          updatedAt: e.data.at,
        }),
      ),
    SlaTargetMet: (e) =>
      clock(e, (c) => ({ met: [...c.met, e.data.target], ...(e.data.target === 'response' ? { responseMetAt: e.data.at } : { resolutionMetAt: e.data.at }) })),
    SlaPaused: (e) => clock(e, () => ({ status: 'paused', paused: true, pausedAt: e.data.at, deadlines: [] })),
    SlaResumed: (e) => clock(e, () => ({ status: 'running', paused: false, pausedAt: null, deadlines: e.data.deadlines })),
    SlaStopped: (e) => clock(e, () => ({ status: 'stopped', paused: false, stoppedReason: e.data.reason, deadlines: [] })),
    SlaBreached: (e) => clock(e, (c) => ({ breached: [...c.breached, e.data.target] })),
    SlaEscalated: (e) => clock(e, (c) => ({ escalated: [...c.escalated, { target: e.data.target, level: e.data.level }] })),
    SlaProviderChanged: (e) => clock(e, () => ({ providerId: e.data.providerId, scope: e.data.scope })),
    SlaRetargeted: (e) => clock(e, () => ({ priority: e.data.priority, targets: e.data.targets, deadlines: e.data.deadlines })),
  },
});

export type AlertKind = 'breach' | 'escalation';

interface AlertFacts {
  readonly scope: SlaScope;
  readonly alert: string;
  readonly kind: AlertKind;
  readonly target: SlaTarget;
  readonly level: number | null;
  /** The operator node an escalation goes to. */
  readonly toNodeId: string | null;
  readonly priority: Priority;
  readonly dueAt: string | null;
  readonly raisedAt: string;
}

export interface AlertRow extends Row, AlertFacts {
  /** `<workOrderId>.<alert key>`: one row per breach and per escalation level of a target. */
  _id: string;
  readonly workOrderId: string;
  readonly acknowledged: boolean;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: Party | null;
}

export const alertIdOf = (workOrderId: string, alert: string): string => `${workOrderId}.${alert}`;

const raised = (e: RecordedEvent<SlaEvent>, fields: AlertFacts) =>
  row<AlertRow>(alertIdOf(e.data.workOrderId, fields.alert), (current) =>
    current ?? { _id: alertIdOf(e.data.workOrderId, fields.alert), workOrderId: e.data.workOrderId, ...fields, acknowledged: false, acknowledgedAt: null, acknowledgedBy: null },
  );

/** `alerts`: the breaches and escalations, newest first per scope, to be acknowledged. */
export const alertsProjection = projection<SlaEvent, AlertRow>(ALERTS_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_raised', key: { raisedAt: -1 } },
    { name: 'by_kind_ack', key: { kind: 1, acknowledged: 1, raisedAt: -1 } },
    { name: 'by_work_order', key: { workOrderId: 1 } },
  ],
  on: {
    SlaBreached: (e) =>
      raised(e, { alert: slaAlertKey(e.data.target, 'breach'), kind: 'breach', target: e.data.target, level: null, toNodeId: null, priority: e.data.priority, dueAt: e.data.dueAt, raisedAt: e.data.at, scope: e.data.scope }),
    SlaEscalated: (e) =>
      raised(e, {
        alert: slaAlertKey(e.data.target, 'escalation', e.data.level),
        kind: 'escalation',
        target: e.data.target,
        level: e.data.level,
        toNodeId: e.data.toNodeId,
        priority: e.data.priority,
        dueAt: null,
        raisedAt: e.data.at,
        scope: e.data.scope,
      }),
    SlaAlertAcknowledged: (e) =>
      row<AlertRow>(alertIdOf(e.data.workOrderId, e.data.alert), (current) => current && { ...current, acknowledged: true, acknowledgedAt: e.data.at, acknowledgedBy: e.data.by }),
    // The provider the order went to sees its alerts, raised before the dispatch or after.
    SlaProviderChanged: (e) => updateMany({ workOrderId: e.data.workOrderId }, { $set: { scope: e.data.scope } }),
  },
});

/** The read models of sla, registered in PRODUCT_PROJECTIONS. */
export const SLA_PROJECTIONS: readonly Projection[] = [slaClocksProjection, alertsProjection];
