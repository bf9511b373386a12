// Expert help (EXP-1…EXP-3) through the real HTTP stack: an engineer working an order asks a certified
// expert for paid help; the expert accepts; both chat (text, images, read receipts, live over SSE that
// resumes from Last-Event-ID without losing a message); the expert closes with a summary that joins
// the work order's record; the engineer rates the expert. At each step the wrong party gets 403, the
// wrong state 409, and anyone outside the help 404 — and nothing is appended.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { expertHelpStream } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { jpegFile } from '../blobs/testing/files';
import { upload } from '../blobs/testing/upload';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { bearer, login, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { actFor, signUp, type Person } from '../tenancy/testing/tenancy-app';
import { ExpertChatHub } from './live/expert-chat-hub';
import { certifyExpert, expertHelpWorld, orderInProgress, type ExpertHelpWorld } from './testing/expert-help-world';
import { SseClient } from './testing/sse-client';

type Response = { status: number; body: Record<string, unknown> & { errors?: { field: string; rule: string }[] } };

describe('expert help over HTTP', () => {
  let t: IdentityApp;
  let events: EventStore;
  let w: ExpertHelpWorld;
  let stranger: Person;
  let orderId: string;
  let helpId: string;
  let baseUrl: string;

  const post = (who: Person, path: string, body: object = {}, key = randomUUID()): Promise<Response> =>
    t.http().post(path).set(bearer(who)).set('Idempotency-Key', key).send(body) as unknown as Promise<Response>;
  const get = (who: Person, path: string): Promise<Response> => t.http().get(path).set(bearer(who)) as unknown as Promise<Response>;
  const ruleOf = (res: Response) => ({ status: res.status, rule: res.body.errors?.[0]?.rule });
  const helpEvents = async () => (await events.readStream(expertHelpStream(helpId))).map((e) => e.type);
  const ask = (who: Person, body: object = {}, order = orderId) =>
    post(who, `/api/v1/work-orders/${order}/expert-help`, { expertId: w.expert.userId, fieldCode: '数控系统', question: '主轴报警 ALM-401，复位后又出现，怀疑编码器', ...body });

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    w = await expertHelpWorld(t);
    stranger = await signUp(t);
    orderId = await orderInProgress(t, w);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  }, 240_000);
  afterAll(() => t.close());

  it('lists the certified expert in the directory with fields, fee, rating and availability; filters and sorts', async () => {
    const search = async (query: string) => (await get(w.engineer, `/api/v1/experts${query}`)).body as { items: { id: string }[]; total: number };
    const all = await get(w.engineer, '/api/v1/experts?field=数控系统');
    expect(all.status).toBe(200);
    expect(all.body['items']).toEqual([
      expect.objectContaining({ id: w.expert.userId, fields: ['数控系统', '伺服驱动'], years: 12, tariffFen: 20_000, available: true, openHelps: 0, rating: null, ratingCount: 0, bio: '数控系统维修 12 年' }),
    ]);
    expect((await search('?field=电梯')).total).toBe(0);
    expect((await search('?maxFeeFen=19999')).total).toBe(0);
    expect((await search('?maxFeeFen=20000&available=true&sort=fee')).items.map((i) => i.id)).toEqual([w.expert.userId]);
    expect((await search('?minRating=1')).total).toBe(0);
    expect(ruleOf(await get(w.engineer, '/api/v1/experts?maxFeeFen=-1'))).toEqual({ status: 400, rule: 'matches' });
    expect(ruleOf(await get(w.engineer, '/api/v1/experts?sort=cheapest'))).toEqual({ status: 400, rule: 'isIn' });
    // The directory is for people working orders: one acting for no enterprise holds no work-order:update.
    expect((await get(stranger, '/api/v1/experts')).status).toBe(403);
  });

  it('lets only a certified person publish expert terms, in whole fen', async () => {
    expect(ruleOf((await t.http().put('/api/v1/me/expert-profile').set(bearer(stranger)).send({ tariffFen: 100, available: true })) as unknown as Response)).toEqual({
      status: 409,
      rule: 'certification-required',
    });
    expect(ruleOf((await t.http().put('/api/v1/me/expert-profile').set(bearer(w.expert)).send({ tariffFen: 12.5, available: true })) as unknown as Response)).toEqual({ status: 400, rule: 'isInt' });
    const mine = await get(w.expert, '/api/v1/me/expert-profile');
    expect(mine.body).toMatchObject({ certified: true, configured: true, tariffFen: 20_000, available: true, fields: ['数控系统', '伺服驱动'] });
  });

  it('refuses requests from anyone but the assigned engineer, on orders not in progress, and to experts who cannot take them', async () => {
    const head = await events.headPosition();
    expect(ruleOf(await ask(w.colleague))).toEqual({ status: 404, rule: 'exists' });
    expect(ruleOf(await ask(w.owner.admin))).toEqual({ status: 403, rule: 'not-your-role' });
    expect(ruleOf(await ask(w.provider.admin))).toEqual({ status: 403, rule: 'not-your-role' });
    expect((await ask(stranger)).status).toBe(403);
    expect(ruleOf(await ask(w.engineer, { fieldCode: '电梯' }))).toEqual({ status: 422, rule: 'field-not-offered' });
    expect(ruleOf(await ask(w.engineer, { expertId: stranger.userId }))).toEqual({ status: 422, rule: 'expert-not-certified' });
    expect(ruleOf(await ask(w.engineer, { question: '   ' }))).toEqual({ status: 422, rule: 'required' });
    expect(await ask(w.engineer, { question: 42 })).toMatchObject({ status: 400, body: { errors: expect.arrayContaining([expect.objectContaining({ field: 'question', rule: 'isString' })]) } });
    expect(ruleOf(await ask(w.engineer, { attachmentBlobIds: ['not-uploaded'] }))).toEqual({ status: 422, rule: 'blob-uploaded' });
    const second = await signUp(t);
    await certifyExpert(t, w.cityOperator, second, ['数控系统'], null);
    expect(ruleOf(await ask(w.engineer, { expertId: second.userId }))).toEqual({ status: 409, rule: 'expert-unavailable' });
    const elsewhere = await post(w.owner.admin, '/api/v1/work-orders', { deviceId: w.deviceId, fault: { type: 'mechanical', description: '异响' }, contact: { name: '张工', phone: '13800138000' } });
    expect(ruleOf(await ask(w.engineer, {}, String(elsewhere.body['id'])))).toEqual({ status: 404, rule: 'exists' });
    const written: string[] = [];
    for await (const e of events.readAll({ after: head })) if (e.streamId.startsWith('ExpertHelp-')) written.push(e.type);
    expect(written).toEqual([]);
  }, 60_000);

  it('takes the engineer’s request at the expert’s tariff; the same request again appends nothing; the expert finds it in the inbox', async () => {
    const photo = await upload(t, w.engineer, jpegFile(900), 'image/jpeg');
    const key = randomUUID();
    const body = { expertId: w.expert.userId, fieldCode: '数控系统', question: '主轴报警 ALM-401，复位后又出现，怀疑编码器', attachmentBlobIds: [photo.blobId] };
    const created = await post(w.engineer, `/api/v1/work-orders/${orderId}/expert-help`, body, key);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ workOrderId: orderId, engineerId: w.engineer.userId, expertId: w.expert.userId, fieldCode: '数控系统', feeFen: 20_000, status: 'requested', attachmentBlobIds: [photo.blobId] });
    helpId = String(created.body['id']);
    const again = await post(w.engineer, `/api/v1/work-orders/${orderId}/expert-help`, body, key);
    expect({ status: again.status, id: again.body['id'] }).toEqual({ status: 201, id: helpId });
    expect(ruleOf(await post(w.engineer, `/api/v1/work-orders/${orderId}/expert-help`, { ...body, question: '另一个问题' }, key)).status).toBe(422);
    expect(await helpEvents()).toEqual(['ExpertHelpRequested']);

    const inbox = await get(w.expert, '/api/v1/me/expert-help?role=expert&status=requested');
    expect(inbox.body).toMatchObject({ total: 1, items: [{ id: helpId, workOrderId: orderId, feeFen: 20_000, question: body.question }] });
    expect((await get(w.engineer, '/api/v1/me/expert-help?role=engineer')).body).toMatchObject({ total: 1, items: [{ id: helpId }] });
    // The expert may see the question's photo; someone outside the help may not.
    expect((await get(w.expert, `/api/v1/blobs/${photo.blobId}`)).status).toBe(200);
    expect((await get(stranger, `/api/v1/blobs/${photo.blobId}`)).status).toBe(404);
    expect((await get(w.engineer, '/api/v1/experts?available=true')).body['items']).toEqual([expect.objectContaining({ id: w.expert.userId, openHelps: 1 })]);
  });

  it('is accepted by the expert asked, once; others cannot see it at all', async () => {
    expect(ruleOf(await get(stranger, `/api/v1/expert-help/${helpId}`))).toEqual({ status: 404, rule: 'exists' });
    expect(ruleOf(await post(stranger, `/api/v1/expert-help/${helpId}/accept`))).toEqual({ status: 404, rule: 'exists' });
    expect(ruleOf(await post(w.colleague, `/api/v1/expert-help/${helpId}/accept`))).toEqual({ status: 404, rule: 'exists' });
    expect(ruleOf(await post(w.engineer, `/api/v1/expert-help/${helpId}/accept`))).toEqual({ status: 403, rule: 'not-your-role' });
    expect(ruleOf(await post(w.engineer, `/api/v1/expert-help/${helpId}/messages`, { text: '在吗' }))).toEqual({ status: 409, rule: 'illegal-transition' });
    expect(await helpEvents()).toEqual(['ExpertHelpRequested']);
    const accepted = await post(w.expert, `/api/v1/expert-help/${helpId}/accept`);
    expect(accepted).toMatchObject({ status: 200, body: { status: 'accepted', acceptedAt: expect.any(String) } });
    expect(ruleOf(await post(w.expert, `/api/v1/expert-help/${helpId}/accept`))).toEqual({ status: 409, rule: 'illegal-transition' });
    expect(ruleOf(await post(w.expert, `/api/v1/expert-help/${helpId}/decline`, { reason: '太忙' }))).toEqual({ status: 409, rule: 'illegal-transition' });
  });

  it('delivers the chat live to both parties, with images, retries that post once, paging and read receipts', async () => {
    const url = `${baseUrl}/api/v1/expert-help/${helpId}/messages/stream`;
    const engineerStream = await SseClient.open(url, w.engineer.accessToken);
    const expertStream = await SseClient.open(url, w.expert.accessToken);
    expect([engineerStream.status, expertStream.status]).toEqual([200, 200]);
    expect((await SseClient.open(url, stranger.accessToken)).status).toBe(404);
    // Opened without Last-Event-ID, a stream replays the help from its start.
    await engineerStream.waitFor((es) => es.some((e) => e.event === 'status' && (e.data as { status: string }).status === 'accepted'), 'the acceptance');

    const first = await post(w.expert, `/api/v1/expert-help/${helpId}/messages`, { text: '请先检查编码器线缆插头' });
    expect(first).toMatchObject({ status: 201, body: { seq: 1, authorId: w.expert.userId, text: '请先检查编码器线缆插头' } });
    await engineerStream.waitFor((es) => es.some((e) => e.event === 'message' && (e.data as { seq: number }).seq === 1), 'the expert’s message');

    const picture = await upload(t, w.engineer, jpegFile(1200), 'image/jpeg');
    const key = randomUUID();
    const second = await post(w.engineer, `/api/v1/expert-help/${helpId}/messages`, { text: '插头有油污', imageBlobIds: [picture.blobId] }, key);
    expect(second).toMatchObject({ status: 201, body: { seq: 2, imageBlobIds: [picture.blobId] } });
    const retried = await post(w.engineer, `/api/v1/expert-help/${helpId}/messages`, { text: '插头有油污', imageBlobIds: [picture.blobId] }, key);
    expect(retried.body).toEqual(second.body);
    await expertStream.waitFor((es) => es.filter((e) => e.event === 'message').length === 2, 'both messages');
    expect((await get(w.expert, `/api/v1/blobs/${picture.blobId}`)).status).toBe(200);
    expect(ruleOf(await post(w.engineer, `/api/v1/expert-help/${helpId}/messages`, { imageBlobIds: ['someone-elses'] }))).toEqual({ status: 422, rule: 'blob-uploaded' });
    expect(ruleOf(await post(w.engineer, `/api/v1/expert-help/${helpId}/messages`, {}))).toEqual({ status: 422, rule: 'message-empty' });
    expect(ruleOf(await post(stranger, `/api/v1/expert-help/${helpId}/messages`, { text: '插话' }))).toEqual({ status: 404, rule: 'exists' });
    expect((await helpEvents()).filter((e) => e === 'ExpertChatMessagePosted')).toHaveLength(2);

    const page = await get(w.expert, `/api/v1/expert-help/${helpId}/messages?after=1`);
    expect(page.body).toMatchObject({ items: [{ seq: 2, text: '插头有油污' }], lastSeq: 2, hasMore: false });
    expect(ruleOf(await get(w.expert, `/api/v1/expert-help/${helpId}/messages?after=x`))).toEqual({ status: 400, rule: 'matches' });

    const read = await post(w.expert, `/api/v1/expert-help/${helpId}/read`, { upToMessageId: String(second.body['messageId']) });
    expect(read.body).toEqual({ readUpTo: { engineer: 0, expert: 2 } });
    await engineerStream.waitFor((es) => es.some((e) => e.event === 'read' && (e.data as { readerId: string }).readerId === w.expert.userId), 'the read receipt');
    expect(ruleOf(await post(w.expert, `/api/v1/expert-help/${helpId}/read`, { upToMessageId: 'no-such-message' }))).toEqual({ status: 422, rule: 'message-unknown' });
    engineerStream.close();
    expertStream.close();
  });

  it('resumes a dropped stream from Last-Event-ID with every message missed and none twice', async () => {
    const url = `${baseUrl}/api/v1/expert-help/${helpId}/messages/stream`;
    const before = await SseClient.open(url, w.engineer.accessToken);
    await before.waitFor((es) => es.filter((e) => e.event === 'message').length === 2, 'the chat so far');
    const lastEventId = before.lastEventId!;
    before.close();
    for (const text of ['断线期间的第一条', '断线期间的第二条']) expect((await post(w.expert, `/api/v1/expert-help/${helpId}/messages`, { text })).status).toBe(201);
    const after = await SseClient.open(url, w.engineer.accessToken, { lastEventId });
    await after.waitFor((es) => es.filter((e) => e.event === 'message').length === 2, 'the two missed messages');
    const live = await post(w.expert, `/api/v1/expert-help/${helpId}/messages`, { text: '重连之后' });
    await after.waitFor((es) => es.some((e) => (e.data as { seq?: number }).seq === 5), 'the live message');
    expect(after.events.filter((e) => e.event === 'message').map((e) => (e.data as { text: string }).text)).toEqual(['断线期间的第一条', '断线期间的第二条', '重连之后']);
    expect(after.events.every((e) => BigInt(e.id!) > BigInt(lastEventId))).toBe(true);
    expect(live.body['seq']).toBe(5);
    after.close();
    expect((await SseClient.open(`${url}?lastEventId=abc`, w.engineer.accessToken)).status).toBe(400);
  });

  it('ends an open stream once its session has ended', async () => {
    const hub = t.app.get(ExpertChatHub);
    hub.sessionRecheckMs = 100;
    try {
      const engineerAgain = await login(t, w.engineer.phone);
      const acting = await actFor(t, { ...w.engineer, ...engineerAgain }, 'enterprise', w.provider.enterpriseId);
      const stream = await SseClient.open(`${baseUrl}/api/v1/expert-help/${helpId}/messages/stream`, acting.accessToken);
      expect(stream.status).toBe(200);
      await t.http().post('/api/v1/auth/logout').set(bearer(acting)).set('Idempotency-Key', randomUUID()).send({}).expect((res) => expect(res.status).toBeLessThan(300));
      await stream.waitFor(() => stream.closed, 'the stream to end');
      expect((await SseClient.open(`${baseUrl}/api/v1/expert-help/${helpId}/messages/stream`, acting.accessToken)).status).toBe(401);
    } finally {
      hub.sessionRecheckMs = 60_000;
    }
  });

  it('is closed by the expert with a summary that joins the work order’s record; the fee is recorded for settlement', async () => {
    expect(ruleOf(await post(w.engineer, `/api/v1/expert-help/${helpId}/close`, { summary: '我来关' }))).toEqual({ status: 403, rule: 'not-your-role' });
    expect(ruleOf(await post(w.expert, `/api/v1/expert-help/${helpId}/close`, { summary: '  ' }))).toEqual({ status: 422, rule: 'required' });
    const summary = '编码器线缆插头油污导致信号干扰，清洁并紧固后报警消除';
    const closed = await post(w.expert, `/api/v1/expert-help/${helpId}/close`, { summary });
    expect(closed.body).toMatchObject({ status: 'closed', summary, feeFen: 20_000 });
    const [event] = (await events.readStream(expertHelpStream(helpId))).filter((e) => e.type === 'ExpertHelpClosed');
    expect(event!.data).toMatchObject({ helpId, workOrderId: orderId, summary, feeFen: 20_000 });
    expect(ruleOf(await post(w.engineer, `/api/v1/expert-help/${helpId}/messages`, { text: '还在吗' }))).toEqual({ status: 409, rule: 'illegal-transition' });

    const record = (who: Person) => get(who, `/api/v1/work-orders/${orderId}/expert-help`);
    expect((await record(w.owner.admin)).body).toEqual({ items: [expect.objectContaining({ id: helpId, status: 'closed', summary, expertId: w.expert.userId, feeFen: null })] });
    expect((await record(w.provider.admin)).body['items']).toEqual([expect.objectContaining({ id: helpId, feeFen: 20_000 })]);
    expect(ruleOf(await record(w.colleague))).toEqual({ status: 404, rule: 'exists' });
  });

  it('is rated once by the engineer; the directory and the expert’s earnings show it', async () => {
    expect(ruleOf(await post(w.expert, `/api/v1/expert-help/${helpId}/rating`, { score: 5 }))).toEqual({ status: 403, rule: 'not-your-role' });
    expect(ruleOf(await post(w.engineer, `/api/v1/expert-help/${helpId}/rating`, { score: 6 }))).toEqual({ status: 400, rule: 'max' });
    expect((await post(w.engineer, `/api/v1/expert-help/${helpId}/rating`, { score: 4, comment: '思路清晰' })).body).toMatchObject({ rating: { score: 4, comment: '思路清晰' } });
    expect(ruleOf(await post(w.engineer, `/api/v1/expert-help/${helpId}/rating`, { score: 5 }))).toEqual({ status: 409, rule: 'already-rated' });
    expect((await get(w.engineer, '/api/v1/experts?minRating=4')).body['items']).toEqual([expect.objectContaining({ id: w.expert.userId, rating: 4, ratingCount: 1, openHelps: 0, closedHelps: 1 })]);
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    expect((await get(w.expert, '/api/v1/me/expert-earnings')).body).toMatchObject({
      currency: 'CNY',
      totalFen: 20_000,
      closedHelps: 1,
      months: [{ month, feeFen: 20_000, helps: 1 }],
      rating: 4,
      ratingCount: 1,
      recentRatings: [{ helpId, score: 4, comment: '思路清晰' }],
    });
    expect((await get(stranger, '/api/v1/me/expert-earnings')).body).toMatchObject({ totalFen: 0, months: [] });
  });

  it('can be declined by the expert with a reason', async () => {
    const asked = await ask(w.engineer, { question: '伺服驱动器过流报警' , fieldCode: '伺服驱动'});
    const id = String(asked.body['id']);
    expect(ruleOf(await post(w.expert, `/api/v1/expert-help/${id}/decline`, { reason: '' }))).toEqual({ status: 422, rule: 'required' });
    expect((await post(w.expert, `/api/v1/expert-help/${id}/decline`, { reason: '该型号驱动器不熟悉' })).body).toMatchObject({ status: 'declined', declineReason: '该型号驱动器不熟悉' });
    expect((await get(w.engineer, '/api/v1/experts?available=true')).body['items']).toEqual([expect.objectContaining({ id: w.expert.userId, openHelps: 0 })]);
  });
  it('tells each party through the notification inbox, and the expert’s notices open the chat, not the order', async () => {
    type Notice = { templateKey: string; subject: { kind: string; id: string; label: string } | null };
    const inbox = async (who: Person): Promise<Notice[]> => (await get(who, '/api/v1/me/notifications?pageSize=100')).body['items'] as Notice[];
    const settled = async (who: Person, templates: string[]): Promise<Notice[]> => {
      const until = Date.now() + 30_000;
      for (;;) {
        const items = await inbox(who);
        if (templates.every((key) => items.some((i) => i.templateKey === key)) || Date.now() > until) return items;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    const keysOf = (items: Notice[]) => items.map((i) => i.templateKey).filter((k) => k.startsWith('expert-help.')).sort();
    const expert = await settled(w.expert, ['expert-help.requested', 'expert-help.message', 'expert-help.rated']);
    const engineer = await settled(w.engineer, ['expert-help.accepted', 'expert-help.message', 'expert-help.closed', 'expert-help.declined']);
    const provider = await settled(w.provider.admin, ['expert-help.closed-provider']);
    // Two requests (one declined), messages each way; each notice once per event, none to whoever acted.
    expect(new Set(keysOf(expert))).toEqual(new Set(['expert-help.requested', 'expert-help.message', 'expert-help.rated']));
    expect(keysOf(expert).filter((k) => k === 'expert-help.requested')).toHaveLength(2);
    expect(new Set(keysOf(engineer))).toEqual(new Set(['expert-help.accepted', 'expert-help.message', 'expert-help.closed', 'expert-help.declined']));
    expect(keysOf(provider)).toEqual(['expert-help.closed-provider']);
    const rated = expert.find((i) => i.templateKey === 'expert-help.rated');
    expect(rated?.subject).toEqual({ kind: 'expert-help', id: helpId, label: expect.stringMatching(/\S/) });
    expect(keysOf(await inbox(stranger))).toEqual([]);
  });
});
