import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import type { Party } from '../maintenance/party';
import { assertMember, boundedText, INVENTORY_LIMITS, violation, wholeNumber } from './inventory-rules';

// ---- Stock-taking (INV-6): a count session of one warehouse (stream `StockTake-<stockTakeId>`) -------
// Opening freezes the book: the quantity on hand and the moving average cost of every part counted are
// written into the session's first event, so the variance is count − book-at-freeze however the stock
// moves while people count. Several counters may split the lines; a line counted again keeps the last
// count. An approver who counted nothing and did not submit (four eyes) turns every variance into one
// adjustment of the part's ledger, with an id derived from the session and the part.

export const STOCK_TAKE_STATUSES = ['open', 'counting', 'submitted', 'approved', 'cancelled'] as const;
export type StockTakeStatus = (typeof STOCK_TAKE_STATUSES)[number];

/** Lines of one session: a warehouse with more parts is counted a category at a time. */
export const STOCK_TAKE_MAX_LINES = 2000;
/** Counts sent in one request (a phone sends one at a time, a scanner's batch a few hundred). */
export const STOCK_TAKE_MAX_COUNTS = 500;

/** What the book said about a part when the session opened. */
export type StockTakeBookLine = {
  readonly partId: string;
  readonly partCode: string;
  readonly partName: string;
  readonly unit: string;
  readonly bookQuantity: number;
  /** The moving average when frozen (integer fen); null when nothing was on hand and none was known. */
  readonly averageCostFen: number | null;
};

export type StockCount = { readonly partId: string; readonly countedQuantity: number };
export type StockTakeAdjustment = { readonly partId: string; readonly adjustmentId: string; readonly delta: number };

type At = { by: Party; at: string };

export type StockTakeOpened = DomainEvent<
  'StockTakeOpened',
  {
    stockTakeId: string;
    enterpriseId: string;
    warehouseId: string;
    warehouseName: string;
    categoryCode: string | null;
    lines: readonly StockTakeBookLine[];
    /** The ledger's log position the book was read at: movements after it happened during the count. */
    frozenAtPosition: number;
    note: string;
  } & At
>;
export type StockCounted = DomainEvent<'StockCounted', { counts: readonly StockCount[] } & At>;
export type StockTakeSubmitted = DomainEvent<'StockTakeSubmitted', At>;
export type StockTakeApproved = DomainEvent<'StockTakeApproved', { adjustments: readonly StockTakeAdjustment[]; note: string } & At>;
export type StockTakeCancelled = DomainEvent<'StockTakeCancelled', { reason: string } & At>;
/** The ledger refused a variance's adjustment (the stock left in between): recorded, not retried. */
export type StockTakeAdjustmentRefused = DomainEvent<'StockTakeAdjustmentRefused', { partId: string; adjustmentId: string; rule: string; message: string; at: string }>;

export type StockTakeEvent = StockTakeOpened | StockCounted | StockTakeSubmitted | StockTakeApproved | StockTakeCancelled | StockTakeAdjustmentRefused;

export type OpenStockTake = Command<
  'OpenStockTake',
  {
    stockTakeId: string;
    enterpriseId: string;
    warehouseId: string;
    warehouseName: string;
    categoryCode: string | null;
    lines: readonly StockTakeBookLine[];
    frozenAtPosition: number;
    note: string;
  } & At
>;
export type CountStock = Command<'CountStock', { counts: readonly StockCount[] } & At>;
export type SubmitStockTake = Command<'SubmitStockTake', At>;
/** `available`: each part's available stock now, as its ledger says; a loss larger than it cannot post. */
export type ApproveStockTake = Command<'ApproveStockTake', { available: Readonly<Record<string, number>>; note: string } & At>;
export type CancelStockTake = Command<'CancelStockTake', { reason: string } & At>;
export type RecordStockTakeRefusal = Command<'RecordStockTakeRefusal', { partId: string; adjustmentId: string; rule: string; message: string; at: string }>;

export type StockTakeCommand = OpenStockTake | CountStock | SubmitStockTake | ApproveStockTake | CancelStockTake | RecordStockTakeRefusal;

export type StockTakeLine = StockTakeBookLine & { readonly countedQuantity: number | null; readonly countedBy: string | null };

