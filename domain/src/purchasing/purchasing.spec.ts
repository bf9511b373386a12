import { deciderSpec } from '@kuaige/testkit';
import type { Party } from '../maintenance/party';
import { approvalChain, DEFAULT_APPROVAL_CHAIN, levelsFor, type ApprovalBand } from './approval-chain';
import { purchaseOrder, type PurchaseOrderCommand, type PurchaseOrderEvent } from './purchase-order';
import { purchaseRequest, type PurchaseRequestCommand, type PurchaseRequestEvent } from './purchase-request';
import { PurchasingRuleViolation } from './purchasing-rules';
import { stockThreshold, type StockThresholdCommand, type StockThresholdEvent } from './stock-threshold';

const at = '2026-12-01T08:00:00.000Z';
const manager: Party = { kind: 'enterprise', enterpriseId: 'E1', userId: 'U-manager' };
const otherManager: Party = { kind: 'enterprise', enterpriseId: 'E1', userId: 'U-manager-2' };
const admin: Party = { kind: 'enterprise', enterpriseId: 'E1', userId: 'U-admin' };
const stranger: Party = { kind: 'enterprise', enterpriseId: 'E2', userId: 'U-stranger' };
const system: Party = { kind: 'system', reason: 'low-stock' };
const rule = (name: string, field?: string) => (e: PurchasingRuleViolation) => {
  expect(e.rule).toBe(name);
  if (field) expect(e.field).toBe(field);
};

// ---- Approval chains -----------------------------------------------------------------------------------

const twoBands: ApprovalBand[] = [
  { upToFen: 500000, levels: [{ level: 1, roles: ['warehouse-manager'] }] },
  {
    upToFen: null,
    levels: [
      { level: 1, roles: ['warehouse-manager'] },
      { level: 2, roles: ['admin'] },
    ],
  },
];

describe('an enterprise’s approval chain', () => {
  const given = deciderSpec(approvalChain);
  const configure = (bands: { upToFen: number | null; levels: { roles: string[] }[] }[], by: Party = admin) =>
    ({ type: 'ConfigureApprovalChain', data: { enterpriseId: 'E1', bands, by, at } }) as const;
  const submitted = twoBands.map((b) => ({ upToFen: b.upToFen, levels: b.levels.map((l) => ({ roles: [...l.roles] })) }));

  it('numbers the levels of each band and keeps them', () => {
    given([])
      .when(configure(submitted))
      .then([{ type: 'ApprovalChainConfigured', data: { enterpriseId: 'E1', bands: twoBands, by: admin, at } }]);
  });

  it('refuses bands out of order, an open band before the last, a bounded last band, roles not keys, and other enterprises', () => {
    given([])
      .when(
        configure([
          { upToFen: 500, levels: [{ roles: ['admin'] }] },
          { upToFen: 400, levels: [{ roles: ['admin'] }] },
          { upToFen: null, levels: [{ roles: ['admin'] }] },
        ]),
      )
      .thenThrows(PurchasingRuleViolation, rule('ascending', 'bands.1.upToFen'));
    given([])
      .when(
        configure([
          { upToFen: null, levels: [{ roles: ['admin'] }] },
          { upToFen: null, levels: [{ roles: ['admin'] }] },
        ]),
      )
      .thenThrows(PurchasingRuleViolation, rule('open-ended', 'bands.0.upToFen'));
    given([])
      .when(configure([{ upToFen: 500, levels: [{ roles: ['admin'] }] }]))
      .thenThrows(PurchasingRuleViolation, rule('open-ended', 'bands.0.upToFen'));
    given([])
      .when(configure([{ upToFen: null, levels: [{ roles: ['Admin!'] }] }]))
      .thenThrows(PurchasingRuleViolation, rule('role-key', 'bands.0.levels.0.roles.0'));
    given([])
      .when(configure([{ upToFen: null, levels: [] }]))
      .thenThrows(PurchasingRuleViolation, rule('max-items', 'bands.0.levels'));
    given([]).when(configure(submitted, stranger)).thenThrows(PurchasingRuleViolation, rule('not-your-role'));
  });

  it('picks the first band a total fits in; an enterprise without a chain has one level of its admins or warehouse managers', () => {
    expect(levelsFor(twoBands, 500000).map((l) => l.level)).toEqual([1]);
    expect(levelsFor(twoBands, 500001).map((l) => l.level)).toEqual([1, 2]);
    expect(levelsFor(DEFAULT_APPROVAL_CHAIN, 10 ** 12)).toEqual([{ level: 1, roles: ['admin', 'warehouse-manager'] }]);
  });
});

