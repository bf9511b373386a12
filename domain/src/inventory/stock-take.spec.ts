import { deciderSpec } from '@kuaige/testkit';
import type { Party } from '../maintenance/party';
import { InventoryRuleViolation } from './inventory-rules';
import { STOCK_TAKE_MAX_LINES, stockTake, varianceOf, varianceValueFen, type StockTakeBookLine, type StockTakeCommand, type StockTakeEvent } from './stock-take';

const keeper: Party = { kind: 'enterprise', enterpriseId: 'E1', userId: 'U-keeper' };
const counterA: Party = { kind: 'enterprise', enterpriseId: 'E1', userId: 'U-a' };
const counterB: Party = { kind: 'enterprise', enterpriseId: 'E1', userId: 'U-b' };
const manager: Party = { kind: 'enterprise', enterpriseId: 'E1', userId: 'U-manager' };
const stranger: Party = { kind: 'enterprise', enterpriseId: 'E2', userId: 'U-x' };
const at = '2026-12-01T08:00:00.000Z';

const line = (partId: string, bookQuantity: number, averageCostFen: number | null): StockTakeBookLine => ({ partId, partCode: `BRG-000${partId.slice(1)}`, partName: '轴承', unit: 'pcs', bookQuantity, averageCostFen });
const lines = [line('P1', 10, 1250), line('P2', 4, 800)];
const openData = { stockTakeId: 'T1', enterpriseId: 'E1', warehouseId: 'W1', warehouseName: '中心仓', categoryCode: null, lines, frozenAtPosition: 42, note: '' };

const opened: StockTakeEvent = { type: 'StockTakeOpened', data: { ...openData, by: keeper, at } };
const counted = (by: Party, ...counts: [string, number][]): StockTakeEvent => ({ type: 'StockCounted', data: { counts: counts.map(([partId, countedQuantity]) => ({ partId, countedQuantity })), by, at } });
const submitted = (by: Party): StockTakeEvent => ({ type: 'StockTakeSubmitted', data: { by, at } });
const cancelled: StockTakeEvent = { type: 'StockTakeCancelled', data: { reason: '重新安排', by: keeper, at } };

const open = (change: Partial<typeof openData> = {}, by: Party = keeper): StockTakeCommand => ({ type: 'OpenStockTake', data: { ...openData, ...change, by, at } });
const count = (by: Party, ...counts: [string, number][]): StockTakeCommand => ({ type: 'CountStock', data: { counts: counts.map(([partId, countedQuantity]) => ({ partId, countedQuantity })), by, at } });
const submit = (by: Party): StockTakeCommand => ({ type: 'SubmitStockTake', data: { by, at } });
const approve = (by: Party, available: Record<string, number> = { P1: 10, P2: 4 }): StockTakeCommand => ({ type: 'ApproveStockTake', data: { available, note: '', by, at } });
const cancel = (by: Party = keeper): StockTakeCommand => ({ type: 'CancelStockTake', data: { reason: '重新安排', by, at } });

// Two counters split the lines: A counts P1 one short, B finds P2 exactly as booked.
const countedAll = [opened, counted(counterA, ['P1', 9]), counted(counterB, ['P2', 4])];
const inReview = [...countedAll, submitted(counterA)];
const approvedEvent: StockTakeEvent = { type: 'StockTakeApproved', data: { adjustments: [{ partId: 'P1', adjustmentId: 'T1-BRG-0001', delta: -1 }], note: '', by: manager, at } };

const rule = (name: string, field?: string) => (e: InventoryRuleViolation) => {
  expect(e.rule).toBe(name);
  if (field) expect(e.field).toBe(field);
};

