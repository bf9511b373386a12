import { describe, expect, it } from 'vitest';
import {
  cellText,
  chartOption,
  columnChoices,
  controlOfField,
  definitionInput,
  fieldAliases,
  formOfDefinition,
  newReportForm,
  recipientIds,
  scheduleFormOf,
  scheduleInput,
  scheduleSummary,
  type ReportDefinition,
  type ReportTable,
} from './reports.model';

const saved: ReportDefinition = {
  name: '各区县报修量',
  description: '近 7 天',
  rows: 'region',
  columns: 'month',
  measures: ['requests', 'slaCompliance'],
  filters: { range: { kind: 'last-days', days: 7 }, regionCode: '4403', deviceType: 'water-pump', faultType: null, enterpriseId: null },
  chart: 'bar',
};

const table: ReportTable = {
  columns: [
    { key: 'label', label: '地区', kind: 'dimension' },
    { key: 'requests', label: '报修量', kind: 'measure', measure: 'requests' },
    { key: 'slaCompliance', label: 'SLA 达成率', kind: 'measure', measure: 'slaCompliance' },
  ],
  rows: [
    { key: '440305', label: '南山区', requests: 2, slaCompliance: 0.5 },
    { key: '440106', label: '天河区', requests: 1, slaCompliance: null },
  ],
  totals: { requests: 3, slaCompliance: 0.5 },
};

describe('custom report definitions in the builder', () => {
  it('turns a saved definition into the form and back into the body the backend takes', () => {
    const form = formOfDefinition(saved);
    expect(form).toMatchObject({ rows: 'region', columns: 'month', rangeKind: 'last-days', days: 7, regionCode: '4403', deviceType: 'water-pump', faultType: '' });
    expect(definitionInput(form)).toEqual({
      name: '各区县报修量',
      description: '近 7 天',
      dimensions: ['region', 'month'],
      measures: ['requests', 'slaCompliance'],
      filters: { range: { kind: 'last-days', days: 7 }, regionCode: '4403', deviceType: 'water-pump', faultType: null },
      chart: 'bar',
    });
  });

  it('sends one dimension when no columns are picked, absolute and calendar ranges as such, and a name for an unsaved preview', () => {
    const form = { ...newReportForm(), rangeKind: 'absolute' as const, from: '2026-11-01', to: '2026-11-30' };
    const body = definitionInput(form, '未命名报表');
    expect(body.name).toBe('未命名报表');
    expect(body.dimensions).toEqual(['region']);
    expect(body.filters.range).toEqual({ kind: 'absolute', from: '2026-11-01', to: '2026-11-30' });
    expect(definitionInput({ ...form, rangeKind: 'last-month' }).filters.range).toEqual({ kind: 'last-month' });
    expect(definitionInput({ ...form, rangeKind: 'none' }).filters.range).toBeNull();
    expect(formOfDefinition({ ...saved, filters: { ...saved.filters, range: null } }).rangeKind).toBe('none');
  });

  it('offers as columns only splits the backend accepts: never the rows again, never a second time granularity', () => {
    expect(columnChoices('region')).toEqual(['deviceType', 'faultType', 'day', 'week', 'month']);
    expect(columnChoices('month')).toEqual(['region', 'deviceType', 'faultType']);
    expect(columnChoices('provider')).toContain('region');
  });

  it('puts a backend refusal on the control it names', () => {
    expect(controlOfField('dimensions[1]')).toBe('columns');
    expect(controlOfField('measures[2]')).toBe('measures');
    expect(controlOfField('filters.range.to')).toBe('to');
    expect(controlOfField('recipients[3]')).toBe('recipients');
    expect(controlOfField('schedule.day')).toBe('day');
    expect(controlOfField('definition')).toBeNull();
    expect(fieldAliases([{ field: 'filters.regionCode' }, { field: 'definition' }])).toEqual({ 'filters.regionCode': 'regionCode' });
  });
});

describe('custom report schedules', () => {
  it('reads and writes daily, weekly and monthly schedules with their recipients', () => {
    const form = scheduleFormOf({ frequency: 'weekly', weekday: 3, time: '09:30' }, ['u1', 'u2']);
    expect(form).toEqual({ frequency: 'weekly', time: '09:30', weekday: 3, day: 1, recipients: 'u1, u2' });
    expect(scheduleInput(form)).toEqual({ schedule: { frequency: 'weekly', weekday: 3, time: '09:30' }, recipients: ['u1', 'u2'] });
    expect(scheduleInput({ ...form, frequency: 'monthly', day: 28 })?.schedule).toEqual({ frequency: 'monthly', day: 28, time: '09:30' });
    expect(scheduleInput({ ...form, frequency: 'none' })).toBeNull();
    expect(recipientIds('a，b\nc, a ;d')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('summarises a schedule for the list', () => {
    expect(scheduleSummary(null).key).toBe('reports.schedule.summary.none');
    expect(scheduleSummary({ frequency: 'weekly', weekday: 5, time: '08:00' })).toEqual({ key: 'reports.schedule.summary.weekly', time: '08:00', weekday: 5, day: null });
    expect(scheduleSummary({ frequency: 'monthly', day: 1, time: '07:00' }).day).toBe(1);
  });
});

describe('custom report tables and charts', () => {
  it('writes cells as the dashboards write their measures', () => {
    expect(cellText(0.5, table.columns[2]!, 'zh-CN')).toBe('50.0%');
    expect(cellText(null, table.columns[2]!, 'en')).toBe('—');
    expect(cellText('南山区', table.columns[0]!, 'zh-CN')).toBe('南山区');
    expect(cellText(1234, table.columns[1]!, 'en')).toBe('1,234');
  });

  it('draws bars or lines per measure over the rows, rates as percentages, and a pie of the first measure', () => {
    const bar = chartOption(table, 'bar') as { xAxis: { data: string[] }; series: { type: string; data: (number | null)[] }[] };
    expect(bar.xAxis.data).toEqual(['南山区', '天河区']);
    expect(bar.series.map((s) => s.type)).toEqual(['bar', 'bar']);
    expect(bar.series[1]!.data).toEqual([50, null]);
    const pie = chartOption(table, 'pie') as { series: { data: { name: string; value: number }[] }[] };
    expect(pie.series[0]!.data).toEqual([
      { name: '南山区', value: 2 },
      { name: '天河区', value: 1 },
    ]);
    expect(chartOption(table, 'table')).toBeNull();
    expect(chartOption({ ...table, rows: [] }, 'line')).toBeNull();
  });
});
