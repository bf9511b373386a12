import { DEFAULT_SLA_POLICY, slaClock, slaStream, type SlaCommand, type SlaEvent } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { eventLog } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';
import { alertsProjection, nextClockRow, slaClocksProjection } from './sla.projections';

const sh = (local: string): string => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();
const decider = slaClock(DEFAULT_SLA_POLICY);
const workOrderId = 'wo-7';
const jurisdiction = ['440305', '4403', '44', 'CN'];

/** The events the clock itself decides for these commands, in order. */
const decided = (commands: SlaCommand[]): SlaEvent[] =>
  commands.reduce<SlaEvent[]>((events, c) => [...events, ...decider.decide(c, events.reduce(decider.evolve, decider.initialState()))], []);
const recorded = (commands: SlaCommand[]) => {
  const log = eventLog<SlaEvent>();
  return decided(commands).map((e) => log.record(slaStream(workOrderId), e));
};

/** A clock's row folded from its events, as GET …/sla reads a closed clock. */
const fold = (events: readonly RecordedEvent<SlaEvent>[]) => events.reduce<ReturnType<typeof nextClockRow>>((r, e) => nextClockRow(r, { type: e.type, data: e.data } as SlaEvent), null);

const start: SlaCommand = {
  type: 'StartSla',
  data: { workOrderId, priority: 'urgent', requesterId: 'ent-user', manufacturerId: null, countyCode: '440305', jurisdiction, at: sh('2026-03-09 09:00') },
};
const check = (at: string): SlaCommand => ({ type: 'CheckSlaDeadline', data: { workOrderId, escalateTo: 'node-44', at } });
const dispatch = (providerId: string | null, at: string): SlaCommand => ({ type: 'ChangeSlaProvider', data: { workOrderId, providerId, at } });
const operator = { kind: 'operator' as const, nodeId: 'node-4403', regionCode: '4403', userId: 'u-op' };

