// The audit trail through the real HTTP stack: sign-ins, refusals and exports become entries with
// who, where and result; compliance officers see their province only; an entry's detail shows what
// a dispatch changed in the work order's read model; an export is itself an entry.
import { randomUUID } from 'node:crypto';
import { securityLogStream, workOrderStream } from '@kuaige/domain';
import type { EventStore, RecordedEvent } from '@kuaige/eventsourcing';
import { EVENT_STORE } from '../../event-sourcing/aggregate-streams';
import { bearer, PASSWORD, startIdentityApp, type IdentityApp } from '../../identity/testing/identity-app';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, staffOf, type Person } from '../../tenancy/testing/tenancy-app';

type Entry = {
  id: string;
  position: number;
  type: string;
  stream: string;
  actor: string | null;
  enterpriseId: string | null;
  nodeId: string | null;
  ip: string | null;
  userAgent: string | null;
  result: string;
  summary: string | null;
};
type Response = {
  status: number;
  body: Record<string, unknown> & { errors?: { field: string; rule: string }[]; items?: Entry[]; total?: number };
};

// Requests come through a proxy on the loopback: X-Forwarded-For names the client.
const CLIENT_IP = '203.0.113.7';

describe('the audit trail', () => {
  let t: IdentityApp;
  let events: EventStore;
  let nationalCompliance: Person;
  let guangdongCompliance: Person;
  let beijingCompliance: Person;
  let guangdongAdmin: Person;
  let cityOperator: Person;
  let ownerAdmin: Person;
  let employee: Person;
  let owner: { enterpriseId: string };
  let provider: { enterpriseId: string };
  let orderId: string;

  const get = (who: Person | null, path: string, query: Record<string, string | number> = {}): Promise<Response> => {
    const req = t.http().get(path).query(query).set('x-forwarded-for', CLIENT_IP).set('user-agent', 'audit-spec/1.0');
    return (who ? req.set(bearer(who)) : req) as unknown as Promise<Response>;
  };
  const entries = (who: Person, query: Record<string, string | number>) => get(who, '/api/v1/audit/entries', query);
  const ruleOf = (res: Response) => ({ status: res.status, rule: res.body.errors?.[0]?.rule, field: res.body.errors?.[0]?.field });
  const streamEvents = async (streamId: string): Promise<RecordedEvent[]> => events.readStream(streamId).catch(() => []);

  beforeAll(async () => {
    t = await startIdentityApp({ TRUSTED_PROXIES: '127.0.0.1/8,::1' });
    events = t.app.get(EVENT_STORE);
    const root = await nationalRoot(t);
    nationalCompliance = await staffOf(t, root.admin, root.nodeId, ['compliance']);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    guangdongAdmin = guangdong.admin;
    guangdongCompliance = await staffOf(t, guangdong.admin, guangdong.nodeId, ['compliance']);
    const beijing = await nodeWithAdmin(t, root.admin, '11');
    beijingCompliance = await staffOf(t, beijing.admin, beijing.nodeId, ['compliance']);
    cityOperator = (await nodeWithAdmin(t, guangdong.admin, '4403')).admin;
    const ownerEnterprise = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    const providerEnterprise = await enterpriseWithAdmin(t, '440305', 'service-provider');
    for (const e of [ownerEnterprise, providerEnterprise])
      await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(cityOperator)).send({}).expect(200);
    owner = ownerEnterprise;
    provider = providerEnterprise;
    ownerAdmin = ownerEnterprise.admin;
    employee = await employeeOf(t, ownerEnterprise, ['member']);
    const post = (who: Person, path: string, body: object) =>
      t.http().post(path).set(bearer(who)).set('Idempotency-Key', randomUUID()).send(body);
    const device = await post(ownerAdmin, '/api/v1/devices', {
      number: `SN-${process.pid}-audit`,
      name: '2号空压机',
      model: 'GA-37',
      type: 'air-compressor',
      countyCode: '440305',
      address: '南山区科技园 2 号',
    });
    if (device.status !== 201) throw new Error(`registering the device answered ${device.status}: ${JSON.stringify(device.body)}`);
    const order = await post(employee, '/api/v1/work-orders', {
      deviceId: device.body.id,
      fault: { type: 'mechanical', description: '开机后压力上不去，伴有明显异响', attachments: [] },
      priority: 'high',
      contact: { name: '张工', phone: '13800138000' },
    });
    if (order.status !== 201) throw new Error(`requesting the work order answered ${order.status}: ${JSON.stringify(order.body)}`);
    orderId = order.body.id;
    const dispatched = await post(cityOperator, `/api/v1/work-orders/${orderId}/dispatch`, {
      providerId: provider.enterpriseId,
      suggestion: { rank: 1, suggestedProviderId: provider.enterpriseId },
    });
    if (dispatched.status !== 200) throw new Error(`dispatching answered ${dispatched.status}: ${JSON.stringify(dispatched.body)}`);
  }, 240_000);
  afterAll(() => t.close());

  it('shows a sign-in with who, where and result, and stores no password; a failed one as a failure', async () => {
    // The employee has no second factor: the password alone signs in.
    const phone = employee.phone;
    await t
      .http()
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', CLIENT_IP)
      .set('user-agent', 'audit-spec/login')
      .send({ phone, password: PASSWORD })
      .expect(200);
    const wrong = `Wrong-${randomUUID()}`;
    await t
      .http()
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', CLIENT_IP)
      .set('user-agent', 'audit-spec/login')
      .send({ phone, password: wrong })
      .expect(401);

    const logins = await entries(nationalCompliance, { actor: employee.userId, type: 'LoginSucceeded' });
    expect(logins.status).toBe(200);
    expect(logins.body.items![0]).toMatchObject({
      type: 'LoginSucceeded',
      actor: employee.userId,
      ip: CLIENT_IP,
      userAgent: 'audit-spec/login',
      result: 'success',
    });
    const failures = await entries(nationalCompliance, { type: 'LoginFailed', result: 'failure' });
    expect(failures.body.items!.find((e) => e.ip === CLIENT_IP && e.summary === 'wrong-password')).toBeDefined();

    const detail = await get(nationalCompliance, `/api/v1/audit/entries/${logins.body.items![0]!.id}`);
    expect(detail.status).toBe(200);
    expect(JSON.stringify(detail.body)).not.toContain(PASSWORD);
    // Nothing anywhere in the log holds either password, the right one or the wrong one.
    for await (const e of events.readAll()) {
      const stored = JSON.stringify(e);
      expect(stored.includes(PASSWORD) || stored.includes(wrong)).toBe(false);
    }
  });

  it('records a permission denial before answering it, with the caller’s enterprise, address and agent', async () => {
    const before = (await streamEvents(securityLogStream(employee.userId))).length;
    expect(ruleOf(await entries(employee, {}))).toMatchObject({ status: 403, rule: 'permission' });
    const after = await streamEvents(securityLogStream(employee.userId));
    expect(after.slice(before).map((e) => [e.type, e.data])).toEqual([
      [
        'AccessDenied',
        expect.objectContaining({
          status: 403,
          rule: 'permission',
          method: 'GET',
          route: '/api/v1/audit/entries',
          ip: CLIENT_IP,
          userAgent: 'audit-spec/1.0',
        }),
      ],
    ]);
    expect(after.at(-1)!.metadata).toMatchObject({
      actor: { userId: employee.userId, enterpriseId: owner.enterpriseId, ip: CLIENT_IP },
      tenantIds: [owner.enterpriseId],
      jurisdiction: ['440305', '4403', '44', 'CN'],
    });

    const denied = await entries(guangdongCompliance, { actor: employee.userId, type: 'AccessDenied' });
    expect(denied.body.items).toEqual([
      expect.objectContaining({
        result: 'denied',
        enterpriseId: owner.enterpriseId,
        summary: 'GET /api/v1/audit/entries → 403 permission',
      }),
    ]);
    // An order outside the caller's scope is a refused scope check too (404).
    expect(ruleOf(await get(employee, `/api/v1/work-orders/${randomUUID()}`))).toMatchObject({ status: 404, rule: 'exists' });
    expect((await streamEvents(securityLogStream(employee.userId))).at(-1)!.data).toMatchObject({
      status: 404,
      rule: 'exists',
      route: '/api/v1/work-orders/:id',
    });
    // Over GraphQL the refusal travels in a 200 answer's errors: recorded all the same.
    const gql = await t
      .http()
      .post('/graphql')
      .set(bearer(employee))
      .set('x-forwarded-for', CLIENT_IP)
      .send({ query: `{ workOrder(id: "${randomUUID()}") { id } }` });
    expect(gql.body.errors[0].extensions.originalError.statusCode).toBe(404);
    expect((await streamEvents(securityLogStream(employee.userId))).at(-1)!.data).toMatchObject({
      status: 404,
      rule: 'exists',
      method: 'POST',
      route: '/graphql',
      ip: CLIENT_IP,
    });
  });

  it('records refused credentials as AuthenticationRefused of nobody', async () => {
    const before = (await streamEvents(securityLogStream('anonymous'))).length;
    expect((await get({ accessToken: 'forged.token.value' } as Person, '/api/v1/audit/entries')).status).toBe(401);
    const after = await streamEvents(securityLogStream('anonymous'));
    expect(after.slice(before).map((e) => e.type)).toEqual(['AuthenticationRefused']);
    expect(after.at(-1)!.data).toMatchObject({ status: 401, ip: CLIENT_IP, route: '/api/v1/audit/entries' });
    expect(JSON.stringify(after.at(-1))).not.toContain('forged.token.value');
    // The operations token stands for no account: its actions (here: the national root set up) are recorded as such.
    const operations = await streamEvents(securityLogStream('operations'));
    expect(operations.map((e) => [e.type, (e.data as { route: string }).route, (e.data as { status: number }).status])).toContainEqual([
      'OperationsActionPerformed',
      '/api/v1/operations/tenancy/national-root',
      200,
    ]);
  });

  it('scopes the search: the province’s compliance sees its enterprises, another province’s none of them', async () => {
    const guangdong = await entries(guangdongCompliance, { stream: workOrderStream(orderId) });
    expect(guangdong.body.items!.map((e) => e.type)).toEqual(expect.arrayContaining(['MaintenanceRequested', 'WorkOrderDispatched']));
    const beijing = await entries(beijingCompliance, { stream: workOrderStream(orderId) });
    expect(beijing.body).toMatchObject({ items: [], total: 0 });
    const anyOf = guangdong.body.items![0]!.id;
    expect(ruleOf(await get(beijingCompliance, `/api/v1/audit/entries/${anyOf}`))).toMatchObject({ status: 404, rule: 'exists' });
    expect(ruleOf(await get(beijingCompliance, `/api/v1/audit/entities/${workOrderStream(orderId)}`))).toMatchObject({
      status: 404,
      rule: 'exists',
    });
    // Beijing's search never returns a row outside its province.
    const all = await entries(beijingCompliance, { pageSize: 100 });
    expect(all.body.items!.filter((e) => e.enterpriseId === owner.enterpriseId || e.stream === workOrderStream(orderId))).toEqual([]);
  });

  it('shows a dispatch with its metadata and the work order’s row before and after it', async () => {
    const found = await entries(guangdongCompliance, { type: 'WorkOrderDispatched', stream: workOrderStream(orderId) });
    expect(found.body.total).toBe(1);
    const detail = await get(guangdongCompliance, `/api/v1/audit/entries/${found.body.items![0]!.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body['event']).toMatchObject({
      type: 'WorkOrderDispatched',
      streamId: workOrderStream(orderId),
      metadata: { actor: { userId: cityOperator.userId }, jurisdiction: ['440305', '4403', '44', 'CN'] },
    });
    const diff = detail.body['diff'] as {
      collection: string;
      id: string;
      kind: string;
      fields: { path: string; kind: string; before?: unknown; after?: unknown }[];
    }[];
    const row = diff.find((d) => d.collection === 'work_orders' && d.id === orderId);
    expect(row?.kind).toBe('changed');
    expect(row!.fields).toEqual(
      expect.arrayContaining([
        { path: 'status', kind: 'changed', before: 'awaiting-dispatch', after: 'dispatched' },
        { path: 'providerId', kind: 'changed', before: null, after: provider.enterpriseId },
      ]),
    );
    const timeline = await get(guangdongCompliance, `/api/v1/audit/entities/${workOrderStream(orderId)}`);
    expect(timeline.body.items!.map((e) => e.type)).toEqual(['MaintenanceRequested', 'RequestReviewed', 'WorkOrderDispatched']);
  });

  it('records a sensitive read of an order whose contact is shown unmasked', async () => {
    const before = (await streamEvents(securityLogStream(ownerAdmin.userId))).length;
    expect((await get(ownerAdmin, `/api/v1/work-orders/${orderId}`)).body['contact']).toEqual({ name: '张工', phone: '13800138000' });
    const read = (await streamEvents(securityLogStream(ownerAdmin.userId))).slice(before);
    expect(read.map((e) => [e.type, e.data])).toEqual([
      [
        'SensitiveDataRead',
        expect.objectContaining({ resource: 'work-order', permission: 'work-order:read-sensitive', params: { id: orderId } }),
      ],
    ]);
    // The employee sees the phone masked: nothing sensitive was read.
    const employeeBefore = (await streamEvents(securityLogStream(employee.userId))).length;
    await get(employee, `/api/v1/work-orders/${orderId}`);
    expect((await streamEvents(securityLogStream(employee.userId))).length).toBe(employeeBefore);
  });

  it('exports a result set as CSV or XLSX and records the export once per request', async () => {
    const key = randomUUID();
    const exportAs = (body: object, idempotencyKey = key) =>
      t
        .http()
        .post('/api/v1/audit/exports')
        .set(bearer(guangdongCompliance))
        .set('Idempotency-Key', idempotencyKey)
        .set('x-forwarded-for', CLIENT_IP)
        .send(body)
        .buffer(true);
    const csv = await exportAs({ format: 'csv', stream: workOrderStream(orderId) });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const text = csv.text.replace(/^\uFEFF/, '');
    expect(text.split(/\r\n/)[0]).toBe('时间,事件类型,结果,操作人,企业,运营节点,IP 地址,实体（事件流）,摘要,日志位置,事件 ID');
    expect(text).toContain('WorkOrderDispatched');
    await exportAs({ format: 'csv', stream: workOrderStream(orderId) });
    const exports = (await streamEvents(securityLogStream(guangdongCompliance.userId))).filter((e) => e.type === 'DataExported');
    expect(exports.map((e) => e.data)).toEqual([
      expect.objectContaining({
        resource: 'audit-entries',
        format: 'csv',
        rows: 3,
        ip: CLIENT_IP,
        filters: expect.objectContaining({ stream: workOrderStream(orderId) }),
      }),
    ]);
    const xlsx = await exportAs({ format: 'xlsx', type: 'WorkOrderDispatched' }, randomUUID()).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString('latin1')).toBe('PK');
    const listed = await entries(guangdongCompliance, { type: 'DataExported', actor: guangdongCompliance.userId });
    expect(listed.body.total).toBe(2);
  });

  it('pages on by cursor: the next page starts past the last position seen, as deep as the log goes', async () => {
    const first = await entries(nationalCompliance, { pageSize: 3 });
    expect(first.body).toMatchObject({ page: 1, pageSize: 3, totalCapped: false, nextCursor: first.body.items![2]!.position });
    const bySkip = await entries(nationalCompliance, { pageSize: 3, page: 2 });
    const byCursor = await entries(nationalCompliance, { pageSize: 3, after: Number(first.body['nextCursor']) });
    expect(byCursor.body.items!.map((e) => e.id)).toEqual(bySkip.body.items!.map((e) => e.id));
    expect(byCursor.body.items!.every((e) => e.position < first.body.items![2]!.position)).toBe(true);
    // Oldest first, the cursor bounds from below; the last page says there is no next one.
    const oldest = await entries(nationalCompliance, { pageSize: 2, sort: 'position' });
    const next = await entries(nationalCompliance, { pageSize: 2, sort: 'position', after: oldest.body.items![1]!.position });
    expect(next.body.items).toHaveLength(2);
    expect(next.body.items!.every((e) => e.position > oldest.body.items![1]!.position)).toBe(true);
    const total = Number(first.body.total);
    const last = await entries(nationalCompliance, { pageSize: 100, sort: 'position', after: 0 });
    expect(last.body['nextCursor']).toBe(total > 100 ? last.body.items![99]!.position : null);
    // Pages by skipping stop at the cap; page and cursor together are refused.
    expect(ruleOf(await entries(nationalCompliance, { pageSize: 100, page: 101 }))).toEqual({ status: 400, field: 'page', rule: 'within-total-cap' });
    expect(ruleOf(await entries(nationalCompliance, { page: 2, after: 10 }))).toEqual({ status: 400, field: 'after', rule: 'not-with-page' });
    expect(ruleOf(await entries(nationalCompliance, { after: -1 }))).toMatchObject({ status: 400, field: 'after' });
  });

  it('refuses bad filters naming field and rule, and everyone without the compliance role', async () => {
    expect(ruleOf(await entries(nationalCompliance, { from: 'yesterday' }))).toMatchObject({ status: 400, field: 'from' });
    expect(ruleOf(await entries(nationalCompliance, { from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' }))).toEqual({
      status: 400,
      field: 'to',
      rule: 'after-from',
    });
    expect(ruleOf(await entries(nationalCompliance, { pageSize: 1000 }))).toMatchObject({ status: 400, field: 'pageSize' });
    expect(ruleOf(await entries(nationalCompliance, { stream: 'not a stream' }))).toMatchObject({ status: 400, field: 'stream' });
    expect(ruleOf(await entries(nationalCompliance, { result: 'maybe' }))).toMatchObject({ status: 400, field: 'result' });
    for (const who of [guangdongAdmin, cityOperator, ownerAdmin, employee]) {
      const res = await entries(who, {});
      expect({ status: res.status, items: res.body.items }).toEqual({ status: 403, items: undefined });
      expect((await get(who, `/api/v1/audit/entities/${workOrderStream(orderId)}`)).status).toBe(403);
    }
    const noRole = await t
      .http()
      .post('/api/v1/audit/exports')
      .set(bearer(cityOperator))
      .set('Idempotency-Key', randomUUID())
      .send({ format: 'csv' });
    expect(noRole.status).toBe(403);
  });
});
