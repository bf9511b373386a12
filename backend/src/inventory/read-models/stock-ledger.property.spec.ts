// The stock ledger's invariants for random sequences of movements (fast-check): whatever commands come,
// in whatever order, the accepted ones never make available stock (on hand − reserved) negative, value
// follows quantity (nothing on hand: no value), and the stock level read model equals the fold of the
// movement ledger's rows — and the decider's own state — after every sequence.
import fc from 'fast-check';
import { InventoryRuleViolation, stock, stockStream, type StockCommand, type StockEvent, type StockState, type StockTarget } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { EmbeddedReadModelStore, ProjectionRunner, visibleRows } from '@kuaige/projections';
import { eventLog } from '@kuaige/testkit';
import { stockLevelRowId, stockLevelsProjection, stockMovementsProjection, type StockLevelRow, type StockMovementRow } from './inventory.projections';

const by = { kind: 'enterprise', enterpriseId: 'E1', userId: 'U1' } as const;
const at = '2026-12-01T08:00:00.000Z';
const target: StockTarget = {
  warehouseId: 'W1',
  partId: 'P1',
  enterpriseId: 'E1',
  partCode: 'BRG-0001',
  partName: '轴承',
  categoryPath: ['BRG'],
  unit: 'pcs',
  safetyStock: 3,
  warehouseName: '中心仓',
  warehouseKind: 'central',
  bins: [],
};

// A step names documents by a small index, so that later steps can refer to earlier ones (or to none).
type Step =
  | { kind: 'receive'; doc: number; quantity: number; cost: number }
  | { kind: 'shelve'; doc: number; accepted: number }
  | { kind: 'request'; doc: number; quantity: number }
  | { kind: 'approve' | 'reject' | 'pick' | 'deliver' | 'cancel'; doc: number }
  | { kind: 'return'; doc: number; quantity: number; cost: number | null }
  | { kind: 'transfer-out'; doc: number; quantity: number }
  | { kind: 'expect'; doc: number; quantity: number; value: number }
  | { kind: 'transfer-in'; doc: number }
  | { kind: 'adjust'; doc: number; delta: number };

const doc = fc.integer({ min: 0, max: 2 });
const quantity = fc.integer({ min: 1, max: 12 });
const cost = fc.integer({ min: 0, max: 5000 });
const w = <T>(arbitrary: fc.Arbitrary<T>, weight: number) => ({ arbitrary, weight });
// Weighted towards the steps that build stock up and walk an issue through, so that long chains of
// accepted movements (approval, picking, delivery against real stock) come up often, not only refusals.
const step: fc.Arbitrary<Step> = fc.oneof(
  w(fc.record({ kind: fc.constant('receive' as const), doc, quantity, cost }), 4),
  w(fc.record({ kind: fc.constant('shelve' as const), doc, accepted: fc.integer({ min: 0, max: 12 }) }), 4),
  w(fc.record({ kind: fc.constant('request' as const), doc, quantity }), 3),
  w(fc.record({ kind: fc.constant('approve' as const), doc }), 3),
  w(fc.record({ kind: fc.constant('pick' as const), doc }), 3),
  w(fc.record({ kind: fc.constant('deliver' as const), doc }), 3),
  w(fc.record({ kind: fc.constantFrom('reject' as const, 'cancel' as const), doc }), 1),
  w(fc.record({ kind: fc.constant('return' as const), doc, quantity, cost: fc.option(cost, { nil: null }) }), 1),
  w(fc.record({ kind: fc.constant('transfer-out' as const), doc, quantity }), 1),
  w(fc.record({ kind: fc.constant('expect' as const), doc, quantity, value: fc.integer({ min: 0, max: 50_000 }) }), 1),
  w(fc.record({ kind: fc.constant('transfer-in' as const), doc }), 1),
  w(fc.record({ kind: fc.constant('adjust' as const), doc, delta: fc.integer({ min: -12, max: 12 }) }), 1),
);

const commandOf = (s: Step, i: number): StockCommand => {
  const on = { target, by, at };
  const id = (prefix: string) => `${prefix}${s.doc}`;
  switch (s.kind) {
    case 'receive':
      return { type: 'ReceiveStock', data: { ...on, receiptId: id('R'), quantity: s.quantity, unitCostFen: s.cost, supplier: '', note: '' } };
    case 'shelve':
      return { type: 'ShelveStock', data: { ...on, receiptId: id('R'), acceptedQuantity: s.accepted, bin: null } };
    case 'request':
      return { type: 'RequestStockIssue', data: { ...on, issueId: id('I'), quantity: s.quantity, recipient: { kind: 'work-order', workOrderId: 'WO1' }, note: '' } };
    case 'approve':
      return { type: 'ApproveStockIssue', data: { ...on, issueId: id('I'), note: '' } };
    case 'reject':
      return { type: 'RejectStockIssue', data: { ...on, issueId: id('I'), reason: '不批' } };
    case 'pick':
      return { type: 'PickStockIssue', data: { ...on, issueId: id('I') } };
    case 'deliver':
      return { type: 'DeliverStockIssue', data: { ...on, issueId: id('I') } };
    case 'cancel':
      return { type: 'CancelStockIssue', data: { ...on, issueId: id('I'), reason: '取消' } };
    case 'return':
      return { type: 'ReturnStock', data: { ...on, returnId: `X${i}`, quantity: s.quantity, unitCostFen: s.cost, from: null, reason: '退回' } };
    case 'transfer-out':
      return { type: 'TransferStockOut', data: { ...on, transferId: `T${i}`, toWarehouseId: 'W2', quantity: s.quantity } };
    case 'expect':
      return { type: 'ExpectStockTransfer', data: { target, transferId: id('N'), fromWarehouseId: 'W3', quantity: s.quantity, valueFen: s.value, at } };
    case 'transfer-in':
      return { type: 'ReceiveStockTransfer', data: { ...on, transferId: id('N'), bin: null } };
    case 'adjust':
      return { type: 'AdjustStock', data: { ...on, adjustmentId: `A${i}`, delta: s.delta, reason: '盘点' } };
  }
};

