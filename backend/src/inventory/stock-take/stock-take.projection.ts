import { varianceOf, varianceValueFen, type Party, type StockTakeAdjustment, type StockTakeBookLine, type StockTakeEvent, type StockTakeStatus } from '@kuaige/domain';
import { projection, row, type Row } from '@kuaige/projections';

// ---- stock_takes: one row per count session, its lines with book, count and variance ---------------
// Scoped to the enterprise that keeps the warehouse (scope.regions empty, like the other inventory rows).

export const STOCK_TAKES = 'stock_takes';

type Scope = { readonly tenants: readonly string[]; readonly regions: readonly string[] };

export type StockTakeLineRow = StockTakeBookLine & {
  readonly countedQuantity: number | null;
  readonly countedBy: string | null;
  readonly countedAt: string | null;
  /** count − book-at-freeze; null while uncounted. */
  readonly variance: number | null;
  /** The variance at the frozen moving average, integer fen. */
  readonly varianceValueFen: number | null;
};

export type StockTakeTotals = {
  readonly linesWithVariance: number;
  readonly gainQuantity: number;
  readonly lossQuantity: number;
  readonly gainValueFen: number;
  readonly lossValueFen: number;
  readonly netValueFen: number;
};

export interface StockTakeRow extends Row {
  readonly enterpriseId: string;
  readonly warehouseId: string;
  readonly warehouseName: string;
  readonly categoryCode: string | null;
  readonly status: StockTakeStatus;
  readonly note: string;
  readonly frozenAtPosition: number;
  readonly lines: readonly StockTakeLineRow[];
  readonly lineCount: number;
  readonly countedCount: number;
  readonly counters: readonly string[];
  readonly openedBy: string | null;
  readonly submittedBy: string | null;
  readonly approvedBy: string | null;
  readonly cancelReason: string;
  readonly adjustments: readonly StockTakeAdjustment[];
  readonly refusals: readonly { partId: string; rule: string; message: string }[];
  readonly totals: StockTakeTotals;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly scope: Scope;
}

const userOf = (by: Party): string | null => (by.kind === 'system' ? null : by.userId);

export const totalsOf = (lines: readonly StockTakeLineRow[]): StockTakeTotals => {
  let linesWithVariance = 0;
  let gainQuantity = 0;
  let lossQuantity = 0;
  let gainValueFen = 0;
  let lossValueFen = 0;
  for (const l of lines) {
    if (!l.variance) continue;
    linesWithVariance++;
    if (l.variance > 0) {
      gainQuantity += l.variance;
      gainValueFen += l.varianceValueFen ?? 0;
    } else {
      lossQuantity -= l.variance;
      lossValueFen -= l.varianceValueFen ?? 0;
    }
  }
  return { linesWithVariance, gainQuantity, lossQuantity, gainValueFen, lossValueFen, netValueFen: gainValueFen - lossValueFen };
};

const idOf = (streamId: string): string => streamId.slice('StockTake-'.length);
const withCounter = (counters: readonly string[], user: string | null) => (user === null || counters.includes(user) ? counters : [...counters, user]);

export const stockTakesProjection = projection<StockTakeEvent, StockTakeRow>(STOCK_TAKES, {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_created', key: { createdAt: -1 } },
    { name: 'by_status', key: { status: 1, createdAt: -1 } },
    { name: 'by_warehouse', key: { warehouseId: 1, createdAt: -1 } },
  ],
  on: {
    StockTakeOpened: (e) => {
      const d = e.data;
      const lines = d.lines.map((l) => ({ ...l, countedQuantity: null, countedBy: null, countedAt: null, variance: null, varianceValueFen: null }));
      return row<StockTakeRow>(d.stockTakeId, () => ({
        _id: d.stockTakeId,
        enterpriseId: d.enterpriseId,
        warehouseId: d.warehouseId,
        warehouseName: d.warehouseName,
        categoryCode: d.categoryCode,
        status: 'open',
        note: d.note,
        frozenAtPosition: d.frozenAtPosition,
        lines,
        lineCount: lines.length,
        countedCount: 0,
        counters: [],
        openedBy: userOf(d.by),
        submittedBy: null,
        approvedBy: null,
        cancelReason: '',
        adjustments: [],
        refusals: [],
        totals: totalsOf(lines),
        createdAt: d.at,
        updatedAt: d.at,
        scope: { tenants: [d.enterpriseId], regions: [] },
      }));
    },
    StockCounted: (e) =>
      row<StockTakeRow>(idOf(e.streamId), (r) => {
        if (!r) return r;
        const counts = new Map(e.data.counts.map((c) => [c.partId, c.countedQuantity]));
        const by = userOf(e.data.by);
        const lines = r.lines.map((l) => {
          const counted = counts.get(l.partId);
          if (counted === undefined) return l;
          const next = { ...l, countedQuantity: counted };
          return { ...next, countedBy: by, countedAt: e.data.at, variance: varianceOf(next), varianceValueFen: varianceValueFen(next) };
        });
        return {
          ...r,
          status: 'counting',
          lines,
          countedCount: lines.filter((l) => l.countedQuantity !== null).length,
          counters: withCounter(r.counters, by),
          totals: totalsOf(lines),
          updatedAt: e.data.at,
        };
      }),
    StockTakeSubmitted: (e) =>
      row<StockTakeRow>(idOf(e.streamId), (r) => r && { ...r, status: 'submitted', submittedBy: userOf(e.data.by), counters: withCounter(r.counters, userOf(e.data.by)), updatedAt: e.data.at }),
    StockTakeApproved: (e) =>
      row<StockTakeRow>(idOf(e.streamId), (r) => r && { ...r, status: 'approved', approvedBy: userOf(e.data.by), adjustments: e.data.adjustments, updatedAt: e.data.at }),
    StockTakeCancelled: (e) => row<StockTakeRow>(idOf(e.streamId), (r) => r && { ...r, status: 'cancelled', cancelReason: e.data.reason, updatedAt: e.data.at }),
    StockTakeAdjustmentRefused: (e) =>
      row<StockTakeRow>(idOf(e.streamId), (r) => r && { ...r, refusals: [...r.refusals, { partId: e.data.partId, rule: e.data.rule, message: e.data.message }], updatedAt: e.data.at }),
  },
});

export const STOCK_TAKE_PROJECTIONS = [stockTakesProjection];
