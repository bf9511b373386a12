// Notifications of a whole work-order flow through the real HTTP API and the in-process reaction and
// jobs: who is told of each step, in-app (inbox and live stream with Last-Event-ID resume), by SMS
// (identity's development outbox) and by e-mail (nodemailer to a real SMTP peer); each once.
import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';
import { SmtpTestServer } from './testing/smtp-test-server';

type Response = { status: number; body: Record<string, unknown> & { errors?: { field: string; rule: string }[] } };
interface InboxItem {
  id: string;
  eventType: string;
  templateKey: string;
  title: string;
  body: string;
  subject: { kind: string; id: string; label: string };
  readAt: string | null;
  position: number;
}
interface Notice {
  id: string;
  recipient: { userId: string; displayName: string };
  eventType: string;
  title: string;
  deliveries: { channel: 'sms' | 'email'; state: string; attempts: number }[];
}

const waitFor = async <T>(what: string, probe: () => Promise<T>, ready: (value: T) => boolean, timeoutMs = 30_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ready(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** A live stream's events as the browser's parser would hand them over. */
class LiveReader {
  readonly events: { id: string; event: string; data: Record<string, unknown> }[] = [];
  private buffer = '';
  constructor(readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) >= 0) {
        const block = this.buffer.slice(0, end).split('\n');
        this.buffer = this.buffer.slice(end + 2);
        const field = (name: string) => block.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
        const data = field('data');
        if (data !== undefined) this.events.push({ id: field('id') ?? '', event: field('event') ?? 'message', data: JSON.parse(data) as Record<string, unknown> });
      }
    });
  }
}

