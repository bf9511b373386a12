import { deciderSpec } from '@kuaige/testkit';
import { IllegalTransition } from '../event-sourcing/decider';
import type { Party } from '../maintenance/party';
import { appointment, AppointmentRuleViolation, type AppointmentCommand, type AppointmentEvent, type AppointmentOrderFacts } from './appointment';

const given = deciderSpec(appointment);
const workOrderId = 'wo-1';
const at = '2026-12-01T02:00:00.000Z';
const provider: Party = { kind: 'enterprise', enterpriseId: 'ent-provider', userId: 'u-provider' };
const customer: Party = { kind: 'enterprise', enterpriseId: 'ent-user', userId: 'u-user' };
const stranger: Party = { kind: 'enterprise', enterpriseId: 'ent-other', userId: 'u-other' };
const order: AppointmentOrderFacts = { status: 'assigned', providerId: 'ent-provider', requesterId: 'ent-user', ownerId: 'ent-user', assigneeId: 'u-engineer', regions: ['440305', '4403', '44', 'CN'] };
const morning = { start: '2026-12-02T01:00:00.000Z', end: '2026-12-02T03:00:00.000Z' };
const afternoon = { start: '2026-12-02T06:00:00.000Z', end: '2026-12-02T08:00:00.000Z' };
const parties = { providerId: 'ent-provider', customerIds: ['ent-user'], regions: order.regions };

const propose = (over: Partial<Extract<AppointmentCommand, { type: 'ProposeAppointment' }>['data']> = {}): AppointmentCommand => ({
  type: 'ProposeAppointment',
  data: { workOrderId, slots: [afternoon, morning], place: '南山区科技园 1 号车间', engineerId: null, engineerIsMember: false, order, by: provider, at, ...over },
});
const proposed: AppointmentEvent = { type: 'AppointmentProposed', data: { workOrderId, round: 1, slots: [morning, afternoon], place: '南山区科技园 1 号车间', engineerId: 'u-engineer', parties, by: provider, at } };
const confirm = (slotStart: string, by: Party = customer): AppointmentCommand => ({ type: 'ConfirmAppointment', data: { workOrderId, slotStart, reminderLeadMinutes: 120, by, at } });
const confirmed: AppointmentEvent = { type: 'AppointmentConfirmed', data: { workOrderId, round: 1, slot: morning, remindAt: '2026-12-01T23:00:00.000Z', by: customer, at } };
const remind = (slotStart: string): AppointmentCommand => ({ type: 'RemindOfAppointment', data: { workOrderId, slotStart, by: { kind: 'system', reason: 'appointment-reminder' }, at: '2026-12-01T23:00:00.000Z' } });

describe('visit appointment of a work order (stream Appointment-<workOrderId>)', () => {
  it('is proposed by the provider with slots in time order, the assigned engineer by default', () => {
    given([]).when(propose()).then([proposed]);
  });

  it('is the provider’s to propose, while the order is with it and not done', () => {
    given([]).when(propose({ by: customer })).thenThrows(AppointmentRuleViolation, (e) => expect(e.rule).toBe('not-your-role'));
    given([]).when(propose({ order: { ...order, status: 'closed' } })).thenThrows(IllegalTransition);
    given([]).when(propose({ engineerId: 'u-outsider', engineerIsMember: false })).thenThrows(AppointmentRuleViolation, (e) => expect(e.field).toBe('engineerId'));
  });

  it('refuses slots in the past, backwards, or none', () => {
    given([]).when(propose({ slots: [{ start: '2026-11-30T01:00:00Z', end: '2026-11-30T02:00:00Z' }] })).thenThrows(AppointmentRuleViolation, (e) => expect([e.rule, e.field]).toEqual(['in-future', 'slots[0].start']));
    given([]).when(propose({ slots: [{ start: morning.end, end: morning.start }] })).thenThrows(AppointmentRuleViolation, (e) => expect(e.field).toBe('slots[0].end'));
    given([]).when(propose({ slots: [] })).thenThrows(AppointmentRuleViolation, (e) => expect(e.rule).toBe('slot-count'));
  });

  it('is confirmed by the equipment user on a proposed slot, with the reminder two hours before', () => {
    given([proposed]).when(confirm(morning.start)).then([confirmed]);
    given([proposed]).when(confirm('2026-12-03T01:00:00.000Z')).thenThrows(AppointmentRuleViolation, (e) => expect(e.rule).toBe('proposed-slot'));
    given([proposed]).when(confirm(morning.start, stranger)).thenThrows(AppointmentRuleViolation, (e) => expect(e.rule).toBe('not-your-role'));
    given([proposed]).when(confirm(morning.start, provider)).thenThrows(AppointmentRuleViolation);
  });

  it('takes a request for another time with its reason; the provider proposes round two', () => {
    const asked: AppointmentEvent = { type: 'AppointmentRescheduleRequested', data: { workOrderId, round: 1, reason: '周三停产检修', by: customer, at } };
    given([proposed, confirmed]).when({ type: 'RequestAppointmentReschedule', data: { workOrderId, reason: ' 周三停产检修 ', by: customer, at } }).then([asked]);
    given([proposed, confirmed, asked]).when(confirm(morning.start)).thenThrows(IllegalTransition);
    const [again] = given([proposed, confirmed, asked]).when(propose({ slots: [afternoon] })).events();
    expect(again).toMatchObject({ type: 'AppointmentProposed', data: { round: 2, slots: [afternoon] } });
  });

  it('reminds of a confirmed visit once, and not of one that was moved', () => {
    const due: AppointmentEvent = { type: 'AppointmentReminderDue', data: { workOrderId, round: 1, slot: morning, place: '南山区科技园 1 号车间', engineerId: 'u-engineer', parties, at: '2026-12-01T23:00:00.000Z' } };
    given([proposed, confirmed]).when(remind(morning.start)).then([due]);
    given([proposed, confirmed, due]).when(remind(morning.start)).then([]);
    given([proposed, confirmed]).when(remind(afternoon.start)).then([]);
    given([proposed]).when(remind(morning.start)).then([]);
  });
});
