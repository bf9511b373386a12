import { describe, expect, it } from 'vitest';
import type { LiveBoard, Metrics, Overview } from '../analytics.model';
import { barPercent, boardFilters, boardTiles, freshIds, onDark, topEngineers } from './ops-board.model';

const now = new Date('2026-12-01T18:00:00Z'); // 02:00 on 2 December in China
const metrics = (values: Partial<Metrics>): Metrics => ({ ...(Object.fromEntries(['requests', 'completed'].map((k) => [k, null])) as Metrics), ...values });

describe('the operations board', () => {
  const live: LiveBoard = {
    at: '2026-12-01T18:00:00.000Z',
    today: '2026-12-02',
    counts: [
      { key: 'requestsToday', count: 12, query: { from: '2026-12-02', to: '2026-12-02' } },
      { key: 'overdue', count: 3, query: { status: 'submitted,in-progress', sla: 'breached', region: '44' } },
      { key: 'completedToday', count: 0, query: { completedFrom: '2026-12-02', completedTo: '2026-12-02' } },
    ],
    recent: [],
  };
  const overview: Overview = { regionCode: '44', regionPath: [], metrics: metrics({ satisfaction: 4.256, slaCompliance: 0.9 }), responseHistogram: [], repairHistogram: [] };

  it('shows the last 30 China days of its region', () => {
    expect(boardFilters(now, '')).toEqual({ from: '2026-11-03', to: '2026-12-02', region: '', deviceType: '', faultType: '' });
  });

  it('drills each live count to the list query the backend counted, and the 30-day numbers to their problem orders', () => {
    const tiles = boardTiles(live, overview, boardFilters(now, ''), 'zh-CN');
    expect(tiles.map((t) => [t.key, t.value, t.alert])).toEqual([
      ['requestsToday', '12', false],
      ['overdue', '3', true],
      ['completedToday', '0', false],
      ['satisfaction', '4.26', false],
      ['slaCompliance', '90.0%', false],
    ]);
    expect(tiles[1]!.query).toEqual({ status: 'submitted,in-progress', sla: 'breached', region: '44' });
    // The operator's own region stands in for the caller's scope.
    expect(tiles[3]!.query).toEqual({ from: '2026-11-03', to: '2026-12-02', region: '44', rated: 'low' });
    expect(tiles[4]!.query).toEqual({ from: '2026-11-03', to: '2026-12-02', region: '44', sla: 'breached' });
    // Before anything loaded: the 30-day tiles show a dash, no count tiles.
    expect(boardTiles(undefined, undefined, boardFilters(now, '4403'), 'en').map((t) => [t.key, t.value])).toEqual([
      ['satisfaction', '—'],
      ['slaCompliance', '—'],
    ]);
  });

  it('ranks engineers by completed orders, then requests', () => {
    const e = (engineerId: string, completed: number | null, requests: number) => ({ engineerId, name: engineerId, providerId: null, providerName: null, metrics: metrics({ completed, requests }) });
    expect(topEngineers([e('a', 1, 9), e('b', 4, 4), e('c', 1, 10), e('d', null, 20)], 3).map((x) => x.engineerId)).toEqual(['b', 'c', 'a']);
  });

  it('lights up only the ticker rows that arrived since the last refresh', () => {
    expect(freshIds(undefined, [{ id: 'a' }])).toEqual(new Set());
    expect(freshIds([{ id: 'a' }, { id: 'b' }], [{ id: 'c' }, { id: 'a' }])).toEqual(new Set(['c']));
  });

  it('sizes ranking bars against the longest, keeping a sliver for small non-zero values', () => {
    expect([barPercent(50, 100), barPercent(1, 1000), barPercent(0, 10), barPercent(null, 10), barPercent(5, 0)]).toEqual([50, 3, 0, 0, 0]);
  });

  it('dresses charts for the dark board: transparent, light text, the map on deep blue', () => {
    const map = onDark({ visualMap: { min: 0 }, series: [{ type: 'map', map: 'kg-44', data: [] }] });
    expect(map).toMatchObject({ backgroundColor: 'transparent', visualMap: { min: 0, inRange: { color: expect.arrayContaining(['#0e2a5c']) } } });
    expect((map['series'] as { itemStyle: { areaColor: string } }[])[0]!.itemStyle.areaColor).toBe('#0b1d3f');
    expect(onDark({ legend: { bottom: 0 }, series: [{ type: 'bar' }] })).toMatchObject({ legend: { bottom: 0, textStyle: { color: '#c9dcff' } }, series: [{ type: 'bar' }] });
  });
});