// ---- Purchase requests -----------------------------------------------------------------------------------

const line = { partId: 'P1', warehouseId: 'W1', quantity: 500, estimatedUnitFen: 1250 };
const raise = (by: Party = manager, lines = [line]): PurchaseRequestCommand => ({
  type: 'RaisePurchaseRequest',
  data: { purchaseRequestId: 'PR1', enterpriseId: 'E1', lines, source: { kind: 'manual' }, reason: '年度备货', by, at, chain: twoBands },
});
const raised = (lines = [line], totalFen = 625000, levels = twoBands[1]!.levels): PurchaseRequestEvent => ({
  type: 'PurchaseRequestRaised',
  data: {
    purchaseRequestId: 'PR1',
    enterpriseId: 'E1',
    lines,
    source: { kind: 'manual' },
    reason: '年度备货',
    by: manager,
    at,
    totalFen,
    levels,
  },
});
const approve = (level: number, by: Party, roles: string[]): PurchaseRequestCommand => ({
  type: 'ApprovePurchaseRequest',
  data: { level, approverRoles: roles, note: '', by, at },
});
const approved = (level: number, by: Party, complete: boolean): PurchaseRequestEvent => ({
  type: 'PurchaseRequestApproved',
  data: { purchaseRequestId: 'PR1', level, note: '', by, at, complete },
});
const reject = (by: Party, roles: string[]): PurchaseRequestCommand => ({
  type: 'RejectPurchaseRequest',
  data: { approverRoles: roles, reason: '预算不足', by, at },
});
const ordered: PurchaseRequestEvent = {
  type: 'PurchaseRequestOrdered',
  data: { purchaseRequestId: 'PR1', purchaseOrderId: 'PO1', by: manager, at },
};
const markOrdered = (purchaseOrderId = 'PO1'): PurchaseRequestCommand => ({
  type: 'MarkPurchaseRequestOrdered',
  data: { purchaseOrderId, by: manager, at },
});

