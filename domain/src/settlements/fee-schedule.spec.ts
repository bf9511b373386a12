import { deciderSpec } from '@kuaige/testkit';
import { IllegalTransition } from '../event-sourcing/decider';
import {
  feeSchedule,
  scheduleInForce,
  shanghaiDate,
  type DraftFeeSchedule,
  type FeeScheduleEvent,
  type ScheduleCandidate,
} from './fee-schedule';
import { SettlementNotYourRole, SettlementRuleViolation } from './settlement-rules';

const at = '2026-12-01T08:00:00.000Z';
const operator = { kind: 'operator', nodeId: 'node-sz', regionCode: '4403', userId: 'op-1' } as const;
const violates = (rule: string, field: string) => (e: SettlementRuleViolation) =>
  expect({ rule: e.rule, field: e.field }).toEqual({ rule, field });

describe('FeeSchedule', () => {
  const given = deciderSpec(feeSchedule);
  const draft = (over: Partial<DraftFeeSchedule['data']> = {}): DraftFeeSchedule => ({
    type: 'DraftFeeSchedule',
    data: {
      scheduleId: 'fs-1',
      operatorNodeId: 'node-sz',
      jurisdiction: ['4403', '44', 'CN'],
      effectiveFrom: '2026-12-01',
      labourRates: [{ skillLevel: 'senior', hourlyFen: 15_000 }],
      travelBands: [
        { upToKm: 10, fen: 5_000 },
        { upToKm: 50, fen: 10_000 },
      ],
      platformFeeRateBp: 500,
      note: ' 深圳市 2027 标准 ',
      by: operator,
      at,
      ...over,
    },
  });
  const drafted: FeeScheduleEvent = {
    type: 'FeeScheduleDrafted',
    data: {
      scheduleId: 'fs-1',
      operatorNodeId: 'node-sz',
      regionCode: '4403',
      jurisdiction: ['4403', '44', 'CN'],
      effectiveFrom: '2026-12-01',
      labourRates: [{ skillLevel: 'senior', hourlyFen: 15_000 }],
      travelBands: [
        { upToKm: 10, fen: 5_000 },
        { upToKm: 50, fen: 10_000 },
      ],
      platformFeeRateBp: 500,
      expertFeeRateBp: 0,
      note: '深圳市 2027 标准',
      by: 'op-1',
      at,
    },
  };
  const publish = (
    by: typeof operator | { kind: 'operator'; nodeId: string; regionCode: string; userId: string } = operator,
    when = at,
  ) => ({ type: 'PublishFeeSchedule' as const, data: { by, at: when } });

  it('is drafted by the staff of its operator node for the node’s division, then published once', () => {
    given([]).when(draft()).then([drafted]);
    given([drafted])
      .when(publish())
      .then([{ type: 'FeeSchedulePublished', data: { scheduleId: 'fs-1', by: 'op-1', at } }]);
    given([drafted, { type: 'FeeSchedulePublished', data: { scheduleId: 'fs-1', by: 'op-1', at } }])
      .when(publish())
      .thenThrows(IllegalTransition);
    given([drafted]).when(draft()).thenThrows(IllegalTransition);
    given([]).when(publish()).thenThrows(IllegalTransition);
  });

  it('refuses other nodes, enterprises and retroactive publication', () => {
    given([])
      .when(draft({ by: { kind: 'enterprise', enterpriseId: 'e', userId: 'u' } }))
      .thenThrows(SettlementNotYourRole);
    given([drafted])
      .when(publish({ kind: 'operator', nodeId: 'node-gd', regionCode: '44', userId: 'op-2' }))
      .thenThrows(SettlementNotYourRole);
    given([drafted])
      .when(publish(operator, '2026-12-02T08:00:00.000Z'))
      .thenThrows(SettlementRuleViolation, violates('effective-in-past', 'effectiveFrom'));
  });

  it('refuses terms that are not whole fen, whole basis points, known levels or ascending bands', () => {
    given([])
      .when(draft({ effectiveFrom: '2026-13-01' }))
      .thenThrows(SettlementRuleViolation, violates('iso-date', 'effectiveFrom'));
    given([])
      .when(draft({ labourRates: [{ skillLevel: 'guru', hourlyFen: 1 }] }))
      .thenThrows(SettlementRuleViolation, violates('skill-level', 'labourRates[0].skillLevel'));
    given([])
      .when(draft({ labourRates: [{ skillLevel: 'senior', hourlyFen: 100.5 }] }))
      .thenThrows(SettlementRuleViolation, violates('fen', 'labourRates[0].hourlyFen'));
    given([])
      .when(
        draft({
          labourRates: [
            { skillLevel: 'senior', hourlyFen: 1 },
            { skillLevel: 'senior', hourlyFen: 2 },
          ],
        }),
      )
      .thenThrows(SettlementRuleViolation, violates('unique', 'labourRates[1].skillLevel'));
    given([])
      .when(
        draft({
          travelBands: [
            { upToKm: 10, fen: 1 },
            { upToKm: 10, fen: 2 },
          ],
        }),
      )
      .thenThrows(SettlementRuleViolation, violates('ascending', 'travelBands[1].upToKm'));
    given([])
      .when(draft({ platformFeeRateBp: 2.5 }))
      .thenThrows(SettlementRuleViolation, violates('basis-points', 'platformFeeRateBp'));
    given([])
      .when(draft({ expertFeeRateBp: 10_001 }))
      .thenThrows(SettlementRuleViolation, violates('basis-points', 'expertFeeRateBp'));
  });
});

