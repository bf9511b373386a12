// The knowledge base through the real HTTP stack: a manufacturer's engineer drafts a repair plan, a
// colleague reviews and publishes it, everyone signed in finds it in Chinese; a provider's engineer
// proposes a plan from a closed work order, which the order's manufacturer reviews; suggestions on a
// work order. At each step: outside scope 404, wrong role 403, wrong state 409, bad input 400/422.
import { randomUUID } from 'node:crypto';
import { knowledgeEntryStream } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';
import { workOrderInStore, type OrderParties } from './testing/work-order-in-store';

type Response = { status: number; body: Record<string, unknown> & { errors?: { field: string; rule: string }[]; items?: Record<string, unknown>[] } };

const plan = {
  title: '立式加工中心主轴异响的排查与轴承更换',
  deviceType: 'cnc-machine',
  faultType: 'abnormal-noise',
  models: ['VMC-850'],
  symptom: '主轴在 6000 转以上运转时发出尖锐异响，振动值超标',
  cause: '主轴前轴承磨损、预紧力下降',
  steps: ['停机断电并挂牌', '拆下主轴护罩，检查轴承游隙', '更换角接触球轴承并按 120 N·m 预紧'],
  parts: [{ name: '角接触球轴承 7014C', quantity: 2, unit: '个' }],
  tools: ['拉马', '扭力扳手'],
};

