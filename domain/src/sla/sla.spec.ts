import { deciderSpec } from '@kuaige/testkit';
import { RuleViolation } from '../event-sourcing/decider';
import type { Party } from '../maintenance/party';
import type { SlaCommand } from './sla.commands';
import type { SlaEvent, TargetDeadline } from './sla.events';
import { NoSuchSlaAlert, pendingChecks, slaClock, slaScope, SlaNotYourRole, type SlaState } from './sla';
import { DEFAULT_SLA_POLICY, DEFAULT_SLA_TARGETS } from './sla-targets';

/** An instant given as Asia/Shanghai wall-clock time, as events carry it (ISO, UTC). */
const sh = (local: string): string => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();

const decider = slaClock(DEFAULT_SLA_POLICY);
const given = deciderSpec(decider);
const workOrderId = 'wo-1';
const jurisdiction = ['CN', '44', '4403', '440305'];
const request = { workOrderId, requesterId: 'ent-user', manufacturerId: 'ent-maker', countyCode: '440305', jurisdiction };
const scope = slaScope('ent-user', 'ent-maker', null, jurisdiction);

const start = (priority: string, at: string): SlaCommand => ({ type: 'StartSla', data: { ...request, priority, at } });
const check = (at: string, escalateTo: string | null = 'node-44'): SlaCommand => ({ type: 'CheckSlaDeadline', data: { workOrderId, escalateTo, at } });
const meet = (target: 'response' | 'resolution', at: string): SlaCommand => ({ type: 'MeetSlaTarget', data: { workOrderId, target, at } });
const pause = (at: string): SlaCommand => ({ type: 'PauseSla', data: { workOrderId, reason: 'awaiting-parts', at } });
const resume = (at: string): SlaCommand => ({ type: 'ResumeSla', data: { workOrderId, at } });
const stop = (at: string): SlaCommand => ({ type: 'StopSla', data: { workOrderId, reason: 'cancelled', at } });

const deadline = (target: 'response' | 'resolution', dueAt: string, escalateAt: string): TargetDeadline => ({ target, dueAt, escalations: [{ level: 1, at: escalateAt }] });
const started = (priority: 'urgent' | 'low', at: string, deadlines: TargetDeadline[]): SlaEvent => ({
  type: 'SlaStarted',
  data: { workOrderId, requesterId: 'ent-user', manufacturerId: 'ent-maker', countyCode: '440305', priority, targets: DEFAULT_SLA_TARGETS[priority], calendar: 'cn-office-hours', scope, deadlines, at },
});
/** Decides each command on the history so far and appends what it decided: the stream as the write side leaves it. */
const run = (commands: SlaCommand[]): SlaEvent[] =>
  commands.reduce<SlaEvent[]>((events, command) => [...events, ...decider.decide(command, events.reduce(decider.evolve, decider.initialState()))], []);
const stateOf = (events: SlaEvent[]): SlaState => events.reduce(decider.evolve, decider.initialState());

// An urgent order on Monday 2026-03-09 09:00: response 2 h → 11:00, escalation at 3 h → 12:00;
// resolution 8 h → 18:00, escalation at 12 h → Tuesday 14:00 (the lunch hour does not count).
const urgentMonday = started('urgent', sh('2026-03-09 09:00'), [
  deadline('response', sh('2026-03-09 11:00'), sh('2026-03-09 12:00')),
  deadline('resolution', sh('2026-03-09 18:00'), sh('2026-03-10 14:00')),
]);
const breached = (target: 'response' | 'resolution', dueAt: string, at: string, priority: 'urgent' | 'low' = 'urgent'): SlaEvent => ({
  type: 'SlaBreached',
  data: { workOrderId, target, dueAt, priority, scope, at },
});
const escalated = (target: 'response' | 'resolution', at: string, toNodeId: string | null = 'node-44'): SlaEvent => ({
  type: 'SlaEscalated',
  data: { workOrderId, target, level: 1, toNodeId, priority: 'urgent', scope, at },
});