describe('a stock-take session', () => {
  const given = deciderSpec(stockTake);

  it('opens with the book frozen into its first event', () => {
    given([]).when(open()).then([opened]);
  });

  it('refuses to open twice, empty, too large, or for another enterprise', () => {
    given([opened]).when(open()).thenThrows(InventoryRuleViolation, rule('stock-take-exists'));
    given([]).when(open({ lines: [] })).thenThrows(InventoryRuleViolation, rule('nothing-to-count', 'warehouseId'));
    const many = Array.from({ length: STOCK_TAKE_MAX_LINES + 1 }, (_, i) => line(`P${i}`, 1, 1));
    given([]).when(open({ lines: many })).thenThrows(InventoryRuleViolation, rule('too-many-lines', 'categoryCode'));
    given([]).when(open({}, stranger)).thenThrows(InventoryRuleViolation, rule('not-your-role'));
  });

  it('takes counts from several counters while open or counting; a recount keeps the last', () => {
    given([opened]).when(count(counterA, ['P1', 9])).then([counted(counterA, ['P1', 9])]);
    given([opened, counted(counterA, ['P1', 9])]).when(count(counterB, ['P1', 10], ['P2', 3])).then([counted(counterB, ['P1', 10], ['P2', 3])]);
  });

  it('refuses a count of a part not frozen in the session, twice in one request, or not a whole number', () => {
    given([opened]).when(count(counterA, ['P9', 1])).thenThrows(InventoryRuleViolation, rule('part-not-in-session', 'counts.0.partId'));
    given([opened]).when(count(counterA, ['P1', 1], ['P1', 2])).thenThrows(InventoryRuleViolation, rule('duplicate-part', 'counts.1.partId'));
    given([opened]).when(count(counterA, ['P1', -1])).thenThrows(InventoryRuleViolation, rule('integer-range', 'counts.0.countedQuantity'));
    given([opened]).when(count(counterA, ['P1', 1.5])).thenThrows(InventoryRuleViolation, rule('integer-range', 'counts.0.countedQuantity'));
    given([opened]).when(count(counterA)).thenThrows(InventoryRuleViolation, rule('array-size', 'counts'));
    given([opened]).when(count(stranger, ['P1', 1])).thenThrows(InventoryRuleViolation, rule('not-your-role'));
    given([]).when(count(counterA, ['P1', 1])).thenThrows(InventoryRuleViolation, rule('stock-take-unknown'));
  });

  it('refuses counts once submitted, approved or cancelled', () => {
    given(inReview).when(count(counterA, ['P1', 1])).thenThrows(InventoryRuleViolation, rule('stock-take-state', 'status'));
    given([...inReview, approvedEvent]).when(count(counterA, ['P1', 1])).thenThrows(InventoryRuleViolation, rule('stock-take-state'));
    given([opened, cancelled]).when(count(counterA, ['P1', 1])).thenThrows(InventoryRuleViolation, rule('stock-take-state'));
  });

  it('submits only when counting and every line is counted', () => {
    given(countedAll).when(submit(counterA)).then([submitted(counterA)]);
    given([opened]).when(submit(counterA)).thenThrows(InventoryRuleViolation, rule('stock-take-state'));
    given([opened, counted(counterA, ['P1', 9])]).when(submit(counterA)).thenThrows(InventoryRuleViolation, rule('lines-uncounted', 'counts'));
    given(inReview).when(submit(counterA)).thenThrows(InventoryRuleViolation, rule('stock-take-state'));
  });

  it('is approved by a fourth pair of eyes, turning each variance into one adjustment', () => {
    given(inReview).when(approve(manager)).then([approvedEvent]);
    // The one who opened it may approve: opening is not counting.
    given(inReview).when(approve(keeper)).then([{ ...approvedEvent, data: { ...approvedEvent.data, by: keeper } } as StockTakeEvent]);
  });

  it('refuses approval by a counter, by whoever submitted, before submission and after', () => {
    given(inReview).when(approve(counterB)).thenThrows(InventoryRuleViolation, rule('four-eyes', 'by'));
    given(inReview).when(approve(counterA)).thenThrows(InventoryRuleViolation, rule('four-eyes', 'by'));
    given([opened, counted(counterA, ['P1', 9], ['P2', 4]), submitted(counterB)]).when(approve(counterB)).thenThrows(InventoryRuleViolation, rule('four-eyes'));
    given(countedAll).when(approve(manager)).thenThrows(InventoryRuleViolation, rule('stock-take-state'));
    given([...inReview, approvedEvent]).when(approve(manager)).thenThrows(InventoryRuleViolation, rule('stock-take-state'));
    given([...inReview, cancelled]).when(approve(manager)).thenThrows(InventoryRuleViolation, rule('stock-take-state'));
    given(inReview).when(approve(stranger)).thenThrows(InventoryRuleViolation, rule('not-your-role'));
  });

  it('refuses approval when a loss exceeds what is available now (the rest is reserved)', () => {
    given(inReview).when(approve(manager, { P1: 0, P2: 4 })).thenThrows(InventoryRuleViolation, rule('insufficient-stock'));
  });

  it('is cancelled before approval, not after', () => {
    given([opened]).when(cancel()).then([cancelled]);
    given(countedAll).when(cancel()).then([cancelled]);
    given(inReview).when(cancel()).then([cancelled]);
    given([...inReview, approvedEvent]).when(cancel()).thenThrows(InventoryRuleViolation, rule('stock-take-state'));
    given([opened, cancelled]).when(cancel()).thenThrows(InventoryRuleViolation, rule('stock-take-state'));
    given([opened]).when({ type: 'CancelStockTake', data: { reason: ' ', by: keeper, at } }).thenThrows(InventoryRuleViolation, rule('required', 'reason'));
  });

  it('records a refused adjustment once, and only after approval', () => {
    const refusal: StockTakeCommand = { type: 'RecordStockTakeRefusal', data: { partId: 'P1', adjustmentId: 'T1-BRG-0001', rule: 'insufficient-stock', message: 'gone', at } };
    const refused: StockTakeEvent = { type: 'StockTakeAdjustmentRefused', data: refusal.data as Extract<StockTakeEvent, { type: 'StockTakeAdjustmentRefused' }>['data'] };
    given([...inReview, approvedEvent]).when(refusal).then([refused]);
    given([...inReview, approvedEvent, refused]).when(refusal).then([]);
    given(inReview).when(refusal).thenThrows(InventoryRuleViolation, rule('stock-take-state'));
  });

  it('values a variance at the frozen moving average, in whole fen', () => {
    expect(varianceOf({ bookQuantity: 10, countedQuantity: 7 })).toBe(-3);
    expect(varianceValueFen({ bookQuantity: 10, countedQuantity: 7, averageCostFen: 1250 })).toBe(-3750);
    expect(varianceValueFen({ bookQuantity: 0, countedQuantity: 2, averageCostFen: null })).toBe(0);
    expect(varianceValueFen({ bookQuantity: 1, countedQuantity: null, averageCostFen: 5 })).toBeNull();
  });
});
