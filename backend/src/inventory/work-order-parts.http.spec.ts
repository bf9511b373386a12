// Parts on a work order through the real HTTP stack (INV-7): the engineer's van stock, a processing
// record issuing from the van (stock down, a ledger row to the work order, usage per order and per
// device, costs only for readers of the stock), a part short in stock refused with 409 before anything
// is written, an edit returning what the record no longer lists, and a missing part raising a purchase
// request and pausing the SLA clock until the purchase order's receipt resumes the work. Another
// enterprise's people get 404 and change nothing.
import { randomUUID } from 'node:crypto';
import { purchaseOrderStream, purchaseRequestStream, stockStream, workOrderStream, type PurchaseOrderReceived } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { specMetadata } from '@kuaige/testkit';
import { Reactor } from '@kuaige/projections';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { ReactionRegistry } from '../event-sourcing/reaction-registry';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { apiSpec, expectNoNewEvents, expectResponse } from '../testing/api-specification';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';
import { registerDevice } from '../work-orders/testing/work-order-world';
import { partsArrived } from './application/work-order-missing-parts';

type Enterprise = { enterpriseId: string; admin: Person };
type Body = Record<string, unknown> & { errors?: { field: string; rule: string; message: string }[] };

describe('parts on a work order over HTTP', () => {
  let t: IdentityApp;
  let events: EventStore;
  let provider: Enterprise;
  let stranger: Enterprise;
  let owner: Enterprise;
  let engineer: Person;
  let deviceId: string;
  let orderId: string;
  let partId: string;
  let centralId: string;
  let vanId: string;
  let recordId: string;

  const send = (who: Person, method: 'post' | 'put', path: string, body: object = {}, key: string = randomUUID()) =>
    t.http()[method](path).set(bearer(who)).set('Idempotency-Key', key).send(body);
  const post = (who: Person, path: string, body: object = {}, key?: string) => send(who, 'post', path, body, key);
  const get = (who: Person, path: string) => t.http().get(path).set(bearer(who));
  const step = (who: Person, name: string, body: object = {}) => post(who, `/api/v1/work-orders/${orderId}/${name}`, body).expect(200);
  const vanLevel = async () => (await get(provider.admin, `/api/v1/inventory/stock?warehouseId=${vanId}&partId=${partId}`).expect(200)).body.items[0];
  const typesIn = async (streamId: string) => (await events.readStream(streamId).catch(() => [])).map((e) => e.type);
  const until = async <T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> => {
    for (let i = 0; i < 200; i++) {
      const value = await read();
      if (ok(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the read model did not get there');
  };

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    provider = await enterpriseWithAdmin(t, '440305', 'service-provider');
    stranger = await enterpriseWithAdmin(t, '440305', 'service-provider');
    owner = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    for (const e of [provider, stranger, owner]) await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(shenzhen.admin)).send({}).expect(200);
    engineer = await employeeOf(t, provider, ['engineer']);

    // The provider's catalogue and stores: 10 bearings at 10.00 yuan in the central store, 4 sent to the van.
    await post(provider.admin, '/api/v1/inventory/categories', { code: 'BRG', name: '轴承' }).expect(201);
    const bearing = { categoryCode: 'BRG', name: '深沟球轴承', model: '6205-2RS', spec: '', maker: 'SKF', unit: 'pcs', safetyStock: 0, suppliers: [{ name: '人本', priceFen: 1250 }], compatibleModels: [] };
    partId = (await post(provider.admin, '/api/v1/inventory/parts', bearing).expect(201)).body.id;
    centralId = (await post(provider.admin, '/api/v1/inventory/warehouses', { name: '深圳中心仓', kind: 'central' }).expect(201)).body.id;
    vanId = (await post(provider.admin, '/api/v1/inventory/warehouses', { name: '李工的车', kind: 'van', engineerId: engineer.userId }).expect(201)).body.id;
    const receipt = await post(provider.admin, '/api/v1/inventory/receipts', { warehouseId: centralId, partId, quantity: 10, unitCostFen: 1000, supplier: '人本' }).expect(201);
    await post(provider.admin, `/api/v1/inventory/receipts/${receipt.body.id}/shelve`, { acceptedQuantity: 10 }).expect(200);
    const transfer = await post(provider.admin, '/api/v1/inventory/transfers', { warehouseId: centralId, partId, toWarehouseId: vanId, quantity: 4 }).expect(201);
    await post(provider.admin, `/api/v1/inventory/transfers/${transfer.body.id}/receive`, {}).expect(200);

    // A work order on the owner's device, dispatched to the provider and started by its engineer.
    deviceId = await registerDevice(t, { enterpriseId: owner.enterpriseId, userId: owner.admin.userId }, null, '440305');
    const order = await post(owner.admin, '/api/v1/work-orders', { deviceId, fault: { type: 'mechanical', description: '主轴异响，转速上不去，需要检修' }, contact: { name: '王工', phone: '13800138000' } }).expect(201);
    orderId = order.body.id;
    if (order.body.status === 'submitted') await step(shenzhen.admin, 'review', { decision: 'approve' });
    await step(shenzhen.admin, 'dispatch', { providerId: provider.enterpriseId });
    await step(provider.admin, 'accept');
    await step(provider.admin, 'assign', { engineerId: engineer.userId });
    await step(engineer, 'engineer-accept');
    await step(engineer, 'start');
  }, 240_000);
  afterAll(() => t.close());

  it('shows engineers the stock of their own van, and nobody else’s', async () => {
    const mine = await get(engineer, '/api/v1/inventory/my-stock?q=轴承').expect(200);
    expect(mine.body).toMatchObject({ total: 1, vans: [{ id: vanId, name: '李工的车' }] });
    expect(mine.body.items).toEqual([expect.objectContaining({ warehouseId: vanId, partId, partCode: 'BRG-0001', partName: '深沟球轴承', onHand: 4, available: 4 })]);
    expect((await get(provider.admin, '/api/v1/inventory/my-stock').expect(200)).body).toMatchObject({ total: 0, items: [], vans: [] });
    expect((await get(stranger.admin, '/api/v1/inventory/my-stock').expect(200)).body.total).toBe(0);
    const bad = await get(engineer, '/api/v1/inventory/my-stock?available=maybe').expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'available' })]);
  });

  it('refuses a record whose van part is short in stock with 409 naming the part, and writes nothing', async () => {
    await apiSpec(t)
      .as(engineer)
      .when((http) =>
        http
          .post(`/api/v1/work-orders/${orderId}/records`)
          .set('Idempotency-Key', randomUUID())
          .send({ steps: '更换主轴轴承', parts: [{ name: '密封胶', quantity: 1, unit: '支' }, { partId, warehouseId: vanId, quantity: 5 }] }),
      )
      .then(
        expectResponse(409, expect.objectContaining({ errors: [expect.objectContaining({ field: 'record.parts[1].quantity', rule: 'insufficient-stock', message: expect.stringContaining('BRG-0001 深沟球轴承') })] })),
        expectNoNewEvents(),
      );
    const half = await post(engineer, `/api/v1/work-orders/${orderId}/records`, { steps: '更换', parts: [{ partId, quantity: 1 }] }).expect(400);
    expect(half.body.errors).toEqual([expect.objectContaining({ field: 'parts.0.warehouseId' })]);
    // Another enterprise's warehouse is one the engineer cannot see.
    const foreignStore = (await post(stranger.admin, '/api/v1/inventory/warehouses', { name: '别家仓', kind: 'central' }).expect(201)).body.id;
    const foreign = await post(engineer, `/api/v1/work-orders/${orderId}/records`, { steps: '更换', parts: [{ partId, warehouseId: foreignStore, quantity: 1 }] }).expect(404);
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'record.parts[0].warehouseId' })]);
    expect((await vanLevel()).available).toBe(4);
  });

  it('issues the van parts of a record at once, exactly once, to the work order, at the average cost', async () => {
    const key = randomUUID();
    const body = { steps: '更换主轴轴承', parts: [{ name: '密封胶', quantity: 1, unit: '支' }, { partId, warehouseId: vanId, quantity: 3 }] };
    const recorded = await post(engineer, `/api/v1/work-orders/${orderId}/records`, body, key).expect(200);
    const record = (recorded.body.records as { recordId: string; parts: object[] }[])[0]!;
    recordId = record.recordId;
    expect(record.parts).toEqual([
      { name: '密封胶', quantity: 1, unit: '支' },
      { name: '深沟球轴承', quantity: 3, unit: 'pcs', partId, warehouseId: vanId },
    ]);
    expect(await vanLevel()).toMatchObject({ onHand: 1, available: 1, valueFen: 1000 });
    expect(await typesIn(stockStream(vanId, partId))).toEqual(expect.arrayContaining(['StockIssueRequested', 'StockIssueApproved', 'StockIssuePicked', 'StockIssueDelivered']));
    // The same request again: the same answer, nothing moved twice.
    const before = await typesIn(stockStream(vanId, partId));
    await post(engineer, `/api/v1/work-orders/${orderId}/records`, body, key).expect(200);
    expect(await typesIn(stockStream(vanId, partId))).toEqual(before);
    expect(await vanLevel()).toMatchObject({ onHand: 1 });

    const ledger = await get(provider.admin, `/api/v1/inventory/movements?warehouseId=${vanId}&type=StockIssueDelivered`).expect(200);
    expect(ledger.body.items).toEqual([expect.objectContaining({ partId, quantity: 3, unitCostFen: 1000, onHandDelta: -3, valueDeltaFen: -3000, recipient: { kind: 'work-order', workOrderId: orderId } })]);
  });

  it('shows the parts used per work order and per device, with costs only for readers of the stock', async () => {
    const used = expect.objectContaining({ workOrderId: orderId, partId, partCode: 'BRG-0001', partName: '深沟球轴承', warehouseName: '李工的车', warehouseKind: 'van', quantity: 3, pendingQuantity: 0 });
    const forProvider = await get(provider.admin, `/api/v1/work-orders/${orderId}/parts`).expect(200);
    expect(forProvider.body).toEqual({ items: [used], totalValueFen: 3000 });
    expect(forProvider.body.items[0]).toMatchObject({ unitCostFen: 1000, valueFen: 3000 });
    const forEngineer = await get(engineer, `/api/v1/work-orders/${orderId}/parts`).expect(200);
    expect(forEngineer.body.items[0]).toMatchObject({ quantity: 3, unitCostFen: null, valueFen: null });
    const forOwner = await get(owner.admin, `/api/v1/work-orders/${orderId}/parts`).expect(200);
    expect(forOwner.body).toEqual({ items: [expect.objectContaining({ quantity: 3, unitCostFen: null })], totalValueFen: null });
    const device = await get(owner.admin, `/api/v1/devices/${deviceId}/parts-usage`).expect(200);
    expect(device.body.items).toEqual([{ partId, partCode: 'BRG-0001', partName: '深沟球轴承', unit: 'pcs', quantity: 3, workOrders: 1, valueFen: null }]);

    await apiSpec(t)
      .as(stranger.admin)
      .when((http) => http.get(`/api/v1/work-orders/${orderId}/parts`))
      .then(expectResponse(404));
    await get(stranger.admin, `/api/v1/devices/${deviceId}/parts-usage`).expect(404);
  });

  it('returns what an edited record no longer lists, and requests from a store through its approval', async () => {
    const edited = await send(engineer, 'put', `/api/v1/work-orders/${orderId}/records/${recordId}`, { steps: '更换主轴轴承', parts: [{ partId, warehouseId: centralId, quantity: 2 }] }).expect(200);
    expect(edited.body.records[0].parts).toEqual([{ name: '深沟球轴承', quantity: 2, unit: 'pcs', partId, warehouseId: centralId }]);
    expect(await vanLevel()).toMatchObject({ onHand: 4, available: 4, valueFen: 4000 });
    const returned = await get(provider.admin, `/api/v1/inventory/movements?warehouseId=${vanId}&type=StockReturned`).expect(200);
    expect(returned.body.items).toEqual([expect.objectContaining({ quantity: 3, unitCostFen: 1000, recipient: { kind: 'work-order', workOrderId: orderId } })]);
    const parts = (await get(provider.admin, `/api/v1/work-orders/${orderId}/parts`).expect(200)).body.items;
    expect(parts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ warehouseId: vanId, quantity: 0, returnedQuantity: 3 }),
        expect.objectContaining({ warehouseId: centralId, quantity: 0, pendingQuantity: 2 }),
      ]),
    );
    const issues = await get(provider.admin, `/api/v1/inventory/documents?kind=issue&status=requested&warehouseId=${centralId}`).expect(200);
    expect(issues.body.items).toEqual([expect.objectContaining({ quantity: 2, recipient: { kind: 'work-order', workOrderId: orderId } })]);
    // What the store has not delivered yet is not the order's to return: the request is cancelled instead.
    const early = await send(engineer, 'put', `/api/v1/work-orders/${orderId}/records/${recordId}`, { steps: '更换主轴轴承', parts: [] }).expect(409);
    expect(early.body.errors).toEqual([expect.objectContaining({ field: 'record.parts', rule: 'return-exceeds-issued' })]);
  });

  it('raises a purchase request for a missing part and pauses the SLA clock; the receipt resumes the work once', async () => {
    const foreign = await post(stranger.admin, `/api/v1/work-orders/${orderId}/missing-parts`, { lines: [{ partId, warehouseId: vanId, quantity: 2 }] }).expect(404);
    expect(foreign.body.errors).toEqual([expect.objectContaining({ rule: 'exists' })]);
    const bad = await post(engineer, `/api/v1/work-orders/${orderId}/missing-parts`, { lines: [{ partId, warehouseId: vanId, quantity: 0 }] }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'lines.0.quantity' })]);

    const asked = await post(engineer, `/api/v1/work-orders/${orderId}/missing-parts`, { lines: [{ partId, warehouseId: vanId, quantity: 2 }], note: '车上轴承不够' }).expect(200);
    const purchaseRequestId = String(asked.body.purchaseRequestId);
    expect(asked.body.workOrder).toMatchObject({ id: orderId, paused: true, pausedReason: 'awaiting-parts' });
    const [raised] = await events.readStream(purchaseRequestStream(purchaseRequestId));
    expect(raised).toMatchObject({
      type: 'PurchaseRequestRaised',
      data: expect.objectContaining({ enterpriseId: provider.enterpriseId, source: { kind: 'work-order', workOrderId: orderId }, lines: [{ partId, warehouseId: vanId, quantity: 2, estimatedUnitFen: 1250 }] }),
    });
    const sla = () => get(engineer, `/api/v1/work-orders/${orderId}/sla`).then((r) => r.body as { status: string; paused: boolean });
    expect(await until(sla, (c) => c.paused)).toMatchObject({ status: 'paused' });

    // The supplier delivers against the purchase order raised for the request (twice: a partial receipt first).
    const purchaseOrderId = randomUUID();
    const receipt = (receiptId: string): PurchaseOrderReceived => ({
      type: 'PurchaseOrderReceived',
      data: {
        purchaseOrderId,
        purchaseRequestId,
        enterpriseId: provider.enterpriseId,
        receiptId,
        supplier: '人本',
        lines: [{ partId, warehouseId: vanId, quantity: 1, unitCostFen: 1250 }],
        source: { kind: 'work-order', workOrderId: orderId },
        complete: receiptId === 'R2',
        by: { kind: 'enterprise', enterpriseId: provider.enterpriseId, userId: provider.admin.userId },
        at: new Date().toISOString(),
      },
    });
    const meta = specMetadata({ tenantIds: [provider.enterpriseId] });
    await events.append(purchaseOrderStream(purchaseOrderId), [{ eventId: randomUUID(), type: 'PurchaseOrderReceived', data: receipt('R1').data, metadata: meta }], 'no_stream');
    const resumed = await until(
      () => get(engineer, `/api/v1/work-orders/${orderId}`).then((r) => r.body as Body),
      (o) => o['paused'] === false,
    );
    expect(resumed).toMatchObject({ status: 'in-progress', pausedReason: null });
    expect(await until(sla, (c) => !c.paused)).toMatchObject({ status: 'running' });
    await events.append(purchaseOrderStream(purchaseOrderId), [{ eventId: randomUUID(), type: 'PurchaseOrderReceived', data: receipt('R2').data, metadata: meta }], 0);
    // Replayed from the start, the reaction finds the first receipt's resume done and the second has no
    // paused work to resume: the order resumed once.
    const replay = new Reactor({ events, reactions: [partsArrived], checkpoints: { load: async () => 0, save: async () => undefined }, dispatch: t.app.get(ReactionRegistry).dispatch });
    await replay.start();
    await replay.caughtUp;
    const replayed = (await replay.status())[0]!;
    await replay.stop();
    expect([replayed.dispatched, replayed.duplicates, replayed.failure]).toEqual([2, 1, undefined]);
    expect((await typesIn(workOrderStream(orderId))).filter((type) => type === 'WorkResumed')).toHaveLength(1);
  });
});
