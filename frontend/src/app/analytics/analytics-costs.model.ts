import type { Granularity } from './analytics.model';

// ---- The cost board's vocabulary: what GET /api/v1/analytics/costs answers, money as the board shows it --

export const COST_KPIS = ['chargedFen', 'averageFen', 'settlements', 'earnedFen', 'warrantyFen', 'platformFeeFen', 'paidFen', 'outstandingFen', 'cancelledFen', 'disputes'] as const;
export type CostKpi = (typeof COST_KPIS)[number];

/** Integer fen and counts; null where the caller's side does not show it. */
export type CostTotals = Record<
  'settlements' | 'cancelled' | 'disputes' | 'chargedFen' | 'labourFen' | 'travelFen' | 'partsFen' | 'expertFen' | 'platformFeeFen' | 'warrantyFen' | 'earnedFen' | 'paidFen' | 'outstandingFen' | 'cancelledFen' | 'averageFen',
  number | null
>;
export interface CostItem {
  readonly key: string;
  readonly label: string;
  readonly totals: CostTotals;
}
export interface AnalyticsCosts {
  readonly regionCode: string | null;
  readonly totals: CostTotals;
  readonly trend: readonly { readonly period: string; readonly totals: CostTotals }[];
  readonly byDeviceType: readonly CostItem[];
  readonly byFaultType: readonly CostItem[];
  readonly byProvider: readonly CostItem[];
}
export type CostsQuery = { readonly granularity: Granularity } & Record<string, string>;

/** Fen as yuan: ¥ with thousands separators and two decimals, integers only (no float on the way). */
export const yuanOf = (fen: number | null | undefined): string => {
  if (fen === null || fen === undefined) return '—';
  const abs = Math.abs(Math.trunc(fen));
  return `${fen < 0 ? '-' : ''}¥${Math.trunc(abs / 100).toLocaleString('en')}.${String(abs % 100).padStart(2, '0')}`;
};

/** A KPI as shown: money in yuan, counts as counts. */
export const costKpiText = (kpi: CostKpi, value: number | null | undefined, language: string): string =>
  kpi === 'settlements' || kpi === 'disputes' ? (value === null || value === undefined ? '—' : value.toLocaleString(language)) : yuanOf(value);

/** The KPIs the caller's side shows (the others answer null). */
export const shownKpis = (totals: CostTotals): CostKpi[] => COST_KPIS.filter((k) => totals[k] !== null || k === 'averageFen');
