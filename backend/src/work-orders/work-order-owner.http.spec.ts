// The device's owner is a party to every order on its device, also one its manufacturer raised: it
// reads the order, its photos and its SLA clock from the request to the close, and evaluates as the
// equipment user. And the lists: a queue with a status pages through the caller's own closed work;
// sorting by priority runs in urgency order.
import { randomUUID } from 'node:crypto';
import { jpegFile } from '../blobs/testing/files';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';
import { registerDevice } from './testing/work-order-world';

type Response = { status: number; body: Record<string, unknown> & { errors?: { field: string; rule: string }[] } };

describe('a work order the manufacturer raised for its customer’s device', () => {
  let t: IdentityApp;
  let cityOperator: Person;
  let ownerAdmin: Person;
  let makerAdmin: Person;
  let providerAdmin: Person;
  let engineer: Person;
  let owner: { enterpriseId: string; admin: Person };
  let maker: { enterpriseId: string; admin: Person };
  let provider: { enterpriseId: string; admin: Person };
  let orderId: string;
  let photo: { blobId: string; mediaType: string; size: number };

  const post = (who: Person, path: string, body: object = {}): Promise<Response> =>
    t.http().post(path).set(bearer(who)).set('Idempotency-Key', randomUUID()).send(body) as unknown as Promise<Response>;
  const step = async (who: Person, name: string, body: object = {}) => {
    const res = await post(who, `/api/v1/work-orders/${orderId}/${name}`, body);
    if (res.status !== 200) throw new Error(`${name} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const get = (who: Person, path: string, query: Record<string, string> = {}) => t.http().get(path).query(query).set(bearer(who)) as unknown as Promise<Response>;
  const idsOf = (res: Response) => (res.body['items'] as { id: string }[]).map((i) => i.id);
  const raise = async (by: Person, deviceId: string, priority: string, description: string, attachments: object[] = []) => {
    const res = await post(by, '/api/v1/work-orders', { deviceId, fault: { type: 'mechanical', description, attachments }, priority, contact: { name: '张工', phone: '13800138000' } });
    if (res.status !== 201) throw new Error(`the request answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    t = await startIdentityApp();
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    cityOperator = shenzhen.admin;
    owner = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    maker = await enterpriseWithAdmin(t, '440305', 'manufacturer');
    provider = await enterpriseWithAdmin(t, '440305', 'service-provider');
    for (const e of [owner, maker, provider]) await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(cityOperator)).send({}).expect(200);
    ownerAdmin = owner.admin;
    makerAdmin = maker.admin;
    providerAdmin = provider.admin;
    engineer = await employeeOf(t, provider, ['engineer']);
    const file = jpegFile(2_000);
    const uploaded = await t.http().post('/api/v1/blobs').set(bearer(makerAdmin)).set('content-type', 'image/jpeg').send(file).expect(201);
    photo = { blobId: uploaded.body.blobId, mediaType: 'image/jpeg', size: file.length };
  }, 180_000);
  afterAll(() => t.close());

  it('keeps the owner in scope from the request on: the order, its photos and its SLA clock', async () => {
    const deviceId = await registerDevice(t, { enterpriseId: owner.enterpriseId, userId: ownerAdmin.userId }, maker.enterpriseId, '440305');
    const created = await raise(makerAdmin, deviceId, 'high', '厂家巡检发现排气温度过高', [photo]);
    orderId = String(created['id']);
    expect(created).toMatchObject({ requesterId: maker.enterpriseId, ownerId: owner.enterpriseId, manufacturerId: maker.enterpriseId });
    expect((await get(ownerAdmin, `/api/v1/work-orders/${orderId}`)).status).toBe(200);
    expect(idsOf(await get(ownerAdmin, '/api/v1/work-orders'))).toContain(orderId);
    expect((await get(ownerAdmin, `/api/v1/blobs/${photo.blobId}`)).status).toBe(200);
    // The clock is started by a reaction of its own: wait until it is there for the maker, then ask as the owner.
    const deadline = Date.now() + 20_000;
    while ((await get(makerAdmin, `/api/v1/work-orders/${orderId}/sla`)).status !== 200) {
      if (Date.now() > deadline) throw new Error('the SLA clock never started');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await get(ownerAdmin, `/api/v1/work-orders/${orderId}/sla`)).status).toBe(200);
  });

  it('stays the owner’s through dispatch and work, and closes once the owner (as equipment user) and the manufacturer evaluated', async () => {
    if ((await get(cityOperator, `/api/v1/work-orders/${orderId}`)).body['status'] === 'submitted') await step(cityOperator, 'review', { decision: 'approve' });
    await step(cityOperator, 'dispatch', { providerId: provider.enterpriseId, suggestion: { rank: 1, suggestedProviderId: provider.enterpriseId } });
    await step(providerAdmin, 'accept');
    await step(providerAdmin, 'assign', { engineerId: engineer.userId });
    await step(engineer, 'engineer-accept');
    await step(engineer, 'start');
    await step(engineer, 'records', { steps: '清洗冷却器', parts: [], tools: ['扳手'], cause: '冷却器堵塞', result: '温度正常' });
    await step(engineer, 'complete', { summary: '已修复' });
    await step(engineer, 'receipt', { summary: '维修完成，请验收' });
    await step(providerAdmin, 'receipt/approve', { opinion: '合格' });
    await step(providerAdmin, 'receipt/report');
    expect((await get(ownerAdmin, `/api/v1/work-orders/${orderId}`)).body['steps']).toEqual(['evaluations']);
    expect(await step(ownerAdmin, 'evaluations', { score: 5 })).toMatchObject({ status: 'reported', userScore: 5, manufacturerScore: null });
    expect(await step(makerAdmin, 'evaluations', { score: 4 })).toMatchObject({ status: 'closed', userScore: 5, manufacturerScore: 4 });
    expect((await get(ownerAdmin, `/api/v1/work-orders/${orderId}`)).status).toBe(200);
  });

  it('lets the engineer and the provider page through their closed work: a status replaces the queue’s default statuses', async () => {
    expect(idsOf(await get(engineer, '/api/v1/work-orders', { queue: 'mine' }))).not.toContain(orderId);
    expect(idsOf(await get(engineer, '/api/v1/work-orders', { queue: 'mine', status: 'closed' }))).toEqual([orderId]);
    expect(idsOf(await get(providerAdmin, '/api/v1/work-orders', { queue: 'provider', status: 'closed,reported' }))).toEqual([orderId]);
    // The queue still keeps to the caller's own rows: the owner is no engineer of it.
    expect(idsOf(await get(ownerAdmin, '/api/v1/work-orders', { queue: 'mine', status: 'closed' }))).toEqual([]);
  });

  it('sorts by priority in urgency order, either way, on top of the other filters', async () => {
    const raised: Record<string, string> = {};
    for (const priority of ['low', 'urgent', 'normal', 'high']) {
      const deviceId = await registerDevice(t, { enterpriseId: owner.enterpriseId, userId: ownerAdmin.userId }, null, '440305');
      raised[priority] = String((await raise(ownerAdmin, deviceId, priority, `按优先级排序的报修 ${priority}`))['id']);
    }
    const sorted = async (sort: string) => idsOf(await get(ownerAdmin, '/api/v1/work-orders', { q: '按优先级排序', sort }));
    expect(await sorted('priority')).toEqual(['urgent', 'high', 'normal', 'low'].map((p) => raised[p]));
    expect(await sorted('-priority')).toEqual(['low', 'normal', 'high', 'urgent'].map((p) => raised[p]));
    const page = await get(ownerAdmin, '/api/v1/work-orders', { q: '按优先级排序', sort: 'priority', page: '2', pageSize: '2' });
    expect(idsOf(page)).toEqual([raised['normal'], raised['low']]);
    expect((page.body['items'] as Record<string, unknown>[])[0]).not.toHaveProperty('priorityRank');
  });
});
