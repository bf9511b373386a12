import { METRICS, formatMetric, metricKind, type Metric } from '../analytics.model';

// ---- 自定义报表 in the console: the saved definition <-> the builder's form, the table as a chart --
// The backend keeps a definition as { rows, columns, measures, filters, chart } and takes one as
// { dimensions: [rows, columns?], … }; the form edits flat fields so each refusal lands on one control.

export const REPORT_DIMENSIONS = ['region', 'deviceType', 'faultType', 'requester', 'provider', 'manufacturer', 'day', 'week', 'month'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];
/** A second dimension splits by narrowing the analytics filters, which exist for these alone. */
export const COLUMN_DIMENSIONS: readonly ReportDimension[] = ['region', 'deviceType', 'faultType', 'day', 'week', 'month'];
const TIME_DIMENSIONS: readonly ReportDimension[] = ['day', 'week', 'month'];
export const REPORT_CHARTS = ['table', 'bar', 'line', 'pie'] as const;
export type ReportChart = (typeof REPORT_CHARTS)[number];
export const REPORT_MEASURES: readonly Metric[] = METRICS;
export const MEASURES_MAX = 6;
export const RANGE_KINDS = ['none', 'last-days', 'this-month', 'last-month', 'absolute'] as const;
export type RangeKind = (typeof RANGE_KINDS)[number];
export const FREQUENCIES = ['none', 'daily', 'weekly', 'monthly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export type ReportRange =
  | { readonly kind: 'absolute'; readonly from: string; readonly to: string }
  | { readonly kind: 'last-days'; readonly days: number }
  | { readonly kind: 'this-month' }
  | { readonly kind: 'last-month' };

export interface ReportDefinition {
  readonly name: string;
  readonly description: string;
  readonly rows: ReportDimension;
  readonly columns: ReportDimension | null;
  readonly measures: readonly Metric[];
  readonly filters: {
    readonly range: ReportRange | null;
    readonly regionCode: string | null;
    readonly deviceType: string | null;
    readonly faultType: string | null;
    readonly enterpriseId?: string | null;
  };
  readonly chart: ReportChart;
}

export type ReportSchedule =
  | { readonly frequency: 'daily'; readonly time: string }
  | { readonly frequency: 'weekly'; readonly weekday: number; readonly time: string }
  | { readonly frequency: 'monthly'; readonly day: number; readonly time: string };

export interface ReportView {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly definition: ReportDefinition;
  readonly ownerId: string;
  readonly ownerName: string | null;
  readonly visibility: 'private' | 'shared';
  readonly schedule: ReportSchedule | null;
  readonly recipients: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly mine: boolean;
  readonly editable: boolean;
}

export interface ReportColumn {
  readonly key: string;
  readonly label: string;
  readonly kind: 'dimension' | 'measure';
  readonly measure?: Metric;
  readonly split?: string;
}
export type ReportCell = string | number | null;
export interface ReportTable {
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly Record<string, ReportCell>[];
  readonly totals: Readonly<Record<string, number | null>>;
}
export interface ReportRun {
  readonly id: string;
  readonly reportId: string;
  readonly reportName: string;
  readonly dueAt: string;
  readonly ranAt: string;
  readonly forUserId: string;
  readonly table: ReportTable;
}

/** The builder's fields; '' means "not chosen". */
export interface ReportForm {
  name: string;
  description: string;
  rows: ReportDimension;
  columns: ReportDimension | '';
  measures: Metric[];
  rangeKind: RangeKind;
  days: number;
  from: string;
  to: string;
  regionCode: string;
  deviceType: string;
  faultType: string;
  chart: ReportChart;
}

export interface ScheduleForm {
  frequency: Frequency;
  time: string;
  weekday: number;
  day: number;
  /** User ids, separated by commas, spaces or new lines. */
  recipients: string;
}

/** What a new report starts as: requests per region over the last 30 days, as bars. */
export const newReportForm = (): ReportForm => ({
  name: '',
  description: '',
  rows: 'region',
  columns: '',
  measures: ['requests'],
  rangeKind: 'last-days',
  days: 30,
  from: '',
  to: '',
  regionCode: '',
  deviceType: '',
  faultType: '',
  chart: 'bar',
});

export function formOfDefinition(d: ReportDefinition): ReportForm {
  const range = d.filters.range;
  return {
    name: d.name,
    description: d.description,
    rows: d.rows,
    columns: d.columns ?? '',
    measures: [...d.measures],
    rangeKind: range?.kind ?? 'none',
    days: range?.kind === 'last-days' ? range.days : 30,
    from: range?.kind === 'absolute' ? range.from : '',
    to: range?.kind === 'absolute' ? range.to : '',
    regionCode: d.filters.regionCode ?? '',
    deviceType: d.filters.deviceType ?? '',
    faultType: d.filters.faultType ?? '',
    chart: d.chart,
  };
}

const rangeOf = (f: ReportForm): ReportRange | null => {
  switch (f.rangeKind) {
    case 'last-days':
      return { kind: 'last-days', days: Number(f.days) };
    case 'absolute':
      return { kind: 'absolute', from: f.from, to: f.to };
    case 'this-month':
    case 'last-month':
      return { kind: f.rangeKind };
    default:
      return null;
  }
};

/** The body of POST/PUT /api/v1/reports and POST /preview. */
export function definitionInput(f: ReportForm, fallbackName = '') {
  return {
    name: f.name.trim() || fallbackName,
    description: f.description.trim(),
    dimensions: f.columns ? [f.rows, f.columns] : [f.rows],
    measures: [...f.measures],
    filters: {
      range: rangeOf(f),
      regionCode: f.regionCode.trim() || null,
      deviceType: f.deviceType || null,
      faultType: f.faultType || null,
    },
    chart: f.chart,
  };
}

/** The second dimensions that fit after `rows`: a split the backend accepts, never the same one or a second time granularity. */
export const columnChoices = (rows: ReportDimension): ReportDimension[] =>
  COLUMN_DIMENSIONS.filter((c) => c !== rows && !(TIME_DIMENSIONS.includes(rows) && TIME_DIMENSIONS.includes(c)));

/** Which builder control a backend refusal is about (`dimensions[1]` → columns, `filters.range.to` → to …). */
export function controlOfField(field: string): string | null {
  const base = field.replace(/\[\d+\]$/, '');
  const known: Record<string, string> = {
    name: 'name',
    description: 'description',
    dimensions: 'rows',
    'dimensions[0]': 'rows',
    'dimensions[1]': 'columns',
    measures: 'measures',
    chart: 'chart',
    'filters.range': 'rangeKind',
    'filters.range.kind': 'rangeKind',
    'filters.range.days': 'days',
    'filters.range.from': 'from',
    'filters.range.to': 'to',
    'filters.regionCode': 'regionCode',
    'filters.deviceType': 'deviceType',
    'filters.faultType': 'faultType',
    'schedule.frequency': 'frequency',
    'schedule.time': 'time',
    'schedule.weekday': 'weekday',
    'schedule.day': 'day',
    recipients: 'recipients',
  };
  return known[field] ?? known[base] ?? null;
}

/** Aliases for placeFieldErrors: each backend field named in `fields` to its control. */
export const fieldAliases = (fields: readonly { field: string }[]): Record<string, string> =>
  Object.fromEntries(fields.flatMap(({ field }) => {
    const control = controlOfField(field);
    return control ? [[field, control]] : [];
  }));

export function scheduleFormOf(schedule: ReportSchedule | null, recipients: readonly string[]): ScheduleForm {
  return {
    frequency: schedule?.frequency ?? 'none',
    time: schedule?.time ?? '08:00',
    weekday: schedule?.frequency === 'weekly' ? schedule.weekday : 1,
    day: schedule?.frequency === 'monthly' ? schedule.day : 1,
    recipients: recipients.join(', '),
  };
}

export const recipientIds = (text: string): string[] => [...new Set(text.split(/[\s,，;；]+/).filter((s) => s !== ''))];

/** The body of PUT /:id/schedule, or null for "no schedule" (DELETE /:id/schedule). */
export function scheduleInput(f: ScheduleForm): { schedule: ReportSchedule; recipients: string[] } | null {
  const recipients = recipientIds(f.recipients);
  switch (f.frequency) {
    case 'daily':
      return { schedule: { frequency: 'daily', time: f.time }, recipients };
    case 'weekly':
      return { schedule: { frequency: 'weekly', weekday: Number(f.weekday), time: f.time }, recipients };
    case 'monthly':
      return { schedule: { frequency: 'monthly', day: Number(f.day), time: f.time }, recipients };
    default:
      return null;
  }
}

/** A schedule as a translation key and what it names (`reports.schedule.summary.weekly` …; weekday 1 Monday … 7 Sunday). */
export function scheduleSummary(s: ReportSchedule | null): { key: string; time: string; weekday: number | null; day: number | null } {
  if (!s) return { key: 'reports.schedule.summary.none', time: '', weekday: null, day: null };
  return {
    key: `reports.schedule.summary.${s.frequency}`,
    time: s.time,
    weekday: s.frequency === 'weekly' ? s.weekday : null,
    day: s.frequency === 'monthly' ? s.day : null,
  };
}

export const measureColumns = (t: ReportTable): ReportColumn[] => t.columns.filter((c) => c.kind === 'measure');

/** A cell as the dashboards write that measure; the dimension column as it came. */
export function cellText(value: ReportCell | undefined, column: ReportColumn, language: string): string {
  if (column.kind === 'dimension') return value === null || value === undefined ? '—' : String(value);
  return formatMetric(typeof value === 'number' ? value : null, column.measure ?? 'requests', language);
}

/** Rates are stored as fractions; a chart draws them as percentages so that bars of rates and counts read alike. */
const plotted = (value: ReportCell | undefined, measure: Metric | undefined): number | null =>
  typeof value !== 'number' ? null : measure && metricKind(measure) === 'rate' ? +(value * 100).toFixed(2) : measure === 'partsValueFen' ? value / 100 : value;

/** The ECharts option for a table (bar, line: a series per measure column; pie: the first one), or null for a table-only report. */
export function chartOption(t: ReportTable, chart: ReportChart): Record<string, unknown> | null {
  const measures = measureColumns(t);
  if (chart === 'table' || measures.length === 0 || t.rows.length === 0) return null;
  const labels = t.rows.map((r) => String(r['label'] ?? r['key'] ?? ''));
  if (chart === 'pie') {
    const m = measures[0]!;
    return {
      tooltip: { trigger: 'item' },
      legend: { type: 'scroll', bottom: 0 },
      series: [{ type: 'pie', name: m.label, radius: ['35%', '65%'], data: t.rows.map((r, i) => ({ name: labels[i], value: plotted(r[m.key], m.measure) ?? 0 })) }],
    };
  }
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value' },
    series: measures.map((m) => ({ type: chart, name: m.label, data: t.rows.map((r) => plotted(r[m.key], m.measure)) })),
  };
}
