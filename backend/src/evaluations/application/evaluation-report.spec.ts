import { figuresOf, groupsOf, periodOf, recentCommentsOf, regionKeyOf, type ScoredEvaluation } from './evaluation-report';

const evaluation = (key: string | null, satisfaction: number, over: Partial<ScoredEvaluation> = {}): ScoredEvaluation => ({
  key,
  workOrderId: `wo-${satisfaction}`,
  number: 'WO-1',
  by: 'equipment-user',
  satisfaction,
  quality: null,
  efficiency: null,
  opinion: '',
  at: '2026-11-20T01:00:00.000Z',
  ...over,
});

describe('evaluation report figures', () => {
  it('averages each aspect over the evaluations that gave it, and counts the satisfaction distribution', () => {
    const figures = figuresOf([evaluation('a', 5, { quality: 4 }), evaluation('a', 4), evaluation('b', 4, { quality: 5, efficiency: 3 })], [{ key: 'a', satisfaction: 3 }]);
    expect(figures).toEqual({ evaluations: 3, satisfaction: 4.33, quality: 4.5, efficiency: 3, distribution: [0, 0, 0, 2, 1], returnVisits: 1, returnVisitSatisfaction: 3 });
    expect(figuresOf([], [])).toEqual({ evaluations: 0, satisfaction: null, quality: null, efficiency: null, distribution: [0, 0, 0, 0, 0], returnVisits: 0, returnVisitSatisfaction: null });
  });

  it('groups by key, most evaluated first, leaving keyless ones to the overall figures', () => {
    const groups = groupsOf([evaluation('b', 5), evaluation('a', 4), evaluation('b', 3), evaluation(null, 1)], [{ key: 'c', satisfaction: 5 }]);
    expect(groups.map((g) => [g.key, g.evaluations, g.returnVisits])).toEqual([
      ['b', 2, 0],
      ['a', 1, 0],
      ['c', 0, 1],
    ]);
  });

  it('lists the latest ten comments, newest first', () => {
    const many = Array.from({ length: 12 }, (_, i) => evaluation('a', 5, { workOrderId: `wo-${i}`, opinion: i === 3 ? '' : `意见 ${i}`, at: `2026-11-${String(10 + i).padStart(2, '0')}T00:00:00.000Z` }));
    expect(recentCommentsOf(many).map((e) => e.workOrderId)).toEqual(['wo-11', 'wo-10', 'wo-9', 'wo-8', 'wo-7', 'wo-6', 'wo-5', 'wo-4', 'wo-2', 'wo-1']);
  });

  it('names regions one level below the operator node, counties for everyone else', () => {
    expect(regionKeyOf('440305', 'CN')).toBe('44');
    expect(regionKeyOf('440305', '44')).toBe('4403');
    expect(regionKeyOf('440305', '4403')).toBe('440305');
    expect(regionKeyOf('440305', null)).toBe('440305');
  });

  it('reads date-only bounds as whole days in China time', () => {
    expect(periodOf('2026-11-01', '2026-11-30')).toEqual({ from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z' });
    expect(periodOf('2026-11-01T08:00:00Z', undefined)).toEqual({ from: '2026-11-01T08:00:00.000Z', to: null });
  });
});
