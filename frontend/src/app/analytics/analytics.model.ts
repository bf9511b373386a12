import { DEVICE_TYPE_CODES, FAULT_TYPE_CODES } from '../work-orders/catalogue';
import { STATUS_GROUPS } from '../work-orders/work-order-filters';

// ---- The analytics console's vocabulary: boards, metrics, filters in the address, drill-through --

export const BOARDS = ['overview', 'faults', 'quality', 'satisfaction', 'engineers', 'regions', 'costs'] as const;
export type Board = (typeof BOARDS)[number];

export const METRICS = [
  'requests',
  'completed',
  'cancelled',
  'closed',
  'firstTimeFixRate',
  'reworkRate',
  'responseP50',
  'responseP90',
  'repairP50',
  'repairP90',
  'slaCompliance',
  'satisfaction',
  'manufacturerSatisfaction',
  'alarms',
  'partsQuantity',
  'partsValueFen',
] as const;
export type Metric = (typeof METRICS)[number];
export type Metrics = Record<Metric, number | null>;

/** Metrics the regional map can be coloured by. */
export const MAP_METRICS: readonly Metric[] = ['requests', 'responseP90', 'repairP90', 'firstTimeFixRate', 'slaCompliance', 'satisfaction', 'alarms'];

export type MetricKind = 'count' | 'rate' | 'minutes' | 'score' | 'fen';
export const metricKind = (metric: Metric): MetricKind =>
  metric.endsWith('Rate') || metric === 'slaCompliance'
    ? 'rate'
    : metric.startsWith('response') || metric.startsWith('repair')
      ? 'minutes'
      : metric.toLowerCase().includes('satisfaction')
        ? 'score'
        : metric === 'partsValueFen'
          ? 'fen'
          : 'count';

/** Rates, percentiles and averages where a higher number is worse: the map's colours run the other way. */
export const lowerIsBetter = (metric: Metric): boolean => metricKind(metric) === 'minutes' || metric === 'alarms' || metric === 'reworkRate' || metric === 'cancelled';

export interface AnalyticsFilters {
  readonly from: string;
  readonly to: string;
  /** '' for the caller's own scope (an operator: its region). */
  readonly region: string;
  readonly deviceType: string;
  readonly faultType: string;
}

export interface Overview {
  readonly regionCode: string | null;
  readonly regionPath: readonly { readonly code: string; readonly name: string }[];
  readonly metrics: Metrics;
  readonly responseHistogram: readonly number[];
  readonly repairHistogram: readonly number[];
}
export interface SeriesPoint {
  readonly period: string;
  readonly value: number | null;
  readonly requests: number;
}
export interface BreakdownItem {
  readonly key: string;
  readonly label: string;
  readonly value: number | null;
  readonly requests: number;
}
export interface EngineerPerformance {
  readonly engineerId: string;
  readonly name: string;
  readonly providerId: string | null;
  readonly providerName: string | null;
  readonly metrics: Metrics;
}

export type Granularity = 'day' | 'week' | 'month';

/** The operations board's live counts (GET /api/v1/analytics/live). */
export const LIVE_COUNTS = ['requestsToday', 'open', 'awaitingDispatch', 'inProgress', 'overdue', 'completedToday'] as const;
export type LiveCount = (typeof LIVE_COUNTS)[number];
export interface LiveRow {
  readonly id: string;
  readonly number: string;
  readonly status: string;
  readonly deviceName: string;
  readonly deviceType: string;
  readonly faultType: string;
  readonly countyCode: string;
  readonly updatedAt: string;
  readonly slaBreached?: boolean;
}
export interface LiveBoard {
  readonly at: string;
  readonly today: string;
  /** Each count with the list query (GET /api/v1/work-orders filters) that shows its orders. */
  readonly counts: readonly { readonly key: LiveCount; readonly count: number; readonly query: Readonly<Record<string, string>> }[];
  readonly recent: readonly LiveRow[];
}
export type Dimension = 'region' | 'deviceType' | 'faultType' | 'requester' | 'provider' | 'manufacturer';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DIVISION = /^(CN|\d{2}|\d{4}|\d{6})$/;