describe('SLA read models', () => {
  it('sla_clocks: the due instants, then the breach and escalation, the provider in scope, and what is left to check', async () => {
    const events = recorded([start, dispatch('ent-fix', sh('2026-03-09 09:30')), check(sh('2026-03-09 11:00')), check(sh('2026-03-09 12:00'))]);
    await projectionSpec(slaClocksProjection)
      .given(events)
      .thenRow(workOrderId, {
        _id: workOrderId,
        scope: { tenants: ['ent-user', 'ent-fix'], regions: jurisdiction },
        priority: 'urgent',
        calendar: 'cn-office-hours',
        targets: { response: 120, resolution: 480 },
        countyCode: '440305',
        providerId: 'ent-fix',
        status: 'running',
        paused: false,
        pausedAt: null,
        stoppedReason: null,
        open: true,
        startedAt: sh('2026-03-09 09:00'),
        responseDueAt: sh('2026-03-09 11:00'),
        resolutionDueAt: sh('2026-03-09 18:00'),
        responseMetAt: null,
        resolutionMetAt: null,
        met: [],
        breached: ['response'],
        escalated: [{ target: 'response', level: 1 }],
        escalationLevel: 1,
        deadlines: [
          { target: 'response', dueAt: sh('2026-03-09 11:00'), escalations: [{ level: 1, at: sh('2026-03-09 12:00') }] },
          { target: 'resolution', dueAt: sh('2026-03-09 18:00'), escalations: [{ level: 1, at: sh('2026-03-10 14:00') }] },
        ],
        pendingChecks: [sh('2026-03-09 18:00'), sh('2026-03-10 14:00')],
        nextCheckAt: sh('2026-03-09 18:00'),
        updatedAt: sh('2026-03-09 12:00'),
      });
  });

  it('sla_clocks: no due instant while paused', async () => {
    const paused = recorded([
      start,
      { type: 'MeetSlaTarget', data: { workOrderId, target: 'response', at: sh('2026-03-09 10:00') } },
      { type: 'PauseSla', data: { workOrderId, reason: 'awaiting-customer', at: sh('2026-03-09 14:00') } },
    ]);
    const rows = await projectionSpec(slaClocksProjection).given(paused).rows();
    expect(rows[0]).toMatchObject({ status: 'paused', paused: true, pausedAt: sh('2026-03-09 14:00'), responseDueAt: null, resolutionDueAt: null, responseMetAt: sh('2026-03-09 10:00'), open: true, pendingChecks: [], nextCheckAt: null });
  });

  it('sla_clocks keeps open clocks only: a stopped or fully met clock leaves, and folds from its events alone', async () => {
    const stopped = recorded([start, { type: 'StopSla', data: { workOrderId, reason: 'cancelled', at: sh('2026-03-09 09:10') } }]);
    await projectionSpec(slaClocksProjection).given(stopped).then([]);
    expect(fold(stopped)).toMatchObject({
      status: 'stopped',
      stoppedReason: 'cancelled',
      open: false,
      pendingChecks: [],
      responseDueAt: null,
    });
    const met = recorded([
      start,
      { type: 'MeetSlaTarget', data: { workOrderId, target: 'response', at: sh('2026-03-09 10:00') } },
      { type: 'MeetSlaTarget', data: { workOrderId, target: 'resolution', at: sh('2026-03-09 16:00') } },
    ]);
    await projectionSpec(slaClocksProjection).given(met).then([]);
    expect(fold(met)).toMatchObject({ status: 'running', open: false, met: ['response', 'resolution'], resolutionMetAt: sh('2026-03-09 16:00') });
  });

  it('sla_clocks: a changed priority brings its targets and deadlines', async () => {
    const events = recorded([start, { type: 'ChangeSlaPriority', data: { workOrderId, priority: 'low', at: sh('2026-03-09 10:00') } }]);
    expect((await projectionSpec(slaClocksProjection).given(events).rows())[0]).toMatchObject({
      priority: 'low',
      targets: { response: 960, resolution: 2400 },
      responseDueAt: sh('2026-03-10 18:00'),
      resolutionDueAt: sh('2026-03-13 18:00'),
      pendingChecks: [sh('2026-03-10 18:00'), sh('2026-03-11 18:00'), sh('2026-03-13 18:00'), sh('2026-03-18 14:00')],
    });
  });

  it('alerts: one row per breach and per escalation, however often the deadline is checked; scoped like the order, acknowledged once', async () => {
    const events = recorded([
      start,
      check(sh('2026-03-09 11:00')),
      check(sh('2026-03-09 11:05')),
      dispatch('ent-fix', sh('2026-03-09 11:30')),
      check(sh('2026-03-09 12:00')),
      check(sh('2026-03-09 12:01')),
      { type: 'AcknowledgeSlaAlert', data: { workOrderId, alert: 'response-breach', by: operator, at: sh('2026-03-09 12:10') } },
    ]);
    const scope = { tenants: ['ent-user', 'ent-fix'], regions: jurisdiction };
    await projectionSpec(alertsProjection)
      .given(events)
      .then([
        {
          _id: `${workOrderId}.response-breach`,
          alert: 'response-breach',
          kind: 'breach',
          workOrderId,
          target: 'response',
          level: null,
          toNodeId: null,
          priority: 'urgent',
          dueAt: sh('2026-03-09 11:00'),
          raisedAt: sh('2026-03-09 11:00'),
          scope,
          acknowledged: true,
          acknowledgedAt: sh('2026-03-09 12:10'),
          acknowledgedBy: operator,
        },
        {
          _id: `${workOrderId}.response-escalation-1`,
          alert: 'response-escalation-1',
          kind: 'escalation',
          workOrderId,
          target: 'response',
          level: 1,
          toNodeId: 'node-44',
          priority: 'urgent',
          dueAt: null,
          raisedAt: sh('2026-03-09 12:00'),
          scope,
          acknowledged: false,
          acknowledgedAt: null,
          acknowledgedBy: null,
        },
      ]);
  });
});