describe('scheduleInForce', () => {
  const s = (
    scheduleId: string,
    regionCode: string,
    effectiveFrom: string,
    status: 'draft' | 'published' = 'published',
    publishedAt = '2026-11-01T00:00:00.000Z',
  ): ScheduleCandidate => ({ scheduleId, regionCode, effectiveFrom, status, publishedAt });
  const path = ['440305', '4403', '44', 'CN'];

  it('picks the most specific published schedule on the path effective on the day of completion (Shanghai time)', () => {
    const national = s('cn', 'CN', '2026-01-01');
    const province = s('gd', '44', '2026-06-01');
    const city = s('sz', '4403', '2026-12-02');
    const otherCity = s('gz', '4401', '2026-01-01');
    const draftCounty = s('ns', '440305', '2026-01-01', 'draft');
    const all = [national, province, city, otherCity, draftCounty];
    expect(scheduleInForce(all, path, '2026-12-01T12:00:00.000Z')?.scheduleId).toBe('gd');
    // 16:00 UTC on the 1st is already the 2nd in Shanghai: the city's schedule is in force.
    expect(scheduleInForce(all, path, '2026-12-01T16:00:00.000Z')?.scheduleId).toBe('sz');
    expect(scheduleInForce(all, path, '2026-03-01T00:00:00.000Z')?.scheduleId).toBe('cn');
    expect(scheduleInForce(all, ['110101', '1101', '11', 'CN'], '2026-12-05T00:00:00.000Z')?.scheduleId).toBe('cn');
    expect(scheduleInForce([otherCity, draftCounty], path, '2026-12-05T00:00:00.000Z')).toBeNull();
    expect(shanghaiDate('2026-12-31T16:00:00.000Z')).toBe('2027-01-01');
  });

  it('between schedules of one division, takes the latest effective date, then the latest publication', () => {
    const older = s('a', '4403', '2026-01-01');
    const newer = s('b', '4403', '2026-06-01');
    const republished = s('c', '4403', '2026-06-01', 'published', '2026-11-20T00:00:00.000Z');
    expect(scheduleInForce([older, newer], path, '2026-12-01T00:00:00.000Z')?.scheduleId).toBe('b');
    expect(scheduleInForce([republished, older, newer], path, '2026-12-01T00:00:00.000Z')?.scheduleId).toBe('c');
  });
});