/** Runs the steps through the decider as the write side does; refused ones append nothing. */
const run = (steps: readonly Step[]) => {
  const log = eventLog<StockEvent>({ tenantIds: ['E1'] });
  const streamId = stockStream('W1', 'P1');
  let state: StockState = stock.initialState();
  const recorded: RecordedEvent[] = [];
  const states: StockState[] = [];
  steps.forEach((s, i) => {
    let events: StockEvent[];
    try {
      events = stock.decide(commandOf(s, i), state);
    } catch (error) {
      if (error instanceof InventoryRuleViolation) return;
      throw error;
    }
    for (const e of events) recorded.push(log.record(streamId, e));
    state = events.reduce(stock.evolve, state);
    states.push(state);
  });
  return { state, states, recorded };
};

const project = async (recorded: readonly RecordedEvent[]) => {
  const store = new EmbeddedReadModelStore();
  try {
    for (const p of [stockLevelsProjection, stockMovementsProjection]) {
      const runner = new ProjectionRunner(store, p, p.collection, p.name);
      await runner.load();
      await runner.prepare();
      for (const e of recorded) await runner.apply([e], e.position);
    }
    const level = await store.collection<StockLevelRow>(stockLevelsProjection.collection).findOne({ $and: [visibleRows, { _id: stockLevelRowId('W1', 'P1') }] });
    const movements = await store.collection<StockMovementRow>(stockMovementsProjection.collection).find(visibleRows);
    return { level, movements };
  } finally {
    await store.close();
  }
};

describe('the stock ledger under random movements', () => {
  it('walks a plain issue through (the steps as the properties build them)', () => {
    const { recorded } = run([
      { kind: 'receive', doc: 0, quantity: 5, cost: 100 },
      { kind: 'shelve', doc: 0, accepted: 5 },
      { kind: 'request', doc: 0, quantity: 2 },
      { kind: 'approve', doc: 0 },
      { kind: 'pick', doc: 0 },
      { kind: 'deliver', doc: 0 },
    ]);
    expect(recorded.map((e) => e.type)).toEqual(['StockLedgerOpened', 'StockReceived', 'StockShelved', 'StockIssueRequested', 'StockIssueApproved', 'StockIssuePicked', 'StockIssueDelivered']);
  });

  it('never lets an accepted movement make available stock negative; value follows quantity', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 80, size: 'max' }), (steps) => {
        const { states, recorded } = run(steps);
        for (const e of recorded) seen.add(e.type);
        for (const s of states) {
          expect(s.onHand - s.reserved).toBeGreaterThanOrEqual(0);
          expect(s.reserved).toBeGreaterThanOrEqual(0);
          expect(s.inInspection).toBeGreaterThanOrEqual(0);
          expect(s.inTransit).toBeGreaterThanOrEqual(0);
          expect(s.valueFen).toBeGreaterThanOrEqual(0);
          expect(Number.isSafeInteger(s.valueFen)).toBe(true);
          if (s.onHand === 0) expect(s.valueFen).toBe(0);
        }
      }),
      { numRuns: 400, seed: 20261201 },
    );
    // The sequences reach every kind of movement, not only refusals.
    expect([...seen].sort()).toEqual(
      [
        'StockAdjusted',
        'StockIssueApproved',
        'StockIssueCancelled',
        'StockIssueDelivered',
        'StockIssuePicked',
        'StockIssueRejected',
        'StockIssueRequested',
        'StockLedgerOpened',
        'StockReceived',
        'StockReturned',
        'StockShelved',
        'StockTransferExpected',
        'StockTransferredIn',
        'StockTransferredOut',
      ].sort(),
    );
  });

  it('projects stock levels that equal the fold of the ledger and the ledger’s own state', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 60, size: 'max' }), async (steps) => {
        const { state, recorded } = run(steps);
        const { level, movements } = await project(recorded);
        if (!state.opened) {
          expect({ level, movements }).toEqual({ level: null, movements: [] });
          return;
        }
        const sum = (f: (m: StockMovementRow) => number) => movements.reduce((n, m) => n + f(m), 0);
        const folded = {
          onHand: sum((m) => m.onHandDelta),
          reserved: sum((m) => m.reservedDelta),
          inInspection: sum((m) => m.inInspectionDelta),
          inTransit: sum((m) => m.inTransitDelta),
          valueFen: sum((m) => m.valueDeltaFen),
        };
        const row = { onHand: level!.onHand, reserved: level!.reserved, inInspection: level!.inInspection, inTransit: level!.inTransit, valueFen: level!.valueFen };
        expect(row).toEqual(folded);
        expect(row).toEqual({ onHand: state.onHand, reserved: state.reserved, inInspection: state.inInspection, inTransit: state.inTransit, valueFen: state.valueFen });
        expect(level!.available).toBe(state.onHand - state.reserved);
        expect(level!.low).toBe(state.onHand - state.reserved <= target.safetyStock);
        // One ledger row per movement event: everything but the opening.
        expect(movements).toHaveLength(recorded.length - 1);
      }),
      { numRuns: 60, seed: 20261201 },
    );
  });
});
