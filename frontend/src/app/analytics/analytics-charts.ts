import type { BreakdownItem, Metric, SeriesPoint } from './analytics.model';
import { formatMetric, lowerIsBetter, metricKind } from './analytics.model';

// ---- ECharts options of the dashboards, from the API's numbers (pure, so they can be checked) ----

type Option = Record<string, unknown>;

/** Upper bounds of the duration buckets (minutes), as the backend files durations. */
export const DURATION_BOUNDS_MINUTES = [5, 10, 15, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1080, 1440, 2160, 2880, 4320, 5760, 7200, 10080, 14400, 20160, 43200];

const grid = { left: 8, right: 16, top: 32, bottom: 8, containLabel: true };

/**
 * One line per metric over the periods (`periods`: every period of the range, so that quiet days show
 * as zero requests rather than being left out; rates and durations without orders stay gaps).
 */
export function seriesOption(
  lines: readonly { metric: Metric; name: string; points: readonly SeriesPoint[] }[],
  language: string,
  periods: readonly string[] = [...new Set(lines.flatMap((l) => l.points.map((p) => p.period)))].sort(),
): Option {
  return {
    grid,
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: undefined,
    },
    xAxis: { type: 'category', data: periods },
    yAxis: { type: 'value' },
    series: lines.map((l) => {
      const byPeriod = new Map(l.points.map((p) => [p.period, p.value]));
      const none = metricKind(l.metric) === 'count' ? 0 : null;
      return {
        type: 'line',
        name: l.name,
        smooth: true,
        showSymbol: periods.length < 40,
        data: periods.map((p) => ({ value: byPeriod.get(p) ?? none, label: formatMetric(byPeriod.get(p) ?? none, l.metric, language) })),
      };
    }),
  };
}

/** A bar per item (highest first), or a pie. */
export function breakdownOption(items: readonly BreakdownItem[], metric: Metric, name: string, chart: 'bar' | 'pie', language: string): Option {
  const data = items.map((i) => ({ name: i.label, value: i.value, key: i.key }));
  const formatter = (p: { name: string; value: number | null }) => `${p.name}: ${formatMetric(p.value, metric, language)}`;
  // Slices are named by the legend and the tooltip: labels round the ring do not fit a phone.
  if (chart === 'pie') {
    return { tooltip: { trigger: 'item', formatter }, legend: { type: 'scroll', bottom: 0 }, series: [{ type: 'pie', name, radius: ['35%', '65%'], label: { show: false }, data }] };
  }
  return {
    grid,
    tooltip: { trigger: 'item', formatter },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', inverse: true, data: data.map((d) => d.name) },
    series: [{ type: 'bar', name, data }],
  };
}

/** How many orders fall in each duration bucket. */
export function histogramOption(histogram: readonly number[], name: string, language: string): Option {
  const labels = DURATION_BOUNDS_MINUTES.map((b) => formatMetric(b, 'repairP50', language)).concat([language === 'zh-CN' ? '更长' : 'longer']);
  const last = histogram.reduce((found, count, i) => (count > 0 ? i : found), -1);
  const shown = Math.max(last + 1, 6);
  return {
    grid,
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: labels.slice(0, shown) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name, data: histogram.slice(0, shown) }],
  };
}

/** The region's children coloured by the metric; a district of a municipality takes its city's value. */
export function mapOption(mapName: string, featureCodes: readonly string[], items: readonly BreakdownItem[], metric: Metric, language: string): Option {
  const byKey = new Map(items.map((i) => [i.key, i]));
  const data = featureCodes.map((code) => {
    const item = byKey.get(code) ?? byKey.get(code.slice(0, 4));
    return { name: code, value: item?.value ?? null, label: item?.label ?? code, requests: item?.requests ?? 0 };
  });
  const values = data.map((d) => d.value).filter((v): v is number => v !== null);
  const max = values.length ? Math.max(...values) : 1;
  // Counts start at zero, so a region with one order is coloured, not the palest shade.
  const min = metricKind(metric) === 'count' ? 0 : values.length ? Math.min(...values) : 0;
  const colours = ['#e8f1fb', '#9cc3ec', '#3f86d6', '#0b4f9c'];
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { data?: { label: string; value: number | null } }) => (p.data ? `${p.data.label}: ${formatMetric(p.data.value, metric, language)}` : ''),
    },
    visualMap: {
      min: min === max ? 0 : min,
      max: max === 0 ? 1 : max,
      left: 8,
      bottom: 8,
      calculable: false,
      inRange: { color: lowerIsBetter(metric) ? [...colours].reverse() : colours },
      text: [formatMetric(max, metric, language), formatMetric(min === max ? 0 : min, metric, language)],
    },
    series: [
      {
        type: 'map',
        map: mapName,
        roam: false,
        label: { show: false },
        emphasis: { label: { show: false } },
        itemStyle: { areaColor: '#f2f2f2', borderColor: '#9e9e9e' },
        data,
      },
    ],
  };
}
