import { deciderSpec } from '@kuaige/testkit';
import type { Party } from '../maintenance/party';
import { averageCostFen, InventoryRuleViolation, outgoingValueFen } from './inventory-rules';
import { stock, type StockCommand, type StockEvent, type StockTarget } from './stock';

const by: Party = { kind: 'enterprise', enterpriseId: 'E1', userId: 'U1' };
const stranger: Party = { kind: 'enterprise', enterpriseId: 'E2', userId: 'U2' };
const at = '2026-12-01T08:00:00.000Z';
const target: StockTarget = {
  warehouseId: 'W1',
  partId: 'P1',
  enterpriseId: 'E1',
  partCode: 'BRG-0001',
  partName: '轴承',
  categoryPath: ['BRG'],
  unit: 'pcs',
  safetyStock: 2,
  warehouseName: '中心仓',
  warehouseKind: 'central',
  bins: ['A-01'],
};
const engineer = { kind: 'engineer', engineerId: 'U9' } as const;
const { bins: _bins, ...ledger } = target;
const opened: StockEvent = { type: 'StockLedgerOpened', data: { ...ledger, at } };
const received = (receiptId: string, quantity: number, unitCostFen: number): StockEvent => ({
  type: 'StockReceived',
  data: { receiptId, quantity, unitCostFen, supplier: '', note: '', by, at },
});
const shelved = (receiptId: string, accepted: number, of: number, unitCostFen: number): StockEvent => ({
  type: 'StockShelved',
  data: { receiptId, acceptedQuantity: accepted, rejectedQuantity: of - accepted, unitCostFen, valueFen: accepted * unitCostFen, bin: null, by, at },
});
const requested = (issueId: string, quantity: number): StockEvent => ({ type: 'StockIssueRequested', data: { issueId, quantity, recipient: engineer, note: '', by, at } });
const approved = (issueId: string, quantity: number): StockEvent => ({ type: 'StockIssueApproved', data: { issueId, quantity, note: '', by, at } });
const picked = (issueId: string): StockEvent => ({ type: 'StockIssuePicked', data: { issueId, by, at } });
const cmd = <T extends StockCommand['type']>(type: T, data: Omit<Extract<StockCommand, { type: T }>['data'], 'target' | 'by' | 'at'>, who: Party = by) =>
  ({ type, data: { ...data, target, by: who, at } }) as unknown as Extract<StockCommand, { type: T }>;

const onShelf = [opened, received('R1', 10, 1000), shelved('R1', 10, 10, 1000)];
const rule = (name: string, field?: string) => (e: InventoryRuleViolation) => {
  expect(e.rule).toBe(name);
  if (field) expect(e.field).toBe(field);
};

