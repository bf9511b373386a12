// Crypto-shredding through the real API (PIPL art. 47, ADR 0017): an erasure destroys the person's key;
// reads show the marker, rebuilt read models hold none of the plain data, the hash chain still verifies.
import { randomUUID } from 'node:crypto';
import type { EventStore } from '@kuaige/eventsourcing';
import type { ReadModelDocument } from '@kuaige/projections';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { PRODUCT_PROJECTIONS } from '../event-sourcing/read-side';
import { verifyChain } from '../event-store/hash-chain';
import { rebuildReadModelStore } from '../backup/read-model-rebuild';
import { actFor, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, signUp, type Person } from '../tenancy/testing/tenancy-app';
import { SELF_ERASURE_CONFIRMATION } from './api/personal-data-erasure.controller';
import { ERASED_MARKER, FieldCipher, fieldContext, maskMobile, type Keyring } from './crypto';
import { KEYRING } from './identity.tokens';
import { PersonalData } from './personal-data';
import { bearer, PASSWORD, startIdentityApp, type IdentityApp } from './testing/identity-app';

describe('erasure of personal data (crypto-shredding)', () => {
  let t: IdentityApp;
  let store: EventStore;
  let acme: { enterpriseId: string; admin: Person };

  const hire = async (): Promise<Person> => {
    const person = await signUp(t);
    await t.http().post(`/api/v1/enterprises/${acme.enterpriseId}/join-requests`).set(bearer(person)).expect(201);
    await t.http().post(`/api/v1/enterprises/${acme.enterpriseId}/members/${person.userId}/approve`).set(bearer(acme.admin)).send({ roles: ['member'] }).expect(200);
    return actFor(t, person, 'enterprise', acme.enterpriseId);
  };
  const memberPhone = async (userId: string): Promise<string> => {
    const res = await t.http().get(`/api/v1/enterprises/${acme.enterpriseId}/members?status=active&pageSize=100`).set(bearer(acme.admin)).expect(200);
    return (res.body.items as { userId: string; phone: string }[]).find((m) => m.userId === userId)!.phone;
  };
  const stepUp = (p: Person) => t.http().post('/api/v1/auth/step-up').set(bearer(p)).send({ password: PASSWORD }).expect(200);
  const erasureEvents = (userId: string) => store.readStream(`PersonalDataErasure-${userId}`);

  beforeAll(async () => {
    t = await startIdentityApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    acme = await enterpriseWithAdmin(t, '440305', 'service-provider');
    await t.http().post(`/api/v1/enterprises/${acme.enterpriseId}/approve`).set(bearer(shenzhen.admin)).send({}).expect(200);
  }, 120_000);
  afterAll(() => t.close());

  it('asks the holder for a step-up and the typed confirmation, and changes nothing without them', async () => {
    const person = await hire();
    const unconfirmed = await t.http().post('/api/v1/me/personal-data/erasure').set(bearer(person)).send({ confirm: SELF_ERASURE_CONFIRMATION });
    expect([unconfirmed.status, unconfirmed.body.errors?.[0]?.rule]).toEqual([403, 'step-up-required']);
    await stepUp(person);
    const mistyped = await t.http().post('/api/v1/me/personal-data/erasure').set(bearer(person)).send({ confirm: 'yes' });
    expect(mistyped.status).toBe(400);
    expect(mistyped.body.errors).toEqual([{ field: 'confirm', rule: 'equals', message: `confirm must be "${SELF_ERASURE_CONFIRMATION}"` }]);
    expect(await erasureEvents(person.userId)).toEqual([]);
    expect(await memberPhone(person.userId)).toBe(maskMobile(person.phone));
  });

  it("erases the holder's data: reads show 已删除, rebuilt read models hold none of it, the audit event says who, and the chain verifies", async () => {
    const person = await hire();
    const realName = '司马光明';
    await t.http().patch('/api/v1/me').set(bearer(person)).send({ realName }).expect(200);
    expect(await memberPhone(person.userId)).toBe(maskMobile(person.phone));

    await stepUp(person);
    const erased = await t.http().post('/api/v1/me/personal-data/erasure').set(bearer(person)).set('user-agent', 'erasure-spec').send({ confirm: SELF_ERASURE_CONFIRMATION }).expect(200);
    expect(erased.body).toEqual({ userId: person.userId, erasedAt: expect.any(String), endedSessions: 1 });

    // Reads: the employee list shows the marker; the account is disabled and its session ended.
    expect(await memberPhone(person.userId)).toBe(ERASED_MARKER);
    expect((await t.http().get('/api/v1/me').set(bearer(person))).status).toBe(401);
    expect((await t.http().post('/api/v1/auth/login').send({ phone: person.phone, password: PASSWORD })).status).not.toBe(200);

    // The audit record: who asked, as whom, from where.
    const [event, ...more] = await erasureEvents(person.userId);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ type: 'PersonalDataErased', data: { userId: person.userId, requestedBy: 'self', at: erased.body.erasedAt } });
    expect(event!.metadata.actor).toMatchObject({ userId: person.userId, ip: expect.any(String) });

    // The log is whole and its chain, computed over the ciphertext, still verifies.
    const head = await store.headPosition();
    expect(await verifyChain(store.readAll(), { mode: 'global' })).toEqual({ checked: head });

    // Read models rebuilt from the log hold the person's values only as ciphertext no key opens.
    const rebuilt = await rebuildReadModelStore(store, PRODUCT_PROJECTIONS);
    const rows: ReadModelDocument[] = [];
    for (const name of await rebuilt.listCollections()) rows.push(...(await rebuilt.collection(name).find({})));
    await rebuilt.close();
    const text = JSON.stringify(rows);
    expect(text).toContain(person.userId);
    for (const plain of [person.phone, person.phone.slice(3), realName, '光明']) expect([plain, text.includes(plain)]).toEqual([plain, false]);
    const account = rows.find((r) => r._id === person.userId && 'mobileEncrypted' in r) as { mobileEncrypted: string; realNameEncrypted: string } | undefined;
    const personal = t.app.get(PersonalData);
    expect(account?.mobileEncrypted).toMatch(/^enc:p1:/);
    expect(personal.decrypt(person.userId, 'mobile', account!.mobileEncrypted)).toBe(ERASED_MARKER);
    expect(personal.decrypt(person.userId, 'real_name', account!.realNameEncrypted)).toBe(ERASED_MARKER);

    // Nothing ties the number to the account any more: its claim is released, so it may register afresh.
    const claim = await store.readStream(`MobileNumber-${personal.mobileIndex(person.phone)}`);
    expect(claim.map((e) => e.type)).toEqual(['MobileNumberClaimed', 'MobileNumberReleased']);
  });

  it('lets operations erase with the admin token and a reason; a mistyped confirmation or an unknown account changes nothing', async () => {
    const person = await hire();
    const admin = { authorization: `Bearer ${t.adminToken}` };
    const url = `/api/v1/admin/accounts/${person.userId}/personal-data-erasure`;
    expect((await t.http().post(url).send({ reason: 'ticket 42', confirmUserId: person.userId })).status).toBe(401);
    const mistyped = await t.http().post(url).set(admin).send({ reason: 'ticket 42', confirmUserId: randomUUID() });
    expect([mistyped.status, mistyped.body.errors]).toEqual([400, [{ field: 'confirmUserId', rule: 'matches-path', message: 'confirmUserId must repeat the account id of the path' }]]);
    const unknown = randomUUID();
    expect((await t.http().post(`/api/v1/admin/accounts/${unknown}/personal-data-erasure`).set(admin).send({ reason: 'ticket 42', confirmUserId: unknown })).status).toBe(404);
    expect(await erasureEvents(person.userId)).toEqual([]);
    expect(await memberPhone(person.userId)).toBe(maskMobile(person.phone));

    const key = { 'Idempotency-Key': randomUUID() };
    const first = await t.http().post(url).set(admin).set(key).send({ reason: 'PIPL request by letter, ticket 42', confirmUserId: person.userId }).expect(200);
    const head = await store.headPosition();
    const retried = await t.http().post(url).set(admin).set(key).send({ reason: 'PIPL request by letter, ticket 42', confirmUserId: person.userId }).expect(200);
    expect(retried.body.erasedAt).toBe(first.body.erasedAt);
    expect(await store.headPosition()).toBe(head);
    const [event] = await erasureEvents(person.userId);
    expect(event).toMatchObject({ data: { requestedBy: 'operations', reason: 'PIPL request by letter, ticket 42' }, metadata: { actor: { userId: 'operations' } } });
    expect(await memberPhone(person.userId)).toBe(ERASED_MARKER);
  });

  it('reads values written under the keyring before per-person keys — which an erasure cannot reach (ADR 0017)', async () => {
    const person = await hire();
    const keyring = t.app.get<Keyring>(KEYRING);
    const personal = t.app.get(PersonalData);
    const legacy = new FieldCipher(keyring).encrypt('13912345678', fieldContext('account', person.userId, 'mobile'));
    expect(personal.decrypt(person.userId, 'mobile', legacy)).toBe('13912345678');
    await t.http().post(`/api/v1/admin/accounts/${person.userId}/personal-data-erasure`).set({ authorization: `Bearer ${t.adminToken}` }).send({ reason: 'ticket 43', confirmUserId: person.userId }).expect(200);
    expect(personal.isErased(person.userId)).toBe(true);
    expect(personal.decrypt(person.userId, 'mobile', legacy)).toBe('13912345678');
  });
});