describe('a purchase request', () => {
  const given = deciderSpec(purchaseRequest);

  it('is raised with its total and the levels of the band that total falls in', () => {
    given([]).when(raise()).then([raised()]);
    const small = { ...line, quantity: 4 };
    given([])
      .when(raise(manager, [small]))
      .then([raised([small], 5000, twoBands[0]!.levels)]);
    // The low-stock reaction raises it as the platform.
    given([])
      .when(raise(system, [small]))
      .then([
        {
          ...raised([small], 5000, twoBands[0]!.levels),
          data: { ...raised([small], 5000, twoBands[0]!.levels).data, by: system },
        } as PurchaseRequestEvent,
      ]);
  });

  it('refuses no lines, a part twice, fractions, another enterprise, and an id taken', () => {
    given([]).when(raise(manager, [])).thenThrows(PurchasingRuleViolation, rule('max-items', 'lines'));
    given([])
      .when(raise(manager, [line, { ...line, quantity: 1 }]))
      .thenThrows(PurchasingRuleViolation, rule('duplicate', 'lines.1.partId'));
    given([])
      .when(raise(manager, [{ ...line, estimatedUnitFen: 12.5 }]))
      .thenThrows(PurchasingRuleViolation, rule('integer-range', 'lines.0.estimatedUnitFen'));
    given([])
      .when(raise(manager, [{ ...line, quantity: 0 }]))
      .thenThrows(PurchasingRuleViolation, rule('integer-range', 'lines.0.quantity'));
    given([]).when(raise(stranger)).thenThrows(PurchasingRuleViolation, rule('not-your-role'));
    given([raised()]).when(raise()).thenThrows(PurchasingRuleViolation, rule('request-exists'));
  });

  it('approves its levels in order, each by a holder of the level’s role, and completes with the last', () => {
    given([raised()])
      .when(approve(1, manager, ['warehouse-manager']))
      .then([approved(1, manager, false)]);
    given([raised(), approved(1, manager, false)])
      .when(approve(2, admin, ['admin']))
      .then([approved(2, admin, true)]);
  });

  it('refuses the wrong role (naming the level), a level twice, a level out of turn, the same person twice, and a finished request', () => {
    given([raised()])
      .when(approve(1, admin, ['admin']))
      .thenThrows(PurchasingRuleViolation, (e) => {
        rule('permission', 'level')(e);
        expect(e.message).toContain('level 1');
      });
    given([raised()])
      .when(approve(2, admin, ['admin']))
      .thenThrows(PurchasingRuleViolation, rule('level-not-open', 'level'));
    given([raised()])
      .when(approve(3, admin, ['admin']))
      .thenThrows(PurchasingRuleViolation, rule('level-unknown', 'level'));
    given([raised(), approved(1, manager, false)])
      .when(approve(1, otherManager, ['warehouse-manager']))
      .thenThrows(PurchasingRuleViolation, rule('level-approved', 'level'));
    given([raised(), approved(1, manager, false)])
      .when(approve(2, otherManager, ['warehouse-manager']))
      .thenThrows(PurchasingRuleViolation, rule('permission', 'level'));
    given([raised(), approved(1, manager, false)])
      .when(approve(2, manager, ['warehouse-manager', 'admin']))
      .thenThrows(PurchasingRuleViolation, rule('approver-repeated'));
    given([raised(), approved(1, manager, false), approved(2, admin, true)])
      .when(approve(2, admin, ['admin']))
      .thenThrows(PurchasingRuleViolation, rule('request-not-pending'));
    given([raised()])
      .when(approve(1, stranger, ['warehouse-manager']))
      .thenThrows(PurchasingRuleViolation, rule('not-your-role'));
    given([])
      .when(approve(1, manager, ['warehouse-manager']))
      .thenThrows(PurchasingRuleViolation, rule('request-unknown'));
  });

  it('is rejected with a reason by a holder of the waiting level’s role, and then decides nothing more', () => {
    const rejected: PurchaseRequestEvent = {
      type: 'PurchaseRequestRejected',
      data: { purchaseRequestId: 'PR1', level: 2, reason: '预算不足', by: admin, at },
    };
    given([raised(), approved(1, manager, false)])
      .when(reject(admin, ['admin']))
      .then([rejected]);
    given([raised(), approved(1, manager, false)])
      .when(reject(otherManager, ['warehouse-manager']))
      .thenThrows(PurchasingRuleViolation, rule('permission', 'level'));
    given([raised(), approved(1, manager, false), rejected])
      .when(approve(2, admin, ['admin']))
      .thenThrows(PurchasingRuleViolation, rule('request-not-pending'));
    given([raised()])
      .when({ type: 'RejectPurchaseRequest', data: { approverRoles: ['warehouse-manager'], reason: ' ', by: manager, at } })
      .thenThrows(PurchasingRuleViolation, rule('required', 'reason'));
  });

  it('is ordered once approved, once: its own order again is no change, another order is refused', () => {
    const done = [raised(), approved(1, manager, false), approved(2, admin, true)];
    given(done).when(markOrdered()).then([ordered]);
    given([...done, ordered])
      .when(markOrdered())
      .then([]);
    given([...done, ordered])
      .when(markOrdered('PO2'))
      .thenThrows(PurchasingRuleViolation, rule('request-ordered'));
    given([raised()]).when(markOrdered()).thenThrows(PurchasingRuleViolation, rule('request-not-approved'));
  });
});

// ---- Purchase orders -----------------------------------------------------------------------------------

const request = {
  purchaseRequestId: 'PR1',
  enterpriseId: 'E1',
  lines: [line, { partId: 'P2', warehouseId: 'W1', quantity: 3, estimatedUnitFen: 100 }],
  source: { kind: 'work-order', workOrderId: 'WO1' },
} as const;
const orderLines = [
  { partId: 'P1', warehouseId: 'W1', quantity: 500, unitPriceFen: 1200 },
  { partId: 'P2', warehouseId: 'W1', quantity: 3, unitPriceFen: 90 },
];
const place = (lines = orderLines, by: Party = manager): PurchaseOrderCommand => ({
  type: 'PlacePurchaseOrder',
  data: { purchaseOrderId: 'PO1', supplier: '人本轴承', lines, note: '', request, by, at },
});
const placed: PurchaseOrderEvent = {
  type: 'PurchaseOrderPlaced',
  data: {
    purchaseOrderId: 'PO1',
    purchaseRequestId: 'PR1',
    enterpriseId: 'E1',
    supplier: '人本轴承',
    lines: orderLines,
    source: request.source,
    totalFen: 600270,
    note: '',
    by: manager,
    at,
  },
};
const receiveOrder = (
  receiptId: string,
  lines: { partId: string; warehouseId: string; quantity: number }[],
  by: Party = manager,
): PurchaseOrderCommand => ({ type: 'ReceivePurchaseOrder', data: { receiptId, lines, by, at } });
const received = (
  receiptId: string,
  lines: { partId: string; quantity: number; unitCostFen: number }[],
  complete: boolean,
): PurchaseOrderEvent => ({
  type: 'PurchaseOrderReceived',
  data: {
    purchaseOrderId: 'PO1',
    purchaseRequestId: 'PR1',
    enterpriseId: 'E1',
    receiptId,
    supplier: '人本轴承',
    lines: lines.map((l) => ({ ...l, warehouseId: 'W1' })),
    source: request.source,
    complete,
    by: manager,
    at,
  },
});