describe('the stock ledger of a part in a warehouse', () => {
  const given = deciderSpec(stock);

  it('opens with the part and warehouse it tracks, then takes a receipt into inspection', () => {
    given([]).when(cmd('ReceiveStock', { receiptId: 'R1', quantity: 10, unitCostFen: 1000, supplier: '', note: '' })).then([opened, received('R1', 10, 1000)]);
  });

  it('shelves what passed inspection at its cost and sends the rest back', () => {
    given([opened, received('R1', 10, 1000)]).when(cmd('ShelveStock', { receiptId: 'R1', acceptedQuantity: 8, bin: 'A-01' })).then([
      { type: 'StockShelved', data: { receiptId: 'R1', acceptedQuantity: 8, rejectedQuantity: 2, unitCostFen: 1000, valueFen: 8000, bin: 'A-01', by, at } },
    ]);
    given([opened, received('R1', 10, 1000)]).when(cmd('ShelveStock', { receiptId: 'R1', acceptedQuantity: 11, bin: null })).thenThrows(InventoryRuleViolation, rule('integer-range', 'acceptedQuantity'));
    given(onShelf).when(cmd('ShelveStock', { receiptId: 'R1', acceptedQuantity: 1, bin: null })).thenThrows(InventoryRuleViolation, rule('receipt-not-open'));
  });

  it('reserves on approval only what is available, and refuses the rest', () => {
    given([...onShelf, requested('I1', 10)]).when(cmd('ApproveStockIssue', { issueId: 'I1', note: '' })).then([approved('I1', 10)]);
    given([...onShelf, requested('I1', 10), approved('I1', 10), requested('I2', 1)])
      .when(cmd('ApproveStockIssue', { issueId: 'I2', note: '' }))
      .thenThrows(InventoryRuleViolation, rule('insufficient-stock', 'quantity'));
  });

  it('delivers only picked issues, taking the quantity’s share of the value, the last units all of it', () => {
    given([...onShelf, requested('I1', 3), approved('I1', 3)]).when(cmd('DeliverStockIssue', { issueId: 'I1' })).thenThrows(InventoryRuleViolation, rule('issue-state'));
    given([opened, received('R1', 3, 333), shelved('R1', 3, 3, 333), received('R2', 1, 500), shelved('R2', 1, 1, 500), requested('I1', 2), approved('I1', 2), picked('I1')])
      .when(cmd('DeliverStockIssue', { issueId: 'I1' }))
      // 4 units worth 1,499: 2 take 749.5 → 750 fen; the average shown is 374.75 → 375.
      .then([{ type: 'StockIssueDelivered', data: { issueId: 'I1', quantity: 2, recipient: engineer, unitCostFen: 375, valueFen: 750, by, at } }]);
  });

  it('releases a reservation when an approved issue is cancelled, none for a requested one', () => {
    given([...onShelf, requested('I1', 4), approved('I1', 4)]).when(cmd('CancelStockIssue', { issueId: 'I1', reason: '不需要了' })).then([
      { type: 'StockIssueCancelled', data: { issueId: 'I1', releasedQuantity: 4, reason: '不需要了', by, at } },
    ]);
    given([...onShelf, requested('I1', 4)]).when(cmd('CancelStockIssue', { issueId: 'I1', reason: '不需要了' })).then([
      { type: 'StockIssueCancelled', data: { issueId: 'I1', releasedQuantity: 0, reason: '不需要了', by, at } },
    ]);
  });

  it('transfers out only available stock, and expects an inbound transfer once', () => {
    given([...onShelf, requested('I1', 8), approved('I1', 8)])
      .when(cmd('TransferStockOut', { transferId: 'T1', toWarehouseId: 'W2', quantity: 3 }))
      .thenThrows(InventoryRuleViolation, rule('insufficient-stock'));
    const expect_ = { type: 'ExpectStockTransfer', data: { target, transferId: 'T1', fromWarehouseId: 'W2', quantity: 2, valueFen: 2000, at } } as const;
    const expected: StockEvent = { type: 'StockTransferExpected', data: { transferId: 'T1', fromWarehouseId: 'W2', quantity: 2, valueFen: 2000, at } };
    given([opened]).when(expect_).then([expected]);
    given([opened, expected]).when(expect_).then([]);
  });

  it('never adjusts below what is reserved, and values found stock at the average cost', () => {
    given([...onShelf, requested('I1', 8), approved('I1', 8)]).when(cmd('AdjustStock', { adjustmentId: 'A1', delta: -3, reason: '丢失' })).thenThrows(InventoryRuleViolation, rule('insufficient-stock'));
    given(onShelf).when(cmd('AdjustStock', { adjustmentId: 'A1', delta: 2, reason: '盘盈' })).then([
      { type: 'StockAdjusted', data: { adjustmentId: 'A1', delta: 2, unitCostFen: 1000, valueFen: 2000, reason: '盘盈', by, at } },
    ]);
    given(onShelf).when(cmd('AdjustStock', { adjustmentId: 'A1', delta: 0, reason: '零' })).thenThrows(InventoryRuleViolation, rule('integer-range', 'delta'));
  });

  it('is kept by its enterprise only', () => {
    given(onShelf).when(cmd('AdjustStock', { adjustmentId: 'A1', delta: 1, reason: '外人' }, stranger)).thenThrows(InventoryRuleViolation, rule('not-your-role'));
  });

  it('refuses fractional quantities and costs', () => {
    given([]).when(cmd('ReceiveStock', { receiptId: 'R1', quantity: 1.5, unitCostFen: 100, supplier: '', note: '' })).thenThrows(InventoryRuleViolation, rule('integer-range', 'quantity'));
    given([]).when(cmd('ReceiveStock', { receiptId: 'R1', quantity: 1, unitCostFen: 99.9, supplier: '', note: '' })).thenThrows(InventoryRuleViolation, rule('integer-range', 'unitCostFen'));
  });
});

describe('moving average valuation in integer fen', () => {
  it('rounds a share half up and gives the last units all that is left', () => {
    expect(outgoingValueFen(1, 3, 1000)).toBe(333); // 333.33…
    expect(outgoingValueFen(1, 2, 1001)).toBe(501); // 500.5 → 501
    expect(outgoingValueFen(3, 3, 1000)).toBe(1000);
    expect(averageCostFen(3, 1000)).toBe(333);
    expect(averageCostFen(0, 0)).toBeNull();
  });

  it('stays exact where floating point would not (large values)', () => {
    // 999,999 × 90,071,992,547 fen overflows a double's exact integers; the BigInt inside does not.
    expect(outgoingValueFen(999_999, 1_000_000, 90_071_992_547)).toBe(90_071_902_475);
  });

  it('never drifts: taking the units out one by one takes out exactly the value that came in', () => {
    let onHand = 7;
    let value = 1001;
    let out = 0;
    while (onHand > 0) {
      const v = outgoingValueFen(1, onHand, value);
      out += v;
      value -= v;
      onHand -= 1;
      expect(value).toBeGreaterThanOrEqual(0);
    }
    expect({ out, value }).toEqual({ out: 1001, value: 0 });
  });
});

