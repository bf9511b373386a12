import { pendingChecks, SLA_TARGETS, slaAlertKey, type Party, type Priority, type SlaEvent, type SlaScope, type SlaTarget, type TargetDeadline } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, updateMany, type Projection, type Row } from '@kuaige/projections';

// ---- Read models of the SLA clocks: one row per clock, one row per alert -------------------------
// Both are scoped like the order (requester, device owner, manufacturer, provider once dispatched; the device's
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
  /** The first of them (null: nothing to check): the sweeps look clocks up by it. */
  readonly nextCheckAt: string | null;
}

/** The derived fields, from the ones the events set. */
const settle = (current: SlaClockFacts): SlaClockRow => {
  const { _id, scope, priority, calendar, targets, countyCode, providerId, status, paused, pausedAt, stoppedReason, startedAt, responseMetAt, resolutionMetAt, met, breached, escalated, deadlines, updatedAt } = current;
  const r = { _id, scope, priority, calendar, targets, countyCode, providerId, status, paused, pausedAt, stoppedReason, startedAt, responseMetAt, resolutionMetAt, met, breached, escalated, deadlines, updatedAt };
  const checks = r.status === 'stopped' || r.met.length === SLA_TARGETS.length ? [] : pendingChecks({ status: r.status, deadlines: r.deadlines, met: r.met, breached: r.breached, escalated: r.escalated });
  const dueOf = (target: SlaTarget) => (r.met.includes(target) ? null : (r.deadlines.find((d) => d.target === target)?.dueAt ?? null));
  return {
    ...r,
    open: r.status !== 'stopped' && r.met.length < SLA_TARGETS.length,
    pendingChecks: checks,
    nextCheckAt: checks[0] ?? null,
    responseDueAt: dueOf('response'),
    resolutionDueAt: dueOf('resolution'),
    escalationLevel: Math.max(0, ...r.escalated.map((e) => e.level)),
  };
};

type Change = (current: SlaClockRow) => Partial<SlaClockFacts>;
const changed = (current: SlaClockRow | null, at: string, change: Change): SlaClockRow | null => (current ? settle({ ...current, ...change(current), updatedAt: at }) : null);

/** The clock's row after one of its events, closed clocks included: what GET …/sla shows of any clock. */
export const nextClockRow = (current: SlaClockRow | null, e: SlaEvent): SlaClockRow | null => {
  const at = e.data.at;
  switch (e.type) {
    case 'SlaStarted':
      return settle({
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
        startedAt: at,
        responseMetAt: null,
        resolutionMetAt: null,
        met: [],
        breached: [],
        escalated: [],
        deadlines: e.data.deadlines,
        updatedAt: at,
      });
    case 'SlaTargetMet': {
      const target = e.data.target;
      return changed(current, at, (c) => ({ met: [...c.met, target], ...(target === 'response' ? { responseMetAt: at } : { resolutionMetAt: at }) }));
    }
    case 'SlaPaused':
      return changed(current, at, () => ({ status: 'paused', paused: true, pausedAt: at, deadlines: [] }));
    case 'SlaResumed': {
      const deadlines = e.data.deadlines;
      return changed(current, at, () => ({ status: 'running', paused: false, pausedAt: null, deadlines }));
    }
    case 'SlaStopped': {
      const reason = e.data.reason;
      return changed(current, at, () => ({ status: 'stopped', paused: false, stoppedReason: reason, deadlines: [] }));
    }
    case 'SlaBreached': {
      const target = e.data.target;
      return changed(current, at, (c) => ({ breached: [...c.breached, target] }));
    }
    case 'SlaEscalated': {
      const { target, level } = e.data;
      return changed(current, at, (c) => ({ escalated: [...c.escalated, { target, level }] }));
    }
    case 'SlaProviderChanged': {
      const { providerId, scope } = e.data;
      return changed(current, at, () => ({ providerId, scope }));
    }
    case 'SlaRetargeted': {
      const { priority, targets, deadlines } = e.data;
      return changed(current, at, () => ({ priority, targets, deadlines }));
    }
    case 'SlaAlertAcknowledged':
      return current;
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
};

// Only open clocks keep a row: with a million orders, most are closed, and a closed clock is read by
// folding its own stream (GET …/sla), as the work-order detail folds the order's.
const openRow = (e: RecordedEvent<SlaEvent>) =>
  row<SlaClockRow>(e.data.workOrderId, (current) => {
    const next = nextClockRow(current, { type: e.type, data: e.data } as SlaEvent);
    return next?.open ? next : null;
  });

/** `sla_clocks`: one row per open clock, `_id` = the work order's id: targets, due instants, pauses, breaches, escalation, next check. */
export const slaClocksProjection = projection<SlaEvent, SlaClockRow>(SLA_CLOCKS_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_next_check', key: { nextCheckAt: 1, _id: 1 } },
    { name: 'by_response_due', key: { responseDueAt: 1 } },
    { name: 'by_resolution_due', key: { resolutionDueAt: 1 } },
  ],
  on: {
    SlaStarted: openRow,
    SlaTargetMet: openRow,
    SlaPaused: openRow,
    SlaResumed: openRow,
    SlaStopped: openRow,
    SlaBreached: openRow,
    SlaEscalated: openRow,
    SlaProviderChanged: openRow,
    SlaRetargeted: openRow,
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
