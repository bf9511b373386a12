// "Each notification of a full work-order flow is delivered exactly once per channel across a kill and
// restart": the compiled product as an operator runs it (embedded event store; the in-process job
// queue, and BullMQ on a real Redis when REDIS_URL is set), e-mail to an SMTP server and SMS to an
// Aliyun-style SendSms endpoint, both real protocol peers in this test. Halfway through the flow both
// peers stop answering, so deliveries are in flight (sent, not yet accepted) when the product is
// killed with SIGKILL; after the restart every notification is sent, and each is accepted exactly once.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import request from 'supertest';
import { ProductProcess } from '../../../bench/harness/product-process';
import { EMBEDDED_EVENT_STORE_FILE } from '../event-store/event-store.factory';
import { bearer, type IdentityApp } from '../identity/testing/identity-app';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';
import { messageIdOf } from './application/notification-deliveries';
import { TEMPLATES } from './templates/templates';
import { AliyunSmsTestServer } from './testing/aliyun-sms-test-server';
import { SmtpTestServer } from './testing/smtp-test-server';

interface Raised {
  notificationId: string;
  recipientId: string;
  templateKey: string;
  channels: ('sms' | 'email')[];
  sourceEventId: string;
}

/** The notification events the running product has committed (a read-only look at its file). */
const notificationEvents = (file: string): { streamId: string; type: string; data: Record<string, unknown> }[] => {
  if (!existsSync(file)) return [];
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return (db.prepare("SELECT stream_id, type, data FROM events WHERE stream_id LIKE 'Notification-%' ORDER BY position").all() as { stream_id: string; type: string; data: string }[]).map((r) => ({
      streamId: r.stream_id,
      type: r.type,
      data: JSON.parse(r.data) as Record<string, unknown>,
    }));
  } finally {
    db.close();
  }
};

