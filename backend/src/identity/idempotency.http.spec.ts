// Client command ids over HTTP: a request sent again with the same Idempotency-Key answers as the
// first time and appends nothing; the same key with another request is refused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from '@kuaige/eventsourcing';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { maskMobile } from './crypto';
import { bearer, freshPhone, login, PASSWORD, register, requestSmsCode, startIdentityApp, type IdentityApp, type SignedIn } from './testing/identity-app';

describe('Idempotency-Key on identity commands', () => {
  let t: IdentityApp;
  let head: () => Promise<number>;
  beforeAll(async () => {
    t = await startIdentityApp();
    const events = t.app.get<EventStore>(EVENT_STORE);
    head = () => events.headPosition();
  });
  afterAll(() => t.close());

  let keys = 0;
  const newKey = () => `spec-${process.pid}-${++keys}-key`;
  const stepUp = (s: SignedIn) => t.http().post('/api/v1/auth/step-up').set(bearer(s)).send({ password: PASSWORD }).expect(200);

  /** Sends `send` twice with one key: the second answer equals the first, and the log did not grow. */
  const twice = async (send: (key: string) => Promise<{ status: number; body: unknown }>) => {
    const key = newKey();
    const first = await send(key);
    const after = await head();
    const again = await send(key);
    // Every answer has its own requestId; everything else is the same.
    const answer = (r: { status: number; body: unknown }) => ({ status: r.status, body: { ...(r.body as object), requestId: undefined } });
    expect(answer(again)).toEqual(answer(first));
    expect(await head()).toBe(after);
    return first;
  };

  it('registers once: the retried registration answers with the same account and appends nothing', async () => {
    const phone = freshPhone();
    const smsCode = await requestSmsCode(t, phone);
    const before = await head();
    const first = await twice((key) =>
      t.http().post('/api/v1/auth/register').set('Idempotency-Key', key).send({ phone, smsCode, password: PASSWORD, acceptTerms: true, acceptPrivacy: true, displayName: '王工' }),
    );
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ userId: expect.any(String), displayName: '王工' });
    expect(await head()).toBeGreaterThan(before);
    await login(t, phone);
  });

  it('refuses a key used again for another registration, though it would touch other streams', async () => {
    const key = newKey();
    const [a, b] = [freshPhone(), freshPhone()];
    const send = async (phone: string) =>
      t.http().post('/api/v1/auth/register').set('Idempotency-Key', key).send({ phone, smsCode: await requestSmsCode(t, phone), password: PASSWORD, acceptTerms: true, acceptPrivacy: true });
    expect((await send(a)).status).toBe(201);
    const before = await head();
    const reused = await send(b);
    expect(reused.body).toMatchObject({ statusCode: 422, errors: [{ field: 'Idempotency-Key', rule: 'same-request' }] });
    expect(await head()).toBe(before + 1); // the code texted for b, nothing of the registration
    await t.http().post('/api/v1/auth/login').send({ phone: b, password: PASSWORD }).expect(401);
  });

  it('keeps keys apart per caller: two people who pick the same key do not meet', async () => {
    const key = newKey();
    for (const displayName of ['甲', '乙']) {
      const s = await login(t, (await register(t)).phone);
      const res = await t.http().patch('/api/v1/me').set(bearer(s)).set('Idempotency-Key', key).send({ displayName }).expect(200);
      expect(res.body.displayName).toBe(displayName);
    }
  });

  it('texts one SMS code for a retried code request', async () => {
    const phone = freshPhone();
    const first = await twice((key) => t.http().post('/api/v1/auth/sms-codes').set('Idempotency-Key', key).send({ phone, purpose: 'register' }));
    expect(first.status).toBe(202);
    const outbox = await t.http().get('/api/v1/dev/sms-outbox').set('authorization', `Bearer ${t.adminToken}`).expect(200);
    expect((outbox.body.messages as { to: string }[]).filter((m) => m.to === maskMobile(phone))).toHaveLength(1);
  });

  it('changes the display name once and answers the retry with the same account', async () => {
    const { phone } = await register(t);
    const s = await login(t, phone);
    const first = await twice((key) => t.http().patch('/api/v1/me').set(bearer(s)).set('Idempotency-Key', key).send({ displayName: '老王' }));
    expect(first).toMatchObject({ status: 200, body: { displayName: '老王' } });
  });

  it('starts TOTP set-up once: the retry answers with the same secret', async () => {
    const { phone } = await register(t);
    const s = await login(t, phone);
    await stepUp(s);
    const first = await twice((key) => t.http().post('/api/v1/me/mfa/totp').set(bearer(s)).set('Idempotency-Key', key).send());
    expect(first).toMatchObject({ status: 201, body: { secret: expect.stringMatching(/^[A-Z2-7]+$/) } });
  });

  it('steps up and changes the password once; the retried change does not check the old password again', async () => {
    const { phone } = await register(t);
    const here = await login(t, phone);
    await login(t, phone);
    await twice((key) => t.http().post('/api/v1/auth/step-up').set(bearer(here)).set('Idempotency-Key', key).send({ password: PASSWORD }));
    const changed = await twice((key) =>
      t.http().post('/api/v1/me/password').set(bearer(here)).set('Idempotency-Key', key).send({ currentPassword: PASSWORD, newPassword: 'changed2026' }),
    );
    expect(changed).toMatchObject({ status: 200, body: { endedSessions: 1 } });
    await login(t, phone, 'changed2026');
  });

  it('disables an account once (operations API); the retry counts the same ended sessions', async () => {
    const { phone, userId } = await register(t);
    await login(t, phone);
    await login(t, phone);
    const admin = { authorization: `Bearer ${readFileSync(join(t.dataDir, 'admin.token'), 'utf8').trim()}` };
    const first = await twice((key) => t.http().post(`/api/v1/admin/accounts/${userId}/disable`).set(admin).set('Idempotency-Key', key).send({ reason: 'left the company' }));
    expect(first).toMatchObject({ status: 200, body: { userId, endedSessions: 2 } });
  });

  it('refuses the same key with a different request, 422 naming the header', async () => {
    const { phone } = await register(t);
    const s = await login(t, phone);
    const key = newKey();
    await t.http().patch('/api/v1/me').set(bearer(s)).set('Idempotency-Key', key).send({ displayName: 'first' }).expect(200);
    const before = await head();
    const res = await t.http().patch('/api/v1/me').set(bearer(s)).set('Idempotency-Key', key).send({ displayName: 'second' }).expect(422);
    expect(res.body).toMatchObject({ statusCode: 422, errors: [{ field: 'Idempotency-Key', rule: 'same-request' }] });
    expect(await head()).toBe(before);
    const me = await t.http().get('/api/v1/me').set(bearer(s)).expect(200);
    expect(me.body.displayName).toBe('first');
  });

  it('refuses a malformed key with 400 naming the header and the rule, before anything happens', async () => {
    const before = await head();
    for (const key of ['short', 'x'.repeat(129), 'has space in it', 'émoji-key-1']) {
      const res = await t.http().post('/api/v1/auth/sms-codes').set('Idempotency-Key', key).send({ phone: freshPhone(), purpose: 'register' }).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key', rule: 'idempotency-key' })]);
    }
    expect(await head()).toBe(before);
  });

  it('does not replay freshly issued tokens: a retried sign-in gets 409 naming the key, and appends nothing', async () => {
    const { phone } = await register(t);
    const key = newKey();
    await t.http().post('/api/v1/auth/login').set('Idempotency-Key', key).send({ phone, password: PASSWORD }).expect(200);
    const before = await head();
    const res = await t.http().post('/api/v1/auth/login').set('Idempotency-Key', key).send({ phone, password: PASSWORD }).expect(409);
    expect(res.body).toMatchObject({ errors: [{ field: 'Idempotency-Key', rule: 'not-replayable' }] });
    expect(await head()).toBe(before);
    // A new key is a new sign-in.
    await t.http().post('/api/v1/auth/login').set('Idempotency-Key', newKey()).send({ phone, password: PASSWORD }).expect(200);
  });

  it('answers a retried failed sign-in as the first time, counting the failure once', async () => {
    const { phone } = await register(t);
    const failed = await twice((key) => t.http().post('/api/v1/auth/login').set('Idempotency-Key', key).send({ phone, password: 'wrong-pass1' }));
    expect(failed.status).toBe(401);
  });

  it('documents the header on every state-changing identity operation in OpenAPI', async () => {
    const doc = (await t.http().get('/api/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; responses: Record<string, unknown> }>>;
    };
    const changing = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/auth') || path.startsWith('/api/v1/me') || path.startsWith('/api/v1/admin/accounts'))
      .flatMap(([path, ops]) => Object.entries(ops).filter(([method]) => ['post', 'patch', 'put', 'delete'].includes(method)).map(([method, op]) => ({ op: `${method} ${path}`, spec: op })));
    expect(changing.length).toBeGreaterThanOrEqual(17);
    for (const { op, spec } of changing) {
      expect({ op, header: spec.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key') }).toEqual({ op, header: true });
      expect({ op, refusal: '422' in spec.responses }).toEqual({ op, refusal: true });
    }
  });

  it('takes the key as commandId on GraphQL mutations, dispatched on the same command bus', async () => {
    const { phone } = await register(t);
    const s = await login(t, phone);
    const mutation = 'mutation($commandId: String, $change: MyProfileChange!) { changeMyProfile(commandId: $commandId, change: $change) { displayName realName } }';
    const gql = (variables: Record<string, unknown>) => t.http().post('/graphql').set(bearer(s)).send({ query: mutation, variables });
    const commandId = newKey();
    const first = await twice(() => gql({ commandId, change: { displayName: '小李', realName: '李小龙' } }));
    expect(first.body).toEqual({ data: { changeMyProfile: { displayName: '小李', realName: '李**' } } });
    const before = await head();
    const reused = await gql({ commandId, change: { displayName: '大李' } });
    expect(reused.body.errors[0].extensions.originalError.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key', rule: 'same-request' })]);
    const malformed = await gql({ commandId: 'short', change: { displayName: '大李' } });
    expect(malformed.body.errors[0].extensions.originalError.errors).toEqual([expect.objectContaining({ field: 'commandId', rule: 'idempotency-key' })]);
    expect(await head()).toBe(before);
    const anonymous = await t.http().post('/graphql').send({ query: mutation, variables: { change: { displayName: 'x' } } });
    expect(anonymous.body.errors[0].extensions.originalError).toMatchObject({ statusCode: 401 });
  });
});
