import { chinaDay, drillThrough, formatMetric, type AnalyticsFilters, type EngineerPerformance, type LiveBoard, type LiveCount, type Metric, type Overview } from '../analytics.model';

// ---- 运营大屏: what the wall board shows, from the live counts and the dashboards' numbers (pure) --

/** How often the board asks again; the numbers stay on screen meanwhile. */
export const BOARD_REFRESH_MS = 30_000;
/** The 30-day metrics beside the live counts. */
export const BOARD_METRICS: readonly Metric[] = ['satisfaction', 'slaCompliance'];

export type TileKey = LiveCount | 'satisfaction' | 'slaCompliance';
export interface Tile {
  readonly key: TileKey;
  readonly value: string;
  /** A number that asks for attention (orders overdue). */
  readonly alert: boolean;
  /** The work-order list's query behind the number. */
  readonly query: Readonly<Record<string, string>>;
}

/** The board's range: the last 30 China days up to today, in the board's region ('' = the caller's scope). */
export const boardFilters = (now: Date, region: string): AnalyticsFilters => ({ from: chinaDay(now, 29), to: chinaDay(now), region, deviceType: '', faultType: '' });

/**
 * The headline tiles: the live counts in the backend's order, each drilling to the list query the
 * backend counted, then satisfaction and SLA compliance of the last 30 days (drilling to their problem
 * orders: low scores, breaches).
 */
export function boardTiles(live: LiveBoard | undefined, overview: Overview | undefined, f: AnalyticsFilters, language: string): Tile[] {
  const counts: Tile[] = (live?.counts ?? []).map((c) => ({
    key: c.key,
    value: c.count.toLocaleString(language),
    alert: c.key === 'overdue' && c.count > 0,
    query: c.query,
  }));
  const metrics: Tile[] = BOARD_METRICS.map((metric) => ({
    key: metric as TileKey,
    value: overview ? formatMetric(overview.metrics[metric], metric, language) : '—',
    alert: false,
    query: drillThrough({ ...f, region: f.region || overview?.regionCode || '' }, { kind: 'metric', metric }),
  }));
  return [...counts, ...metrics];
}

/** The engineers who completed most in the range (then by requests), at most `n`. */
export const topEngineers = (engineers: readonly EngineerPerformance[], n = 5): EngineerPerformance[] =>
  [...engineers].sort((a, b) => (b.metrics.completed ?? 0) - (a.metrics.completed ?? 0) || (b.metrics.requests ?? 0) - (a.metrics.requests ?? 0)).slice(0, n);

/** Ids in `next` that were not in `previous`: the ticker lights them up once (none on the first load). */
export const freshIds = (previous: readonly { id: string }[] | undefined, next: readonly { id: string }[]): Set<string> => {
  if (!previous) return new Set();
  const seen = new Set(previous.map((r) => r.id));
  return new Set(next.filter((r) => !seen.has(r.id)).map((r) => r.id));
};

/** A bar's length in percent of the longest, for the ranking lists (at least a sliver for a non-zero value). */
export const barPercent = (value: number | null, max: number): number => (!value || max <= 0 ? 0 : Math.max(3, Math.round((value / max) * 100)));

/** The board's palette on the dark background. */
export const BOARD_COLOURS = ['#35d0ff', '#4f8bff', '#7c5cff', '#2fe0a5', '#ffc53d', '#ff7a45', '#f759ab', '#9ae65c'];

type Option = Record<string, unknown>;

/**
 * A chart's option for the dark wall board: transparent background (the panel shows through), the
 * board's palette and light text; a map's regions on deep blue rising to cyan.
 */
export function onDark(option: Option): Option {
  const text = { color: '#c9dcff' };
  const out: Option = { ...option, backgroundColor: 'transparent', color: BOARD_COLOURS, textStyle: { ...text, fontSize: 14 } };
  if (option['legend']) out['legend'] = { ...(option['legend'] as Option), textStyle: { ...text, fontSize: 14 }, pageTextStyle: text };
  if (option['visualMap']) {
    out['visualMap'] = { ...(option['visualMap'] as Option), inRange: { color: ['#0e2a5c', '#1b5fb4', '#2f9be0', '#5ee7ff'] }, textStyle: text };
  }
  const series = option['series'] as Option[] | undefined;
  if (series) {
    out['series'] = series.map((s) =>
      s['type'] === 'map'
        ? { ...s, itemStyle: { areaColor: '#0b1d3f', borderColor: '#3d7fd9', borderWidth: 1 }, emphasis: { label: { show: true, color: '#ffffff' }, itemStyle: { areaColor: '#ffc53d' } } }
        : s['type'] === 'pie'
          ? { ...s, itemStyle: { borderColor: '#071634', borderWidth: 2 } }
          : s,
    );
  }
  return out;
}