describe('a purchase order', () => {
  const given = deciderSpec(purchaseOrder);

  it('is placed for what its request asked for, at the agreed prices, carrying the request’s source', () => {
    given([]).when(place()).then([placed]);
    given([placed]).when(place()).then([]);
  });

  it('refuses a part the request did not ask for, a part twice, fractions of a fen, no supplier, another enterprise', () => {
    given([])
      .when(place([{ partId: 'P9', warehouseId: 'W1', quantity: 1, unitPriceFen: 1 }]))
      .thenThrows(PurchasingRuleViolation, rule('not-requested', 'lines.0.partId'));
    given([])
      .when(place([orderLines[0]!, orderLines[0]!]))
      .thenThrows(PurchasingRuleViolation, rule('duplicate', 'lines.1.partId'));
    given([])
      .when(place([{ ...orderLines[0]!, unitPriceFen: 0.5 }]))
      .thenThrows(PurchasingRuleViolation, rule('integer-range', 'lines.0.unitPriceFen'));
    given([])
      .when({
        type: 'PlacePurchaseOrder',
        data: { purchaseOrderId: 'PO1', supplier: '', lines: orderLines, note: '', request, by: manager, at },
      })
      .thenThrows(PurchasingRuleViolation, rule('required', 'supplier'));
    given([]).when(place(orderLines, stranger)).thenThrows(PurchasingRuleViolation, rule('not-your-role'));
  });

  it('is received in parts, each line up to what is outstanding, and completes with the last', () => {
    const first = received('R1', [{ partId: 'P1', quantity: 200, unitCostFen: 1200 }], false);
    given([placed])
      .when(receiveOrder('R1', [{ partId: 'P1', warehouseId: 'W1', quantity: 200 }]))
      .then([first]);
    given([placed, first])
      .when(
        receiveOrder('R2', [
          { partId: 'P1', warehouseId: 'W1', quantity: 300 },
          { partId: 'P2', warehouseId: 'W1', quantity: 3 },
        ]),
      )
      .then([
        received(
          'R2',
          [
            { partId: 'P1', quantity: 300, unitCostFen: 1200 },
            { partId: 'P2', quantity: 3, unitCostFen: 90 },
          ],
          true,
        ),
      ]);
    // The same receipt again records nothing.
    given([placed, first])
      .when(receiveOrder('R1', [{ partId: 'P1', warehouseId: 'W1', quantity: 200 }]))
      .then([]);
  });

  it('refuses more than is outstanding, a part not ordered, a line received in full, a finished order, an unknown order', () => {
    const first = received('R1', [{ partId: 'P1', quantity: 200, unitCostFen: 1200 }], false);
    given([placed, first])
      .when(receiveOrder('R2', [{ partId: 'P1', warehouseId: 'W1', quantity: 301 }]))
      .thenThrows(PurchasingRuleViolation, rule('integer-range', 'lines.0.quantity'));
    given([placed])
      .when(receiveOrder('R2', [{ partId: 'P9', warehouseId: 'W1', quantity: 1 }]))
      .thenThrows(PurchasingRuleViolation, rule('not-ordered', 'lines.0.partId'));
    const p2 = received('R1', [{ partId: 'P2', quantity: 3, unitCostFen: 90 }], false);
    given([placed, p2])
      .when(receiveOrder('R2', [{ partId: 'P2', warehouseId: 'W1', quantity: 1 }]))
      .thenThrows(PurchasingRuleViolation, rule('line-received', 'lines.0.quantity'));
    const all = received(
      'R9',
      [
        { partId: 'P1', quantity: 500, unitCostFen: 1200 },
        { partId: 'P2', quantity: 3, unitCostFen: 90 },
      ],
      true,
    );
    given([placed, all])
      .when(receiveOrder('R10', [{ partId: 'P1', warehouseId: 'W1', quantity: 1 }]))
      .thenThrows(PurchasingRuleViolation, rule('order-received'));
    given([placed])
      .when(receiveOrder('R2', [{ partId: 'P1', warehouseId: 'W1', quantity: 1 }], stranger))
      .thenThrows(PurchasingRuleViolation, rule('not-your-role'));
    given([])
      .when(receiveOrder('R1', [{ partId: 'P1', warehouseId: 'W1', quantity: 1 }]))
      .thenThrows(PurchasingRuleViolation, rule('order-unknown'));
  });
});