describe('parts issued to a work order (processing records)', () => {
  const given = deciderSpec(stock);
  const van: StockTarget = { ...target, warehouseId: 'VAN1', warehouseName: '张工的车', warehouseKind: 'van' };
  const { bins: _vanBins, ...vanLedger } = van;
  const vanOpened: StockEvent = { type: 'StockLedgerOpened', data: { ...vanLedger, at } };
  const inVan = [vanOpened, received('R1', 4, 1000), shelved('R1', 4, 4, 1000)];
  const toOrder = { kind: 'work-order', workOrderId: 'WO1' } as const;
  const onVan = <T extends StockCommand['type']>(type: T, data: Omit<Extract<StockCommand, { type: T }>['data'], 'target' | 'by' | 'at'>, who: Party = by) =>
    ({ type, data: { ...data, target: van, by: who, at } }) as unknown as Extract<StockCommand, { type: T }>;
  const issue = (quantity: number, who: Party = by) => onVan('IssueStockToWorkOrder', { issueId: 'I1', workOrderId: 'WO1', quantity, vanEngineerId: 'U1', note: '' }, who);
  const delivered: StockEvent[] = [
    { type: 'StockIssueRequested', data: { issueId: 'I1', quantity: 3, recipient: toOrder, note: '', by, at } },
    { type: 'StockIssueApproved', data: { issueId: 'I1', quantity: 3, note: 'van stock: held by the engineer', by, at } },
    { type: 'StockIssuePicked', data: { issueId: 'I1', by, at } },
    { type: 'StockIssueDelivered', data: { issueId: 'I1', quantity: 3, recipient: toOrder, unitCostFen: 1000, valueFen: 3000, by, at } },
  ];

  it('hands van stock over at once, at the moving average, without an approval', () => {
    given(inVan).when(issue(3)).then(delivered);
  });

  it('refuses more than the van has, naming the part, and another engineer’s van', () => {
    given(inVan)
      .when(issue(5))
      .thenThrows(InventoryRuleViolation, (e) => {
        expect(e.rule).toBe('insufficient-stock');
        expect(e.message).toContain('BRG-0001 轴承');
      });
    given(inVan).when(issue(1, { kind: 'enterprise', enterpriseId: 'E1', userId: 'U7' })).thenThrows(InventoryRuleViolation, rule('not-your-van', 'warehouseId'));
  });

  it('only requests from a store: its approval reserves the stock as for any issue', () => {
    given(onShelf)
      .when(cmd('IssueStockToWorkOrder', { issueId: 'I1', workOrderId: 'WO1', quantity: 2, vanEngineerId: null, note: '' }))
      .then([{ type: 'StockIssueRequested', data: { issueId: 'I1', quantity: 2, recipient: toOrder, note: '', by, at } }]);
    given(onShelf).when(cmd('IssueStockToWorkOrder', { issueId: 'I1', workOrderId: 'WO1', quantity: 11, vanEngineerId: null, note: '' })).thenThrows(InventoryRuleViolation, rule('insufficient-stock'));
  });

  it('takes back from the work order what it got, at the value it left at, and no more', () => {
    const reshelved = [...inVan, ...delivered, received('R2', 1, 4000), shelved('R2', 1, 1, 4000)];
    given(reshelved)
      .when(onVan('ReturnWorkOrderParts', { returnId: 'B1', workOrderId: 'WO1', quantity: 2, reason: 'record edited' }))
      .then([{ type: 'StockReturned', data: { returnId: 'B1', quantity: 2, unitCostFen: 1000, valueFen: 2000, from: toOrder, reason: 'record edited', by, at } }]);
    given(reshelved).when(onVan('ReturnWorkOrderParts', { returnId: 'B1', workOrderId: 'WO1', quantity: 4, reason: 'record edited' })).thenThrows(InventoryRuleViolation, rule('return-exceeds-issued'));
    given(reshelved).when(onVan('ReturnWorkOrderParts', { returnId: 'B1', workOrderId: 'WO2', quantity: 1, reason: 'record edited' })).thenThrows(InventoryRuleViolation, rule('return-exceeds-issued'));
  });
});
