// The dashboards' numbers through the real HTTP stack, REST and GraphQL: orders raised and worked in
// two Guangdong cities through the work-order API, then read as Guangdong's operators (the province,
// one of its cities, the breakdown by city), as Jiangsu's (nothing of Guangdong, even when asked for
// it by code), as the enterprises (their own orders only), the provider (its engineer's performance)
// and the engineer (his own performance, no one else's numbers). Bad filters answer 400 naming them.
import { randomUUID } from 'node:crypto';
import { readCsv } from '../tabular/csv';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, signUp, type Person } from '../tenancy/testing/tenancy-app';
import { registerDevice } from '../work-orders/testing/work-order-world';

type Response = { status: number; body: Record<string, unknown> & { errors?: { field: string; rule: string }[] } };
type Metrics = Record<string, number | null>;

describe('analytics over REST and GraphQL, scoped like everything else', () => {
  let t: IdentityApp;
  let guangdong: Person;
  let shenzhen: Person;
  let guangzhou: Person;
  let jiangsu: Person;
  let nanshanOwner: { enterpriseId: string; admin: Person };
  let tianheOwner: { enterpriseId: string; admin: Person };
  let provider: { enterpriseId: string; admin: Person };
  let engineer: Person;
  let today: string;

  const post = async (who: Person, path: string, body: object = {}) => {
    const res = (await t.http().post(path).set(bearer(who)).set('Idempotency-Key', randomUUID()).send(body)) as unknown as Response;
    if (res.status !== 200 && res.status !== 201) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const get = (who: Person, path: string, query: Record<string, string> = {}) => t.http().get(path).query(query).set(bearer(who)) as unknown as Promise<Response>;
  const overview = async (who: Person, query: Record<string, string> = {}) => {
    const res = await get(who, '/api/v1/analytics/overview', query);
    expect(res.status).toBe(200);
    return res.body['metrics'] as Metrics;
  };
  const raise = async (owner: { enterpriseId: string; admin: Person }, county: string, faultType: string) => {
    const deviceId = await registerDevice(t, { enterpriseId: owner.enterpriseId, userId: owner.admin.userId }, null, county);
    return String((await post(owner.admin, '/api/v1/work-orders', { deviceId, fault: { type: faultType, description: `${faultType} 报修`, attachments: [] }, priority: 'normal', contact: { name: '张工', phone: '13800138000' } }))['id']);
  };
  const graphql = (who: Person, query: string) => t.http().post('/graphql').set(bearer(who)).send({ query }) as unknown as Promise<Response>;

  beforeAll(async () => {
    t = await startIdentityApp();
    const root = await nationalRoot(t);
    const gd = await nodeWithAdmin(t, root.admin, '44');
    const sz = await nodeWithAdmin(t, gd.admin, '4403');
    const gz = await nodeWithAdmin(t, gd.admin, '4401');
    const js = await nodeWithAdmin(t, root.admin, '32');
    [guangdong, shenzhen, guangzhou, jiangsu] = [gd.admin, sz.admin, gz.admin, js.admin];
    nanshanOwner = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    tianheOwner = await enterpriseWithAdmin(t, '440106', 'equipment-user');
    provider = await enterpriseWithAdmin(t, '440305', 'service-provider');
    for (const e of [nanshanOwner, provider]) await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(shenzhen)).send({}).expect(200);
    await t.http().post(`/api/v1/enterprises/${tianheOwner.enterpriseId}/approve`).set(bearer(guangzhou)).send({}).expect(200);
    engineer = await employeeOf(t, provider, ['engineer']);

    // One order in Nanshan worked to the end within minutes (the first duration bucket, up to 5), rated 4.
    const worked = await raise(nanshanOwner, '440305', 'electrical');
    const step = (who: Person, name: string, body: object = {}) => post(who, `/api/v1/work-orders/${worked}/${name}`, body);
    if ((await get(shenzhen, `/api/v1/work-orders/${worked}`)).body['status'] === 'submitted') await step(shenzhen, 'review', { decision: 'approve' });
    await step(shenzhen, 'dispatch', { providerId: provider.enterpriseId, suggestion: { rank: 1, suggestedProviderId: provider.enterpriseId } });
    await step(provider.admin, 'accept');
    await step(provider.admin, 'assign', { engineerId: engineer.userId });
    await step(engineer, 'engineer-accept');
    await step(engineer, 'start');
    await step(engineer, 'records', { steps: '更换接触器', parts: [], tools: ['万用表'], cause: '接触器烧蚀', result: '运行正常' });
    await step(engineer, 'complete', { summary: '已修复' });
    await step(engineer, 'receipt', { summary: '维修完成' });
    await step(provider.admin, 'receipt/approve', { opinion: '合格' });
    await step(provider.admin, 'receipt/report');
    await step(nanshanOwner.admin, 'evaluations', { score: 4 });
    // Two more requests, one in Nanshan and one in Guangzhou's Tianhe, not yet dispatched.
    await raise(nanshanOwner, '440305', 'leakage');
    await raise(tianheOwner, '440106', 'leakage');
    today = new Date(Date.parse(t.clock.now().toISOString()) + 8 * 3_600_000).toISOString().slice(0, 10);
  }, 240_000);
  afterAll(() => t.close());

  it('gives the provincial operator its whole province, a city inside it, and the breakdown by city', async () => {
    expect(await overview(guangdong)).toMatchObject({ requests: 3, completed: 1, firstTimeFixRate: 1, reworkRate: 0, responseP50: 5, repairP50: 5, satisfaction: 4 });
    expect(await overview(guangdong, { regionCode: '4403' })).toMatchObject({ requests: 2, completed: 1 });
    expect((await get(guangdong, '/api/v1/analytics/overview', { regionCode: '4403' })).body['regionPath']).toEqual([
      { code: 'CN', name: '全国' },
      { code: '44', name: '广东省' },
      { code: '4403', name: '深圳市' },
    ]);
    expect(await overview(guangdong, { regionCode: '440106', faultType: 'leakage' })).toMatchObject({ requests: 1, completed: 0, responseP50: null });
    expect(await overview(guangdong, { from: today, to: today, deviceType: 'air-compressor' })).toMatchObject({ requests: 3 });
    expect(await overview(guangdong, { to: '2020-01-01' })).toMatchObject({ requests: 0 });

    const cities = await get(guangdong, '/api/v1/analytics/breakdown', { dimension: 'region', metric: 'requests' });
    expect(cities.body['items']).toEqual([
      { key: '4403', label: '深圳市', value: 2, requests: 2 },
      { key: '4401', label: '广州市', value: 1, requests: 1 },
    ]);
    const faults = await get(guangdong, '/api/v1/analytics/breakdown', { dimension: 'faultType', metric: 'requests', regionCode: '4403' });
    expect(faults.body['items']).toEqual([
      { key: 'electrical', label: 'electrical', value: 1, requests: 1 },
      { key: 'leakage', label: 'leakage', value: 1, requests: 1 },
    ]);
    const series = await get(guangdong, '/api/v1/analytics/series', { metric: 'requests', granularity: 'month' });
    expect(series.body['items']).toEqual([{ period: today.slice(0, 7), value: 3, requests: 3 }]);
  });

  it('gives a city operator its city only, and another province nothing of Guangdong, even by code', async () => {
    expect(await overview(shenzhen)).toMatchObject({ requests: 2 });
    expect(await overview(shenzhen, { regionCode: '44' })).toMatchObject({ requests: 0 });
    expect(await overview(shenzhen, { regionCode: '4401' })).toMatchObject({ requests: 0 });
    expect(await overview(jiangsu)).toMatchObject({ requests: 0 });
    expect(await overview(jiangsu, { regionCode: '44' })).toMatchObject({ requests: 0 });
    expect(await overview(jiangsu, { regionCode: '440305' })).toMatchObject({ requests: 0 });
    expect(await overview(jiangsu, { enterpriseId: nanshanOwner.enterpriseId })).toMatchObject({ requests: 0 });
    expect((await get(jiangsu, '/api/v1/analytics/breakdown', { dimension: 'requester', metric: 'requests', regionCode: '44' })).body['items']).toEqual([]);
    expect((await get(jiangsu, '/api/v1/analytics/engineers')).body['items']).toEqual([]);
  });

  it('gives an enterprise its own orders only, and names the enterprises it may see', async () => {
    expect(await overview(nanshanOwner.admin)).toMatchObject({ requests: 2, completed: 1, satisfaction: 4 });
    expect(await overview(tianheOwner.admin)).toMatchObject({ requests: 1, completed: 0 });
    expect(await overview(tianheOwner.admin, { enterpriseId: nanshanOwner.enterpriseId })).toMatchObject({ requests: 0 });
    const requesters = await get(guangdong, '/api/v1/analytics/breakdown', { dimension: 'requester', metric: 'requests' });
    expect((requesters.body['items'] as { key: string; requests: number }[]).map((i) => [i.key, i.requests])).toEqual([
      [nanshanOwner.enterpriseId, 2],
      [tianheOwner.enterpriseId, 1],
    ]);
    expect(await overview(guangdong, { enterpriseId: tianheOwner.enterpriseId })).toMatchObject({ requests: 1 });
    // The province's party rows: the provider, named, and the orders not yet dispatched ('-').
    const providers = (await get(guangdong, '/api/v1/analytics/breakdown', { dimension: 'provider', metric: 'requests' })).body['items'] as { key: string; label: string; requests: number }[];
    expect(providers.map((i) => [i.key, i.requests])).toEqual([
      ['-', 2],
      [provider.enterpriseId, 1],
    ]);
    expect(providers[1]!.label).not.toBe(provider.enterpriseId);
    expect((await get(shenzhen, '/api/v1/analytics/breakdown', { dimension: 'provider', metric: 'requests' })).body['items']).toEqual([
      { key: '-', label: '-', value: 1, requests: 1 },
      { key: provider.enterpriseId, label: providers[1]!.label, value: 1, requests: 1 },
    ]);
  });

  it('gives the provider its engineers’ performance and the engineer his own, nothing else', async () => {
    const mine = { engineerId: engineer.userId, providerId: provider.enterpriseId, metrics: expect.objectContaining({ requests: 1, completed: 1, repairP50: 5, satisfaction: 4 }) };
    expect((await get(provider.admin, '/api/v1/analytics/engineers')).body['items']).toEqual([expect.objectContaining(mine)]);
    expect((await get(engineer, '/api/v1/analytics/engineers')).body['items']).toEqual([expect.objectContaining(mine)]);
    expect((await get(guangdong, '/api/v1/analytics/engineers')).body['items']).toEqual([expect.objectContaining(mine)]);
    expect(await overview(engineer)).toMatchObject({ requests: 0 });
    // Another engineer of the same provider sees no one's figures but his own (none).
    const colleague = await employeeOf(t, provider, ['engineer']);
    expect((await get(colleague, '/api/v1/analytics/engineers')).body['items']).toEqual([]);
  });

  it('exports the engineers’ table (STAFF-3) as the board shows it, in the exporter’s scope', async () => {
    const exported = async (who: Person) => {
      const started = await t.http().post('/api/v1/exports').set(bearer(who)).set('Idempotency-Key', randomUUID()).send({ kind: 'analytics-engineers', format: 'csv', params: { from: today, to: today } });
      expect(started.status).toBe(201);
      const id = String(started.body['id']);
      for (let i = 0; i < 200; i++) {
        const state = (await get(who, `/api/v1/exports/${id}`)).body;
        if (state['status'] === 'completed') {
          const file = await t.http().get(`/api/v1/exports/${id}/file`).set(bearer(who)).buffer(true).parse((res, done) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => done(null, Buffer.concat(chunks)));
          });
          return readCsv(file.body as Buffer).map((r) => r.cells);
        }
        expect(state['status']).toBe('running');
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`export ${id} did not finish`);
    };
    const [board] = (await get(provider.admin, '/api/v1/analytics/engineers', { from: today, to: today })).body['items'] as { name: string; providerName: string }[];
    const rows = await exported(provider.admin);
    expect(rows[0]).toEqual(['工程师', '服务商', '报修量', '完工量', '一次修复率', '返修率', '维修时长 P50（分钟）', '维修时长 P90（分钟）', '满意度']);
    expect(rows.slice(1)).toEqual([[board!.name, board!.providerName, '1', '1', '1', '0', '5', '5', '4']]);
    // Jiangsu's operator exports the same kind and gets no one of Guangdong's.
    expect((await exported(jiangsu)).slice(1)).toEqual([]);
    // An engineer reads his own figures but holds no export permission.
    const refused = await t.http().post('/api/v1/exports').set(bearer(engineer)).set('Idempotency-Key', randomUUID()).send({ kind: 'analytics-engineers', format: 'csv' });
    expect([refused.status, refused.body.errors?.[0]?.rule]).toEqual([403, 'permission']);
    const bad = await t.http().post('/api/v1/exports').set(bearer(provider.admin)).set('Idempotency-Key', randomUUID()).send({ kind: 'analytics-engineers', format: 'csv', params: { from: 'yesterday' } });
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'params.from']);
  });

  it('answers the same over GraphQL, in the same scopes', async () => {
    const query = '{ analyticsOverview(filters: { regionCode: "44" }) { regionCode metrics { requests completed repairP50 } } analyticsBreakdown(dimension: "region", metric: "requests") { key label value } }';
    const province = await graphql(guangdong, query);
    expect(province.body).toEqual({
      data: {
        analyticsOverview: { regionCode: '44', metrics: { requests: 3, completed: 1, repairP50: 5 } },
        analyticsBreakdown: [
          { key: '4403', label: '深圳市', value: 2 },
          { key: '4401', label: '广州市', value: 1 },
        ],
      },
    });
    const other = await graphql(jiangsu, query);
    expect(other.body).toEqual({ data: { analyticsOverview: { regionCode: '44', metrics: { requests: 0, completed: 0, repairP50: null } }, analyticsBreakdown: [] } });
    const series = await graphql(guangdong, `{ analyticsSeries(metric: "requests", granularity: "day", filters: { from: "${today}" }) { period value } }`);
    expect(series.body).toEqual({ data: { analyticsSeries: [{ period: today, value: 3 }] } });
    const engineers = await graphql(engineer, '{ analyticsEngineers { engineerId metrics { completed } } }');
    expect(engineers.body).toEqual({ data: { analyticsEngineers: [{ engineerId: engineer.userId, metrics: { completed: 1 } }] } });
  });

  it('refuses bad filters naming the field and rule, and callers without an acting context', async () => {
    const bad = async (path: string, query: Record<string, string>) => (await get(guangdong, `/api/v1/analytics/${path}`, query)).body.errors?.map((e) => [e.field, e.rule]);
    expect(await bad('overview', { from: '2026-13-01' })).toEqual([['from', 'day']]);
    expect(await bad('overview', { from: '2026-12-02', to: '2026-12-01' })).toEqual([['to', 'range']]);
    expect(await bad('overview', { regionCode: '4' })).toEqual([['regionCode', 'matches']]);
    expect(await bad('series', { metric: 'profit' })).toEqual([['metric', 'isIn']]);
    expect(await bad('breakdown', { dimension: 'colour', metric: 'requests' })).toEqual([['dimension', 'isIn']]);
    expect(await bad('overview', { deviceType: 'toaster' })).toEqual([['deviceType', 'isIn']]);
    const stranger = await signUp(t);
    expect((await get(stranger, '/api/v1/analytics/overview')).status).toBe(403);
    expect((await graphql(stranger, '{ analyticsOverview { metrics { requests } } }')).body['errors']).toBeDefined();
  });
});
