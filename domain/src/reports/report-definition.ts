import { RuleViolation } from '../event-sourcing/decider';
import { ANALYTICS_METRICS, type AnalyticsMetric } from '../analytics/measures';

// ---- What a custom report asks of the analytics: dimensions, measures, filters, chart --------------
//
// A definition arrives as untrusted JSON (REST body, GraphQL argument, export parameters) and is read
// here once, field by field, so every entry point refuses the same inputs with the same field and
// rule. Relative date ranges stay relative in the definition and are resolved against the China day
// of each run, so "last 7 days" means the seven days before the run, not before the save.

export const REPORT_DIMENSIONS = ['region', 'deviceType', 'faultType', 'requester', 'provider', 'manufacturer', 'day', 'week', 'month'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];
export const REPORT_TIME_DIMENSIONS: readonly ReportDimension[] = ['day', 'week', 'month'];
/** A second dimension splits the rows by narrowing the filters, which the analytics offer for these. */
export const REPORT_COLUMN_DIMENSIONS: readonly ReportDimension[] = ['region', 'deviceType', 'faultType', 'day', 'week', 'month'];
export const REPORT_CHARTS = ['table', 'bar', 'line', 'pie'] as const;
export type ReportChart = (typeof REPORT_CHARTS)[number];
export const REPORT_MEASURES: readonly AnalyticsMetric[] = ANALYTICS_METRICS;
export const REPORT_MEASURES_MAX = 6;
export const REPORT_NAME_MAX = 80;
export const REPORT_DESCRIPTION_MAX = 500;
/** Longest relative range and longest absolute one, in days: the analytics read day rows. */
export const REPORT_RANGE_MAX_DAYS = 1_096;

export type ReportRange =
  | { readonly kind: 'absolute'; readonly from: string; readonly to: string }
  | { readonly kind: 'last-days'; readonly days: number }
  | { readonly kind: 'this-month' }
  | { readonly kind: 'last-month' };

export interface ReportFilters {
  readonly range: ReportRange | null;
  readonly regionCode: string | null;
  readonly deviceType: string | null;
  readonly faultType: string | null;
  readonly enterpriseId: string | null;
}

export interface ReportDefinition {
  readonly name: string;
  readonly description: string;
  readonly rows: ReportDimension;
  /** A second dimension (or a time granularity) across, or none. */
  readonly columns: ReportDimension | null;
  readonly measures: readonly AnalyticsMetric[];
  readonly filters: ReportFilters;
  readonly chart: ReportChart;
}

/** A definition refused: `field` is the path of the offending input (`measures[2]`, `filters.range.from`). */
export class ReportRuleViolation extends RuleViolation {
  constructor(
    rule: string,
    readonly field: string,
    message: string,
  ) {
    super(rule, message);
    this.name = 'ReportRuleViolation';
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const REGION = /^(CN|\d{2}|\d{4}|\d{6})$/;
const KEY = /^[A-Za-z0-9_-]{1,64}$/;
const CONTROL = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}]/u;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (rule: string, field: string, message: string): never => {
  throw new ReportRuleViolation(rule, field, message);
};

const isDay = (v: unknown): v is string => typeof v === 'string' && DAY.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 86_400_000;
const dayOf = (n: number): string => new Date(n * 86_400_000).toISOString().slice(0, 10);

const text = (v: unknown, field: string, max: number, required: boolean): string => {
  if (v === undefined || v === null) return required ? fail('required', field, `${field} is required`) : '';
  if (typeof v !== 'string') return fail('isString', field, `${field} must be text`);
  const t = v.normalize('NFC').trim();
  if (required && t === '') fail('required', field, `${field} is required`);
  if ([...t].length > max) fail('maxLength', field, `${field} holds at most ${max} characters`);
  if (CONTROL.test(t.replace(/[\n\t]/g, ''))) fail('plainText', field, `${field} must not contain control, zero-width or text-direction characters`);
  return t;
};

const oneOf = <T extends string>(v: unknown, field: string, allowed: readonly T[]): T => {
  if (typeof v !== 'string' || !allowed.includes(v as T)) return fail('isIn', field, `${field} must be one of ${allowed.join(', ')}`);
  return v as T;
};

const optionalKey = (v: unknown, field: string, pattern: RegExp, what: string): string | null => {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || !pattern.test(v)) return fail('matches', field, `${field} must be ${what}`);
  return v;
};

