// An overdue work order tells the operators of its jurisdiction (and, once dispatched, its provider):
// the SLA clock's breach, raised by its own reaction and deadline job, is a notification rule's event.
import { randomUUID } from 'node:crypto';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';

interface InboxItem {
  templateKey: string;
  title: string;
  body: string;
  subject: { id: string; label: string };
}

describe('notifications of an overdue work order', () => {
  let t: IdentityApp;
  let cityOperator: Person;
  let employee: Person;

  beforeAll(async () => {
    // Response due 2 seconds after the request, on the round-the-clock calendar (a test setting).
    t = await startIdentityApp({ SLA_TEST_TARGETS_SECONDS: '2/3600' });
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    cityOperator = (await nodeWithAdmin(t, guangdong.admin, '4403')).admin;
    const owner = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    await t.http().post(`/api/v1/enterprises/${owner.enterpriseId}/approve`).set(bearer(cityOperator)).send({}).expect(200);
    employee = await employeeOf(t, owner, ['member']);
    const device = await t
      .http()
      .post('/api/v1/devices')
      .set(bearer(owner.admin))
      .set('Idempotency-Key', randomUUID())
      .send({ number: `SN-S-${process.pid}`, name: '4号空压机', model: 'GA-37', type: 'air-compressor', countyCode: '440305', address: '南山区' })
      .expect(201);
    await t
      .http()
      .post('/api/v1/work-orders')
      .set(bearer(employee))
      .set('Idempotency-Key', randomUUID())
      .send({ deviceId: device.body.id, fault: { type: 'mechanical', description: '开机后压力上不去，伴有明显异响', attachments: [] }, priority: 'urgent', contact: { name: '张工', phone: '13800138000' } })
      .expect(201);
  }, 180_000);
  afterAll(() => t.close());

  it('tells the city operator once that the response target has passed', async () => {
    const inbox = async (): Promise<InboxItem[]> => (await t.http().get('/api/v1/me/notifications').set(bearer(cityOperator)).expect(200)).body.items;
    const deadline = Date.now() + 30_000;
    let items = await inbox();
    while (!items.some((i) => i.templateKey === 'sla.breached') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      items = await inbox();
    }
    const breached = items.filter((i) => i.templateKey === 'sla.breached');
    expect(breached).toHaveLength(1);
    expect(breached[0]).toMatchObject({ title: `工单 ${breached[0]!.subject.label} 已超时`, body: '响应时限已过，请尽快处理。' });
    // The requester is not among those told of the breach.
    const mine = (await t.http().get('/api/v1/me/notifications').set(bearer(employee)).expect(200)).body.items as InboxItem[];
    expect(mine.filter((i) => i.templateKey.startsWith('sla.'))).toEqual([]);
  });
});
