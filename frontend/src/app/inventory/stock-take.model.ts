// The stock-take API's shapes (backend/src/inventory/stock-take). Money is integer fen.

export const STOCK_TAKE_STATUSES = ['open', 'counting', 'submitted', 'approved', 'cancelled'] as const;
export type StockTakeStatus = (typeof STOCK_TAKE_STATUSES)[number];
export type StockTakeStep = 'count' | 'submit' | 'approve' | 'cancel';

export interface StockTakeTotals {
  readonly linesWithVariance: number;
  readonly gainQuantity: number;
  readonly lossQuantity: number;
  readonly gainValueFen: number;
  readonly lossValueFen: number;
  readonly netValueFen: number;
}

export interface StockTakeSummary {
  readonly id: string;
  readonly warehouseId: string;
  readonly warehouseName: string;
  readonly categoryCode: string | null;
  readonly status: StockTakeStatus;
  readonly note: string;
  readonly lineCount: number;
  readonly countedCount: number;
  readonly totals: StockTakeTotals;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface StockTakeLine {
  readonly partId: string;
  readonly partCode: string;
  readonly partName: string;
  readonly unit: string;
  readonly bookQuantity: number;
  readonly averageCostFen: number | null;
  readonly countedQuantity: number | null;
  readonly countedBy: string | null;
  readonly variance: number | null;
  readonly varianceValueFen: number | null;
  readonly movedDuringCount: number;
  readonly posting: { readonly adjustmentId: string; readonly delta: number; readonly valueFen: number } | null;
  readonly refusal: { readonly rule: string; readonly message: string } | null;
}

export interface StockTake extends StockTakeSummary {
  readonly lines: readonly StockTakeLine[];
  readonly counters: readonly string[];
  readonly approvedBy: string | null;
  readonly cancelReason: string;
  readonly yourSteps: readonly StockTakeStep[];
}

/** A count typed on a phone: a whole number from 0, or null when it is not one. */
export const countOf = (text: string | number | null | undefined): number | null => {
  const s = String(text ?? '').trim();
  return /^\d{1,7}$/.test(s) && Number(s) <= 1_000_000 ? Number(s) : null;
};

/** Lines whose code starts with what was typed or scanned, or whose name holds it. */
export const matchingLines = (lines: readonly StockTakeLine[], q: string): readonly StockTakeLine[] => {
  const needle = q.trim().toUpperCase();
  if (needle === '') return lines;
  return lines.filter((l) => l.partCode.toUpperCase().startsWith(needle) || l.partName.toUpperCase().includes(needle));
};
