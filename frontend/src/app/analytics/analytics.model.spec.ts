import { describe, expect, it } from 'vitest';
import { breakdownOption, histogramOption, mapOption, seriesOption } from './analytics-charts';
import { apiParams, drillParams, drillThrough, filtersFromParams, formatMetric, granularityFor, levelOf, measureParams, periodRange, periodsOf } from './analytics.model';

const now = new Date('2026-12-01T18:00:00Z'); // 02:00 on 2 December in China

describe('analytics filters, drill-through and charts', () => {
  it('reads the filters from the address, defaulting to the last 30 China days and dropping what the backend would refuse', () => {
    expect(filtersFromParams({}, now)).toEqual({ from: '2026-11-03', to: '2026-12-02', region: '', deviceType: '', faultType: '' });
    expect(filtersFromParams({ from: '2026-12-01', to: '2026-11-01', region: '4403', deviceType: 'elevator', faultType: 'leakage' }, now)).toEqual({
      from: '2026-11-01',
      to: '2026-12-01',
      region: '4403',
      deviceType: 'elevator',
      faultType: 'leakage',
    });
    expect(filtersFromParams({ from: 'yesterday', region: '44x', deviceType: 'toaster' }, now)).toMatchObject({ from: '2026-11-03', region: '', deviceType: '' });
  });

  it('asks the backend with its parameter names, and drills to the work-order list with the list’s names', () => {
    const f = { from: '2026-11-01', to: '2026-11-30', region: '44', deviceType: 'elevator', faultType: '' };
    expect(apiParams(f)).toEqual({ from: '2026-11-01', to: '2026-11-30', regionCode: '44', deviceType: 'elevator' });
    expect(drillParams(f, { region: '4403' })).toEqual({ from: '2026-11-01', to: '2026-11-30', region: '4403', deviceType: 'elevator' });
    expect(drillParams({ ...f, region: 'CN' }, { faultType: 'leakage' })).toEqual({ from: '2026-11-01', to: '2026-11-30', deviceType: 'elevator', faultType: 'leakage' });
  });

  it('drills every kind of chart element to the list behind it: dimension, period, engineer and measure filter', () => {
    const f = { from: '2026-11-01', to: '2026-11-30', region: '44', deviceType: '', faultType: 'leakage' };
    const base = { from: '2026-11-01', to: '2026-11-30', region: '44', faultType: 'leakage' };
    // A headline number: the board's filters and its measure.
    expect(drillThrough(f, { kind: 'metric', metric: 'requests' })).toEqual(base);
    expect(drillThrough(f, { kind: 'metric', metric: 'slaCompliance' })).toEqual({ ...base, sla: 'breached' });
    expect(drillThrough(f, { kind: 'metric', metric: 'reworkRate' })).toEqual({ ...base, reopened: 'true' });
    expect(drillThrough(f, { kind: 'metric', metric: 'satisfaction' })).toEqual({ ...base, rated: 'low' });
    expect(drillThrough(f, { kind: 'metric', metric: 'completed' })).toEqual({ ...base, status: 'completed,receipt-submitted,receipt-approved,reported,closed' });
    // A point of a weekly trend: that week's days inside the range.
    expect(drillThrough(f, { kind: 'period', period: '2026-11-30', granularity: 'week', metric: 'alarms' })).toEqual({ ...base, from: '2026-11-30', to: '2026-11-30', sla: 'breached' });
    // A bar or slice: its region, device or fault type replaces the board's; an enterprise adds its party filter.
    expect(drillThrough(f, { kind: 'breakdown', dimension: 'region', key: '4403', metric: 'requests' })).toEqual({ ...base, region: '4403' });
    expect(drillThrough(f, { kind: 'breakdown', dimension: 'faultType', key: 'electrical', metric: 'reworkRate' })).toEqual({ ...base, faultType: 'electrical', reopened: 'true' });
    expect(drillThrough(f, { kind: 'breakdown', dimension: 'deviceType', key: 'elevator', metric: 'firstTimeFixRate' })).toEqual({
      ...base,
      deviceType: 'elevator',
      status: 'completed,receipt-submitted,receipt-approved,reported,closed',
      reopened: 'false',
    });
    expect(drillThrough(f, { kind: 'breakdown', dimension: 'provider', key: 'E-PRO' })).toEqual({ ...base, providerId: 'E-PRO' });
    expect(drillThrough(f, { kind: 'breakdown', dimension: 'requester', key: 'E-USER' })).toEqual({ ...base, requesterId: 'E-USER' });
    expect(drillThrough(f, { kind: 'breakdown', dimension: 'manufacturer', key: 'E-MAKER' })).toEqual({ ...base, manufacturerId: 'E-MAKER' });
    // An engineer's row: the engineer, at the provider.
    expect(drillThrough(f, { kind: 'engineer', engineerId: 'u-eng', providerId: 'E-PRO', metric: 'satisfaction' })).toEqual({ ...base, assigneeId: 'u-eng', providerId: 'E-PRO', rated: 'low' });
    expect(drillThrough(f, { kind: 'engineer', engineerId: 'u-eng', providerId: null })).toEqual({ ...base, assigneeId: 'u-eng' });
    // Durations and parts narrow nothing: every order of the range counts.
    for (const m of ['responseP90', 'repairP50', 'partsQuantity', 'manufacturerSatisfaction'] as const) expect(measureParams(m)).toEqual({});
  });

  it('picks the series granularity by the range, and turns a clicked period into its days within the range', () => {
    expect(granularityFor({ from: '2026-11-01', to: '2026-11-30' })).toBe('day');
    expect(granularityFor({ from: '2026-01-01', to: '2026-12-31' })).toBe('week');
    expect(granularityFor({ from: '2025-01-01', to: '2026-12-31' })).toBe('month');
    const range = { from: '2026-11-05', to: '2026-12-20' };
    expect(periodRange('2026-11-10', 'day', range)).toEqual({ from: '2026-11-10', to: '2026-11-10' });
    expect(periodRange('2026-11-02', 'week', range)).toEqual({ from: '2026-11-05', to: '2026-11-08' });
    expect(periodRange('2026-12', 'month', range)).toEqual({ from: '2026-12-01', to: '2026-12-20' });
    expect(periodRange('2026-02', 'month', { from: '2026-01-01', to: '2026-12-31' })).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodsOf({ from: '2026-11-29', to: '2026-12-02' }, 'day')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(periodsOf({ from: '2026-11-29', to: '2026-12-02' }, 'week')).toEqual(['2026-11-23', '2026-11-30']);
    expect(periodsOf({ from: '2026-11-29', to: '2026-12-02' }, 'month')).toEqual(['2026-11', '2026-12']);
  });

  it('formats counts, rates, bucket bounds, scores and fen in both languages', () => {
    expect(formatMetric(0.875, 'firstTimeFixRate', 'zh-CN')).toBe('87.5%');
    expect(formatMetric(45, 'responseP50', 'zh-CN')).toBe('≤45 分钟');
    expect(formatMetric(90, 'repairP90', 'en')).toBe('≤1.5 h');
    expect(formatMetric(2880, 'repairP90', 'zh-CN')).toBe('≤2 天');
    expect(formatMetric(4.5, 'satisfaction', 'en')).toBe('4.50');
    expect(formatMetric(123456, 'partsValueFen', 'en')).toBe('¥1,234.56');
    expect(formatMetric(null, 'requests', 'en')).toBe('—');
    expect(levelOf('')).toBe('nation');
    expect(levelOf('44')).toBe('province');
    expect(levelOf('4403')).toBe('city');
  });

  it('builds chart options: one line per metric over every period, bars by value, a map keyed by division code', () => {
    const series = seriesOption(
      [
        { metric: 'requests', name: '报修量', points: [{ period: '2026-11-02', value: 3, requests: 3 }] },
        { metric: 'completed', name: '已完工', points: [{ period: '2026-11-01', value: 1, requests: 2 }] },
      ],
      'zh-CN',
    ) as { xAxis: { data: string[] }; series: { data: { value: number | null }[] }[] };
    expect(series.xAxis.data).toEqual(['2026-11-01', '2026-11-02']);
    // Counts are zero on quiet periods.
    expect(series.series.map((s) => s.data.map((d) => d.value))).toEqual([
      [0, 3],
      [1, 0],
    ]);
    const rates = seriesOption([{ metric: 'slaCompliance', name: 'SLA', points: [{ period: '2026-11-02', value: 0.5, requests: 2 }] }], 'en', ['2026-11-01', '2026-11-02']) as {
      series: { data: { value: number | null }[] }[];
    };
    expect(rates.series[0]!.data.map((d) => d.value)).toEqual([null, 0.5]);
    const bars = breakdownOption([{ key: '4403', label: '深圳市', value: 2, requests: 2 }], 'requests', 'x', 'bar', 'zh-CN') as { yAxis: { data: string[] } };
    expect(bars.yAxis.data).toEqual(['深圳市']);
    const map = mapOption('kg-11', ['110101', '110108'], [{ key: '1101', label: '北京市', value: 5, requests: 5 }], 'requests', 'zh-CN') as {
      series: { data: { name: string; value: number | null }[] }[];
    };
    // A municipality's districts take the value of the city code they lie in.
    expect(map.series[0]!.data.map((d) => [d.name, d.value])).toEqual([
      ['110101', 5],
      ['110108', 5],
    ]);
    const histogram = histogramOption([2, 0, 1, ...new Array(22).fill(0)], 'x', 'en') as { xAxis: { data: string[] }; series: { data: number[] }[] };
    expect(histogram.series[0]!.data).toEqual([2, 0, 1, 0, 0, 0]);
    expect(histogram.xAxis.data[0]).toBe('≤5 min');
  });
});
