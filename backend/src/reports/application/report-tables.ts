import { Injectable } from '@nestjs/common';
import { REPORT_TIME_DIMENSIONS, resolveReportRange, type AnalyticsMetric, type ReportDefinition, type ReportDimension, type ReportTable, type ReportTableCell, type ReportTableColumn } from '@kuaige/domain';
import { AnalyticsReader, type AnalyticsFilters, type AnalyticsGranularity } from '../../analytics/application/analytics.queries';
import type { Actor } from '../../tenancy/api/authorization';
import { dimensionLabel, measureLabel, type ReportLocale } from './report-labels';

// ---- A report's table, computed through the analytics' public queries in the RUNNER's scope ----------
// Only AnalyticsReader's overview, series and breakdown are used, never its collections, so the table
// follows however the analytics store their rows. The actor is whoever runs the report: a shared report
// never shows a colleague more than their own report:read reaches. A second dimension splits by
// narrowing the filters (a region, a device or fault type, a period), and each split is asked alone;
// totals come from the overview, so rates and percentiles are true totals, not sums of rows.

/** Splits across beyond this many (the largest by requests) are left out: a table stays readable. */
export const REPORT_SPLITS_MAX = 12;

type Cells = Map<string, { label: string; values: Partial<Record<AnalyticsMetric, number | null>> }>;

const isTime = (d: ReportDimension): d is AnalyticsGranularity => REPORT_TIME_DIMENSIONS.includes(d);
const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const monthEnd = (month: string): string => {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return addDays(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`, -1);
};
const periodBounds = (period: string, g: AnalyticsGranularity): { from: string; to: string } =>
  g === 'day' ? { from: period, to: period } : g === 'week' ? { from: period, to: addDays(period, 6) } : { from: `${period}-01`, to: monthEnd(period) };
const narrowed = (f: AnalyticsFilters, b: { from: string; to: string }): AnalyticsFilters => ({
  ...f,
  from: f.from && f.from > b.from ? f.from : b.from,
  to: f.to && f.to < b.to ? f.to : b.to,
});

/** The analytics filters of a definition on a China day (relative ranges resolved against it). */
export const analyticsFiltersOf = (definition: ReportDefinition, today: string): AnalyticsFilters => {
  const f = definition.filters;
  return {
    ...resolveReportRange(f.range, today),
    ...(f.regionCode ? { regionCode: f.regionCode } : {}),
    ...(f.deviceType ? { deviceType: f.deviceType } : {}),
    ...(f.faultType ? { faultType: f.faultType } : {}),
    ...(f.enterpriseId ? { enterpriseId: f.enterpriseId } : {}),
  };
};

@Injectable()
export class ReportTables {
  constructor(private readonly analytics: AnalyticsReader) {}

  /** The table of a definition as `actor` may see it, on China day `today`. */
  async table(actor: Actor, definition: ReportDefinition, today: string, locale: ReportLocale = 'zh-CN'): Promise<ReportTable> {
    const base = analyticsFiltersOf(definition, today);
    const first: ReportTableColumn = { key: 'label', label: dimensionLabel(definition.rows, locale), kind: 'dimension' };
    if (definition.columns === null) {
      const [cells, totals] = await Promise.all([this.cells(actor, definition.rows, definition.measures, base), this.totals(actor, definition.measures, base, '')]);
      return {
        columns: [first, ...definition.measures.map((m) => ({ key: m, label: measureLabel(m, locale), kind: 'measure' as const, measure: m }))],
        rows: [...cells].map(([key, c]) => ({ key, label: c.label, ...c.values })),
        totals,
      };
    }
    const splits = await this.splits(actor, definition.columns, base);
    const columns: ReportTableColumn[] = [first];
    const rows = new Map<string, Record<string, ReportTableCell>>();
    let totals: Record<string, number | null> = {};
    for (const split of splits) {
      const [cells, splitTotals] = await Promise.all([this.cells(actor, definition.rows, definition.measures, split.filters), this.totals(actor, definition.measures, split.filters, `@${split.key}`)]);
      for (const m of definition.measures) columns.push({ key: `${m}@${split.key}`, label: `${split.label} · ${measureLabel(m, locale)}`, kind: 'measure', measure: m, split: split.key });
      for (const [key, c] of cells) {
        const r = rows.get(key) ?? { key, label: c.label };
        for (const m of definition.measures) r[`${m}@${split.key}`] = c.values[m] ?? null;
        rows.set(key, r);
      }
      totals = { ...totals, ...splitTotals };
    }
    const measureKeys = columns.filter((c) => c.kind === 'measure').map((c) => c.key);
    const ordered = [...rows.values()].map((r) => Object.fromEntries([['key', r['key'] ?? null], ['label', r['label'] ?? null], ...measureKeys.map((k) => [k, r[k] ?? null])]) as Record<string, ReportTableCell>);
    if (isTime(definition.rows)) ordered.sort((a, b) => String(a['key']).localeCompare(String(b['key'])));
    else {
      // Rows in the order of the first measure over all the splits together, as without a split.
      const order = [...(await this.cells(actor, definition.rows, definition.measures.slice(0, 1), base)).keys()];
      const rank = (key: ReportTableCell) => (order.includes(String(key)) ? order.indexOf(String(key)) : order.length);
      ordered.sort((a, b) => rank(a['key'] ?? null) - rank(b['key'] ?? null));
    }
    return { columns, rows: ordered, totals };
  }

  private async totals(actor: Actor, measures: readonly AnalyticsMetric[], f: AnalyticsFilters, suffix: string): Promise<Record<string, number | null>> {
    const { metrics } = await this.analytics.overview(actor, f);
    return Object.fromEntries(measures.map((m) => [`${m}${suffix}`, metrics[m]]));
  }

  /** One row per key of the dimension; rows in the order of the first measure (time: by period). */
  private async cells(actor: Actor, dimension: ReportDimension, measures: readonly AnalyticsMetric[], f: AnalyticsFilters): Promise<Cells> {
    const cells: Cells = new Map();
    for (const m of measures) {
      const items = isTime(dimension)
        ? (await this.analytics.series(actor, m, dimension, f)).map((p) => ({ key: p.period, label: p.period, value: p.value }))
        : (await this.analytics.breakdown(actor, dimension, m, f)).map((b) => ({ key: b.key, label: b.label, value: b.value }));
      for (const item of items) {
        const cell = cells.get(item.key) ?? { label: item.label, values: {} };
        cell.values[m] = item.value;
        cells.set(item.key, cell);
      }
    }
    for (const cell of cells.values()) for (const m of measures) cell.values[m] ??= null;
    return cells;
  }

  /** The splits across: the dimension's keys with data, each with the filters that select it. */
  private async splits(actor: Actor, dimension: ReportDimension, f: AnalyticsFilters): Promise<{ key: string; label: string; filters: AnalyticsFilters }[]> {
    if (isTime(dimension)) {
      const periods = await this.analytics.series(actor, 'requests', dimension, f);
      return periods.slice(-REPORT_SPLITS_MAX).map((p) => ({ key: p.period, label: p.period, filters: narrowed(f, periodBounds(p.period, dimension)) }));
    }
    const items = (await this.analytics.breakdown(actor, dimension, 'requests', f)).slice(0, REPORT_SPLITS_MAX);
    return items.map((b) => ({
      key: b.key,
      label: b.label,
      filters: dimension === 'region' ? { ...f, regionCode: b.key } : dimension === 'deviceType' ? { ...f, deviceType: b.key } : { ...f, faultType: b.key },
    }));
  }
}
