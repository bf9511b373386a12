// Spare parts through the real HTTP stack: the catalogue's codes, warehouses, the stock ledger's
// movements (receipt → inspection → shelf, issue → approval → picking → delivery, transfer out → in
// transit → in, returns, adjustments) with their valuation in integer fen, the race for the last units,
// input refused with field and rule, and another enterprise's ids answering 404 with nothing changed.
import { randomUUID } from 'node:crypto';
import { stockStream, type StockEvent } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { specMetadata } from '@kuaige/testkit';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { apiSpec, expectNoNewEvents, expectResponse } from '../testing/api-specification';
import { enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';
import { partSheet } from './application/part-sheet';

type Enterprise = { enterpriseId: string; admin: Person };

const bearing = (change: Record<string, unknown> = {}) => ({
  categoryCode: 'BRG01',
  name: '深沟球轴承',
  model: '6205-2RS',
  spec: '25×52×15 mm',
  maker: 'SKF',
  unit: 'pcs',
  safetyStock: 2,
  suppliers: [{ name: '人本轴承', priceFen: 1250 }],
  compatibleModels: ['VMC-850'],
  ...change,
});

describe('inventory over HTTP', () => {
  let t: IdentityApp;
  let events: EventStore;
  let provider: Enterprise;
  let stranger: Enterprise;
  let user: Enterprise;
  let partId: string;
  let centralId: string;
  let vanId: string;

  const post = (who: Person, path: string, body: object = {}) => t.http().post(`/api/v1/inventory${path}`).set(bearer(who)).send(body);
  const get = (who: Person, path: string) => t.http().get(`/api/v1/inventory${path}`).set(bearer(who));
  const level = async (warehouseId: string, id = partId) => (await get(provider.admin, `/stock?warehouseId=${warehouseId}&partId=${id}`).expect(200)).body.items[0];
  const stockEvents = async (warehouseId: string, id: string): Promise<StockEvent[]> =>
    (await events.readStream(stockStream(warehouseId, id))).map((e) => ({ type: e.type, data: e.data }) as StockEvent);

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    provider = await enterpriseWithAdmin(t, '440305', 'service-provider');
    stranger = await enterpriseWithAdmin(t, '440305', 'service-provider');
    user = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    for (const e of [provider, stranger, user]) await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(shenzhen.admin)).send({}).expect(200);
  }, 180_000);
  afterAll(() => t.close());

  it('keeps a classification tree whose categories hand out unique part codes', async () => {
    await post(provider.admin, '/categories', { code: 'BRG', name: '轴承' }).expect(201);
    const child = await post(provider.admin, '/categories', { code: 'BRG01', name: '深沟球轴承', parentCode: 'BRG' }).expect(201);
    expect(child.body).toEqual(expect.objectContaining({ code: 'BRG01', parentCode: 'BRG', path: ['BRG', 'BRG01'], depth: 2 }));
    const again = await post(provider.admin, '/categories', { code: 'BRG', name: '又一个' }).expect(409);
    expect(again.body.errors).toEqual([expect.objectContaining({ field: 'code', rule: 'category-exists' })]);
    const orphan = await post(provider.admin, '/categories', { code: 'XX', name: '无父', parentCode: 'NOPE' }).expect(422);
    expect(orphan.body.errors).toEqual([expect.objectContaining({ field: 'parentCode', rule: 'category-unknown' })]);

    const first = await post(provider.admin, '/parts', bearing()).expect(201);
    partId = first.body.id;
    expect(first.body).toEqual(expect.objectContaining({ code: 'BRG01-0001', categoryPath: ['BRG', 'BRG01'], suppliers: [{ name: '人本轴承', priceFen: 1250 }], unit: 'pcs' }));
    const chosen = await post(provider.admin, '/parts', bearing({ code: 'BRG01-0007', name: '角接触轴承' })).expect(201);
    expect(chosen.body.code).toBe('BRG01-0007');
    // The next free code continues after the highest one given.
    expect((await post(provider.admin, '/parts', bearing({ name: '圆锥滚子轴承' })).expect(201)).body.code).toBe('BRG01-0008');
    const taken = await post(provider.admin, '/parts', bearing({ code: 'BRG01-0007' })).expect(409);
    expect(taken.body.errors).toEqual([expect.objectContaining({ field: 'code', rule: 'code-taken' })]);
    const wrongPrefix = await post(provider.admin, '/parts', bearing({ code: 'BRG-0009' })).expect(422);
    expect(wrongPrefix.body.errors).toEqual([expect.objectContaining({ field: 'code', rule: 'part-code' })]);
    // Other enterprises have catalogues of their own: the same code is theirs to use.
    await post(stranger.admin, '/categories', { code: 'BRG01', name: '轴承' }).expect(201);
    expect((await post(stranger.admin, '/parts', bearing()).expect(201)).body.code).toBe('BRG01-0001');

    const tree = await get(provider.admin, '/categories').expect(200);
    expect(tree.body.items.map((c: { code: string; partCount: number }) => [c.code, c.partCount])).toEqual([
      ['BRG', 0],
      ['BRG01', 3],
    ]);
    const inCategory = await get(provider.admin, '/parts?category=BRG&q=轴承').expect(200);
    expect(inCategory.body.total).toBe(3);
  });

  it('refuses bad input with the field and rule, and prices that are not whole fen', async () => {
    const fraction = await post(provider.admin, '/parts', bearing({ suppliers: [{ name: '人本', priceFen: 12.5 }] })).expect(400);
    expect(fraction.body.errors).toEqual([expect.objectContaining({ field: 'suppliers.0.priceFen' })]);
    const unit = await post(provider.admin, '/parts', bearing({ unit: 'dozen' })).expect(400);
    expect(unit.body.errors).toEqual([expect.objectContaining({ field: 'unit' })]);
    const code = await post(provider.admin, '/categories', { code: 'brg', name: '小写' }).expect(400);
    expect(code.body.errors).toEqual([expect.objectContaining({ field: 'code' })]);
    const twice = await post(provider.admin, '/parts', bearing({ compatibleModels: ['VMC-850', 'vmc-850'] })).expect(422);
    expect(twice.body.errors).toEqual([expect.objectContaining({ field: 'compatibleModels.1', rule: 'duplicate' })]);
  });

  it('opens warehouses for providers and manufacturers, vans for their engineers', async () => {
    const central = await post(provider.admin, '/warehouses', { name: '深圳中心仓', kind: 'central', address: '南山区科技园 1 号', bins: ['A-01', 'A-02'] }).expect(201);
    centralId = central.body.id;
    expect(central.body).toEqual(expect.objectContaining({ kind: 'central', engineerId: null, bins: ['A-01', 'A-02'] }));
    const van = await post(provider.admin, '/warehouses', { name: '张工的车', kind: 'van', engineerId: provider.admin.userId }).expect(201);
    vanId = van.body.id;
    const noEngineer = await post(provider.admin, '/warehouses', { name: '无人车', kind: 'van' }).expect(422);
    expect(noEngineer.body.errors).toEqual([expect.objectContaining({ field: 'engineerId', rule: 'required' })]);
    const outsider = await post(provider.admin, '/warehouses', { name: '外人车', kind: 'van', engineerId: stranger.admin.userId }).expect(422);
    expect(outsider.body.errors).toEqual([expect.objectContaining({ field: 'engineerId', rule: 'engineer-member' })]);
    const equipmentUser = await post(user.admin, '/warehouses', { name: '用户仓', kind: 'central' }).expect(403);
    expect(equipmentUser.body.errors).toEqual([expect.objectContaining({ rule: 'not-your-role' })]);
    await get(stranger.admin, `/warehouses/${centralId}`).expect(404);
  });

  it('receives parts through inspection onto the shelf, valued at moving average cost in fen', async () => {
    const receipt = await post(provider.admin, '/receipts', { warehouseId: centralId, partId, quantity: 10, unitCostFen: 1000, supplier: '人本轴承' }).expect(201);
    expect(receipt.body).toEqual(expect.objectContaining({ kind: 'receipt', status: 'inspecting', quantity: 10 }));
    expect(await level(centralId)).toEqual(expect.objectContaining({ onHand: 0, inInspection: 10, available: 0 }));
    const shelved = await post(provider.admin, `/receipts/${receipt.body.id}/shelve`, { acceptedQuantity: 8, bin: 'A-01' }).expect(200);
    expect(shelved.body).toEqual(expect.objectContaining({ status: 'shelved', acceptedQuantity: 8, valueFen: 8000 }));
    const second = await post(provider.admin, '/receipts', { warehouseId: centralId, partId, quantity: 2, unitCostFen: 1333 }).expect(201);
    const badBin = await post(provider.admin, `/receipts/${second.body.id}/shelve`, { acceptedQuantity: 2, bin: 'Z-99' }).expect(422);
    expect(badBin.body.errors).toEqual([expect.objectContaining({ field: 'bin', rule: 'bin-unknown' })]);
    await post(provider.admin, `/receipts/${second.body.id}/shelve`, { acceptedQuantity: 2 }).expect(200);
    // 8 × 1000 + 2 × 1333 = 10,666 fen for 10 units: 1066.6 → 1067 fen on average (half up).
    expect(await level(centralId)).toEqual(expect.objectContaining({ onHand: 10, inInspection: 0, reserved: 0, available: 10, valueFen: 10666, averageCostFen: 1067, low: false }));
    await post(provider.admin, `/receipts/${second.body.id}/shelve`, { acceptedQuantity: 2 }).expect(409);
  });

  it('issues parts: request, approval reserves, picking, delivery takes its share of the value', async () => {
    const issue = await post(provider.admin, '/issues', { warehouseId: centralId, partId, quantity: 3, recipient: { kind: 'engineer', engineerId: provider.admin.userId }, note: '更换主轴轴承' }).expect(201);
    expect(issue.body).toEqual(expect.objectContaining({ kind: 'issue', status: 'requested', quantity: 3 }));
    const inbox = await get(provider.admin, '/documents?kind=issue&status=requested').expect(200);
    expect(inbox.body.items.map((d: { id: string }) => d.id)).toContain(issue.body.id);
    await post(provider.admin, `/issues/${issue.body.id}/deliver`).expect(409);
    await post(provider.admin, `/issues/${issue.body.id}/approve`, { note: '同意' }).expect(200);
    expect(await level(centralId)).toEqual(expect.objectContaining({ onHand: 10, reserved: 3, available: 7 }));
    await post(provider.admin, `/issues/${issue.body.id}/pick`).expect(200);
    const delivered = await post(provider.admin, `/issues/${issue.body.id}/deliver`).expect(200);
    // 3 of 10 units worth 10,666: 3199.8 → 3200 fen leave; 7 units keep 7,466.
    expect(delivered.body).toEqual(expect.objectContaining({ status: 'delivered', valueFen: 3200, unitCostFen: 1067 }));
    expect(await level(centralId)).toEqual(expect.objectContaining({ onHand: 7, reserved: 0, available: 7, valueFen: 7466 }));
    const ledger = await get(provider.admin, `/movements?documentId=${issue.body.id}`).expect(200);
    expect(ledger.body.items.map((m: { type: string; onHandDelta: number; reservedDelta: number }) => [m.type, m.onHandDelta, m.reservedDelta])).toEqual([
      ['StockIssueDelivered', -3, -3],
      ['StockIssuePicked', 0, 0],
      ['StockIssueApproved', 0, 3],
      ['StockIssueRequested', 0, 0],
    ]);
    expect(ledger.body.items[0]).toEqual(expect.objectContaining({ partCode: 'BRG01-0001', warehouseName: '深圳中心仓', valueDeltaFen: -3200 }));
  });

  it('answers a retried request (same Idempotency-Key) as the first, appending nothing twice', async () => {
    const key = `retry-${Date.now()}-issue`;
    const body = { warehouseId: centralId, partId, quantity: 1, recipient: { kind: 'work-order', workOrderId: 'WO-1' } };
    const first = await t.http().post('/api/v1/inventory/issues').set(bearer(provider.admin)).set('Idempotency-Key', key).send(body).expect(201);
    const before = (await stockEvents(centralId, partId)).length;
    const again = await t.http().post('/api/v1/inventory/issues').set(bearer(provider.admin)).set('Idempotency-Key', key).send(body).expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect((await stockEvents(centralId, partId)).length).toBe(before);
    // The same key with another request is refused.
    await t.http().post('/api/v1/inventory/issues').set(bearer(provider.admin)).set('Idempotency-Key', key).send({ ...body, quantity: 2 }).expect(422);
    await post(provider.admin, `/issues/${first.body.id}/cancel`, { reason: '重复申请' }).expect(200);
  });

  it('lets exactly k of N parallel issues of the last k units through; the others are refused 409 and change nothing', async () => {
    const last = await post(provider.admin, '/parts', bearing({ name: '最后几个' })).expect(201);
    const receipt = await post(provider.admin, '/receipts', { warehouseId: centralId, partId: last.body.id, quantity: 3, unitCostFen: 500 }).expect(201);
    await post(provider.admin, `/receipts/${receipt.body.id}/shelve`, { acceptedQuantity: 3 }).expect(200);
    const n = 8;
    const requests = await Promise.all(
      Array.from({ length: n }, () => post(provider.admin, '/issues', { warehouseId: centralId, partId: last.body.id, quantity: 1, recipient: { kind: 'engineer', engineerId: provider.admin.userId } })),
    );
    expect(requests.map((r) => r.status)).toEqual(Array(n).fill(201));
    const before = (await stockEvents(centralId, last.body.id)).length;
    const approvals = await Promise.all(requests.map((r) => post(provider.admin, `/issues/${r.body.id}/approve`)));
    const statuses = approvals.map((a) => a.status).sort();
    expect(statuses).toEqual([...Array(3).fill(200), ...Array(n - 3).fill(409)]);
    for (const refused of approvals.filter((a) => a.status === 409))
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'quantity', rule: 'insufficient-stock', message: expect.stringContaining('only 0 available') })]);
    const appended = (await stockEvents(centralId, last.body.id)).slice(before);
    expect(appended.map((e) => e.type)).toEqual(Array(3).fill('StockIssueApproved'));
    expect(await level(centralId, last.body.id)).toEqual(expect.objectContaining({ onHand: 3, reserved: 3, available: 0 }));
  });

  it('transfers stock out, in transit, and into the van at the value it left with', async () => {
    const transfer = await post(provider.admin, '/transfers', { warehouseId: centralId, partId, toWarehouseId: vanId, quantity: 2 }).expect(201);
    expect(transfer.body).toEqual(expect.objectContaining({ kind: 'transfer', status: 'in-transit', quantity: 2, toWarehouseId: vanId }));
    // 2 of 7 units worth 7,466: 2133.1 → 2133 fen.
    expect(await level(centralId)).toEqual(expect.objectContaining({ onHand: 5, valueFen: 5333 }));
    expect(await level(vanId)).toEqual(expect.objectContaining({ onHand: 0, inTransit: 2, available: 0 }));
    const tooMuch = await post(provider.admin, '/transfers', { warehouseId: centralId, partId, toWarehouseId: vanId, quantity: 6 }).expect(409);
    expect(tooMuch.body.errors).toEqual([expect.objectContaining({ rule: 'insufficient-stock' })]);
    const same = await post(provider.admin, '/transfers', { warehouseId: centralId, partId, toWarehouseId: centralId, quantity: 1 }).expect(422);
    expect(same.body.errors).toEqual([expect.objectContaining({ field: 'toWarehouseId', rule: 'same-warehouse' })]);
    await post(provider.admin, `/transfers/${transfer.body.id}/receive`).expect(200);
    expect(await level(vanId)).toEqual(expect.objectContaining({ onHand: 2, inTransit: 0, available: 2, valueFen: 2133 }));
    await post(provider.admin, `/transfers/${transfer.body.id}/receive`).expect(409);
  });

  it('completes a transfer whose request died after the source side: the durable reaction writes the destination’s', async () => {
    // As if the process stopped right after appending StockTransferredOut: nothing on the destination yet.
    const source = stockStream(centralId, partId);
    const before = await events.readStream(source);
    const transferId = `crash-${Date.now()}`;
    await events.append(
      source,
      [{ eventId: randomUUID(), type: 'StockTransferredOut', data: { transferId, toWarehouseId: vanId, quantity: 1, valueFen: 1067, by: { kind: 'enterprise', enterpriseId: provider.enterpriseId, userId: provider.admin.userId }, at: t.clock.now().toISOString() }, metadata: specMetadata({ tenantIds: [provider.enterpriseId] }) }],
      before[before.length - 1]!.revision,
    );
    let expected: StockEvent[] = [];
    for (let i = 0; i < 100 && expected.length === 0; i++) {
      expected = (await stockEvents(vanId, partId)).filter((e) => e.type === 'StockTransferExpected' && e.data.transferId === transferId);
      if (expected.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(expected).toEqual([{ type: 'StockTransferExpected', data: expect.objectContaining({ transferId, fromWarehouseId: centralId, quantity: 1, valueFen: 1067 }) }]);
    await post(provider.admin, `/transfers/${transferId}/receive`).expect(200);
    expect(await level(vanId)).toEqual(expect.objectContaining({ onHand: 3, inTransit: 0, valueFen: 3200 }));
  });

  it('adjusts with a reason but never below what is reserved; returns come back at the average cost', async () => {
    const tooMuch = await post(provider.admin, '/adjustments', { warehouseId: centralId, partId, delta: -5, reason: '盘亏' }).expect(409);
    expect(tooMuch.body.errors).toEqual([expect.objectContaining({ field: 'quantity', rule: 'insufficient-stock' })]);
    const noReason = await post(provider.admin, '/adjustments', { warehouseId: centralId, partId, delta: -1 }).expect(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['reason']));
    expect(noReason.body.errors.every((e: { field: string }) => e.field === 'reason')).toBe(true);
    const adjusted = await post(provider.admin, '/adjustments', { warehouseId: centralId, partId, delta: -4, reason: '报废' }).expect(201);
    // The last units take all the value left.
    expect(adjusted.body).toEqual(expect.objectContaining({ onHand: 0, valueFen: 0, averageCostFen: null, low: true }));
    const returned = await post(provider.admin, '/returns', { warehouseId: centralId, partId, quantity: 1, reason: '未使用', from: { kind: 'engineer', engineerId: provider.admin.userId } }).expect(201);
    expect(returned.body).toEqual(expect.objectContaining({ onHand: 1, valueFen: 1067 }));
    const low = await get(provider.admin, '/stock?state=low').expect(200);
    expect(low.body.items.map((l: { partId: string; warehouseId: string }) => `${l.warehouseId}:${l.partId}`)).toContain(`${centralId}:${partId}`);
  });

  it('answers another enterprise’s ids 404 and changes nothing', async () => {
    const { body: issues } = await get(provider.admin, '/documents?kind=issue').expect(200);
    const someIssue = issues.items[0].id as string;
    for (const [path, body] of [
      ['/receipts', { warehouseId: centralId, partId, quantity: 1, unitCostFen: 1 }],
      ['/issues', { warehouseId: centralId, partId, quantity: 1, recipient: { kind: 'engineer', engineerId: stranger.admin.userId } }],
      [`/issues/${someIssue}/approve`, {}],
      ['/adjustments', { warehouseId: centralId, partId, delta: 1, reason: '外人' }],
    ] as const)
      await apiSpec(t)
        .as(stranger.admin)
        .when((http) => http.post(`/api/v1/inventory${path}`).send(body))
        .then(expectResponse(404), expectNoNewEvents());
    await get(stranger.admin, `/parts/${partId}`).expect(404);
    await get(stranger.admin, `/documents/${someIssue}`).expect(404);
    expect((await get(stranger.admin, '/stock').expect(200)).body.total).toBe(0);
    expect((await get(stranger.admin, '/movements').expect(200)).body.total).toBe(0);
  });

  it('imports the parts sheet row by row with a report, and exports it back', async () => {
    const csv = [
      '配件编码,分类代码,名称,型号,规格,生产厂家,单位,安全库存,供应商及单价,适用机型',
      ',BRG01,推力球轴承,51105,,NSK,个,5,人本:8.5；NSK:12,VMC-850',
      'BRG01-0100,BRG01,滚针轴承,NK20,,,套,,,',
      ',NOPE,未知分类,,,,个,,,',
      ',BRG01,价格有误,,,,个,,人本:8.555,',
      'BRG01-0100,BRG01,重复编码,,,,个,,,',
    ].join('\r\n');
    const res = await post(provider.admin, '/parts/import', { fileName: '配件.csv', contentBase64: Buffer.from(csv, 'utf8').toString('base64') }).expect(200);
    expect(res.body.created.map((c: { row: number; code: string }) => [c.row, c.code])).toEqual([
      [2, 'BRG01-0010'],
      [3, 'BRG01-0100'],
    ]);
    expect(res.body.rejected.map((r: { row: number; field: string; rule: string }) => [r.row, r.field, r.rule])).toEqual([
      [4, 'categoryCode', 'category-unknown'],
      [5, 'suppliers', 'supplier-format'],
      [6, 'code', 'duplicate-in-file'],
    ]);
    const imported = await get(provider.admin, `/parts/${res.body.created[0].partId}`).expect(200);
    expect(imported.body).toEqual(expect.objectContaining({ unit: 'pcs', safetyStock: 5, suppliers: [{ name: '人本', priceFen: 850 }, { name: 'NSK', priceFen: 1200 }] }));
    const file = await t.http().get('/api/v1/inventory/parts/export?format=xlsx').set(bearer(provider.admin)).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const back = partSheet.readSheet(file.body as Buffer, 'xlsx');
    expect(back.errors).toEqual([]);
    expect(back.rows.find((r) => r.values.code === 'BRG01-0010')?.values).toEqual(expect.objectContaining({ name: '推力球轴承', suppliers: [{ name: '人本', priceFen: 850 }, { name: 'NSK', priceFen: 1200 }] }));
  });
});