export type StockTakeState =
  | { readonly status: 'none' }
  | {
      readonly status: StockTakeStatus;
      readonly stockTakeId: string;
      readonly enterpriseId: string;
      readonly warehouseId: string;
      readonly lines: Readonly<Record<string, StockTakeLine>>;
      /** Users who entered counts or submitted: none of them may approve. */
      readonly counters: readonly string[];
      readonly refused: readonly string[];
    };

export const stockTakeStream = (stockTakeId: string): string => `StockTake-${stockTakeId}`;
/** The id of the adjustment that posts a session's variance of one part (codes are unique per enterprise). */
export const stockTakeAdjustmentId = (stockTakeId: string, partCode: string): string => `${stockTakeId}-${partCode}`;

/** count − book-at-freeze; null while uncounted. */
export const varianceOf = (line: Pick<StockTakeLine, 'bookQuantity' | 'countedQuantity'>): number | null =>
  line.countedQuantity === null ? null : line.countedQuantity - line.bookQuantity;
/** The variance valued at the frozen moving average, in integer fen (a part with no cost known: 0). */
export const varianceValueFen = (line: Pick<StockTakeLine, 'bookQuantity' | 'countedQuantity' | 'averageCostFen'>): number | null => {
  const v = varianceOf(line);
  return v === null ? null : v * (line.averageCostFen ?? 0);
};

const userOf = (by: Party): string => (by.kind === 'system' ? 'system' : by.userId);

type Opened = Exclude<StockTakeState, { status: 'none' }>;

const inState = (state: StockTakeState, command: string, ...allowed: StockTakeStatus[]): Opened => {
  if (state.status === 'none') throw violation('stock-take-unknown', 'stockTakeId', 'no such stock-take session');
  if (!allowed.includes(state.status)) throw violation('stock-take-state', 'status', `the session is ${state.status}; ${command} needs it ${allowed.join(' or ')}`);
  return state;
};

