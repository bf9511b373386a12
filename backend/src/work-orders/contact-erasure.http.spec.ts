// A work order's contact is a person too (ADR 0017 addendum): name and phone are stored under the key of
// a data subject per requesting enterprise, and operations erase them by number. Through the real API:
// the log never holds them in plain text, the detail shows 已删除 after the erasure, the hash chain
// verifies, rebuilt read models hold nothing readable, and orders raised before the change still fold.
import { randomUUID } from 'node:crypto';
import { workOrder, workOrderNumber, workOrderStream, type MaintenanceRequested } from '@kuaige/domain';
import type { EventStore, RecordedEvent } from '@kuaige/eventsourcing';
import type { ReadModelDocument } from '@kuaige/projections';
import { rebuildReadModelStore } from '../backup/read-model-rebuild';
import { loadDeviceSnapshot } from '../devices/application/device-facts';
import { AggregateStreams, EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { PRODUCT_PROJECTIONS } from '../event-sourcing/read-side';
import { verifyChain } from '../event-store/hash-chain';
import { ERASED_MARKER } from '../identity/crypto';
import { PersonalData } from '../identity/personal-data';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';
import { registerDevice } from './testing/work-order-world';

describe('erasure of a work-order contact (crypto-shredding per person)', () => {
  let t: IdentityApp;
  let store: EventStore;
  let acme: { enterpriseId: string; admin: Person };
  let globex: { enterpriseId: string; admin: Person };
  const name = '欧阳娜娜';
  const phone = '13912340001';
  const other = { name: '司马青', phone: '13912340002' };

  const submit = async (by: { enterpriseId: string; admin: Person }, contact: { name: string; phone: string }): Promise<string> => {
    const deviceId = await registerDevice(t, { enterpriseId: by.enterpriseId, userId: by.admin.userId }, null, '440305');
    const res = await t
      .http()
      .post('/api/v1/work-orders')
      .set(bearer(by.admin))
      .set('Idempotency-Key', randomUUID())
      .send({ deviceId, fault: { type: 'mechanical', description: '开机后压力上不去，伴有明显异响', attachments: [] }, contact });
    if (res.status !== 201) throw new Error(`submitting answered ${res.status}: ${JSON.stringify(res.body)}`);
    return String(res.body.id);
  };
  const contactOf = async (by: Person, orderId: string) => (await t.http().get(`/api/v1/work-orders/${orderId}`).set(bearer(by)).expect(200)).body.contact;
  const requestedOf = async (orderId: string) => (await store.readStream(workOrderStream(orderId)))[0] as RecordedEvent<MaintenanceRequested>;
  const erase = (body: object, key = randomUUID()) =>
    t.http().post('/api/v1/admin/contacts/personal-data-erasure').set({ authorization: `Bearer ${t.adminToken}` }).set('Idempotency-Key', key).send(body);

  beforeAll(async () => {
    t = await startIdentityApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    acme = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    globex = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    for (const e of [acme, globex]) await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(shenzhen.admin)).send({}).expect(200);
  }, 180_000);
  afterAll(() => t.close());

  it('stores name and phone only as ciphertext under a data subject per enterprise, and shows them to the requester', async () => {
    const atAcme = await submit(acme, { name, phone });
    const atGlobex = await submit(globex, { name, phone });
    const [a, g] = [(await requestedOf(atAcme)).data.contact, (await requestedOf(atGlobex)).data.contact];
    expect(a).toEqual({ subject: expect.stringMatching(/^contact:[A-Za-z0-9_-]{43}$/), name: expect.stringMatching(/^enc:p1:/), phone: expect.stringMatching(/^enc:p1:/) });
    // One number at two enterprises: two subjects, which the log cannot link.
    expect(g.subject).not.toBe(a.subject);
    const log: unknown[] = [];
    for await (const e of store.readAll()) log.push(e);
    const text = JSON.stringify(log);
    for (const plain of [name, phone, phone.slice(3)]) expect([plain, text.includes(plain)]).toEqual([plain, false]);
    expect(await contactOf(acme.admin, atAcme)).toEqual({ name, phone });
    expect(await contactOf(globex.admin, atGlobex)).toEqual({ name, phone });
  });

  it('refuses a mistyped confirmation or a bad number and erases nothing', async () => {
    const orderId = await submit(acme, other);
    const mistyped = await erase({ phone: other.phone, confirmPhone: '13912340009', reason: 'ticket 7' });
    expect([mistyped.status, mistyped.body.errors]).toEqual([400, [{ field: 'confirmPhone', rule: 'matches-phone', message: 'confirmPhone must repeat phone' }]]);
    const bad = await erase({ phone: '12345', confirmPhone: '12345', reason: 'ticket 7' });
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'phone']);
    expect((await t.http().post('/api/v1/admin/contacts/personal-data-erasure').send({ phone: other.phone, confirmPhone: other.phone, reason: 'ticket 7' })).status).toBe(401);
    expect(await contactOf(acme.admin, orderId)).toEqual(other);
  });

  it('erases the number in every enterprise: the details show 已删除, the chain verifies, rebuilt read models hold nothing readable', async () => {
    const atAcme = await submit(acme, { name, phone });
    const untouched = await submit(acme, other);
    const key = randomUUID();
    const body = { phone: '+86 139 1234 0001', confirmPhone: phone, reason: 'PIPL request by letter, ticket 8' };
    const first = await erase(body, key).expect(200);
    // Two orders at acme share one subject; globex has its own.
    expect(first.body).toEqual({ erasedSubjects: 2, erasedAt: expect.any(String) });
    const head = await store.headPosition();
    const retried = await erase(body, key).expect(200);
    expect(retried.body.erasedAt).toBe(first.body.erasedAt);
    expect(await store.headPosition()).toBe(head);

    expect(await contactOf(acme.admin, atAcme)).toEqual({ name: ERASED_MARKER, phone: ERASED_MARKER });
    expect(await contactOf(acme.admin, untouched)).toEqual(other);

    // The audit record names the subjects and who asked, never the number.
    const personal = t.app.get(PersonalData);
    const [record, ...more] = await store.readStream(`ContactDataErasure-${personal.contactErasureRef(phone)}`);
    expect(more).toEqual([]);
    expect(record).toMatchObject({ type: 'ContactDataErased', data: { reason: body.reason, at: first.body.erasedAt }, metadata: { actor: { userId: 'operations' } } });
    expect((record!.data as { subjects: string[] }).subjects).toEqual(expect.arrayContaining([(await requestedOf(atAcme)).data.contact.subject]));
    expect(JSON.stringify(record)).not.toContain(phone.slice(3));

    expect(await verifyChain(store.readAll(), { mode: 'global' })).toEqual({ checked: await store.headPosition() });
    const rebuilt = await rebuildReadModelStore(store, PRODUCT_PROJECTIONS);
    const rows: ReadModelDocument[] = [];
    for (const collection of await rebuilt.listCollections()) rows.push(...(await rebuilt.collection(collection).find({})));
    await rebuilt.close();
    expect(rows.some((r) => r._id === atAcme)).toBe(true);
    for (const plain of [name, phone, phone.slice(3)]) expect([plain, JSON.stringify(rows).includes(plain)]).toEqual([plain, false]);

    // The same person may ask for a repair again: a new subject, readable until erased in turn.
    const again = await submit(acme, { name, phone });
    expect((await requestedOf(again)).data.contact.subject).toBe(`${(await requestedOf(atAcme)).data.contact.subject}~2`);
    expect(await contactOf(acme.admin, again)).toEqual({ name, phone });
    expect((await erase({ phone, confirmPhone: phone, reason: 'second request, ticket 9' }).expect(200)).body.erasedSubjects).toBe(1);
    expect(await contactOf(acme.admin, again)).toEqual({ name: ERASED_MARKER, phone: ERASED_MARKER });
  });

  it('still folds and shows an order raised before per-person keys (plain name, phone under the keyring)', async () => {
    const deviceId = await registerDevice(t, { enterpriseId: acme.enterpriseId, userId: acme.admin.userId }, null, '440305');
    const streams = t.app.get(AggregateStreams);
    const device = (await loadDeviceSnapshot(streams, deviceId))!;
    const orderId = randomUUID();
    const at = t.clock.now().toISOString();
    const legacy = { name: '老张', phone: t.app.get(PersonalData).encryptOf('work-order', orderId, 'contact_phone', '13912340003') };
    const by = { kind: 'enterprise', enterpriseId: acme.enterpriseId, userId: acme.admin.userId } as const;
    await streams.handle(
      workOrderStream(orderId),
      { type: 'SubmitMaintenanceRequest', data: { workOrderId: orderId, number: workOrderNumber(orderId, at, 0), device, fault: { type: 'mechanical', description: '旧格式的报修', attachments: [] }, priority: 'normal', channel: 'console', contact: legacy, openOrdersOnDevice: [], by, at } },
      workOrder,
      { actor: { userId: acme.admin.userId, enterpriseId: acme.enterpriseId }, tenantIds: [acme.enterpriseId], jurisdiction: device.jurisdiction },
    );
    expect((await requestedOf(orderId)).data.contact).toEqual(legacy);
    // The list row is projected behind the append; the detail answers once it is there.
    let detail = await t.http().get(`/api/v1/work-orders/${orderId}`).set(bearer(acme.admin));
    for (let tries = 0; detail.status === 404 && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      detail = await t.http().get(`/api/v1/work-orders/${orderId}`).set(bearer(acme.admin));
    }
    expect([detail.status, detail.body.contact]).toEqual([200, { name: '老张', phone: '13912340003' }]);
  });
});
