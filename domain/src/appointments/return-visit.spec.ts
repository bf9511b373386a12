import { deciderSpec } from '@kuaige/testkit';
import { IllegalTransition } from '../event-sourcing/decider';
import type { Party } from '../maintenance/party';
import { returnVisit, ReturnVisitRuleViolation, type ReturnVisitCommand, type ReturnVisitEvent } from './return-visit';

const given = deciderSpec(returnVisit);
const workOrderId = 'wo-1';
const parties = { providerId: 'ent-provider', customerIds: ['ent-user'], manufacturerId: null, regions: ['440305', '4403', '44', 'CN'] };
const schedule: ReturnVisitCommand = { type: 'ScheduleReturnVisit', data: { workOrderId, number: 'WO-1', closedAt: '2026-12-01T02:00:00.000Z', afterDays: 3, parties, at: '2026-12-01T02:00:01.000Z' } };
const scheduled: ReturnVisitEvent = { type: 'ReturnVisitScheduled', data: { workOrderId, number: 'WO-1', dueAt: '2026-12-04T02:00:00.000Z', parties, at: '2026-12-01T02:00:01.000Z' } };
const provider: Party = { kind: 'enterprise', enterpriseId: 'ent-provider', userId: 'u-p' };
const cityOperator: Party = { kind: 'operator', nodeId: 'n-4403', regionCode: '4403', userId: 'u-o' };
const otherCity: Party = { kind: 'operator', nodeId: 'n-4401', regionCode: '4401', userId: 'u-x' };
const customer: Party = { kind: 'enterprise', enterpriseId: 'ent-user', userId: 'u-c' };
const record = (by: Party, outcome = 'resolved', satisfaction: number | null = 5): ReturnVisitCommand => ({
  type: 'RecordReturnVisit',
  data: { workOrderId, outcome, satisfaction, note: '设备运行正常', by, at: '2026-12-04T03:00:00.000Z' },
});

describe('return visit after closing (stream ReturnVisit-<workOrderId>)', () => {
  it('is scheduled the given days after closing, once', () => {
    given([]).when(schedule).then([scheduled]);
    given([scheduled]).when(schedule).then([]);
  });

  it('is recorded by the provider or an operator of the jurisdiction, with satisfaction 1–5', () => {
    given([scheduled]).when(record(provider)).then([{ type: 'ReturnVisitRecorded', data: { workOrderId, outcome: 'resolved', satisfaction: 5, note: '设备运行正常', by: provider, at: '2026-12-04T03:00:00.000Z' } }]);
    expect(given([scheduled]).when(record(cityOperator, 'recurring', 2)).events()).toHaveLength(1);
    given([scheduled]).when(record(otherCity)).thenThrows(ReturnVisitRuleViolation, (e) => expect(e.rule).toBe('not-your-role'));
    given([scheduled]).when(record(customer)).thenThrows(ReturnVisitRuleViolation, (e) => expect(e.rule).toBe('not-your-role'));
  });

  it('refuses a satisfaction outside 1–5, and one for a customer never reached', () => {
    given([scheduled]).when(record(provider, 'resolved', 6)).thenThrows(ReturnVisitRuleViolation, (e) => expect(e.field).toBe('satisfaction'));
    given([scheduled]).when(record(provider, 'resolved', null)).thenThrows(ReturnVisitRuleViolation);
    given([scheduled]).when(record(provider, 'unreachable', 3)).thenThrows(ReturnVisitRuleViolation);
    expect(given([scheduled]).when(record(provider, 'unreachable', null)).events()).toHaveLength(1);
  });

  it('is recorded once, and only once scheduled', () => {
    given([]).when(record(provider)).thenThrows(IllegalTransition);
    const recorded = given([scheduled]).when(record(provider)).events();
    given([scheduled, ...recorded]).when(record(provider)).thenThrows(IllegalTransition);
  });
});