describe('notifications of a work-order flow', () => {
  let t: IdentityApp;
  let smtp: SmtpTestServer;
  let port: number;
  let cityOperator: Person;
  let siblingOperator: Person;
  let providerAdmin: Person;
  let engineer: Person;
  let employee: Person;
  let ownerAdmin: Person;
  let makerAdmin: Person;
  let provider: { enterpriseId: string };
  let maker: { enterpriseId: string };
  let deviceId: string;
  let orderId: string;
  let number: string;
  const streams: IncomingMessage[] = [];

  const post = (who: Person, path: string, body: object = {}, key = randomUUID()): Promise<Response> =>
    t.http().post(path).set(bearer(who)).set('Idempotency-Key', key).send(body) as unknown as Promise<Response>;
  const put = (who: Person, path: string, body: object): Promise<Response> =>
    t.http().put(path).set(bearer(who)).set('Idempotency-Key', randomUUID()).send(body) as unknown as Promise<Response>;
  const get = (who: Person, path: string): Promise<Response> => t.http().get(path).set(bearer(who)) as unknown as Promise<Response>;
  const step = async (who: Person, name: string, body: object = {}) => {
    const res = await post(who, `/api/v1/work-orders/${orderId}/${name}`, body);
    if (res.status !== 200) throw new Error(`${name} answered ${res.status}: ${JSON.stringify(res.body)}`);
  };
  const inbox = async (who: Person): Promise<InboxItem[]> => (await get(who, '/api/v1/me/notifications?pageSize=100')).body['items'] as InboxItem[];
  const notices = async (who: Person): Promise<Notice[]> => (await get(who, `/api/v1/work-orders/${orderId}/notifications`)).body['items'] as Notice[];
  const live = (who: Person, lastEventId?: string): Promise<LiveReader> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = { ...bearer(who), accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) };
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/v1/me/notifications/stream', headers }, (response) => {
        streams.push(response);
        resolve(new LiveReader(response));
      });
      req.on('error', reject);
      req.end();
    });

  beforeAll(async () => {
    smtp = new SmtpTestServer();
    await smtp.start();
    t = await startIdentityApp({ SMTP_URL: smtp.url, NOTIFICATION_EMAIL_FROM: '快鸽服务云 <noreply@kuaige.test>' });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    siblingOperator = (await nodeWithAdmin(t, guangdong.admin, '4401')).admin;
    cityOperator = shenzhen.admin;
    const owner = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    const providerEnterprise = await enterpriseWithAdmin(t, '440305', 'service-provider');
    const makerEnterprise = await enterpriseWithAdmin(t, '440305', 'manufacturer');
    for (const e of [owner, providerEnterprise, makerEnterprise]) await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(cityOperator)).send({}).expect(200);
    provider = providerEnterprise;
    maker = makerEnterprise;
    ownerAdmin = owner.admin;
    providerAdmin = providerEnterprise.admin;
    makerAdmin = makerEnterprise.admin;
    employee = await employeeOf(t, owner, ['member']);
    engineer = await employeeOf(t, providerEnterprise, ['engineer']);
    const device = await post(ownerAdmin, '/api/v1/devices', { number: `SN-N-${process.pid}`, name: '2号空压机', model: 'GA-37', type: 'air-compressor', countyCode: '440305', address: '南山区', manufacturerId: maker.enterpriseId });
    deviceId = String(device.body['id']);
  }, 180_000);

  afterAll(async () => {
    for (const s of streams) s.destroy();
    await t.close();
    await smtp.stop();
  });

  it('keeps preferences per user: channels per event type, quiet hours, language and an e-mail address shown masked', async () => {
    const defaults = await get(engineer, '/api/v1/me/notification-preferences');
    expect(defaults.body).toMatchObject({ choices: {}, quietHours: null, timeZone: 'Asia/Shanghai', language: 'zh-CN', email: null });
    expect(defaults.body['eventTypes']).toEqual(expect.arrayContaining([{ eventType: 'EngineerAssigned', defaultChannels: ['sms'] }]));

    expect((await put(engineer, '/api/v1/me/notification-preferences', { choices: { Unknown: { sms: true } }, quietHours: null })).body.errors).toEqual([expect.objectContaining({ field: 'choices', rule: 'channel-choices' })]);
    expect((await put(engineer, '/api/v1/me/notification-preferences', { choices: {}, quietHours: { start: '25:00', end: '08:00' } })).body.errors).toEqual([expect.objectContaining({ field: 'quietHours.start', rule: 'matches' })]);
    expect((await put(engineer, '/api/v1/me/notification-preferences', { choices: {}, quietHours: null, timeZone: 'Mars/Base' })).body.errors).toEqual([expect.objectContaining({ field: 'timeZone', rule: 'time-zone' })]);
    expect((await put(engineer, '/api/v1/me/notification-preferences', { choices: {}, quietHours: null, email: 'not-an-address' })).body.errors).toEqual([expect.objectContaining({ field: 'email', rule: 'isEmail' })]);
    expect((await put(engineer, '/api/v1/me/notification-preferences', { choices: {}, quietHours: { start: '08:00', end: '08:00' } })).body.errors).toEqual([expect.objectContaining({ field: 'quietHours', rule: 'clock-time' })]);

    // The engineer wants the closing by e-mail and SMS too; the others take the defaults with an address.
    const changed = await put(engineer, '/api/v1/me/notification-preferences', { choices: { WorkOrderClosed: { sms: true } }, quietHours: null, email: 'engineer@example.com' });
    expect(changed).toMatchObject({ status: 200, body: { choices: { WorkOrderClosed: { sms: true } }, email: 'e***@example.com' } });
    for (const [who, email] of [[employee, 'employee@example.com'], [providerAdmin, 'dispatch@example.com']] as const)
      expect((await put(who, '/api/v1/me/notification-preferences', { choices: {}, quietHours: null, email })).status).toBe(200);
    // English for the provider's admin.
    expect((await put(providerAdmin, '/api/v1/me/notification-preferences', { choices: {}, quietHours: null, language: 'en' })).body).toMatchObject({ language: 'en', email: 'd***@example.com' });
  });

  it('tells each party of each step, in-app at once and live, by SMS and e-mail as the rules and preferences say', async () => {
    const created = await post(employee, '/api/v1/work-orders', { deviceId, fault: { type: 'mechanical', description: '开机后压力上不去，伴有明显异响', attachments: [] }, priority: 'high', contact: { name: '张工', phone: '13800138000' } });
    orderId = String(created.body['id']);
    number = String(created.body['number']);
    // The city operator learns of the new order; the employee who raised it is not told of her own step.
    await waitFor('the operator’s notice', () => inbox(cityOperator), (items) => items.some((i) => i.templateKey === 'work-order.submitted'));
    expect(await inbox(employee)).toEqual([]);

    const engineerLive = await live(engineer);
    await step(cityOperator, 'dispatch', { providerId: provider.enterpriseId, suggestion: { rank: 1, suggestedProviderId: provider.enterpriseId } });
    await step(providerAdmin, 'accept');
    await step(providerAdmin, 'assign', { engineerId: engineer.userId });
    await waitFor('the live assignment', async () => engineerLive.events, (events) => events.length > 0);
    expect(engineerLive.events[0]).toMatchObject({ event: 'notification', data: { templateKey: 'work-order.engineer-assigned', title: `新任务 ${number}`, subject: { kind: 'work-order', id: orderId, label: number } } });
    const seenId = engineerLive.events[0]!.id;
    engineerLive.response.destroy();

    await step(engineer, 'engineer-accept');
    await step(engineer, 'start');
    await step(engineer, 'records', { steps: '拆检', parts: [], tools: [], cause: '阀片磨损', result: '更换' });
    await step(engineer, 'complete', { summary: '已修复' });
    await step(engineer, 'receipt', { summary: '维修完成' });
    await step(providerAdmin, 'receipt/approve', { opinion: '合格' });
    await step(providerAdmin, 'receipt/report');
    await step(ownerAdmin, 'evaluations', { score: 5, opinion: '很快' });
    await step(makerAdmin, 'evaluations', { score: 4 });

    const expected: Record<string, string[]> = {
      cityOperator: ['work-order.submitted', 'work-order.reported'],
      employee: ['work-order.dispatched-requester', 'work-order.accepted', 'work-order.engineer-accepted', 'work-order.started', 'work-order.completed', 'work-order.evaluation-requested', 'work-order.closed'],
      providerAdmin: ['work-order.dispatched', 'work-order.receipt-submitted', 'work-order.evaluated', 'work-order.evaluated', 'work-order.closed'],
      engineer: ['work-order.engineer-assigned', 'work-order.receipt-approved', 'work-order.evaluated', 'work-order.evaluated', 'work-order.closed'],
    };
    const people: Record<string, Person> = { cityOperator, employee, providerAdmin, engineer };
    for (const [name, templates] of Object.entries(expected)) {
      const items = await waitFor(`${name}'s inbox`, () => inbox(people[name]!), (i) => i.length >= templates.length);
      expect([name, items.map((i) => i.templateKey).reverse()]).toEqual([name, templates]);
    }
    // In the recipient's language.
    expect((await inbox(providerAdmin)).at(-1)).toMatchObject({ title: `New dispatch ${number}` });

    // The stream resumed after the last message seen replays exactly what the engineer missed.
    const resumed = await live(engineer, seenId);
    await waitFor('the replay', async () => resumed.events, (events) => events.length >= 4);
    expect(resumed.events.map((e) => e.data['templateKey'])).toEqual(['work-order.receipt-approved', 'work-order.evaluated', 'work-order.evaluated', 'work-order.closed']);
    expect(resumed.events.map((e) => Number(e.id))).toEqual([...resumed.events.map((e) => Number(e.id))].sort((a, b) => a - b));
    resumed.response.destroy();

    // Every external delivery settles: sent once, or skipped where the recipient has no address.
    const settled = await waitFor('every delivery', () => notices(providerAdmin), (items) => items.length > 0 && items.every((n) => n.deliveries.every((d) => d.state !== 'pending')));
    const sent = settled.flatMap((n) => n.deliveries.filter((d) => d.state === 'sent').map((d) => ({ id: n.id, channel: d.channel, attempts: d.attempts })));
    const emailed = sent.filter((d) => d.channel === 'email').map((d) => `<${d.id}.notification@kuaige.local>`).sort();
    expect(emailed.length).toBe(6);
    expect(smtp.received.map((m) => m.messageId).sort()).toEqual(emailed);
    expect(smtp.received.find((m) => m.to.includes('engineer@example.com'))).toMatchObject({ subject: `工单 ${number} 已关闭` });
    // The city operator has no address on file: its e-mail is skipped, not retried.
    expect(settled.filter((n) => n.recipient.userId === cityOperator.userId).flatMap((n) => n.deliveries)).toEqual([]);
    const texts = (await t.http().get('/api/v1/dev/sms-outbox').set({ authorization: `Bearer ${t.adminToken}` }).expect(200)).body.messages.map((m: { text: string }) => m.text);
    const smsSent = sent.filter((d) => d.channel === 'sms');
    expect(smsSent.length).toBeGreaterThanOrEqual(4);
    for (const n of settled.filter((x) => x.deliveries.some((d) => d.channel === 'sms' && d.state === 'sent'))) expect([n.title, texts.filter((text: string) => text.startsWith(`【快鸽服务云】${n.title}：`)).length]).toEqual([n.title, 1]);
  });

  it('shows delivery state on the work order to its parties only', async () => {
    const items = await notices(ownerAdmin);
    expect(items.find((n) => n.eventType === 'EngineerAssigned')).toMatchObject({ recipient: { userId: engineer.userId }, deliveries: [{ channel: 'sms', state: 'sent', attempts: 1 }] });
    expect((await get(siblingOperator, `/api/v1/work-orders/${orderId}/notifications`)).status).toBe(404);
  });

  it('holds SMS and e-mail through the recipient’s quiet hours, and shows the notification in-app at once', async () => {
    // Quiet from an hour ago to an hour from now, Shanghai time.
    const clock = (offsetMinutes: number) => new Date(Date.now() + 8 * 3_600_000 + offsetMinutes * 60_000).toISOString().slice(11, 16);
    expect((await put(providerAdmin, '/api/v1/me/notification-preferences', { choices: {}, quietHours: { start: clock(-60), end: clock(60) }, language: 'en' })).status).toBe(200);
    const sentBefore = smtp.received.length;
    const created = await post(employee, '/api/v1/work-orders', { deviceId, fault: { type: 'mechanical', description: '冷却液泵不出水，主轴温度偏高', attachments: [] }, priority: 'normal', contact: { name: '张工', phone: '13800138000' } });
    const quietOrder = String(created.body['id']);
    expect((await post(cityOperator, `/api/v1/work-orders/${quietOrder}/dispatch`, { providerId: provider.enterpriseId, suggestion: { rank: 1, suggestedProviderId: provider.enterpriseId } })).status).toBe(200);
    const inboxed = await waitFor('the dispatch in the inbox', () => inbox(providerAdmin), (items) => items.some((i) => i.subject.id === quietOrder));
    expect(inboxed.find((i) => i.subject.id === quietOrder)).toMatchObject({ templateKey: 'work-order.dispatched', readAt: null });
    const held = (await get(providerAdmin, `/api/v1/work-orders/${quietOrder}/notifications`)).body['items'] as (Notice & { holdUntil: string | null })[];
    const dispatched = held.find((n) => n.eventType === 'WorkOrderDispatched' && n.recipient.userId === providerAdmin.userId)!;
    const until = Date.parse(dispatched.holdUntil!);
    expect(until - Date.now()).toBeGreaterThan(55 * 60_000);
    expect(until - Date.now()).toBeLessThanOrEqual(61 * 60_000);
    expect(dispatched.deliveries).toEqual([
      { channel: 'sms', state: 'pending', attempts: 0, at: null, error: null },
      { channel: 'email', state: 'pending', attempts: 0, at: null, error: null },
    ]);
    expect(smtp.received.length).toBe(sentBefore);
  });

  it('counts unread, marks one read (only one’s own) and marks all read', async () => {
    const before = (await get(engineer, '/api/v1/me/notifications/unread-count')).body['unread'];
    expect(before).toBe(5);
    const [latest] = await inbox(engineer);
    const read = await post(engineer, `/api/v1/me/notifications/${latest!.id}/read`);
    expect(read).toMatchObject({ status: 200, body: { id: latest!.id, readAt: expect.any(String) } });
    expect((await post(providerAdmin, `/api/v1/me/notifications/${latest!.id}/read`)).body).toMatchObject({ statusCode: 404, errors: [{ field: 'notificationId', rule: 'exists' }] });
    expect((await post(engineer, '/api/v1/me/notifications/not-a-uuid/read')).status).toBe(400);
    const unreadOnly = await get(engineer, '/api/v1/me/notifications?unread=true');
    expect(unreadOnly.body).toMatchObject({ total: 4, unread: 4 });
    expect((await post(engineer, '/api/v1/me/notifications/read-all')).body).toEqual({ unread: 0 });
    expect((await get(engineer, '/api/v1/me/notifications?page=0')).body.errors).toEqual([expect.objectContaining({ field: 'page', rule: 'matches' })]);
    expect((await t.http().get('/api/v1/me/notifications')).status).toBe(401);
  });
});
