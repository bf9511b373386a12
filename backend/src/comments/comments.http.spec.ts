// Comments on a work order through the real HTTP stack: shared comments seen by every party of the
// order, internal notes only inside the author's own party, mentions of people who will see the
// comment, photos readable with the comment; an order outside the caller's scope is a 404.
import { randomUUID } from 'node:crypto';
import { workOrderCommentsStream } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { jpegFile } from '../blobs/testing/files';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { workOrderInStore } from '../knowledge/testing/work-order-in-store';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';

type Response = { status: number; body: Record<string, unknown> & { errors?: { field: string; rule: string }[]; items?: Record<string, unknown>[] } };

describe('comments on a work order over HTTP', () => {
  let t: IdentityApp;
  let events: EventStore;
  let userAdmin: Person;
  let providerAdmin: Person;
  let engineer: Person;
  let cityOperator: Person;
  let strangerAdmin: Person;
  let orderId: string;

  const post = (who: Person, body: object, key = randomUUID()): Promise<Response> =>
    t.http().post(`/api/v1/work-orders/${orderId}/comments`).set(bearer(who)).set('Idempotency-Key', key).send(body) as unknown as Promise<Response>;
  const thread = async (who: Person) => ((await t.http().get(`/api/v1/work-orders/${orderId}/comments`).set(bearer(who))) as unknown as Response).body.items?.map((c) => c['text']);
  const ruleOf = (res: Response) => ({ status: res.status, field: res.body.errors?.[0]?.field, rule: res.body.errors?.[0]?.rule });

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    const guangzhou = await nodeWithAdmin(t, guangdong.admin, '4401');
    cityOperator = shenzhen.admin;
    const user = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    const provider = await enterpriseWithAdmin(t, '440305', 'service-provider');
    const stranger = await enterpriseWithAdmin(t, '440106', 'equipment-user');
    for (const e of [user, provider]) await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(cityOperator)).send({}).expect(200);
    await t.http().post(`/api/v1/enterprises/${stranger.enterpriseId}/approve`).set(bearer(guangzhou.admin)).send({}).expect(200);
    userAdmin = user.admin;
    providerAdmin = provider.admin;
    strangerAdmin = stranger.admin;
    engineer = await employeeOf(t, provider, ['engineer']);
    orderId = await workOrderInStore(
      events,
      { requesterId: user.enterpriseId, requesterUserId: userAdmin.userId, manufacturerId: null, providerId: provider.enterpriseId, engineerId: engineer.userId, nodeId: shenzhen.nodeId },
      'in-progress',
    );
  }, 240_000);
  afterAll(() => t.close());

  it('shows a shared comment to every party of the order and an internal note only inside its author’s party', async () => {
    const shared = await post(engineer, { text: '已到现场，正在拆检主轴', visibility: 'shared' });
    expect(shared.status).toBe(201);
    expect(await post(providerAdmin, { text: '内部：轴承库存只剩 1 套', visibility: 'internal', mentions: [engineer.userId] })).toMatchObject({ status: 201 });
    expect(await post(userAdmin, { text: '内部：催一下进度', visibility: 'internal' })).toMatchObject({ status: 201 });
    expect(await post(cityOperator, { text: '运营：已关注', visibility: 'shared' })).toMatchObject({ status: 201 });

    expect(await thread(engineer)).toEqual(['已到现场，正在拆检主轴', '内部：轴承库存只剩 1 套', '运营：已关注']);
    expect(await thread(providerAdmin)).toEqual(['已到现场，正在拆检主轴', '内部：轴承库存只剩 1 套', '运营：已关注']);
    // The provider's internal note never reaches the equipment user, nor the operator; theirs stays theirs.
    expect(await thread(userAdmin)).toEqual(['已到现场，正在拆检主轴', '内部：催一下进度', '运营：已关注']);
    expect(await thread(cityOperator)).toEqual(['已到现场，正在拆检主轴', '运营：已关注']);
    const mine = (await t.http().get(`/api/v1/work-orders/${orderId}/comments`).set(bearer(providerAdmin))).body as { items: { mentions: string[]; mine: boolean; visibility: string }[]; mentionable: { userId: string }[] };
    expect(mine.items[1]).toMatchObject({ mentions: [engineer.userId], mine: true, visibility: 'internal' });
    expect(mine.mentionable.map((p) => p.userId)).toEqual(expect.arrayContaining([engineer.userId, userAdmin.userId, cityOperator.userId]));
  });

  it('answers 404 for an order outside the caller’s scope and appends nothing', async () => {
    const before = (await events.readStream(workOrderCommentsStream(orderId))).length;
    expect(ruleOf(await post(strangerAdmin, { text: '越权评论', visibility: 'shared' }))).toEqual({ status: 404, field: 'id', rule: 'exists' });
    expect((await t.http().get(`/api/v1/work-orders/${orderId}/comments`).set(bearer(strangerAdmin))).status).toBe(404);
    expect(await events.readStream(workOrderCommentsStream(orderId))).toHaveLength(before);
  });

  it('refuses mentions of people who would not see the comment, bad input, and other people’s photos', async () => {
    expect(ruleOf(await post(providerAdmin, { text: '内部 @客户', visibility: 'internal', mentions: [engineer.userId, userAdmin.userId] }))).toEqual({ status: 422, field: 'mentions[1]', rule: 'can-see-comment' });
    expect(ruleOf(await post(providerAdmin, { text: '@外人', visibility: 'shared', mentions: [strangerAdmin.userId] }))).toEqual({ status: 422, field: 'mentions[0]', rule: 'can-see-comment' });
    expect(ruleOf(await post(providerAdmin, { text: '  ', visibility: 'shared' }))).toEqual({ status: 422, field: 'text', rule: 'required' });
    expect(ruleOf(await post(providerAdmin, { text: 'x', visibility: 'public' }))).toEqual({ status: 400, field: 'visibility', rule: 'isIn' });
    const file = jpegFile(2_000);
    const uploaded = await t.http().post('/api/v1/blobs').set(bearer(userAdmin)).set('content-type', 'image/jpeg').send(file).expect(201);
    const photo = { blobId: uploaded.body.blobId, mediaType: 'image/jpeg', size: file.length };
    expect(ruleOf(await post(providerAdmin, { visibility: 'shared', photos: [photo] }))).toEqual({ status: 422, field: 'photos[0].blobId', rule: 'blob-uploaded' });
    // The uploader posts it; the parties who see the comment read the photo, others do not.
    expect(await post(userAdmin, { text: '现场照片', visibility: 'shared', photos: [photo] })).toMatchObject({ status: 201 });
    expect((await t.http().get(`/api/v1/blobs/${photo.blobId}`).set(bearer(engineer))).status).toBe(200);
    expect((await t.http().get(`/api/v1/blobs/${photo.blobId}`).set(bearer(strangerAdmin))).status).toBe(404);
  });

  it('posts a comment once per Idempotency-Key', async () => {
    const key = randomUUID();
    await post(engineer, { text: '更换完成', visibility: 'shared' }, key);
    const before = (await events.readStream(workOrderCommentsStream(orderId))).length;
    expect((await post(engineer, { text: '更换完成', visibility: 'shared' }, key)).status).toBe(201);
    expect(await events.readStream(workOrderCommentsStream(orderId))).toHaveLength(before);
  });
  it('tells the people mentioned, and no one else, through their notification inbox', async () => {
    type Notice = { templateKey: string; subject: { id: string } | null };
    const mentions = async (who: Person) =>
      ((await t.http().get('/api/v1/me/notifications?pageSize=100').set(bearer(who))).body['items'] as Notice[]).filter((i) => i.templateKey === 'comment.mentioned' && i.subject?.id === orderId);
    const deadline = Date.now() + 20_000;
    while ((await mentions(engineer)).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect((await mentions(engineer)).length).toBeGreaterThanOrEqual(1);
    expect(await mentions(strangerAdmin)).toEqual([]);
    expect(await mentions(cityOperator)).toEqual([]);
  });
});
