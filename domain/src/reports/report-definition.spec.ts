import { cronOfReportSchedule, parseReportRecipients, parseReportSchedule } from './report-schedule';
import { parseReportDefinition, resolveReportRange, ReportRuleViolation } from './report-definition';

const refusal = (input: unknown, read: (i: unknown) => unknown = parseReportDefinition): [string, string] => {
  try {
    read(input);
  } catch (e) {
    if (e instanceof ReportRuleViolation) return [e.field, e.rule];
    throw e;
  }
  throw new Error('accepted');
};
const base = { name: '报修量', dimensions: ['deviceType'], measures: ['requests'] };

describe('reading a report definition', () => {
  it('takes one or two dimensions, measures of the analytics, filters and a chart, trimmed', () => {
    expect(parseReportDefinition({ ...base, name: '  报修量 ', dimensions: ['region', 'week'], measures: ['requests', 'repairP90'], filters: { regionCode: '4403', range: { kind: 'absolute', from: '2026-11-01', to: '2026-11-30' } }, chart: 'line' })).toEqual({
      name: '报修量',
      description: '',
      rows: 'region',
      columns: 'week',
      measures: ['requests', 'repairP90'],
      filters: { range: { kind: 'absolute', from: '2026-11-01', to: '2026-11-30' }, regionCode: '4403', deviceType: null, faultType: null, enterpriseId: null },
      chart: 'line',
    });
    expect(parseReportDefinition(base).chart).toBe('table');
  });

  it('names the field and rule of what it refuses', () => {
    expect(refusal('x')).toEqual(['definition', 'isObject']);
    expect(refusal({ ...base, name: ' ' })).toEqual(['name', 'required']);
    expect(refusal({ ...base, name: 'a\u202eb' })).toEqual(['name', 'plainText']);
    expect(refusal({ ...base, measures: ['requests', 'profit'] })).toEqual(['measures[1]', 'isIn']);
    expect(refusal({ ...base, measures: [] })).toEqual(['measures', 'required']);
    expect(refusal({ ...base, measures: ['requests', 'requests'] })).toEqual(['measures[1]', 'distinct']);
    expect(refusal({ ...base, dimensions: ['region', 'month', 'deviceType'] })).toEqual(['dimensions', 'maxItems']);
    expect(refusal({ ...base, dimensions: ['region', 'region'] })).toEqual(['dimensions[1]', 'distinct']);
    expect(refusal({ ...base, dimensions: ['day', 'month'] })).toEqual(['dimensions[1]', 'distinct']);
    expect(refusal({ ...base, dimensions: ['region', 'provider'] })).toEqual(['dimensions[1]', 'columnDimension']);
    expect(refusal({ ...base, dimensions: ['colour'] })).toEqual(['dimensions[0]', 'isIn']);
    expect(refusal({ ...base, chart: 'radar' })).toEqual(['chart', 'isIn']);
    expect(refusal({ ...base, filters: { range: { kind: 'absolute', from: '2026-11-30', to: '2026-11-01' } } })).toEqual(['filters.range.to', 'range']);
    expect(refusal({ ...base, filters: { range: { kind: 'absolute', from: '2026-02-30', to: '2026-03-01' } } })).toEqual(['filters.range.from', 'day']);
    expect(refusal({ ...base, filters: { range: { kind: 'last-days', days: 0 } } })).toEqual(['filters.range.days', 'range']);
    expect(refusal({ ...base, filters: { regionCode: '440' } })).toEqual(['filters.regionCode', 'matches']);
  });

  it('resolves relative ranges against the day of the run', () => {
    expect(resolveReportRange({ kind: 'last-days', days: 7 }, '2026-03-02')).toEqual({ from: '2026-02-24', to: '2026-03-02' });
    expect(resolveReportRange({ kind: 'this-month' }, '2026-03-02')).toEqual({ from: '2026-03-01', to: '2026-03-02' });
    expect(resolveReportRange({ kind: 'last-month' }, '2026-03-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(resolveReportRange({ kind: 'last-month' }, '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(resolveReportRange(null, '2026-01-15')).toEqual({});
  });
});

describe('reading a report schedule', () => {
  it('turns daily, weekly and monthly times into cron patterns with seconds', () => {
    expect(cronOfReportSchedule(parseReportSchedule({ frequency: 'daily', time: '08:30' }))).toBe('0 30 8 * * *');
    expect(cronOfReportSchedule(parseReportSchedule({ frequency: 'weekly', weekday: 7, time: '18:05' }))).toBe('0 5 18 * * 0');
    expect(cronOfReportSchedule(parseReportSchedule({ frequency: 'monthly', day: 28, time: '00:00' }))).toBe('0 0 0 28 * *');
  });

  it('names the field and rule of what it refuses', () => {
    expect(refusal({ frequency: 'daily', time: '24:00' }, parseReportSchedule)).toEqual(['schedule.time', 'matches']);
    expect(refusal({ frequency: 'hourly', time: '08:00' }, parseReportSchedule)).toEqual(['schedule.frequency', 'isIn']);
    expect(refusal({ frequency: 'monthly', day: 31, time: '08:00' }, parseReportSchedule)).toEqual(['schedule.day', 'range']);
    expect(refusal(['u-1', 'not a user'], parseReportRecipients)).toEqual(['recipients[1]', 'matches']);
    expect(parseReportRecipients(['u-1', 'u-1'])).toEqual(['u-1']);
  });
});