describe('the knowledge base over HTTP', () => {
  let t: IdentityApp;
  let events: EventStore;
  let makerAdmin: Person;
  let makerEngineer: Person;
  let providerAdmin: Person;
  let providerEngineer: Person;
  let userAdmin: Person;
  let strangerAdmin: Person;
  let cityOperator: Person;
  let maker: { enterpriseId: string };
  let provider: { enterpriseId: string };
  let parties: OrderParties;
  let entryId: string;

  const post = (who: Person, path: string, body: object = {}, key = randomUUID()): Promise<Response> =>
    t.http().post(path).set(bearer(who)).set('Idempotency-Key', key).send(body) as unknown as Promise<Response>;
  const get = (who: Person, path: string): Promise<Response> => t.http().get(path).set(bearer(who)) as unknown as Promise<Response>;
  const ruleOf = (res: Response) => ({ status: res.status, rule: res.body.errors?.[0]?.rule });
  const search = async (who: Person, query: string) => ((await get(who, `/api/v1/knowledge/entries?${query}`)).body.items ?? []).map((i) => i['id']);

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    const guangzhou = await nodeWithAdmin(t, guangdong.admin, '4401');
    cityOperator = shenzhen.admin;
    const makerEnterprise = await enterpriseWithAdmin(t, '440305', 'manufacturer');
    const providerEnterprise = await enterpriseWithAdmin(t, '440305', 'service-provider');
    const userEnterprise = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    const strangerEnterprise = await enterpriseWithAdmin(t, '440106', 'manufacturer');
    for (const e of [makerEnterprise, providerEnterprise, userEnterprise]) await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(cityOperator)).send({}).expect(200);
    await t.http().post(`/api/v1/enterprises/${strangerEnterprise.enterpriseId}/approve`).set(bearer(guangzhou.admin)).send({}).expect(200);
    maker = makerEnterprise;
    provider = providerEnterprise;
    makerAdmin = makerEnterprise.admin;
    providerAdmin = providerEnterprise.admin;
    userAdmin = userEnterprise.admin;
    strangerAdmin = strangerEnterprise.admin;
    makerEngineer = await employeeOf(t, makerEnterprise, ['engineer']);
    providerEngineer = await employeeOf(t, providerEnterprise, ['engineer']);
    parties = {
      requesterId: userEnterprise.enterpriseId,
      requesterUserId: userAdmin.userId,
      manufacturerId: maker.enterpriseId,
      providerId: provider.enterpriseId,
      engineerId: providerEngineer.userId,
      nodeId: shenzhen.nodeId,
    };
  }, 240_000);
  afterAll(() => t.close());

  it('takes a draft from a manufacturer’s engineer, refuses bad input and equipment users, and keeps it to its enterprise', async () => {
    expect(ruleOf(await post(makerEngineer, '/api/v1/knowledge/entries', { ...plan, deviceType: 'time-machine' }))).toEqual({ status: 400, rule: 'isIn' });
    expect((await post(makerEngineer, '/api/v1/knowledge/entries', { ...plan, steps: undefined })).status).toBe(400);
    expect(ruleOf(await post(userAdmin, '/api/v1/knowledge/entries', plan))).toEqual({ status: 403, rule: 'owner-type' });
    expect(ruleOf(await post(cityOperator, '/api/v1/knowledge/entries', plan))).toEqual({ status: 403, rule: 'permission' });

    const key = randomUUID();
    const created = await post(makerEngineer, '/api/v1/knowledge/entries', plan, key);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', ownerId: maker.enterpriseId, authorId: makerEngineer.userId, reviewerIds: [maker.enterpriseId], title: plan.title, steps: plan.steps, source: null });
    expect(created.body['actions']).toEqual(['revise', 'propose']);
    entryId = String(created.body['id']);
    // The same request again appends nothing and answers alike.
    const before = (await events.readStream(knowledgeEntryStream(entryId))).length;
    expect((await post(makerEngineer, '/api/v1/knowledge/entries', plan, key)).body['id']).toBe(entryId);
    expect(await events.readStream(knowledgeEntryStream(entryId))).toHaveLength(before);

    expect((await get(makerAdmin, `/api/v1/knowledge/entries/${entryId}`)).status).toBe(200);
    expect(ruleOf(await get(strangerAdmin, `/api/v1/knowledge/entries/${entryId}`))).toEqual({ status: 404, rule: 'exists' });
    expect(await search(strangerAdmin, 'q=主轴异响')).toEqual([]);
    expect(await search(makerEngineer, 'queue=mine')).toEqual([entryId]);
  });

  it('is proposed, reviewed by a colleague (not the author, not another enterprise) and published', async () => {
    const propose = await post(makerEngineer, `/api/v1/knowledge/entries/${entryId}/propose`);
    expect(propose).toMatchObject({ status: 200, body: { status: 'proposed' } });
    expect(ruleOf(await post(makerEngineer, `/api/v1/knowledge/entries/${entryId}/approve`))).toEqual({ status: 403, rule: 'permission' });
    expect(ruleOf(await post(strangerAdmin, `/api/v1/knowledge/entries/${entryId}/approve`))).toEqual({ status: 404, rule: 'exists' });
    expect(ruleOf(await post(makerAdmin, `/api/v1/knowledge/entries/${entryId}/reject`, { reason: '' }))).toEqual({ status: 400, rule: 'minLength' });
    expect(await search(makerAdmin, 'queue=review')).toEqual([entryId]);
    expect((await get(makerAdmin, `/api/v1/knowledge/entries/${entryId}`)).body['actions']).toEqual(['approve', 'reject']);
    expect(await post(makerAdmin, `/api/v1/knowledge/entries/${entryId}/approve`, { opinion: '步骤清楚' })).toMatchObject({ status: 200, body: { status: 'approved', review: { decision: 'approved', opinion: '步骤清楚' } } });
    expect(await post(makerAdmin, `/api/v1/knowledge/entries/${entryId}/publish`)).toMatchObject({ status: 200, body: { status: 'published' } });
    expect(ruleOf(await post(makerAdmin, `/api/v1/knowledge/entries/${entryId}/publish`))).toEqual({ status: 409, rule: 'illegal-transition' });
    expect(ruleOf(await t.http().put(`/api/v1/knowledge/entries/${entryId}`).set(bearer(makerEngineer)).send(plan) as unknown as Response)).toEqual({ status: 409, rule: 'illegal-transition' });
  });

  it('refuses the author’s own review (four eyes)', async () => {
    const own = await post(makerAdmin, '/api/v1/knowledge/entries', { ...plan, title: '主轴拉刀机构故障' });
    const id = String(own.body['id']);
    await post(makerAdmin, `/api/v1/knowledge/entries/${id}/propose`);
    expect(ruleOf(await post(makerAdmin, `/api/v1/knowledge/entries/${id}/approve`))).toEqual({ status: 403, rule: 'four-eyes' });
  });

  it('lets everyone signed in find the published plan in Chinese and by model, and read it', async () => {
    for (const who of [strangerAdmin, userAdmin, cityOperator, providerEngineer]) {
      expect(await search(who, `q=${encodeURIComponent('主轴异响')}`)).toEqual([entryId]);
      expect((await get(who, `/api/v1/knowledge/entries/${entryId}`)).body).toMatchObject({ id: entryId, status: 'published', steps: plan.steps });
    }
    const hits = (await get(userAdmin, `/api/v1/knowledge/entries?q=${encodeURIComponent('VMC850 异响')}`)).body;
    expect(hits).toMatchObject({ total: 1, items: [{ id: entryId, matched: ['异响', 'vmc850'] }] });
    expect(await search(userAdmin, `q=${encodeURIComponent('液压漏油')}`)).toEqual([]);
    // Another enterprise reads it but does not act on it.
    expect(ruleOf(await post(strangerAdmin, `/api/v1/knowledge/entries/${entryId}/retire`, { reason: '不适用' }))).toEqual({ status: 404, rule: 'exists' });
    const catalogue = (await get(userAdmin, '/api/v1/knowledge/catalogue')).body as { deviceTypes: { code: string; faultTypes: { code: string; entries: number }[] }[] };
    expect(catalogue.deviceTypes.find((d) => d.code === 'cnc-machine')!.faultTypes.find((f) => f.code === 'abnormal-noise')!.entries).toBe(1);
  });

  it('suggests the plan on a work order of that device and fault, to those who can see the order only', async () => {
    const orderId = await workOrderInStore(events, parties, 'assigned');
    const suggestions = await get(userAdmin, `/api/v1/work-orders/${orderId}/knowledge-suggestions`);
    expect(suggestions).toMatchObject({ status: 200, body: { items: [{ id: entryId, reasons: ['fault-type', 'model', 'text'] }] } });
    expect((await get(providerEngineer, `/api/v1/work-orders/${orderId}/knowledge-suggestions`)).status).toBe(200);
    expect(ruleOf(await get(strangerAdmin, `/api/v1/work-orders/${orderId}/knowledge-suggestions`))).toEqual({ status: 404, rule: 'exists' });
  });

  it('takes a proposal from a closed work order, prefilled from its records, for the manufacturer or the provider to review', async () => {
    const open = await workOrderInStore(events, parties, 'in-progress');
    const closed = await workOrderInStore(events, parties, 'closed');
    const draft = await get(providerEngineer, `/api/v1/work-orders/${closed}/knowledge-draft`);
    expect(draft).toMatchObject({
      status: 200,
      body: { deviceType: 'cnc-machine', faultType: 'abnormal-noise', models: ['VMC-850'], cause: '主轴前轴承磨损', steps: ['拆下主轴护罩检查轴承', '更换前轴承并预紧', '试运行 30 分钟'], parts: [{ name: '角接触球轴承 7014C', quantity: 2, unit: '个' }], tools: ['拉马', '扭力扳手'] },
    });
    const { workOrderId: _w, number: _n, images: _i, ...content } = draft.body;
    expect(ruleOf(await post(providerEngineer, '/api/v1/knowledge/entries', { ...content, workOrderId: open }))).toEqual({ status: 409, rule: 'work-order-closed' });
    expect(ruleOf(await post(strangerAdmin, '/api/v1/knowledge/entries', { ...content, workOrderId: closed }))).toEqual({ status: 404, rule: 'exists' });
    // The manufacturer sees the order but proposes nothing from it: that is the provider's.
    expect(ruleOf(await post(makerAdmin, '/api/v1/knowledge/entries', { ...content, workOrderId: closed }))).toEqual({ status: 403, rule: 'not-your-role' });

    const proposal = await post(providerEngineer, '/api/v1/knowledge/entries', { ...content, workOrderId: closed });
    expect(proposal).toMatchObject({ status: 201, body: { status: 'proposed', ownerId: provider.enterpriseId, reviewerIds: [maker.enterpriseId, provider.enterpriseId], source: { workOrderId: closed } } });
    const id = String(proposal.body['id']);
    expect(await search(makerAdmin, 'queue=review')).toContain(id);
    expect(await search(providerAdmin, 'queue=review')).toContain(id);
    expect(ruleOf(await get(userAdmin, `/api/v1/knowledge/entries/${id}`))).toEqual({ status: 404, rule: 'exists' });
    expect(await post(makerAdmin, `/api/v1/knowledge/entries/${id}/approve`)).toMatchObject({ status: 200, body: { status: 'approved' } });
  });
});
