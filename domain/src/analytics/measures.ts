import { addHistograms, emptyHistogram, percentileOf, type Histogram } from './histogram';

// ---- What an analytics row counts, and the metrics the dashboards read off it ---------------------
// Every field adds up: a row of a county, a city or the nation is the field-wise sum of the rows it
// covers. Rates and percentiles are computed when read, never stored.

export interface AnalyticsMeasures {
  readonly requests: number;
  readonly cancelled: number;
  readonly rejected: number;
  /** Orders whose work is complete now (a reopened order counts again once completed again). */
  readonly completed: number;
  /** Orders completed at least once. */
  readonly resolved: number;
  /** Resolved without a rejected receipt or a reopening. */
  readonly firstTimeFixed: number;
  /** Reopened at least once. */
  readonly reworked: number;
  readonly closed: number;
  /** Request → the engineer's acceptance (or start), minutes. */
  readonly response: Histogram;
  /** Start of work → completion, minutes. */
  readonly repair: Histogram;
  /** SLA targets met in time, and targets breached. */
  readonly slaOnTime: number;
  readonly slaBreached: number;
  /** SLA breach and escalation alerts raised. */
  readonly alarms: number;
  readonly userScoreSum: number;
  readonly userScores: number;
  readonly manufacturerScoreSum: number;
  readonly manufacturerScores: number;
  /** Parts issued from stock to the orders, pieces and value in fen. */
  readonly partsQuantity: number;
  readonly partsValueFen: number;
}

const COUNTERS = [
  'requests',
  'cancelled',
  'rejected',
  'completed',
  'resolved',
  'firstTimeFixed',
  'reworked',
  'closed',
  'slaOnTime',
  'slaBreached',
  'alarms',
  'userScoreSum',
  'userScores',
  'manufacturerScoreSum',
  'manufacturerScores',
  'partsQuantity',
  'partsValueFen',
] as const satisfies readonly (keyof AnalyticsMeasures)[];

type Counter = (typeof COUNTERS)[number];

export const emptyMeasures = (): AnalyticsMeasures => ({
  ...(Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>),
  response: emptyHistogram(),
  repair: emptyHistogram(),
});

export const addMeasures = (a: AnalyticsMeasures, b: AnalyticsMeasures): AnalyticsMeasures => ({
  ...(Object.fromEntries(COUNTERS.map((c) => [c, a[c] + b[c]])) as Record<Counter, number>),
  response: addHistograms(a.response, b.response),
  repair: addHistograms(a.repair, b.repair),
});

/** The sum of many rows' measures, added into one accumulator (a dashboard sums thousands of rows). */
export const sumMeasures = (all: Iterable<AnalyticsMeasures>): AnalyticsMeasures => {
  const counters = Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>;
  const response = emptyHistogram();
  const repair = emptyHistogram();
  for (const m of all) {
    for (const c of COUNTERS) counters[c] += m[c];
    for (let i = 0; i < response.length; i++) {
      response[i]! += m.response[i] ?? 0;
      repair[i]! += m.repair[i] ?? 0;
    }
  }
  return { ...counters, response, repair };
};

export const ANALYTICS_METRICS = [
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
export type AnalyticsMetric = (typeof ANALYTICS_METRICS)[number];

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** A metric of summed measures: counts, rates (0…1), percentiles (minutes), averages (1…5); null without data. */
export const metricOf = (m: AnalyticsMeasures, metric: AnalyticsMetric): number | null => {
  switch (metric) {
    case 'requests':
    case 'completed':
    case 'cancelled':
    case 'closed':
    case 'alarms':
    case 'partsQuantity':
    case 'partsValueFen':
      return m[metric];
    case 'firstTimeFixRate':
      return ratio(m.firstTimeFixed, m.resolved);
    case 'reworkRate':
      return ratio(m.reworked, m.resolved);
    case 'responseP50':
      return percentileOf(m.response, 0.5);
    case 'responseP90':
      return percentileOf(m.response, 0.9);
    case 'repairP50':
      return percentileOf(m.repair, 0.5);
    case 'repairP90':
      return percentileOf(m.repair, 0.9);
    case 'slaCompliance':
      return ratio(m.slaOnTime, m.slaOnTime + m.slaBreached);
    case 'satisfaction':
      return ratio(m.userScoreSum, m.userScores);
    case 'manufacturerSatisfaction':
      return ratio(m.manufacturerScoreSum, m.manufacturerScores);
    default: {
      const unreachable: never = metric;
      return unreachable;
    }
  }
};

/** Every metric of the measures, by name. */
export const metricsOf = (m: AnalyticsMeasures): Record<AnalyticsMetric, number | null> =>
  Object.fromEntries(ANALYTICS_METRICS.map((metric) => [metric, metricOf(m, metric)])) as Record<AnalyticsMetric, number | null>;
