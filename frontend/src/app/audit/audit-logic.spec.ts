import { describe, expect, it } from 'vitest';
import { changeCounts, entityOf, instantOf, searchParams, valueText } from './audit-logic';

const blank = {
  actor: '',
  enterpriseId: '',
  nodeId: '',
  stream: '',
  type: '',
  result: '',
  from: '',
  to: '',
  sort: '',
  page: 1,
  pageSize: 20,
};

describe('audit console logic', () => {
  it('sends only the filters chosen, days as instants of China time with the end day included', () => {
    expect(searchParams({ ...blank, type: 'WorkOrderDispatched', from: '2026-12-01', to: '2026-12-01' })).toEqual({
      type: 'WorkOrderDispatched',
      from: '2026-11-30T16:00:00.000Z',
      to: '2026-12-01T16:00:00.000Z',
      page: 1,
      pageSize: 20,
    });
    expect(searchParams({ ...blank, stream: 'WorkOrder-1' }, false)).toEqual({ stream: 'WorkOrder-1' });
    expect(instantOf('2026-12-01T08:00:00Z')).toBe('2026-12-01T08:00:00Z');
  });

  it('reads values and entities as the console shows them', () => {
    expect([valueText(null), valueText(undefined), valueText('dispatched'), valueText(3), valueText(['a'])]).toEqual([
      '—',
      '—',
      'dispatched',
      '3',
      '["a"]',
    ]);
    expect(entityOf('WorkOrder-abc-1')).toEqual({ category: 'WorkOrder', id: 'abc-1' });
    expect(
      changeCounts([
        { path: 'a', kind: 'added' },
        { path: 'b', kind: 'changed' },
        { path: 'c', kind: 'changed' },
      ]),
    ).toEqual({ added: 1, removed: 0, changed: 2 });
  });
});
