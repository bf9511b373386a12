// The whole work-order flow through the real HTTP API, as six people at once: the equipment user's
// admin and employee, the city operator of the device's county, the provider's admin, the provider's
// engineer, the manufacturer's admin — and an operator of a sibling city, who sees none of it. At each
// step: who can see the order, who may do the step (outside scope 404, wrong role 403, wrong state 409).
import { randomUUID } from 'node:crypto';
import { workOrderStream } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { jpegFile } from '../blobs/testing/files';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';

type Response = { status: number; body: Record<string, unknown> & { errors?: { field: string; rule: string }[] } };

describe('a work order from request to reopening, as six people see it', () => {
  let t: IdentityApp;
  let events: EventStore;
  let ownerAdmin: Person;
  let employee: Person;
  let cityOperator: Person;
  let providerAdmin: Person;
  let engineer: Person;
  let makerAdmin: Person;
  let siblingOperator: Person;
  let people: Record<string, Person>;
  let owner: { enterpriseId: string };
  let provider: { enterpriseId: string };
  let maker: { enterpriseId: string };
  let deviceId: string;
  let photo: { blobId: string; mediaType: string; size: number };
  let orderId: string;

  const post = (who: Person, path: string, body: object = {}, key = randomUUID()): Promise<Response> =>
    t.http().post(path).set(bearer(who)).set('Idempotency-Key', key).send(body) as unknown as Promise<Response>;
  const step = (who: Person, name: string, body: object = {}) => post(who, `/api/v1/work-orders/${orderId}/${name}`, body);
  const detail = (who: Person) => t.http().get(`/api/v1/work-orders/${orderId}`).set(bearer(who)) as unknown as Promise<Response>;
  const ruleOf = (res: Response) => ({ status: res.status, rule: res.body.errors?.[0]?.rule });

  /** Who of the six (and the sibling operator) can read the order now: their statuses, by name. */
  const readers = async () => Object.fromEntries(await Promise.all(Object.entries(people).map(async ([name, who]) => [name, (await detail(who)).status])));
  const newEventsOf = async (streamId: string, from: number) => {
    const types: string[] = [];
    for await (const e of events.readAll({ after: from })) if (e.streamId === streamId) types.push(e.type);
    return types;
  };

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    const guangzhou = await nodeWithAdmin(t, guangdong.admin, '4401');
    cityOperator = shenzhen.admin;
    siblingOperator = guangzhou.admin;
    const ownerEnterprise = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    const providerEnterprise = await enterpriseWithAdmin(t, '440305', 'service-provider');
    const makerEnterprise = await enterpriseWithAdmin(t, '440305', 'manufacturer');
    for (const e of [ownerEnterprise, providerEnterprise, makerEnterprise])
      await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(cityOperator)).send({}).expect(200);
    owner = ownerEnterprise;
    provider = providerEnterprise;
    maker = makerEnterprise;
    ownerAdmin = ownerEnterprise.admin;
    providerAdmin = providerEnterprise.admin;
    makerAdmin = makerEnterprise.admin;
    employee = await employeeOf(t, ownerEnterprise, ['member']);
    engineer = await employeeOf(t, providerEnterprise, ['engineer']);
    people = { ownerAdmin, employee, cityOperator, providerAdmin, engineer, makerAdmin, siblingOperator };
    // The equipment user registers the device it runs, naming its manufacturer (the devices' own route).
    const device = await post(ownerAdmin, '/api/v1/devices', {
      number: `SN-${process.pid}-1`,
      name: '1号空压机',
      model: 'GA-37',
      type: 'air-compressor',
      countyCode: '440305',
      address: '南山区科技园 1 号',
      manufacturerId: maker.enterpriseId,
    });
    if (device.status !== 201) throw new Error(`registering the device answered ${device.status}: ${JSON.stringify(device.body)}`);
    deviceId = String(device.body['id']);
    const file = jpegFile(3_000);
    const uploaded = await t.http().post('/api/v1/blobs').set(bearer(employee)).set('content-type', 'image/jpeg').send(file).expect(201);
    photo = { blobId: uploaded.body.blobId, mediaType: 'image/jpeg', size: file.length };
  }, 180_000);
  afterAll(() => t.close());

  const request = () => ({
    deviceId,
    fault: { type: 'mechanical', description: '开机后压力上不去，伴有明显异响', attachments: [photo] },
    priority: 'high',
    contact: { name: '张工', phone: '13800138000' },
  });

  it('takes the request from the equipment user’s employee and reviews it automatically; the same request again appends nothing', async () => {
    // Only the device's owner and maker may raise a request for it; the operator holds no such permission.
    expect(ruleOf(await post(cityOperator, '/api/v1/work-orders', request()))).toEqual({ status: 403, rule: 'permission' });
    expect(ruleOf(await post(providerAdmin, '/api/v1/work-orders', request()))).toEqual({ status: 404, rule: 'exists' });
    expect(ruleOf(await post(siblingOperator, '/api/v1/work-orders', request()))).toEqual({ status: 403, rule: 'permission' });
    // A photo someone else uploaded is not the employee's to attach.
    const foreign = { ...request(), fault: { ...request().fault, attachments: [{ ...photo, size: photo.size + 1 }] } };
    expect(await post(employee, '/api/v1/work-orders', foreign)).toMatchObject({ status: 422, body: { errors: [{ field: 'fault.attachments[0].size', rule: 'blob-size' }] } });
    expect(ruleOf(await post(employee, '/api/v1/work-orders', { ...request(), fault: { type: 'gremlins', description: 'x' } }))).toEqual({ status: 400, rule: 'isIn' });

    const key = randomUUID();
    const head = await events.headPosition();
    const created = await post(employee, '/api/v1/work-orders', request(), key);
    expect(created.status).toBe(201);
    orderId = String(created.body['id']);
    expect(created.body).toMatchObject({
      number: expect.stringMatching(/^WO-\d{8}-[0-9A-Z]{6}$/),
      status: 'awaiting-dispatch',
      priority: 'high',
      deviceId,
      requesterId: owner.enterpriseId,
      manufacturerId: maker.enterpriseId,
      providerId: null,
      // The employee holds no work-order:read-sensitive: the phone is masked.
      contact: { name: '张工', phone: '138****8000' },
      fault: { type: 'mechanical', attachments: [photo] },
      review: { mode: 'automatic' },
    });
    expect(await newEventsOf(workOrderStream(orderId), head)).toEqual(['MaintenanceRequested', 'RequestReviewed']);
    const again = await post(employee, '/api/v1/work-orders', request(), key);
    expect({ status: again.status, id: again.body['id'] }).toEqual({ status: 201, id: orderId });
    expect(await newEventsOf(workOrderStream(orderId), head)).toEqual(['MaintenanceRequested', 'RequestReviewed']);
  });

  it('is seen by the equipment user, the manufacturer and the city operator only; so are its photos', async () => {
    expect(await readers()).toEqual({ ownerAdmin: 200, employee: 200, cityOperator: 200, providerAdmin: 404, engineer: 404, makerAdmin: 200, siblingOperator: 404 });
    expect((await detail(ownerAdmin)).body['contact']).toEqual({ name: '张工', phone: '13800138000' });
    const photoOf = async (who: Person) => (await t.http().get(`/api/v1/blobs/${photo.blobId}`).set(bearer(who))).status;
    expect({ maker: await photoOf(makerAdmin), operator: await photoOf(cityOperator), provider: await photoOf(providerAdmin), sibling: await photoOf(siblingOperator) }).toEqual({
      maker: 200,
      operator: 200,
      provider: 404,
      sibling: 404,
    });
    const board = await t.http().get('/api/v1/work-orders').query({ queue: 'dispatch' }).set(bearer(cityOperator)).expect(200);
    expect(board.body.items.map((i: { id: string }) => i.id)).toContain(orderId);
    const sibling = await t.http().get('/api/v1/work-orders').set(bearer(siblingOperator)).expect(200);
    expect(sibling.body).toEqual({ items: [], total: 0, totalExact: true, page: 1, pageSize: 20 });
    const found = await t.http().get('/api/v1/work-orders').query({ q: '压力上不去', status: 'awaiting-dispatch,dispatched', region: '4403' }).set(bearer(makerAdmin)).expect(200);
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([orderId]);
    const today = new Date(t.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const byDay = (from: string, to: string) => t.http().get('/api/v1/work-orders').query({ from, to }).set(bearer(cityOperator));
    expect((await byDay(today, today)).body.total).toBe(1);
    expect((await byDay('2020-01-01', '2020-12-31')).body.total).toBe(0);
    expect((await byDay('2026-13-45', today)).body.errors).toEqual([expect.objectContaining({ field: 'from', rule: 'dateOrInstant' })]);
    expect(Object.keys(found.body.items[0]).sort()).toEqual(
      [
        'id', 'number', 'status', 'priority', 'paused', 'deviceId', 'deviceName', 'deviceType', 'faultType', 'faultSummary', 'countyCode', 'requesterId',
        'ownerId', 'manufacturerId', 'providerId', 'assigneeId', 'submittedAt', 'updatedAt', 'dispatchedAt', 'completedAt', 'closedAt', 'userScore', 'manufacturerScore',
        'slaBreached', 'reopened',
      ].sort(),
    );
  });

  it('is dispatched by the city operator only; the provider returns it with a reason, and it is dispatched again', async () => {
    const dispatch = { providerId: provider.enterpriseId, suggestion: { rank: 1, suggestedProviderId: provider.enterpriseId } };
    // Each reader is offered the steps that are theirs now.
    expect((await detail(cityOperator)).body['steps']).toEqual(['dispatch', 'priority', 'cancel']);
    expect((await detail(employee)).body['steps']).toEqual([]);
    expect((await detail(ownerAdmin)).body['steps']).toEqual(['cancel']);
    expect((await detail(makerAdmin)).body['steps']).toEqual(['warranty-judgement']);
    expect(ruleOf(await step(siblingOperator, 'dispatch', dispatch))).toEqual({ status: 404, rule: 'exists' });
    expect(ruleOf(await step(employee, 'dispatch', dispatch))).toEqual({ status: 403, rule: 'permission' });
    expect(ruleOf(await step(providerAdmin, 'accept'))).toEqual({ status: 404, rule: 'exists' });
    // Not dispatched yet: nobody accepts it.
    expect(ruleOf(await step(cityOperator, 'accept'))).toEqual({ status: 409, rule: 'illegal-transition' });
    expect(await step(cityOperator, 'dispatch', { providerId: maker.enterpriseId })).toMatchObject({ status: 422, body: { errors: [{ field: 'providerId', rule: 'provider-eligible' }] } });
    expect((await step(cityOperator, 'dispatch', dispatch)).body).toMatchObject({ status: 'dispatched', providerId: provider.enterpriseId });
    expect((await readers())['providerAdmin']).toBe(200);
    expect((await detail(providerAdmin)).body['steps']).toEqual(['return', 'accept']);
    // The operator may assign in general, but accepting is the provider's step.
    expect(ruleOf(await step(cityOperator, 'accept'))).toEqual({ status: 403, rule: 'not-your-role' });

    expect(await step(providerAdmin, 'return', { reason: '' })).toMatchObject({ status: 400 });
    const returned = await step(providerAdmin, 'return', { reason: '超出服务能力' });
    // Returned, the order is no longer the provider's to see.
    expect(returned).toMatchObject({ status: 200, body: { id: orderId, status: 'awaiting-dispatch' } });
    expect((await readers())['providerAdmin']).toBe(404);
    expect((await detail(cityOperator)).body).toMatchObject({ returnedBy: [provider.enterpriseId], providerId: null });

    const overridden = { providerId: provider.enterpriseId, suggestion: { rank: 1, suggestedProviderId: maker.enterpriseId } };
    expect(await step(cityOperator, 'dispatch', overridden)).toMatchObject({ status: 422, body: { errors: [{ field: 'override.reason', rule: 'override-reason' }] } });
    expect((await step(cityOperator, 'dispatch', { ...overridden, override: { reason: '与客户协商后重新派给原服务商' } })).body).toMatchObject({ status: 'dispatched' });
  });

  it('is accepted by the provider, who assigns its engineer; now the engineer sees it, and its phone', async () => {
    expect((await step(providerAdmin, 'accept')).body).toMatchObject({ status: 'accepted' });
    expect(ruleOf(await step(providerAdmin, 'accept'))).toEqual({ status: 409, rule: 'illegal-transition' });
    expect(await step(providerAdmin, 'assign', { engineerId: employee.userId })).toMatchObject({ status: 422, body: { errors: [{ field: 'engineerId', rule: 'engineer-member' }] } });
    expect((await step(providerAdmin, 'assign', { engineerId: engineer.userId })).body).toMatchObject({ status: 'assigned', assigneeId: engineer.userId });
    expect(await readers()).toEqual({ ownerAdmin: 200, employee: 200, cityOperator: 200, providerAdmin: 200, engineer: 200, makerAdmin: 200, siblingOperator: 404 });
    expect((await detail(engineer)).body).toMatchObject({ contact: { name: '张工', phone: '13800138000' }, steps: ['engineer-accept', 'engineer-decline'] });
    const mine = await t.http().get('/api/v1/work-orders').query({ queue: 'mine' }).set(bearer(engineer)).expect(200);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([orderId]);
    const providerQueue = await t.http().get('/api/v1/work-orders').query({ queue: 'provider' }).set(bearer(providerAdmin)).expect(200);
    expect(providerQueue.body.items.map((i: { id: string }) => i.id)).toEqual([orderId]);
  });

  it('is worked by the engineer alone: accept, start, progress, a processing record, complete, receipt', async () => {
    expect(ruleOf(await step(providerAdmin, 'engineer-accept'))).toEqual({ status: 403, rule: 'not-your-role' });
    expect(ruleOf(await step(engineer, 'start'))).toEqual({ status: 409, rule: 'illegal-transition' });
    expect((await step(engineer, 'engineer-accept')).body).toMatchObject({ status: 'engineer-accepted' });
    expect((await step(engineer, 'start')).body).toMatchObject({ status: 'in-progress' });
    expect((await step(engineer, 'progress', { note: '已到现场，正在排查', percent: 30 })).body).toMatchObject({ status: 'in-progress' });
    expect(ruleOf(await step(engineer, 'complete'))).toEqual({ status: 422, rule: 'processing-record-required' });
    const recorded = await step(engineer, 'records', { steps: '拆检进气阀', parts: [{ name: '进气阀', quantity: 1, unit: '个' }], tools: ['扳手'], cause: '阀片磨损', result: '更换后压力正常' });
    const records = recorded.body['records'] as { recordId: string }[];
    expect(records).toHaveLength(1);
    expect((await step(engineer, 'pause', { reason: 'awaiting-parts', note: '等配件' })).body).toMatchObject({ paused: true, pausedReason: 'awaiting-parts' });
    expect(ruleOf(await step(engineer, 'complete'))).toEqual({ status: 409, rule: 'illegal-transition' });
    expect((await step(engineer, 'resume')).body).toMatchObject({ paused: false });
    expect((await step(engineer, 'complete', { summary: '已修复' })).body).toMatchObject({ status: 'completed' });
    // Records are editable until completion.
    const edit = await t.http().put(`/api/v1/work-orders/${orderId}/records/${records[0]!.recordId}`).set(bearer(engineer)).set('Idempotency-Key', randomUUID()).send({ steps: '改' });
    expect(ruleOf(edit as unknown as Response)).toEqual({ status: 409, rule: 'illegal-transition' });
    expect((await step(engineer, 'receipt', { summary: '维修完成，请验收' })).body).toMatchObject({ status: 'receipt-submitted' });
  });

  it('is sent back by the provider for rework, then approved and reported', async () => {
    expect(ruleOf(await step(engineer, 'receipt/approve'))).toEqual({ status: 403, rule: 'permission' });
    expect(ruleOf(await step(ownerAdmin, 'receipt/approve'))).toEqual({ status: 403, rule: 'not-your-role' });
    expect((await step(providerAdmin, 'receipt/reject', { reason: '缺少客户签字' })).body).toMatchObject({ status: 'in-progress' });
    const recordId = ((await detail(engineer)).body['records'] as { recordId: string }[])[0]!.recordId;
    const edited = await t
      .http()
      .put(`/api/v1/work-orders/${orderId}/records/${recordId}`)
      .set(bearer(engineer))
      .set('Idempotency-Key', randomUUID())
      .send({ steps: '拆检进气阀，补充客户签字', result: '客户已签字' });
    expect(edited.status).toBe(200);
    expect(edited.body.records).toEqual([expect.objectContaining({ recordId, result: '客户已签字' })]);
    expect((await step(engineer, 'complete', { summary: '返工完成' })).body).toMatchObject({ status: 'completed' });
    expect((await step(engineer, 'receipt', { summary: '已补签字' })).body).toMatchObject({ status: 'receipt-submitted' });
    expect((await step(providerAdmin, 'receipt/approve', { opinion: '合格' })).body).toMatchObject({ status: 'receipt-approved' });
    expect((await step(providerAdmin, 'receipt/report')).body).toMatchObject({ status: 'reported' });
  });

  it('closes once the equipment user and the manufacturer have both evaluated; the manufacturer judges the warranty', async () => {
    expect(ruleOf(await step(employee, 'evaluations', { score: 5 }))).toEqual({ status: 403, rule: 'permission' });
    expect(ruleOf(await step(providerAdmin, 'evaluations', { score: 5 }))).toEqual({ status: 403, rule: 'not-your-role' });
    expect(ruleOf(await step(siblingOperator, 'evaluations', { score: 5 }))).toEqual({ status: 404, rule: 'exists' });
    expect(ruleOf(await step(ownerAdmin, 'evaluations', { score: 9 }))).toEqual({ status: 400, rule: 'max' });
    expect((await step(ownerAdmin, 'evaluations', { score: 5, opinion: '响应很快' })).body).toMatchObject({ status: 'reported', userScore: 5 });
    expect(ruleOf(await step(ownerAdmin, 'evaluations', { score: 4 }))).toEqual({ status: 409, rule: 'duplicate-evaluation' });
    expect((await step(makerAdmin, 'evaluations', { score: 4 })).body).toMatchObject({ status: 'closed', manufacturerScore: 4, closedAt: expect.any(String) });
    expect(ruleOf(await step(ownerAdmin, 'warranty-judgement', { judgement: 'in-warranty' }))).toEqual({ status: 403, rule: 'not-your-role' });
    expect((await step(makerAdmin, 'warranty-judgement', { judgement: 'in-warranty', opinion: '保修期内' })).body).toMatchObject({ warranty: { judgement: 'in-warranty' } });
    expect(ruleOf(await step(makerAdmin, 'warranty-judgement', { judgement: 'out-of-warranty' }))).toEqual({ status: 409, rule: 'illegal-transition' });
  });

  it('is reopened by the equipment user within the repair warranty, back to the provider for a new engineer', async () => {
    expect(ruleOf(await step(makerAdmin, 'reopen', { reason: '故障复发' }))).toEqual({ status: 403, rule: 'not-your-role' });
    expect((await step(ownerAdmin, 'reopen', { reason: '故障复发' })).body).toMatchObject({ status: 'accepted', assigneeId: null, providerId: provider.enterpriseId });
    expect(await readers()).toEqual({ ownerAdmin: 200, employee: 200, cityOperator: 200, providerAdmin: 200, engineer: 404, makerAdmin: 200, siblingOperator: 404 });
    const timeline = (await detail(cityOperator)).body['timeline'] as { type: string; by: { userId: string } }[];
    expect(timeline.map((e) => e.type)).toEqual([
      'MaintenanceRequested', 'RequestReviewed', 'WorkOrderDispatched', 'DispatchReturned', 'WorkOrderDispatched', 'DispatchAccepted', 'EngineerAssigned',
      'EngineerAccepted', 'WorkStarted', 'ProgressReported', 'ProcessingRecordAdded', 'WorkPaused', 'WorkResumed', 'WorkCompleted', 'ReceiptSubmitted',
      'ReceiptRejected', 'ProcessingRecordEdited', 'WorkCompleted', 'ReceiptSubmitted', 'ReceiptApproved', 'ReceiptReported', 'WorkOrderEvaluated',
      'WorkOrderEvaluated', 'WorkOrderClosed', 'WarrantyJudged', 'WorkOrderReopened',
    ]);
    expect(timeline[0]!.by.userId).toBe(employee.userId);
    // The timeline names parties by id; the detail carries their names, and only theirs.
    const parties = (await detail(cityOperator)).body['parties'] as Record<string, string>;
    expect(parties[provider.enterpriseId]).toMatch(/^测试企业\d+$/);
    expect(Object.values(parties).every((name) => /^测试企业\d+$/.test(name))).toBe(true);
  });

  it('holds a second request on the same device for manual review, which the requester may cancel', async () => {
    const second = await post(employee, '/api/v1/work-orders', { ...request(), fault: { type: 'electrical', description: '控制柜跳闸，无法启动', attachments: [] } });
    expect(second.body).toMatchObject({ status: 'submitted', review: null });
    const id = String(second.body['id']);
    expect(ruleOf(await post(siblingOperator, `/api/v1/work-orders/${id}/priority`, { priority: 'urgent' }))).toEqual({ status: 404, rule: 'exists' });
    expect((await post(cityOperator, `/api/v1/work-orders/${id}/priority`, { priority: 'urgent' })).body).toMatchObject({ priority: 'urgent' });
    expect(ruleOf(await post(providerAdmin, `/api/v1/work-orders/${id}/cancel`, { reason: '越权' }))).toEqual({ status: 404, rule: 'exists' });
    expect((await post(ownerAdmin, `/api/v1/work-orders/${id}/cancel`, { reason: '与上一单重复' })).body).toMatchObject({ status: 'cancelled' });
    expect(ruleOf(await post(cityOperator, `/api/v1/work-orders/${id}/review`, { decision: 'approve' }))).toEqual({ status: 409, rule: 'illegal-transition' });
  });

  it('answers the same over GraphQL: the order with its timeline, and NOT_FOUND outside scope', async () => {
    const query = 'query($id: ID!) { workOrder(id: $id) { id status timeline { type } } }';
    const mine = await t.http().post('/graphql').set(bearer(makerAdmin)).send({ query, variables: { id: orderId } }).expect(200);
    expect(mine.body.data.workOrder).toMatchObject({ id: orderId, status: 'accepted', timeline: expect.arrayContaining([{ type: 'WorkOrderReopened' }]) });
    const outside = await t.http().post('/graphql').set(bearer(siblingOperator)).send({ query, variables: { id: orderId } });
    expect(outside.body.errors?.[0]?.extensions?.originalError?.statusCode).toBe(404);
    const list = await t.http().post('/graphql').set(bearer(cityOperator)).send({ query: '{ workOrders(filter: { status: ["accepted", "cancelled"] }) { total items { id status } } }' }).expect(200);
    expect(list.body.data.workOrders.total).toBe(2);
  });
});