const decide = (command: StockTakeCommand, state: StockTakeState): StockTakeEvent[] => {
  switch (command.type) {
    case 'OpenStockTake': {
      const d = command.data;
      assertMember(d.by, d.enterpriseId);
      if (state.status !== 'none') throw violation('stock-take-exists', 'stockTakeId', 'this stock-take session is open already');
      if (d.lines.length === 0) throw violation('nothing-to-count', 'warehouseId', 'the warehouse keeps no stock of these parts: there is nothing to count');
      if (d.lines.length > STOCK_TAKE_MAX_LINES)
        throw violation('too-many-lines', 'categoryCode', `a session counts at most ${STOCK_TAKE_MAX_LINES} parts; count this warehouse one category at a time`);
      return [
        {
          type: 'StockTakeOpened',
          data: {
            stockTakeId: d.stockTakeId,
            enterpriseId: d.enterpriseId,
            warehouseId: d.warehouseId,
            warehouseName: d.warehouseName,
            categoryCode: d.categoryCode,
            lines: d.lines,
            frozenAtPosition: d.frozenAtPosition,
            note: boundedText(d.note, 'note', INVENTORY_LIMITS.note, false),
            by: d.by,
            at: d.at,
          },
        },
      ];
    }
    case 'CountStock': {
      const { counts, by, at } = command.data;
      const s = inState(state, 'counting', 'open', 'counting');
      assertMember(by, s.enterpriseId);
      if (counts.length === 0 || counts.length > STOCK_TAKE_MAX_COUNTS) throw violation('array-size', 'counts', `send 1 to ${STOCK_TAKE_MAX_COUNTS} counts at a time`);
      const seen = new Set<string>();
      counts.forEach((c, i) => {
        if (!s.lines[c.partId]) throw violation('part-not-in-session', `counts.${i}.partId`, 'this part is not counted in this session (its book was not frozen when the session opened)');
        if (seen.has(c.partId)) throw violation('duplicate-part', `counts.${i}.partId`, 'each part is counted once per request');
        seen.add(c.partId);
        wholeNumber(c.countedQuantity, `counts.${i}.countedQuantity`, 0, INVENTORY_LIMITS.quantity);
      });
      return [{ type: 'StockCounted', data: { counts: counts.map((c) => ({ partId: c.partId, countedQuantity: c.countedQuantity })), by, at } }];
    }
    case 'SubmitStockTake': {
      const { by, at } = command.data;
      const s = inState(state, 'submit', 'counting');
      assertMember(by, s.enterpriseId);
      const uncounted = Object.values(s.lines).filter((l) => l.countedQuantity === null);
      if (uncounted.length > 0)
        throw violation('lines-uncounted', 'counts', `${uncounted.length} parts are not counted yet (${uncounted.slice(0, 5).map((l) => l.partCode).join(', ')}${uncounted.length > 5 ? ', …' : ''})`);
      return [{ type: 'StockTakeSubmitted', data: { by, at } }];
    }
    case 'ApproveStockTake': {
      const { available, note, by, at } = command.data;
      const s = inState(state, 'approve', 'submitted');
      assertMember(by, s.enterpriseId);
      if (s.counters.includes(userOf(by))) throw violation('four-eyes', 'by', 'a stock-take is approved by someone who neither counted nor submitted it');
      const adjustments: StockTakeAdjustment[] = [];
      for (const line of Object.values(s.lines)) {
        const delta = varianceOf(line) ?? 0;
        if (delta === 0) continue;
        const now = available[line.partId] ?? 0;
        if (delta < 0 && -delta > now)
          throw violation('insufficient-stock', 'counts', `${line.partCode}: the count is ${-delta} below the book but only ${now} are available now (reserved for issues); settle those first`);
        adjustments.push({ partId: line.partId, adjustmentId: stockTakeAdjustmentId(s.stockTakeId, line.partCode), delta });
      }
      return [{ type: 'StockTakeApproved', data: { adjustments, note: boundedText(note, 'note', INVENTORY_LIMITS.note, false), by, at } }];
    }
    case 'CancelStockTake': {
      const { reason, by, at } = command.data;
      const s = inState(state, 'cancel', 'open', 'counting', 'submitted');
      assertMember(by, s.enterpriseId);
      return [{ type: 'StockTakeCancelled', data: { reason: boundedText(reason, 'reason', INVENTORY_LIMITS.note), by, at } }];
    }
    case 'RecordStockTakeRefusal': {
      const s = inState(state, 'record a refused adjustment', 'approved');
      if (s.refused.includes(command.data.partId)) return [];
      return [{ type: 'StockTakeAdjustmentRefused', data: command.data }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
};

const withCounter = (counters: readonly string[], by: Party): readonly string[] => {
  const user = userOf(by);
  return counters.includes(user) ? counters : [...counters, user];
};

const evolve = (state: StockTakeState, event: StockTakeEvent): StockTakeState => {
  if (event.type === 'StockTakeOpened') {
    const d = event.data;
    return {
      status: 'open',
      stockTakeId: d.stockTakeId,
      enterpriseId: d.enterpriseId,
      warehouseId: d.warehouseId,
      lines: Object.fromEntries(d.lines.map((l) => [l.partId, { ...l, countedQuantity: null, countedBy: null }])),
      counters: [],
      refused: [],
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'StockCounted': {
      const lines = { ...state.lines };
      for (const c of event.data.counts) {
        const line = lines[c.partId];
        if (line) lines[c.partId] = { ...line, countedQuantity: c.countedQuantity, countedBy: userOf(event.data.by) };
      }
      return { ...state, status: 'counting', lines, counters: withCounter(state.counters, event.data.by) };
    }
    case 'StockTakeSubmitted':
      return { ...state, status: 'submitted', counters: withCounter(state.counters, event.data.by) };
    case 'StockTakeApproved':
      return { ...state, status: 'approved' };
    case 'StockTakeCancelled':
      return { ...state, status: 'cancelled' };
    case 'StockTakeAdjustmentRefused':
      return { ...state, refused: [...state.refused, event.data.partId] };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

/** A stock-take session (INV-6): open → counting → submitted → approved (adjustments posted) | cancelled. */
export const stockTake: Decider<StockTakeCommand, StockTakeEvent, StockTakeState> = {
  initialState: () => ({ status: 'none' }),
  decide,
  evolve,
};
