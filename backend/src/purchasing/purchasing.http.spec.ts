// Low stock and purchasing through the real HTTP stack: a threshold's crossing raises exactly one
// purchase request (and a later crossing after restocking another), a two-level approval chain refuses
// the wrong role (403 naming the level) and a second approval of a level (409) and completes with the
// right ones, then the purchase order and its partial receipts post stock exactly once; bad input is
// refused with field and rule, and another enterprise's ids answer 404 with nothing changed.
import { purchaseRequestStream, stockStream, type StockEvent } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';

type Enterprise = { enterpriseId: string; admin: Person };
type RequestView = {
  id: string;
  status: string;
  totalFen: number;
  openLevel: number | null;
  yourStep: number | null;
  lines: { quantity: number; estimatedUnitFen: number; partName: string | null }[];
  levels: { level: number; approvedBy: string | null }[];
};

describe('purchasing over HTTP', () => {
  let t: IdentityApp;
  let events: EventStore;
  let provider: Enterprise;
  let stranger: Enterprise;
  let manager: Person;
  let otherManager: Person;
  let partId: string;
  let warehouseId: string;

  const send = (method: 'post' | 'put', who: Person, path: string, body: object = {}, key?: string) => {
    const req = t.http()[method](`/api/v1${path}`).set(bearer(who));
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const post = (who: Person, path: string, body: object = {}, key?: string) => send('post', who, path, body, key);
  const put = (who: Person, path: string, body: object = {}) => send('put', who, path, body);
  const get = (who: Person, path: string) => t.http().get(`/api/v1${path}`).set(bearer(who));
  const level = async () =>
    (await get(provider.admin, `/inventory/stock?warehouseId=${warehouseId}&partId=${partId}`).expect(200)).body.items[0];
  const stockEvents = async (): Promise<StockEvent[]> =>
    (await events.readStream(stockStream(warehouseId, partId))).map((e) => ({ type: e.type, data: e.data }) as StockEvent);
  const lowStockRequests = async (): Promise<RequestView[]> =>
    (await get(provider.admin, '/purchasing/requests?source=low-stock&pageSize=100').expect(200)).body.items;
  const untilRequests = async (n: number, rounds = 150): Promise<RequestView[]> => {
    for (let i = 0; i < rounds; i++) {
      const found = await lowStockRequests();
      if (found.length >= n) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    return lowStockRequests();
  };
  const receive = async (quantity: number, unitCostFen = 1000) => {
    const receipt = await post(provider.admin, '/inventory/receipts', { warehouseId, partId, quantity, unitCostFen }).expect(201);
    await post(provider.admin, `/inventory/receipts/${receipt.body.id}/shelve`, { acceptedQuantity: quantity }).expect(200);
  };
  const adjust = (delta: number) =>
    post(provider.admin, '/inventory/adjustments', { warehouseId, partId, delta, reason: '出库测试' }).expect(201);

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    provider = await enterpriseWithAdmin(t, '440305', 'service-provider');
    stranger = await enterpriseWithAdmin(t, '440305', 'service-provider');
    for (const e of [provider, stranger])
      await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(shenzhen.admin)).send({}).expect(200);
    manager = await employeeOf(t, provider, ['warehouse-manager']);
    otherManager = await employeeOf(t, provider, ['warehouse-manager']);
    await post(provider.admin, '/inventory/categories', { code: 'BRG', name: '轴承' }).expect(201);
    const part = await post(provider.admin, '/inventory/parts', {
      categoryCode: 'BRG',
      name: '深沟球轴承',
      unit: 'pcs',
      suppliers: [
        { name: '人本轴承', priceFen: 1250 },
        { name: 'NSK', priceFen: 1400 },
      ],
    }).expect(201);
    partId = part.body.id;
    warehouseId = (await post(provider.admin, '/inventory/warehouses', { name: '深圳中心仓', kind: 'central' }).expect(201)).body.id;
  }, 240_000);
  afterAll(() => t.close());

  it('configures a two-band approval chain and refuses malformed ones with field and rule', async () => {
    const open = await put(provider.admin, '/purchasing/approval-chain', {
      bands: [
        { upToFen: 500000, levels: [{ roles: ['warehouse-manager'] }] },
        { upToFen: 100, levels: [{ roles: ['admin'] }] },
      ],
    }).expect(422);
    expect(open.body.errors).toEqual([expect.objectContaining({ field: 'bands.1.upToFen', rule: 'open-ended' })]);
    const fraction = await put(provider.admin, '/purchasing/approval-chain', {
      bands: [
        { upToFen: 5000.5, levels: [{ roles: ['admin'] }] },
        { upToFen: null, levels: [{ roles: ['admin'] }] },
      ],
    }).expect(400);
    expect(fraction.body.errors).toEqual([expect.objectContaining({ field: 'bands.0.upToFen' })]);
    const role = await put(provider.admin, '/purchasing/approval-chain', {
      bands: [{ upToFen: null, levels: [{ roles: ['Warehouse Manager'] }] }],
    }).expect(400);
    expect(role.body.errors).toEqual([expect.objectContaining({ field: 'bands.0.levels.0.roles' })]);
    // A warehouse manager may not change the chain their approvals follow.
    await put(manager, '/purchasing/approval-chain', { bands: [{ upToFen: null, levels: [{ roles: ['warehouse-manager'] }] }] }).expect(
      403,
    );

    const chain = await put(provider.admin, '/purchasing/approval-chain', {
      bands: [
        { upToFen: 500000, levels: [{ roles: ['warehouse-manager'] }] },
        { upToFen: null, levels: [{ roles: ['warehouse-manager'] }, { roles: ['admin'] }] },
      ],
    }).expect(200);
    expect(chain.body).toEqual({
      configured: true,
      updatedAt: expect.any(String),
      bands: [
        { upToFen: 500000, levels: [{ level: 1, roles: ['warehouse-manager'] }] },
        {
          upToFen: null,
          levels: [
            { level: 1, roles: ['warehouse-manager'] },
            { level: 2, roles: ['admin'] },
          ],
        },
      ],
    });
  });

  it('raises exactly one purchase request per crossing below the minimum, and a new one after restocking', async () => {
    await receive(10);
    const set = await put(manager, '/inventory/thresholds', { warehouseId, partId, minimum: 5, reorderQuantity: 20 }).expect(200);
    expect(set.body).toEqual(
      expect.objectContaining({
        minimum: 5,
        reorderQuantity: 20,
        low: false,
        available: 10,
        partName: '深沟球轴承',
        warehouseName: '深圳中心仓',
      }),
    );
    const fraction = await put(manager, '/inventory/thresholds', { warehouseId, partId, minimum: 2.5, reorderQuantity: 20 }).expect(400);
    expect(fraction.body.errors).toEqual([expect.objectContaining({ field: 'minimum' })]);

    await adjust(-6); // 4 available: below 5
    const [first] = await untilRequests(1);
    expect(first).toEqual(
      expect.objectContaining({
        status: 'pending',
        // max(reorder 20, 5 − 4) units at the cheapest supplier's price
        lines: [expect.objectContaining({ partId, warehouseId, quantity: 20, estimatedUnitFen: 1250, partName: '深沟球轴承' })],
        totalFen: 25000,
        levels: [expect.objectContaining({ level: 1, roles: ['warehouse-manager'] })],
        source: { kind: 'low-stock', warehouseId, partId },
      }),
    );
    // The enterprise's purchasers are told, with a link to the low-stock dashboard.
    type Notice = { templateKey: string; title: string; subject: { kind: string; id: string } };
    let notices: Notice[] = [];
    for (let i = 0; i < 100 && !notices.some((n) => n.templateKey === 'purchasing.low-stock'); i++) {
      notices = (await get(manager, '/me/notifications?pageSize=100').expect(200)).body.items;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(notices.filter((n) => n.templateKey === 'purchasing.low-stock')).toEqual([
      expect.objectContaining({
        title: expect.stringContaining('库存不足'),
        subject: expect.objectContaining({ kind: 'low-stock', id: `${warehouseId}:${partId}` }),
      }),
    ]);
    const alerts = await get(manager, '/inventory/thresholds?state=low').expect(200);
    expect(alerts.body.items).toEqual([
      expect.objectContaining({ partId, warehouseId, low: true, available: 4, suggestedQuantity: 20, purchaseRequestId: first!.id }),
    ]);

    await adjust(-1); // still low: the same crossing
    await receive(1);
    expect(await untilRequests(2, 30)).toHaveLength(1);

    await receive(5); // 9 available: the alert clears
    expect((await get(manager, '/inventory/thresholds?state=low').expect(200)).body.items).toEqual([]);
    await adjust(-5); // 4 again: a new crossing
    const both = await untilRequests(2);
    expect(both).toHaveLength(2);
    expect(new Set(both.map((r) => r.id)).size).toBe(2);
    for (const r of both) await post(manager, `/purchasing/requests/${r.id}/reject`, { reason: '由手工申请合并采购' }).expect(200);
  });

  it('walks a two-level request: the wrong role is refused 403 naming the level, a level twice 409, the right ones complete it', async () => {
    const raised = await post(manager, '/purchasing/requests', {
      lines: [{ partId, warehouseId, quantity: 500, estimatedUnitFen: 1250 }],
      reason: '三号线年度备货',
    }).expect(201);
    const id: string = raised.body.id;
    expect(raised.body).toEqual(expect.objectContaining({ status: 'pending', totalFen: 625000, openLevel: 1, yourStep: 1 }));
    expect(raised.body.levels.map((l: { roles: string[] }) => l.roles)).toEqual([['warehouse-manager'], ['admin']]);
    const inbox = async (who: Person) =>
      (await get(who, '/purchasing/requests?mine=true').expect(200)).body.items.map((r: RequestView) => r.id);
    expect(await inbox(manager)).toContain(id);
    expect(await inbox(provider.admin)).not.toContain(id);

    const before = (await events.readStream(purchaseRequestStream(id))).length;
    const wrongRole = await post(provider.admin, `/purchasing/requests/${id}/approve`, { level: 1 }).expect(403);
    expect(wrongRole.body.errors).toEqual([
      expect.objectContaining({ field: 'level', rule: 'permission', message: expect.stringContaining('level 1') }),
    ]);
    const tooEarly = await post(provider.admin, `/purchasing/requests/${id}/approve`, { level: 2 }).expect(409);
    expect(tooEarly.body.errors).toEqual([expect.objectContaining({ field: 'level', rule: 'level-not-open' })]);
    expect((await events.readStream(purchaseRequestStream(id))).length).toBe(before);

    const first = await post(manager, `/purchasing/requests/${id}/approve`, { level: 1, note: '同意' }).expect(200);
    expect(first.body).toEqual(expect.objectContaining({ status: 'pending', openLevel: 2, yourStep: null }));
    const twice = await post(otherManager, `/purchasing/requests/${id}/approve`, { level: 1 }).expect(409);
    expect(twice.body.errors).toEqual([expect.objectContaining({ field: 'level', rule: 'level-approved' })]);
    const managerAtTwo = await post(otherManager, `/purchasing/requests/${id}/approve`, { level: 2 }).expect(403);
    expect(managerAtTwo.body.errors).toEqual([
      expect.objectContaining({ field: 'level', rule: 'permission', message: expect.stringContaining('level 2') }),
    ]);
    expect(await inbox(manager)).not.toContain(id);
    expect(await inbox(provider.admin)).toContain(id);

    const done = await post(provider.admin, `/purchasing/requests/${id}/approve`, { level: 2 }).expect(200);
    expect(done.body).toEqual(expect.objectContaining({ status: 'approved', openLevel: null }));
    expect(done.body.levels.map((l: { approvedBy: string | null }) => l.approvedBy)).toEqual([manager.userId, provider.admin.userId]);
    await post(provider.admin, `/purchasing/requests/${id}/approve`, { level: 2 }).expect(409);

    // ---- the order, then partial receipts into stock at the order's price -------------------------
    const stockBefore = await level();
    const bad = await post(manager, '/purchasing/orders', {
      purchaseRequestId: id,
      supplier: '人本轴承',
      lines: [{ partId, warehouseId, quantity: 500, unitPriceFen: 11.5 }],
    }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'lines.0.unitPriceFen' })]);
    const order = await post(manager, '/purchasing/orders', {
      purchaseRequestId: id,
      supplier: '人本轴承',
      lines: [{ partId, warehouseId, quantity: 500, unitPriceFen: 1200 }],
    }).expect(201);
    const orderId: string = order.body.id;
    expect(order.body).toEqual(
      expect.objectContaining({ status: 'placed', purchaseRequestId: id, totalFen: 600000, source: { kind: 'manual' } }),
    );
    expect((await get(manager, `/purchasing/requests/${id}`).expect(200)).body).toEqual(
      expect.objectContaining({ status: 'ordered', purchaseOrderId: orderId }),
    );
    const again = await post(manager, '/purchasing/orders', {
      purchaseRequestId: id,
      supplier: 'NSK',
      lines: [{ partId, warehouseId, quantity: 500, unitPriceFen: 1300 }],
    }).expect(409);
    expect(again.body.errors).toEqual([expect.objectContaining({ rule: 'request-ordered' })]);

    const key = `receipt-${Date.now()}-one`;
    const partial = await post(
      manager,
      `/purchasing/orders/${orderId}/receive`,
      { lines: [{ partId, warehouseId, quantity: 200 }] },
      key,
    ).expect(200);
    expect(partial.body).toEqual(
      expect.objectContaining({ status: 'partially-received', lines: [expect.objectContaining({ quantity: 500, receivedQuantity: 200 })] }),
    );
    expect(await level()).toEqual(
      expect.objectContaining({
        onHand: stockBefore.onHand + 200,
        available: stockBefore.available + 200,
        valueFen: stockBefore.valueFen + 200 * 1200,
      }),
    );
    const eventsAfterFirst = (await stockEvents()).length;
    // The same receipt sent again posts nothing twice.
    await post(manager, `/purchasing/orders/${orderId}/receive`, { lines: [{ partId, warehouseId, quantity: 200 }] }, key).expect(200);
    expect((await stockEvents()).length).toBe(eventsAfterFirst);
    const over = await post(manager, `/purchasing/orders/${orderId}/receive`, { lines: [{ partId, warehouseId, quantity: 301 }] }).expect(
      422,
    );
    expect(over.body.errors).toEqual([expect.objectContaining({ field: 'lines.0.quantity', rule: 'integer-range' })]);
    const rest = await post(manager, `/purchasing/orders/${orderId}/receive`, { lines: [{ partId, warehouseId, quantity: 300 }] }).expect(
      200,
    );
    expect(rest.body).toEqual(expect.objectContaining({ status: 'received', lines: [expect.objectContaining({ receivedQuantity: 500 })] }));
    expect(rest.body.receipts).toHaveLength(2);
    await post(manager, `/purchasing/orders/${orderId}/receive`, { lines: [{ partId, warehouseId, quantity: 1 }] }).expect(409);
    const shelved = (await stockEvents()).filter((e) => e.type === 'StockShelved' && e.data.unitCostFen === 1200);
    expect(shelved.map((e) => (e.type === 'StockShelved' ? e.data.acceptedQuantity : 0))).toEqual([200, 300]);
    expect(await level()).toEqual(expect.objectContaining({ onHand: stockBefore.onHand + 500 }));
  });

  it('refuses bad requests with field and rule', async () => {
    const empty = await post(manager, '/purchasing/requests', { lines: [], reason: '空' }).expect(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'lines' })]);
    const fraction = await post(manager, '/purchasing/requests', {
      lines: [{ partId, warehouseId, quantity: 1, estimatedUnitFen: 0.5 }],
      reason: '小数',
    }).expect(400);
    expect(fraction.body.errors).toEqual([expect.objectContaining({ field: 'lines.0.estimatedUnitFen' })]);
    const twice = await post(manager, '/purchasing/requests', {
      lines: [
        { partId, warehouseId, quantity: 1, estimatedUnitFen: 5 },
        { partId, warehouseId, quantity: 2, estimatedUnitFen: 5 },
      ],
      reason: '重复',
    }).expect(422);
    expect(twice.body.errors).toEqual([expect.objectContaining({ field: 'lines.1.partId', rule: 'duplicate' })]);
    const noReason = await post(manager, '/purchasing/requests', {
      lines: [{ partId, warehouseId, quantity: 1, estimatedUnitFen: 5 }],
    }).expect(400);
    expect(noReason.body.errors.length).toBeGreaterThan(0);
    expect(noReason.body.errors.every((e: { field: string }) => e.field === 'reason')).toBe(true);
  });

  it('answers another enterprise’s ids 404 and changes nothing', async () => {
    const raised = await post(manager, '/purchasing/requests', {
      lines: [{ partId, warehouseId, quantity: 2, estimatedUnitFen: 1250 }],
      reason: '小额',
    }).expect(201);
    const id: string = raised.body.id;
    const before = (await events.readStream(purchaseRequestStream(id))).length;
    await get(stranger.admin, `/purchasing/requests/${id}`).expect(404);
    await post(stranger.admin, `/purchasing/requests/${id}/approve`, { level: 1 }).expect(404);
    await post(stranger.admin, `/purchasing/requests/${id}/reject`, { reason: '不是你的' }).expect(404);
    await post(stranger.admin, '/purchasing/orders', {
      purchaseRequestId: id,
      supplier: 'X',
      lines: [{ partId, warehouseId, quantity: 2, unitPriceFen: 1 }],
    }).expect(404);
    await post(stranger.admin, '/purchasing/requests', {
      lines: [{ partId, warehouseId, quantity: 1, estimatedUnitFen: 1 }],
      reason: '别人的仓',
    }).expect(404);
    await put(stranger.admin, '/inventory/thresholds', { warehouseId, partId, minimum: 1, reorderQuantity: 1 }).expect(404);
    expect((await get(stranger.admin, '/purchasing/requests').expect(200)).body.total).toBe(0);
    expect((await events.readStream(purchaseRequestStream(id))).length).toBe(before);
    // Rejected with a reason by the level's holder: it leaves the inbox.
    const rejected = await post(manager, `/purchasing/requests/${id}/reject`, { reason: '预算不足' }).expect(200);
    expect(rejected.body).toEqual(
      expect.objectContaining({
        status: 'rejected',
        rejection: expect.objectContaining({ level: 1, reason: '预算不足', by: manager.userId }),
      }),
    );
  });
});