/** A China calendar day, `days` before the day of `now`. */
export const chinaDay = (now: Date, days = 0): string => new Date(now.getTime() + 8 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);

/** The filters of the address; hand-edited values the backend would refuse are dropped. Last 30 days by default. */
export function filtersFromParams(params: Partial<Record<keyof AnalyticsFilters, string | null | undefined>>, now: Date): AnalyticsFilters {
  const day = (v: string | null | undefined) => (v && DAY.test(v) ? v : '');
  let from = day(params.from) || chinaDay(now, 29);
  let to = day(params.to) || chinaDay(now);
  if (from > to) [from, to] = [to, from];
  const known = (v: string | null | undefined, codes: readonly string[]) => (v && codes.includes(v) ? v : '');
  return {
    from,
    to,
    region: params.region && DIVISION.test(params.region) ? params.region : '',
    deviceType: known(params.deviceType, DEVICE_TYPE_CODES),
    faultType: known(params.faultType, FAULT_TYPE_CODES),
  };
}

/** The backend's query parameters for the filters (empty ones left out). */
export function apiParams(f: AnalyticsFilters): Record<string, string> {
  const out: Record<string, string> = { from: f.from, to: f.to };
  if (f.region) out['regionCode'] = f.region;
  if (f.deviceType) out['deviceType'] = f.deviceType;
  if (f.faultType) out['faultType'] = f.faultType;
  return out;
}

/** Days from `from` to `to`, both included. */
export const daysIn = (f: Pick<AnalyticsFilters, 'from' | 'to'>): number => Math.round((Date.parse(f.to) - Date.parse(f.from)) / 86_400_000) + 1;

/** Days for up to three months, weeks for up to a year, months beyond. */
export const granularityFor = (f: Pick<AnalyticsFilters, 'from' | 'to'>): Granularity => {
  const days = daysIn(f);
  return days <= 92 ? 'day' : days <= 366 ? 'week' : 'month';
};

