// Tenancy through the real HTTP API: the operator tree from the national root down, enterprises
// reviewed by the city operator of their county, acting contexts carried by the access token, and
// row-level scoping — outside the caller's jurisdiction or tenant a row answers 404 and nothing changes.
import type { EventStore } from '@kuaige/eventsourcing';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { actFor, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, signUp, staffOf, withTotp, type Person } from './testing/tenancy-app';
import { appendedBesidesSecurityLog } from '../testing/appended';

describe('tenancy over HTTP', () => {
  let t: IdentityApp;
  let events: EventStore;
  let root: { nodeId: string; admin: Person };
  let guangdong: { nodeId: string; admin: Person };
  let shenzhen: { nodeId: string; admin: Person };
  let guangzhou: { nodeId: string; admin: Person };
  let nanshan: { nodeId: string; admin: Person };
  let acme: { enterpriseId: string; admin: Person };

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    root = await nationalRoot(t);
    guangdong = await nodeWithAdmin(t, root.admin, '44');
    shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    guangzhou = await nodeWithAdmin(t, guangdong.admin, '4401');
    nanshan = await nodeWithAdmin(t, shenzhen.admin, '440305');
    acme = await enterpriseWithAdmin(t, '440305', 'manufacturer');
  }, 120_000);
  afterAll(() => t.close());

  /** Runs `act` and returns what it answered, asserting that it appended no event. */
  const changesNothing = async (act: () => Promise<{ status: number; body: unknown }>) => {
    const before = await events.headPosition();
    const res = await act();
    expect(await appendedBesidesSecurityLog(events, before)).toEqual([]);
    return res;
  };

  it('lets the national root’s admin act for it, and lists where each person may act', async () => {
    const res = await t.http().get('/api/v1/me/contexts').set(bearer(root.admin)).expect(200);
    expect(res.body.active).toEqual({ kind: 'operator', id: root.nodeId, name: '快格总运营商', roles: ['operator-admin'], status: 'active' });
    const mine = await t.http().get('/api/v1/me/contexts').set(bearer(acme.admin)).expect(200);
    expect(mine.body.available).toEqual([{ kind: 'enterprise', id: acme.enterpriseId, name: expect.any(String), roles: ['admin'], status: 'pending-review' }]);
  });

  it('refuses a switch to a context that is not the caller’s with 404, and a scoped route without a context with 403', async () => {
    const stranger = await signUp(t);
    const res = await changesNothing(() => t.http().post('/api/v1/me/context').set(bearer(stranger)).send({ kind: 'operator', id: root.nodeId }));
    expect(res.status).toBe(404);
    const none = await t.http().get('/api/v1/enterprises').set(bearer(stranger)).expect(403);
    expect(none.body.errors).toEqual([expect.objectContaining({ field: 'context', rule: 'acting-context-required' })]);
  });

  it('keeps the acting context across a refresh: it is the session’s, carried by every access token', async () => {
    const staff = await staffOf(t, guangdong.admin, guangdong.nodeId, ['operator-staff']);
    const refreshed = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: staff.refreshToken }).expect(200);
    const after = await t.http().get('/api/v1/me/contexts').set(bearer(refreshed.body)).expect(200);
    expect(after.body.active).toEqual(expect.objectContaining({ kind: 'operator', id: guangdong.nodeId }));
  });

  it('sends the review of an enterprise to its city operator only; another city’s operator gets 404 and changes nothing', async () => {
    const queue = await t.http().get('/api/v1/enterprises').query({ status: 'pending-review' }).set(bearer(shenzhen.admin)).expect(200);
    expect(queue.body.items.map((e: { id: string }) => e.id)).toContain(acme.enterpriseId);
    const other = await t.http().get('/api/v1/enterprises').query({ status: 'pending-review' }).set(bearer(guangzhou.admin)).expect(200);
    expect(other.body.items.map((e: { id: string }) => e.id)).not.toContain(acme.enterpriseId);

    expect((await changesNothing(() => t.http().get(`/api/v1/enterprises/${acme.enterpriseId}`).set(bearer(guangzhou.admin)))).status).toBe(404);
    const refused = await changesNothing(() => t.http().post(`/api/v1/enterprises/${acme.enterpriseId}/approve`).set(bearer(guangzhou.admin)).send({}));
    expect(refused.status).toBe(404);
    // A missing id answers exactly like an existing one out of scope.
    const missing = await t.http().post('/api/v1/enterprises/no-such-enterprise/approve').set(bearer(guangzhou.admin)).send({});
    expect({ status: missing.status, errors: missing.body.errors }).toEqual({ status: refused.status, errors: (refused.body as { errors: unknown }).errors });

    const approved = await t.http().post(`/api/v1/enterprises/${acme.enterpriseId}/approve`).set(bearer(shenzhen.admin)).send({ opinion: '材料齐全' }).expect(200);
    expect(approved.body).toEqual(expect.objectContaining({ id: acme.enterpriseId, status: 'approved', placeName: '广东省 · 深圳市 · 南山区' }));
  });

  it('lets an enterprise admin see its own enterprise only, and no operator data', async () => {
    const own = await t.http().get('/api/v1/enterprises').set(bearer(acme.admin)).expect(200);
    expect(own.body.items.map((e: { id: string }) => e.id)).toEqual([acme.enterpriseId]);
    const nodes = await t.http().get('/api/v1/operator-nodes').set(bearer(acme.admin)).expect(403);
    expect(nodes.body.errors[0]).toEqual(expect.objectContaining({ field: 'permission', rule: 'permission' }));
    const other = await enterpriseWithAdmin(t, '440106');
    expect((await changesNothing(() => t.http().get(`/api/v1/enterprises/${acme.enterpriseId}`).set(bearer(other.admin)))).status).toBe(404);
  });

  it('shows a county operator only its county in the tree browser, never its parent or siblings', async () => {
    const res = await t.http().get('/api/v1/operator-tree').set(bearer(nanshan.admin)).expect(200);
    expect(res.body.root).toEqual(
      expect.objectContaining({ code: '440305', level: 'county', hasChildren: false, node: expect.objectContaining({ id: nanshan.nodeId }) }),
    );
    expect(res.body.root.counts.enterprises).toBeGreaterThanOrEqual(1);
    for (const parent of ['4403', '44', 'CN', '440304']) await t.http().get('/api/v1/operator-tree').query({ parent }).set(bearer(nanshan.admin)).expect(404);
    const nodes = await t.http().get('/api/v1/operator-nodes').set(bearer(nanshan.admin)).expect(200);
    expect(nodes.body.items.map((n: { id: string }) => n.id)).toEqual([nanshan.nodeId]);
  });

  it('drills from the province to its cities with counts, and names divisions without a node', async () => {
    const res = await t.http().get('/api/v1/operator-tree').query({ parent: '44' }).set(bearer(guangdong.admin)).expect(200);
    const byCode = new Map(res.body.items.map((i: { code: string }) => [i.code, i]));
    expect(byCode.get('4403')).toEqual(expect.objectContaining({ name: '深圳市', level: 'city', hasChildren: true, node: expect.objectContaining({ id: shenzhen.nodeId }) }));
    expect((byCode.get('4403') as { counts: { enterprises: number } }).counts.enterprises).toBeGreaterThanOrEqual(1);
    expect(byCode.get('4406')).toEqual(expect.objectContaining({ node: null }));
  });

  it('creates nodes only inside the creator’s jurisdiction, one per division', async () => {
    const outside = await changesNothing(() =>
      t
        .http()
        .post('/api/v1/operator-nodes')
        .set(bearer(guangzhou.admin))
        .send({ divisionCode: '440304', name: '福田云点', principal: { name: '赵' }, contacts: { phone: '13700009999' } }),
    );
    expect(outside.status).toBe(404);
    const twice = await t
      .http()
      .post('/api/v1/operator-nodes')
      .set(bearer(guangdong.admin))
      .send({ divisionCode: '4403', name: '第二个深圳云站', principal: { name: '赵' }, contacts: { phone: '13700009999' } });
    expect({ status: twice.status, rule: twice.body.errors?.[0]?.rule }).toEqual({ status: 422, rule: 'division-taken' });
    const bad = await t.http().post('/api/v1/operator-nodes').set(bearer(guangdong.admin)).send({ divisionCode: '4499', name: 'x', principal: { name: '赵' }, contacts: { phone: '1' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['contacts.phone']);
  });

  it('takes away a removed staff member’s context on their very next request', async () => {
    const staff = await staffOf(t, shenzhen.admin, shenzhen.nodeId, ['operator-staff']);
    await t.http().get('/api/v1/operator-nodes').set(bearer(staff)).expect(200);
    await t.http().delete(`/api/v1/operator-nodes/${shenzhen.nodeId}/staff/${staff.userId}`).set(bearer(shenzhen.admin)).expect(200);
    const res = await t.http().get('/api/v1/operator-nodes').set(bearer(staff)).expect(403);
    expect(res.body.errors[0]).toEqual(expect.objectContaining({ field: 'context', rule: 'acting-context-invalid' }));
  });

  it('shows a node with its staff and its contact phone masked', async () => {
    const res = await t.http().get(`/api/v1/operator-nodes/${shenzhen.nodeId}`).set(bearer(shenzhen.admin)).expect(200);
    expect(res.body.contacts.phone).toMatch(/^137\*{4}\d{4}$/);
    expect(res.body.staff).toEqual(expect.arrayContaining([expect.objectContaining({ userId: shenzhen.admin.userId, roles: ['operator-admin'] })]));
  });

  it('lets the members of an enterprise under review only see and correct it', async () => {
    const pending = await enterpriseWithAdmin(t, '440304');
    const mine = await t.http().get('/api/v1/me/permissions').set(bearer(pending.admin)).expect(200);
    expect(mine.body.permissions.sort()).toEqual(['enterprise:read', 'enterprise:update']);
    await t.http().post(`/api/v1/enterprises/${pending.enterpriseId}/approve`).set(bearer(shenzhen.admin)).send({}).expect(200);
    const after = await t.http().get('/api/v1/me/permissions').set(bearer(pending.admin)).expect(200);
    expect(after.body.permissions).toEqual(expect.arrayContaining(['department:create', 'member:assign', 'role:create', 'work-order:create']));
  });

  it('asks a new holder of a privileged role to set up TOTP before acting, not before looking', async () => {
    const newcomer = await signUp(t);
    await t.http().post(`/api/v1/operator-nodes/${shenzhen.nodeId}/staff`).set(bearer(shenzhen.admin)).send({ phone: newcomer.phone, roles: ['operator-admin'] }).expect(201);
    const acting = await actFor(t, newcomer, 'operator', shenzhen.nodeId);
    await t.http().get(`/api/v1/operator-nodes/${nanshan.nodeId}`).set(bearer(acting)).expect(200);
    const refused = await changesNothing(() => t.http().patch(`/api/v1/operator-nodes/${nanshan.nodeId}`).set(bearer(acting)).send({ name: '南山云点' }));
    expect({ status: refused.status, errors: (refused.body as { errors: unknown }).errors }).toEqual({
      status: 403,
      errors: [expect.objectContaining({ field: 'mfa', rule: 'mfa-setup-required' })],
    });
    const secured = await withTotp(t, acting);
    await t.http().patch(`/api/v1/operator-nodes/${nanshan.nodeId}`).set(bearer(secured)).send({ name: '南山云点' }).expect(200);
  });

  it('lets whoever may read an enterprise read its licence, and nobody else', async () => {
    const own = await t.http().get(`/api/v1/enterprises/${acme.enterpriseId}`).set(bearer(acme.admin)).expect(200);
    const blobId = own.body.licence.blobId as string;
    const reviewer = await t.http().get(`/api/v1/blobs/${blobId}`).set(bearer(shenzhen.admin)).expect(200);
    expect(reviewer.headers['content-type']).toMatch(/^application\/pdf/);
    await t.http().get(`/api/v1/blobs/${blobId}`).set(bearer(guangzhou.admin)).expect(404);
    const other = await enterpriseWithAdmin(t, '440106');
    await t.http().get(`/api/v1/blobs/${blobId}`).set(bearer(other.admin)).expect(404);
    const stranger = await signUp(t);
    await t.http().get(`/api/v1/blobs/${blobId}`).set(bearer(stranger)).expect(404);
  });

  it('suspends a node from above only; its staff then keep reading but may not act, until it is reactivated', async () => {
    const own = await changesNothing(() => t.http().post(`/api/v1/operator-nodes/${guangzhou.nodeId}/suspend`).set(bearer(guangzhou.admin)).send({ reason: '自查' }));
    expect({ status: own.status, rule: (own.body as { errors: { rule: string }[] }).errors[0]!.rule }).toEqual({ status: 422, rule: 'not-own-node' });
    await t.http().post(`/api/v1/operator-nodes/${guangzhou.nodeId}/suspend`).set(bearer(guangdong.admin)).send({ reason: '整改' }).expect(200);
    await t.http().get(`/api/v1/operator-nodes/${guangzhou.nodeId}`).set(bearer(guangzhou.admin)).expect(200);
    const act = await changesNothing(() => t.http().patch(`/api/v1/operator-nodes/${guangzhou.nodeId}`).set(bearer(guangzhou.admin)).send({ name: '广州云站（整改中）' }));
    expect(act.status).toBe(403);
    await t.http().post(`/api/v1/operator-nodes/${guangzhou.nodeId}/reactivate`).set(bearer(guangdong.admin)).send({}).expect(200);
    await t.http().patch(`/api/v1/operator-nodes/${guangzhou.nodeId}`).set(bearer(guangzhou.admin)).send({ name: '广州云站' }).expect(200);
  });
});
