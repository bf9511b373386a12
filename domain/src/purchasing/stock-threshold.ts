import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import type { Party } from '../maintenance/party';
import { assertOfEnterprise, PURCHASING_LIMITS, purchaseRefusal, purchaseWhole } from './purchasing-rules';

// ---- The reorder threshold of one part in one warehouse (stream `StockThreshold-<warehouseId>:<partId>`)
// A minimum and a reorder quantity. The stock ledger's movements are observed here, in the ledger's
// order (by its revision): when the available stock falls below the minimum while no alert is open, the
// stock is low — one LowStockDetected per crossing, from which one purchase request follows; it clears
// once the available stock is back at or above the minimum, and the next fall is a new crossing.

export type StockThresholdSet = DomainEvent<
  'StockThresholdSet',
  {
    warehouseId: string;
    partId: string;
    enterpriseId: string;
    minimum: number;
    reorderQuantity: number;
    /** The ledger's revision it was set at: the stock then is judged with it, older movements are not. */
    stockRevision: number;
    by: Party;
    at: string;
  }
>;
export type LowStockDetected = DomainEvent<
  'LowStockDetected',
  {
    warehouseId: string;
    partId: string;
    enterpriseId: string;
    available: number;
    minimum: number;
    reorderQuantity: number;
    /** What to buy: the reorder quantity, or more when that would not lift the stock to the minimum. */
    suggestedQuantity: number;
    /** The stock ledger's event that crossed (null: the stock was below a threshold set just now) and the revision. */
    stockEventId: string | null;
    stockRevision: number;
    at: string;
  }
>;
export type LowStockCleared = DomainEvent<
  'LowStockCleared',
  { warehouseId: string; partId: string; available: number; stockRevision: number; at: string }
>;
export type StockThresholdEvent = StockThresholdSet | LowStockDetected | LowStockCleared;

/** `available` and `stockRevision`: the ledger as the handler read it (-1: no ledger yet). */
export type SetStockThreshold = Command<
  'SetStockThreshold',
  {
    warehouseId: string;
    partId: string;
    enterpriseId: string;
    minimum: number;
    reorderQuantity: number;
    available: number;
    stockRevision: number;
    by: Party;
    at: string;
  }
>;
/** The available stock after the ledger's event at `stockRevision` (folded up to it). */
export type ObserveStock = Command<'ObserveStock', { available: number; stockEventId: string; stockRevision: number; at: string }>;
export type StockThresholdCommand = SetStockThreshold | ObserveStock;

export type StockThresholdState =
  | { readonly status: 'none' }
  | {
      readonly status: 'set';
      readonly warehouseId: string;
      readonly partId: string;
      readonly enterpriseId: string;
      readonly minimum: number;
      readonly reorderQuantity: number;
      readonly low: boolean;
      /** The last ledger revision that changed the alert: older observations (a replay) change nothing. */
      readonly observedRevision: number;
    };

export const stockThresholdStream = (warehouseId: string, partId: string): string => `StockThreshold-${warehouseId}:${partId}`;

export const suggestedQuantityOf = (available: number, minimum: number, reorderQuantity: number): number =>
  Math.max(reorderQuantity, minimum - available);

/** A crossing below the minimum while no alert is open, or back up to it while one is. */
const judge = (
  state: StockThresholdState,
  available: number,
  stockEventId: string | null,
  stockRevision: number,
  at: string,
): StockThresholdEvent[] => {
  if (state.status === 'none') return [];
  const below = available < state.minimum;
  const { warehouseId, partId, enterpriseId, minimum, reorderQuantity } = state;
  if (below && !state.low)
    return [
      {
        type: 'LowStockDetected',
        data: {
          warehouseId,
          partId,
          enterpriseId,
          available,
          minimum,
          reorderQuantity,
          suggestedQuantity: suggestedQuantityOf(available, minimum, reorderQuantity),
          stockEventId,
          stockRevision,
          at,
        },
      },
    ];
  if (!below && state.low) return [{ type: 'LowStockCleared', data: { warehouseId, partId, available, stockRevision, at } }];
  return [];
};

export const stockThreshold: Decider<StockThresholdCommand, StockThresholdEvent, StockThresholdState> = {
  initialState: () => ({ status: 'none' }),
  decide: (command, state) => {
    switch (command.type) {
      case 'SetStockThreshold': {
        const { warehouseId, partId, enterpriseId, minimum, reorderQuantity, available, stockRevision, by, at } = command.data;
        assertOfEnterprise(by, enterpriseId);
        if (by.kind === 'system') throw purchaseRefusal('not-your-role', 'by', 'thresholds are set by people');
        if (state.status === 'set' && state.enterpriseId !== enterpriseId)
          throw purchaseRefusal('not-your-role', 'by', 'only the enterprise that keeps this stock may set its threshold');
        const min = purchaseWhole(minimum, 'minimum', 0, PURCHASING_LIMITS.quantity);
        const reorder = purchaseWhole(reorderQuantity, 'reorderQuantity', 1, PURCHASING_LIMITS.quantity);
        if (state.status === 'set' && state.minimum === min && state.reorderQuantity === reorder) return [];
        const set: StockThresholdEvent = {
          type: 'StockThresholdSet',
          data: { warehouseId, partId, enterpriseId, minimum: min, reorderQuantity: reorder, stockRevision, by, at },
        };
        const after = stockThreshold.evolve(state, set);
        return [set, ...judge(after, available, null, stockRevision, at)];
      }
      case 'ObserveStock': {
        const { available, stockEventId, stockRevision, at } = command.data;
        if (state.status === 'none' || stockRevision <= state.observedRevision) return [];
        return judge(state, available, stockEventId, stockRevision, at);
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'StockThresholdSet': {
        const { warehouseId, partId, enterpriseId, minimum, reorderQuantity } = event.data;
        return state.status === 'none'
          ? {
              status: 'set',
              warehouseId,
              partId,
              enterpriseId,
              minimum,
              reorderQuantity,
              low: false,
              observedRevision: event.data.stockRevision,
            }
          : { ...state, minimum, reorderQuantity, observedRevision: Math.max(state.observedRevision, event.data.stockRevision) };
      }
      case 'LowStockDetected':
        return state.status === 'none' ? state : { ...state, low: true, observedRevision: event.data.stockRevision };
      case 'LowStockCleared':
        return state.status === 'none' ? state : { ...state, low: false, observedRevision: event.data.stockRevision };
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },
};