const readRange = (v: unknown): ReportRange | null => {
  if (v === undefined || v === null) return null;
  if (!isRecord(v)) return fail('isObject', 'filters.range', 'filters.range must be an object');
  const kind = oneOf(v['kind'], 'filters.range.kind', ['absolute', 'last-days', 'this-month', 'last-month'] as const);
  if (kind === 'this-month' || kind === 'last-month') return { kind };
  if (kind === 'last-days') {
    const days = v['days'];
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > REPORT_RANGE_MAX_DAYS)
      return fail('range', 'filters.range.days', `filters.range.days must be a whole number of days from 1 to ${REPORT_RANGE_MAX_DAYS}`);
    return { kind, days };
  }
  const from = v['from'];
  const to = v['to'];
  if (!isDay(from)) return fail('day', 'filters.range.from', 'filters.range.from must be a calendar day YYYY-MM-DD');
  if (!isDay(to)) return fail('day', 'filters.range.to', 'filters.range.to must be a calendar day YYYY-MM-DD');
  if (from > to) fail('range', 'filters.range.to', 'filters.range.to must not be before filters.range.from');
  if (dayNumber(to) - dayNumber(from) + 1 > REPORT_RANGE_MAX_DAYS) fail('range', 'filters.range.to', `a range spans at most ${REPORT_RANGE_MAX_DAYS} days`);
  return { kind, from, to };
};

const readFilters = (v: unknown): ReportFilters => {
  if (v === undefined || v === null) return { range: null, regionCode: null, deviceType: null, faultType: null, enterpriseId: null };
  if (!isRecord(v)) return fail('isObject', 'filters', 'filters must be an object');
  return {
    range: readRange(v['range']),
    regionCode: optionalKey(v['regionCode'], 'filters.regionCode', REGION, 'CN or a 2, 4 or 6 digit division code'),
    deviceType: optionalKey(v['deviceType'], 'filters.deviceType', KEY, 'a device type key'),
    faultType: optionalKey(v['faultType'], 'filters.faultType', KEY, 'a fault type key'),
    enterpriseId: optionalKey(v['enterpriseId'], 'filters.enterpriseId', KEY, 'an enterprise id'),
  };
};

/** Reads an untrusted definition, or throws ReportRuleViolation naming the first bad field and its rule. */
export const parseReportDefinition = (input: unknown): ReportDefinition => {
  if (!isRecord(input)) return fail('isObject', 'definition', 'the report definition must be an object');
  const name = text(input['name'], 'name', REPORT_NAME_MAX, true);
  const description = text(input['description'], 'description', REPORT_DESCRIPTION_MAX, false);
  const dimensions = input['dimensions'];
  if (!Array.isArray(dimensions) || dimensions.length === 0) return fail('required', 'dimensions', 'pick one dimension for the rows, and optionally one across');
  if (dimensions.length > 2) fail('maxItems', 'dimensions', 'a report has at most two dimensions: rows, and columns or a time granularity');
  const rows = oneOf(dimensions[0], 'dimensions[0]', REPORT_DIMENSIONS);
  const columns = dimensions.length === 2 ? oneOf(dimensions[1], 'dimensions[1]', REPORT_DIMENSIONS) : null;
  if (columns !== null) {
    if (columns === rows) fail('distinct', 'dimensions[1]', 'the two dimensions must differ');
    if (!REPORT_COLUMN_DIMENSIONS.includes(columns)) fail('columnDimension', 'dimensions[1]', `across, a report splits by ${REPORT_COLUMN_DIMENSIONS.join(', ')}`);
    if (REPORT_TIME_DIMENSIONS.includes(rows) && REPORT_TIME_DIMENSIONS.includes(columns)) fail('distinct', 'dimensions[1]', 'one time granularity per report');
  }
  const measures = input['measures'];
  if (!Array.isArray(measures) || measures.length === 0) return fail('required', 'measures', 'pick at least one measure');
  if (measures.length > REPORT_MEASURES_MAX) fail('maxItems', 'measures', `a report shows at most ${REPORT_MEASURES_MAX} measures`);
  const picked = measures.map((m, i) => oneOf(m, `measures[${i}]`, REPORT_MEASURES));
  const twice = picked.findIndex((m, i) => picked.indexOf(m) !== i);
  if (twice !== -1) fail('distinct', `measures[${twice}]`, 'each measure once');
  const chart = input['chart'] === undefined ? 'table' : oneOf(input['chart'], 'chart', REPORT_CHARTS);
  return { name, description, rows, columns, measures: picked, filters: readFilters(input['filters']), chart };
};

const monthStart = (day: string): string => `${day.slice(0, 7)}-01`;
const previousMonthStart = (day: string): string => {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  return m === 1 ? `${y - 1}-12-01` : `${y}-${String(m - 1).padStart(2, '0')}-01`;
};

/** The China days a range covers on `today` (a China day), both included; no range: no bounds. */
export const resolveReportRange = (range: ReportRange | null, today: string): { from?: string; to?: string } => {
  if (range === null) return {};
  switch (range.kind) {
    case 'absolute':
      return { from: range.from, to: range.to };
    case 'last-days':
      return { from: dayOf(dayNumber(today) - range.days + 1), to: today };
    case 'this-month':
      return { from: monthStart(today), to: today };
    case 'last-month':
      return { from: previousMonthStart(today), to: dayOf(dayNumber(monthStart(today)) - 1) };
  }
};