/** The days a series point covers, clipped to the filter's range. */
export function periodRange(period: string, granularity: Granularity, f: Pick<AnalyticsFilters, 'from' | 'to'>): { from: string; to: string } {
  let from = period;
  let to = period;
  if (granularity === 'week') to = new Date(Date.parse(`${period}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
  if (granularity === 'month') {
    const [y, m] = period.split('-').map(Number) as [number, number];
    from = `${period}-01`;
    to = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  }
  return { from: from < f.from ? f.from : from, to: to > f.to ? f.to : to };
}

/**
 * The work-order list behind a number: the list's own filters (region, device and fault type, the
 * request days), narrowed by what was clicked. The list scopes the rows on the server again.
 */
export function drillParams(f: AnalyticsFilters, narrow: Partial<AnalyticsFilters> = {}): Record<string, string> {
  const merged = { ...f, ...narrow };
  const out: Record<string, string> = { from: merged.from, to: merged.to };
  if (merged.region && merged.region !== 'CN') out['region'] = merged.region;
  if (merged.deviceType) out['deviceType'] = merged.deviceType;
  if (merged.faultType) out['faultType'] = merged.faultType;
  return out;
}

/** The level of a division code, for the map: the nation shows provinces, a province its cities. */
export const levelOf = (code: string): 'nation' | 'province' | 'city' | 'county' =>
  code === '' || code === 'CN' ? 'nation' : code.length === 2 ? 'province' : code.length === 4 ? 'city' : 'county';

/** A number as the dashboards show it; null as a dash. */
export function formatMetric(value: number | null | undefined, metric: Metric, language: string): string {
  if (value === null || value === undefined) return '—';
  const zh = language === 'zh-CN';
  switch (metricKind(metric)) {
    case 'rate':
      return `${(value * 100).toFixed(1)}%`;
    case 'minutes':
      if (value < 60) return zh ? `≤${value} 分钟` : `≤${value} min`;
      if (value < 1440) return zh ? `≤${+(value / 60).toFixed(1)} 小时` : `≤${+(value / 60).toFixed(1)} h`;
      return zh ? `≤${+(value / 1440).toFixed(1)} 天` : `≤${+(value / 1440).toFixed(1)} d`;
    case 'score':
      return value.toFixed(2);
    case 'fen':
      return `¥${(value / 100).toLocaleString(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    default:
      return value.toLocaleString(language);
  }
}

/** Every period of the range at this granularity (days, Mondays of ISO weeks, months), in order. */
export function periodsOf(f: Pick<AnalyticsFilters, 'from' | 'to'>, granularity: Granularity): string[] {
  const out = new Set<string>();
  for (let t = Date.parse(`${f.from}T00:00:00Z`); t <= Date.parse(`${f.to}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t);
    if (granularity === 'day') out.add(day.toISOString().slice(0, 10));
    else if (granularity === 'month') out.add(day.toISOString().slice(0, 7));
    else out.add(new Date(t - ((day.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10));
  }
  return [...out];
}

// ---- Drill-through: the work-order list behind any element of a chart --------------------------

/** Statuses of an order whose work is done (completed, in receipt, reported, closed). */
export const DONE_STATUSES = STATUS_GROUPS.done;

/**
 * The list's measure filter of a metric: the orders that make it what it is (the problem cases where
 * a rate is about failures — overdue for SLA compliance and alarms, low scores for satisfaction).
 * Metrics over all orders (counts of requests, durations, parts) narrow nothing.
 */
export function measureParams(metric: Metric | undefined): Record<string, string> {
  switch (metric) {
    case 'completed':
      return { status: DONE_STATUSES.join(',') };
    case 'closed':
      return { status: 'closed' };
    case 'cancelled':
      return { status: 'cancelled' };
    case 'firstTimeFixRate':
      return { status: DONE_STATUSES.join(','), reopened: 'false' };
    case 'reworkRate':
      return { reopened: 'true' };
    case 'slaCompliance':
    case 'alarms':
      return { sla: 'breached' };
    case 'satisfaction':
      return { rated: 'low' };
    default:
      return {};
  }
}

/** What was clicked on a dashboard: a number, a point of a trend, a bar or slice, a region, an engineer. */
export type DrillElement =
  | { readonly kind: 'metric'; readonly metric?: Metric }
  | { readonly kind: 'period'; readonly period: string; readonly granularity: Granularity; readonly metric?: Metric }
  | { readonly kind: 'breakdown'; readonly dimension: Dimension; readonly key: string; readonly metric?: Metric }
  | { readonly kind: 'engineer'; readonly engineerId: string; readonly providerId: string | null; readonly metric?: Metric };

/** The list filter of each breakdown dimension. */
const DIMENSION_PARAM: Record<Dimension, string> = {
  region: 'region',
  deviceType: 'deviceType',
  faultType: 'faultType',
  requester: 'requesterId',
  provider: 'providerId',
  manufacturer: 'manufacturerId',
};

/**
 * The work-order list's query behind a clicked element: the board's filters (request days, region,
 * device and fault type), narrowed to the element, with the measure filter of its metric. The list
 * scopes the rows on the server again, so a link never shows more than its reader may see.
 */
export function drillThrough(f: AnalyticsFilters, element: DrillElement): Record<string, string> {
  switch (element.kind) {
    case 'metric':
      return { ...drillParams(f), ...measureParams(element.metric) };
    case 'period':
      return { ...drillParams(f, periodRange(element.period, element.granularity, f)), ...measureParams(element.metric) };
    case 'breakdown': {
      const param = DIMENSION_PARAM[element.dimension];
      if (param === 'region' || param === 'deviceType' || param === 'faultType') return { ...drillParams(f, { [param]: element.key }), ...measureParams(element.metric) };
      return { ...drillParams(f), [param]: element.key, ...measureParams(element.metric) };
    }
    case 'engineer':
      return { ...drillParams(f), assigneeId: element.engineerId, ...(element.providerId ? { providerId: element.providerId } : {}), ...measureParams(element.metric) };
  }
}