describe('SLA clock (stream Sla-<workOrderId>)', () => {
  describe('start', () => {
    it('starts with the priority’s targets and their due instants on the business calendar', () => {
      given([]).when(start('urgent', sh('2026-03-09 09:00'))).then([urgentMonday]);
    });

    it('starts once: the request seen again changes nothing', () => {
      given([urgentMonday]).when(start('urgent', sh('2026-03-09 10:00'))).then([]);
    });

    it('refuses a priority that does not exist', () => {
      given([]).when(start('whenever', sh('2026-03-09 09:00'))).thenThrows(RuleViolation, (e) => expect(e.rule).toBe('unknown-priority'));
    });
  });

  describe('deadlines', () => {
    it('is not breached before the due instant', () => {
      given([urgentMonday]).when(check(sh('2026-03-09 10:59'))).then([]);
    });

    it('breaches the response target at its due instant, once', () => {
      given([urgentMonday]).when(check(sh('2026-03-09 11:00'))).then([breached('response', sh('2026-03-09 11:00'), sh('2026-03-09 11:00'))]);
      given([urgentMonday, breached('response', sh('2026-03-09 11:00'), sh('2026-03-09 11:00'))]).when(check(sh('2026-03-09 11:30'))).then([]);
    });

    it('escalates level 1 to the node above at breach + 50 % of the target, once', () => {
      const history = [urgentMonday, breached('response', sh('2026-03-09 11:00'), sh('2026-03-09 11:00'))];
      given(history).when(check(sh('2026-03-09 12:00'))).then([escalated('response', sh('2026-03-09 12:00'))]);
      given([...history, escalated('response', sh('2026-03-09 12:00'))]).when(check(sh('2026-03-09 12:30'))).then([]);
    });

    it('breaches and escalates together when the check comes late (after a restart)', () => {
      given([urgentMonday])
        .when(check(sh('2026-03-10 15:00'), null))
        .then([
          breached('response', sh('2026-03-09 11:00'), sh('2026-03-10 15:00')),
          escalated('response', sh('2026-03-10 15:00'), null),
          breached('resolution', sh('2026-03-09 18:00'), sh('2026-03-10 15:00')),
          escalated('resolution', sh('2026-03-10 15:00'), null),
        ]);
    });

    it('any number of checks after the last escalation adds nothing', () => {
      const events = run([start('urgent', sh('2026-03-09 09:00')), check(sh('2026-03-09 11:00')), check(sh('2026-03-09 11:00')), check(sh('2026-03-09 12:00')), check(sh('2026-03-10 16:00')), check(sh('2026-03-11 09:00'))]);
      expect(events.map((e) => `${e.type}${'target' in e.data ? `:${e.data.target}` : ''}`)).toEqual([
        'SlaStarted',
        'SlaBreached:response',
        'SlaEscalated:response',
        'SlaBreached:resolution',
        'SlaEscalated:resolution',
      ]);
      expect(pendingChecks(stateOf(events))).toEqual([]);
    });
  });

  describe('targets met', () => {
    it('meets the response target with the business minutes it took, and is then not breached by it', () => {
      given([urgentMonday])
        .when(meet('response', sh('2026-03-09 10:30')))
        .then([{ type: 'SlaTargetMet', data: { workOrderId, target: 'response', businessMinutes: 90, breached: false, at: sh('2026-03-09 10:30') } }]);
      const met: SlaEvent = { type: 'SlaTargetMet', data: { workOrderId, target: 'response', businessMinutes: 90, breached: false, at: sh('2026-03-09 10:30') } };
      given([urgentMonday, met]).when(check(sh('2026-03-09 12:00'))).then([]);
      given([urgentMonday, met]).when(meet('response', sh('2026-03-09 10:40'))).then([]);
    });

    it('records a target met late as breached; the lunch hour is not counted', () => {
      given([urgentMonday, breached('response', sh('2026-03-09 11:00'), sh('2026-03-09 11:00'))])
        .when(meet('response', sh('2026-03-09 12:30')))
        .then([{ type: 'SlaTargetMet', data: { workOrderId, target: 'response', businessMinutes: 180, breached: true, at: sh('2026-03-09 12:30') } }]);
    });

    it('has nothing to check once both targets are met', () => {
      const events = run([start('urgent', sh('2026-03-09 09:00')), meet('response', sh('2026-03-09 10:00')), meet('resolution', sh('2026-03-09 16:00'))]);
      expect(pendingChecks(stateOf(events))).toEqual([]);
      given(events).when(check(sh('2026-03-12 09:00'))).then([]);
      given(events).when(pause(sh('2026-03-09 17:00'))).then([]);
    });
  });

  describe('paused over a public holiday (May Day 2026)', () => {
    // Low priority from Thursday 2026-04-30 10:00: response 16 h, resolution 40 h. 05-01…05-05 are off, 05-09 (Saturday) is worked.
    const t0 = sh('2026-04-30 10:00');
    const lowStarted = started('low', t0, [
      deadline('response', sh('2026-05-07 10:00'), sh('2026-05-08 10:00')),
      deadline('resolution', sh('2026-05-11 10:00'), sh('2026-05-13 15:00')),
    ]);
    const responseMet: SlaEvent = { type: 'SlaTargetMet', data: { workOrderId, target: 'response', businessMinutes: 60, breached: false, at: sh('2026-04-30 11:00') } };
    const paused: SlaEvent = { type: 'SlaPaused', data: { workOrderId, reason: 'awaiting-parts', consumedMinutes: 240, at: sh('2026-04-30 15:00') } };

    it('starts with deadlines that skip the holiday and work its adjusted Saturday', () => {
      given([]).when(start('low', t0)).then([lowStarted]);
    });

    it('pauses with the business time used so far; a paused clock is never breached', () => {
      given([lowStarted, responseMet]).when(pause(sh('2026-04-30 15:00'))).then([paused]);
      given([lowStarted, responseMet, paused]).when(check(sh('2026-05-20 09:00'))).then([]);
      given([lowStarted, responseMet, paused]).when(pause(sh('2026-04-30 16:00'))).then([]);
    });

    it('resumed on the holiday, it ends at the right working hour: 2160 minutes left from 05-06 09:00 → Monday 05-11 14:00', () => {
      given([lowStarted, responseMet, paused])
        .when(resume(sh('2026-05-03 11:00')))
        .then([{ type: 'SlaResumed', data: { workOrderId, deadlines: [deadline('resolution', sh('2026-05-11 14:00'), sh('2026-05-13 18:00'))], at: sh('2026-05-03 11:00') } }]);
    });

    it('breaches at the resumed deadline, not the original one', () => {
      const events = run([start('low', t0), meet('response', sh('2026-04-30 11:00')), pause(sh('2026-04-30 15:00')), resume(sh('2026-05-03 11:00'))]);
      given(events).when(check(sh('2026-05-11 10:00'))).then([]);
      given(events).when(check(sh('2026-05-11 14:00'))).then([breached('resolution', sh('2026-05-11 14:00'), sh('2026-05-11 14:00'), 'low')]);
      expect(pendingChecks(stateOf(events))).toEqual([sh('2026-05-11 14:00'), sh('2026-05-13 18:00')]);
    });

    it('resumes only a paused clock', () => {
      given([lowStarted]).when(resume(sh('2026-05-03 11:00'))).then([]);
    });
  });

  describe('priority changed', () => {
    const retarget = (priority: string, at: string): SlaCommand => ({ type: 'ChangeSlaPriority', data: { workOrderId, priority, at } });

    it('measures on with the new targets from the business minutes already used', () => {
      // Urgent from Monday 09:00, lowered to low at 10:00: 60 minutes used, 900 of response and 2340 of resolution left.
      given([urgentMonday])
        .when(retarget('low', sh('2026-03-09 10:00')))
        .then([
          {
            type: 'SlaRetargeted',
            data: {
              workOrderId,
              priority: 'low',
              targets: DEFAULT_SLA_TARGETS.low,
              consumedMinutes: 60,
              deadlines: [deadline('response', sh('2026-03-10 18:00'), sh('2026-03-11 18:00')), deadline('resolution', sh('2026-03-13 18:00'), sh('2026-03-18 14:00'))],
              at: sh('2026-03-09 10:00'),
            },
          },
        ]);
      const events = run([start('urgent', sh('2026-03-09 09:00')), retarget('low', sh('2026-03-09 10:00'))]);
      given(events).when(check(sh('2026-03-09 11:00'))).then([]);
    });

    it('while paused keeps no due instant; the resume measures with the new targets', () => {
      const events = run([start('urgent', sh('2026-03-09 09:00')), pause(sh('2026-03-09 10:00')), retarget('high', sh('2026-03-09 11:00')), resume(sh('2026-03-09 14:00'))]);
      // High: response 240, 60 used → 180 from 14:00 → 17:00.
      expect(stateOf(events).deadlines[0]).toEqual(deadline('response', sh('2026-03-09 17:00'), sh('2026-03-10 10:00')));
    });

    it('changes nothing for the same priority or a stopped clock, and refuses an unknown one', () => {
      given([urgentMonday]).when(retarget('urgent', sh('2026-03-09 10:00'))).then([]);
      given([urgentMonday, { type: 'SlaStopped', data: { workOrderId, reason: 'closed', at: sh('2026-03-09 10:00') } }]).when(retarget('low', sh('2026-03-09 11:00'))).then([]);
      given([urgentMonday]).when(retarget('asap', sh('2026-03-09 10:00'))).thenThrows(RuleViolation);
    });
  });

  describe('stop', () => {
    it('stops on cancel, once; a stopped clock is neither checked nor paused', () => {
      given([urgentMonday]).when(stop(sh('2026-03-09 09:30'))).then([{ type: 'SlaStopped', data: { workOrderId, reason: 'cancelled', at: sh('2026-03-09 09:30') } }]);
      const stopped: SlaEvent = { type: 'SlaStopped', data: { workOrderId, reason: 'cancelled', at: sh('2026-03-09 09:30') } };
      given([urgentMonday, stopped]).when(stop(sh('2026-03-09 10:00'))).then([]);
      given([urgentMonday, stopped]).when(check(sh('2026-03-10 09:00'))).then([]);
      given([urgentMonday, stopped]).when(pause(sh('2026-03-09 10:00'))).then([]);
      given([]).when(stop(sh('2026-03-09 10:00'))).then([]);
    });
  });

  describe('the device’s owner', () => {
    it('is in the scope of the clock, its breaches and its provider changes when the manufacturer raised the order', () => {
      const byMaker: SlaCommand = { type: 'StartSla', data: { ...request, requesterId: 'ent-maker', ownerId: 'ent-user', priority: 'urgent', at: sh('2026-03-09 09:00') } };
      const ownerScope = { tenants: ['ent-maker', 'ent-user'], regions: jurisdiction };
      const events = run([
        byMaker,
        { type: 'ChangeSlaProvider', data: { workOrderId, providerId: 'ent-fix', at: sh('2026-03-09 09:10') } },
        check(sh('2026-03-09 11:00')),
      ]);
      expect(events.map((e) => [e.type, (e.data as { scope?: unknown }).scope])).toEqual([
        ['SlaStarted', ownerScope],
        ['SlaProviderChanged', { tenants: [...ownerScope.tenants, 'ent-fix'], regions: jurisdiction }],
        ['SlaBreached', { tenants: [...ownerScope.tenants, 'ent-fix'], regions: jurisdiction }],
      ]);
      expect(events[0]!.data).toMatchObject({ requesterId: 'ent-maker', ownerId: 'ent-user' });
    });
  });

  describe('provider', () => {
    it('adds the dispatched provider to the scope and removes it when the dispatch is returned', () => {
      const to = (providerId: string | null, at: string): SlaCommand => ({ type: 'ChangeSlaProvider', data: { workOrderId, providerId, at } });
      const changed = (providerId: string | null, at: string): SlaEvent => ({
        type: 'SlaProviderChanged',
        data: { workOrderId, providerId, scope: slaScope('ent-user', 'ent-maker', providerId, jurisdiction), at },
      });
      given([urgentMonday]).when(to('ent-fix', sh('2026-03-09 09:10'))).then([changed('ent-fix', sh('2026-03-09 09:10'))]);
      expect(changed('ent-fix', 'x').data).toMatchObject({ scope: { tenants: ['ent-user', 'ent-maker', 'ent-fix'], regions: jurisdiction } });
      given([urgentMonday, changed('ent-fix', sh('2026-03-09 09:10'))]).when(to('ent-fix', sh('2026-03-09 09:20'))).then([]);
      given([urgentMonday, changed('ent-fix', sh('2026-03-09 09:10'))]).when(to(null, sh('2026-03-09 09:20'))).then([changed(null, sh('2026-03-09 09:20'))]);
      given([]).when(to('ent-fix', sh('2026-03-09 09:10'))).then([]);
    });
  });

  describe('acknowledging an alert', () => {
    const withBreach = [urgentMonday, breached('response', sh('2026-03-09 11:00'), sh('2026-03-09 11:00'))];
    const operator = { kind: 'operator' as const, nodeId: 'node-4403', regionCode: '4403', userId: 'u-op' };
    const ack = (by: Party, alert = 'response-breach'): SlaCommand => ({
      type: 'AcknowledgeSlaAlert',
      data: { workOrderId, alert, by, at: sh('2026-03-09 11:10') },
    });

    it('is taken on by an operator of the jurisdiction, once', () => {
      given(withBreach).when(ack(operator)).then([{ type: 'SlaAlertAcknowledged', data: { workOrderId, alert: 'response-breach', by: operator, at: sh('2026-03-09 11:10') } }]);
      given([...withBreach, { type: 'SlaAlertAcknowledged', data: { workOrderId, alert: 'response-breach', by: operator, at: sh('2026-03-09 11:10') } }]).when(ack(operator)).then([]);
    });

    it('is taken on by the provider the order is dispatched to, not by the requester or an operator elsewhere', () => {
      const provider = { kind: 'enterprise' as const, enterpriseId: 'ent-fix', userId: 'u-fix' };
      const dispatched: SlaEvent = { type: 'SlaProviderChanged', data: { workOrderId, providerId: 'ent-fix', scope: slaScope('ent-user', 'ent-maker', 'ent-fix', jurisdiction), at: sh('2026-03-09 09:10') } };
      given([...withBreach, dispatched]).when(ack(provider)).then([{ type: 'SlaAlertAcknowledged', data: { workOrderId, alert: 'response-breach', by: provider, at: sh('2026-03-09 11:10') } }]);
      given(withBreach).when(ack({ kind: 'enterprise', enterpriseId: 'ent-user', userId: 'u-user' })).thenThrows(SlaNotYourRole, (e) => expect(e.rule).toBe('not-your-role'));
      given(withBreach).when(ack({ ...operator, regionCode: '4401' })).thenThrows(SlaNotYourRole);
    });

    it('refuses an alert that was not raised', () => {
      given(withBreach).when(ack(operator, 'resolution-breach')).thenThrows(NoSuchSlaAlert, (e) => expect(e.rule).toBe('exists'));
    });
  });
});
