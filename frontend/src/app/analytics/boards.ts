import type { Board, Dimension, Metric } from './analytics.model';

// ---- What each dashboard shows ---------------------------------------------------------------------

export interface BreakdownPanel {
  readonly id: string;
  readonly dimension: Extract<Dimension, 'region' | 'deviceType' | 'faultType'>;
  readonly metric: Metric;
  readonly chart: 'bar' | 'pie';
}

export interface BoardSpec {
  readonly kpis: readonly Metric[];
  /** Lines over time (none: no trend chart). */
  readonly series: readonly Metric[];
  readonly breakdowns: readonly BreakdownPanel[];
  readonly histograms: boolean;
}

export const BOARD_SPECS: Record<Board, BoardSpec> = {
  overview: {
    kpis: ['requests', 'completed', 'firstTimeFixRate', 'responseP50', 'repairP50', 'slaCompliance', 'satisfaction', 'alarms'],
    series: ['requests', 'completed'],
    breakdowns: [
      { id: 'faults', dimension: 'faultType', metric: 'requests', chart: 'pie' },
      { id: 'regions', dimension: 'region', metric: 'requests', chart: 'bar' },
    ],
    histograms: false,
  },
  faults: {
    kpis: ['requests', 'cancelled', 'reworkRate', 'partsQuantity'],
    series: ['requests'],
    breakdowns: [
      { id: 'faults', dimension: 'faultType', metric: 'requests', chart: 'bar' },
      { id: 'devices', dimension: 'deviceType', metric: 'requests', chart: 'pie' },
      { id: 'fault-repair', dimension: 'faultType', metric: 'repairP90', chart: 'bar' },
      { id: 'fault-rework', dimension: 'faultType', metric: 'reworkRate', chart: 'bar' },
    ],
    histograms: false,
  },
  quality: {
    kpis: ['responseP50', 'responseP90', 'repairP50', 'repairP90', 'firstTimeFixRate', 'reworkRate', 'slaCompliance', 'alarms'],
    series: ['responseP90', 'repairP90'],
    breakdowns: [
      { id: 'region-sla', dimension: 'region', metric: 'slaCompliance', chart: 'bar' },
      { id: 'device-ftf', dimension: 'deviceType', metric: 'firstTimeFixRate', chart: 'bar' },
    ],
    histograms: true,
  },
  satisfaction: {
    kpis: ['satisfaction', 'manufacturerSatisfaction', 'closed', 'reworkRate'],
    series: ['satisfaction', 'manufacturerSatisfaction'],
    breakdowns: [
      { id: 'region-satisfaction', dimension: 'region', metric: 'satisfaction', chart: 'bar' },
      { id: 'device-satisfaction', dimension: 'deviceType', metric: 'satisfaction', chart: 'bar' },
    ],
    histograms: false,
  },
  engineers: { kpis: ['requests', 'completed', 'firstTimeFixRate', 'satisfaction'], series: [], breakdowns: [], histograms: false },
  regions: { kpis: ['requests', 'responseP90', 'slaCompliance', 'satisfaction'], series: [], breakdowns: [], histograms: false },
  // The cost board draws its own panels (analytics-costs.ts) from the settlements' rows.
  costs: { kpis: [], series: [], breakdowns: [], histograms: false },
};

export const BOARD_ICONS: Record<Board, string> = {
  overview: 'dashboard',
  faults: 'report_problem',
  quality: 'speed',
  satisfaction: 'sentiment_satisfied',
  engineers: 'engineering',
  regions: 'map',
  costs: 'payments',
};