const waitFor = async (what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const SECRET = `aliyun-test-${randomUUID()}`;
const ALL_TEMPLATE_CODES = Object.keys(TEMPLATES)
  .map((key, i) => `${key}=SMS_${1000 + i}`)
  .join(',');

const redisUrl = process.env['REDIS_URL'] ?? '';
const queues: { name: string; env: Record<string, string> }[] = [{ name: 'the in-process job queue', env: {} }];
if (redisUrl) queues.push({ name: 'BullMQ on Redis', env: { REDIS_URL: redisUrl } });
else console.warn('notifications across a kill: the BullMQ case needs REDIS_URL (start redis-server and set REDIS_URL=redis://127.0.0.1:<port>)');

describe.each(queues)('notifications of a work-order flow across kill -9 and restart, with $name', ({ env }) => {
  it('delivers every notification exactly once per channel', async () => {
    const smtp = new SmtpTestServer();
    const sms = new AliyunSmsTestServer(SECRET);
    await smtp.start();
    await sms.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'kuaige-notif-'));
    const eventsFile = join(dataDir, EMBEDDED_EVENT_STORE_FILE);
    const adminToken = `notif-${randomUUID()}-${randomUUID()}`;
    const product = new ProductProcess({
      dataDir,
      logFile: join(dataDir, 'product.log'),
      adminToken,
      env: {
        ...env,
        SMTP_URL: smtp.url,
        NOTIFICATION_SMS_PROVIDER: 'aliyun',
        ALIYUN_SMS_ACCESS_KEY_ID: 'test-key',
        ALIYUN_SMS_ACCESS_KEY_SECRET: SECRET,
        ALIYUN_SMS_SIGN_NAME: '快鸽服务云',
        ALIYUN_SMS_TEMPLATES: ALL_TEMPLATE_CODES,
        ALIYUN_SMS_ENDPOINT: sms.endpoint,
      },
    });
    // The spec kits' helpers, pointed at the running product.
    const t = { http: () => request(product.baseUrl), adminToken, clock: { now: () => new Date() } } as unknown as IdentityApp;
    const post = async (who: Person, path: string, body: object = {}) => {
      const res = await t.http().post(path).set(bearer(who)).set('Idempotency-Key', randomUUID()).send(body);
      if (res.status >= 300) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body as Record<string, unknown>;
    };

    try {
      await product.start();
      const root = await nationalRoot(t);
      const guangdong = await nodeWithAdmin(t, root.admin, '44');
      const cityOperator = (await nodeWithAdmin(t, guangdong.admin, '4403')).admin;
      const owner = await enterpriseWithAdmin(t, '440305', 'equipment-user');
      const provider = await enterpriseWithAdmin(t, '440305', 'service-provider');
      for (const e of [owner, provider]) await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(cityOperator)).send({}).expect(200);
      const employee = await employeeOf(t, owner, ['member']);
      const engineer = await employeeOf(t, provider, ['engineer']);
      for (const [who, email] of [[employee, 'employee@example.com'], [provider.admin, 'dispatch@example.com'], [engineer, 'engineer@example.com'], [cityOperator, 'operator@example.com']] as const)
        await t.http().put('/api/v1/me/notification-preferences').set(bearer(who)).set('Idempotency-Key', randomUUID()).send({ choices: { WorkOrderClosed: { sms: true } }, quietHours: null, email }).expect(200);
      const device = await post(owner.admin, '/api/v1/devices', { number: `SN-K-${randomUUID().slice(0, 8)}`, name: '3号空压机', model: 'GA-37', type: 'air-compressor', countyCode: '440305', address: '南山区' });
      const order = await post(employee, '/api/v1/work-orders', { deviceId: device['id'], fault: { type: 'mechanical', description: '开机后压力上不去，伴有明显异响', attachments: [] }, priority: 'high', contact: { name: '张工', phone: '13800138000' } });
      const step = (who: Person, name: string, body: object = {}) => post(who, `/api/v1/work-orders/${String(order['id'])}/${name}`, body);

      await step(cityOperator, 'dispatch', { providerId: provider.enterpriseId, suggestion: { rank: 1, suggestedProviderId: provider.enterpriseId } });
      await step(provider.admin, 'accept');
      await step(provider.admin, 'assign', { engineerId: engineer.userId });
      await waitFor('the first deliveries', () => smtp.received.length > 0 && sms.accepted.length > 0);

      // From here the peers take the messages but do not answer: every later delivery is in flight.
      smtp.hold();
      sms.hold();
      await step(engineer, 'engineer-accept');
      await step(engineer, 'start');
      await step(engineer, 'records', { steps: '拆检', parts: [], tools: [], cause: '阀片磨损', result: '更换' });
      await step(engineer, 'complete', { summary: '已修复' });
      await step(engineer, 'receipt', { summary: '维修完成' });
      await step(provider.admin, 'receipt/approve', { opinion: '合格' });
      await step(provider.admin, 'receipt/report');
      // Without a manufacturer, the user's evaluation closes the order.
      expect(await step(owner.admin, 'evaluations', { score: 5 })).toMatchObject({ status: 'closed' });
      await waitFor('deliveries in flight on both channels', () => smtp.inFlight > 0 && sms.inFlight > 0);
      await product.kill();
      // What was in flight was never answered: not delivered; the peers drop it and answer again.
      smtp.dropHeld();
      sms.dropHeld();
      const atKill = notificationEvents(eventsFile);
      const pendingAtKill = atKill.filter((e) => e.type === 'NotificationRaised').length - atKill.filter((e) => e.type === 'NotificationDelivered' || e.type === 'NotificationDeliverySkipped').length;
      expect(pendingAtKill).toBeGreaterThan(0);

      await product.start();
      const raisedOnes = () => notificationEvents(eventsFile).filter((e) => e.type === 'NotificationRaised').map((e) => e.data as unknown as Raised);
      const settled = () => {
        const events = notificationEvents(eventsFile);
        const done = new Set(events.filter((e) => e.type === 'NotificationDelivered' || e.type === 'NotificationDeliverySkipped').map((e) => `${String(e.data['notificationId'])}/${String(e.data['channel'])}`));
        return raisedOnes().every((r) => r.channels.every((c) => done.has(`${r.notificationId}/${c}`)));
      };
      await waitFor('every delivery to settle after the restart', settled);
      // Restarted once more on a settled log: the reaction replays from its checkpoint and the sweep finds nothing to send.
      await product.kill();
      await product.start();
      await waitFor('the product to be ready again', async () => (await t.http().get('/ready')).status === 200);
      await product.stop();

      const raised = raisedOnes();
      // One notification per triggering event, template and recipient: the reaction's replays raised none twice.
      expect(new Set(raised.map((r) => `${r.sourceEventId}/${r.templateKey}/${r.recipientId}`)).size).toBe(raised.length);
      expect(new Set(raised.map((r) => r.templateKey))).toEqual(
        new Set([
          'work-order.submitted',
          'work-order.dispatched',
          'work-order.dispatched-requester',
          'work-order.accepted',
          'work-order.engineer-assigned',
          'work-order.engineer-accepted',
          'work-order.started',
          'work-order.completed',
          'work-order.receipt-submitted',
          'work-order.receipt-approved',
          'work-order.reported',
          'work-order.evaluation-requested',
          'work-order.evaluated',
          'work-order.closed',
        ]),
      );
      const emails = raised.filter((r) => r.channels.includes('email')).map((r) => messageIdOf(r.notificationId)).sort();
      const texts = raised.filter((r) => r.channels.includes('sms')).map((r) => r.notificationId).sort();
      expect(emails.length).toBeGreaterThan(2);
      expect(texts.length).toBeGreaterThan(2);
      // Exactly once each, as the peers accepted them: no loss across the kill, no duplicate from the retries.
      expect(smtp.received.map((m) => m.messageId).sort()).toEqual(emails);
      expect(sms.accepted.map((m) => m.outId).sort()).toEqual(texts);
      expect(sms.refused).toEqual([]);
      const delivered = notificationEvents(eventsFile).filter((e) => e.type === 'NotificationDelivered');
      expect(new Set(delivered.map((e) => `${String(e.data['notificationId'])}/${String(e.data['channel'])}`)).size).toBe(delivered.length);
    } finally {
      await product.close();
      await smtp.stop();
      await sms.stop();
    }
  }, 300_000);
});