// ---- Thresholds and the low-stock watch -------------------------------------------------------------------

const names = { partCode: 'BRG-0001', partName: '深沟球轴承', warehouseName: '中心仓' };
const setThreshold = (
  minimum: number,
  reorderQuantity: number,
  available: number,
  stockRevision: number,
  by: Party = manager,
): StockThresholdCommand => ({
  type: 'SetStockThreshold',
  data: { warehouseId: 'W1', partId: 'P1', enterpriseId: 'E1', minimum, reorderQuantity, ...names, available, stockRevision, by, at },
});
const thresholdSet = (minimum: number, reorderQuantity: number, stockRevision: number): StockThresholdEvent => ({
  type: 'StockThresholdSet',
  data: { warehouseId: 'W1', partId: 'P1', enterpriseId: 'E1', minimum, reorderQuantity, ...names, stockRevision, by: manager, at },
});
const observe = (available: number, stockRevision: number): StockThresholdCommand => ({
  type: 'ObserveStock',
  data: { available, stockEventId: `ev-${stockRevision}`, stockRevision, at },
});
const detected = (
  available: number,
  stockRevision: number,
  suggestedQuantity = 20,
  stockEventId: string | null = `ev-${stockRevision}`,
): StockThresholdEvent => ({
  type: 'LowStockDetected',
  data: {
    warehouseId: 'W1',
    partId: 'P1',
    enterpriseId: 'E1',
    ...names,
    available,
    minimum: 5,
    reorderQuantity: 20,
    suggestedQuantity,
    stockEventId,
    stockRevision,
    at,
  },
});
const cleared = (available: number, stockRevision: number): StockThresholdEvent => ({
  type: 'LowStockCleared',
  data: { warehouseId: 'W1', partId: 'P1', available, stockRevision, at },
});

describe('a part’s threshold in a warehouse', () => {
  const given = deciderSpec(stockThreshold);
  const set = thresholdSet(5, 20, 3);

  it('is set with a minimum and a reorder quantity, judging the stock then; the same values again change nothing', () => {
    given([])
      .when(setThreshold(5, 20, 10, 3))
      .then([set]);
    given([])
      .when(setThreshold(5, 20, 4, 3))
      .then([set, detected(4, 3, 20, null)]);
    given([set])
      .when(setThreshold(5, 20, 10, 7))
      .then([]);
    given([set])
      .when(setThreshold(0, 20, 10, 7))
      .then([thresholdSet(0, 20, 7)]);
  });

  it('refuses fractions, a zero reorder quantity, the platform and other enterprises', () => {
    given([])
      .when(setThreshold(2.5, 20, 10, 3))
      .thenThrows(PurchasingRuleViolation, rule('integer-range', 'minimum'));
    given([])
      .when(setThreshold(5, 0, 10, 3))
      .thenThrows(PurchasingRuleViolation, rule('integer-range', 'reorderQuantity'));
    given([])
      .when(setThreshold(5, 20, 10, 3, system))
      .thenThrows(PurchasingRuleViolation, rule('not-your-role'));
    given([])
      .when(setThreshold(5, 20, 10, 3, stranger))
      .thenThrows(PurchasingRuleViolation, rule('not-your-role'));
  });

  it('detects one crossing below the minimum, stays quiet while low, clears at the minimum, and detects the next crossing', () => {
    given([set]).when(observe(6, 4)).then([]);
    given([set])
      .when(observe(4, 4))
      .then([detected(4, 4)]);
    // max(reorder quantity, what lifts the stock to the minimum)
    given([thresholdSet(5, 2, 3)])
      .when(observe(0, 4))
      .then([{ ...detected(0, 4, 5), data: { ...(detected(0, 4, 5).data as object), reorderQuantity: 2 } } as StockThresholdEvent]);
    given([set, detected(4, 4)])
      .when(observe(3, 5))
      .then([]);
    given([set, detected(4, 4)])
      .when(observe(5, 6))
      .then([cleared(5, 6)]);
    given([set, detected(4, 4), cleared(5, 6)])
      .when(observe(2, 7))
      .then([detected(2, 7)]);
  });

  it('ignores movements it has judged already or that were before it was set (a replay), and ledgers without a threshold', () => {
    given([set, detected(4, 4)])
      .when(observe(4, 4))
      .then([]);
    given([set, detected(4, 4), cleared(5, 6)])
      .when(observe(1, 5))
      .then([]);
    given([set]).when(observe(0, 2)).then([]);
    given([]).when(observe(0, 9)).then([]);
  });
});
