// Account lockout under concurrent guessing, and what failed sign-ins cost the victim's own requests,
// through the real HTTP API.
import type { EventStore } from '@kuaige/eventsourcing';
import { accountStream, LOCKOUT_POLICY } from '@kuaige/domain';
import type { Response } from 'supertest';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { base32Decode, PasswordHasher, totp } from './crypto';
import { bearer, login, PASSWORD, register, startIdentityApp, type IdentityApp } from './testing/identity-app';

/** What a client can compare between two answers: everything but the per-request id. */
const answer = (res: Response) => {
  const { requestId, ...body } = res.body as Record<string, unknown>;
  expect(typeof requestId).toBe('string');
  return { status: res.status, body };
};

describe('account lockout under concurrent guesses', () => {
  let t: IdentityApp;
  beforeAll(async () => {
    t = await startIdentityApp();
  });
  afterAll(() => t.close());

  it('verifies at most the allowed number of passwords however many guesses race, then answers every password alike', async () => {
    const { phone } = await register(t);
    const verify = jest.spyOn(t.app.get(PasswordHasher), 'verify');
    const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => t.http().post('/api/v1/auth/login').send({ phone, password: `wrong-guess-${i}` })));

    expect(verify).toHaveBeenCalledTimes(LOCKOUT_POLICY.maxFailures);
    verify.mockRestore();
    const statuses = guesses.map((g) => g.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(LOCKOUT_POLICY.maxFailures);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12 - LOCKOUT_POLICY.maxFailures);

    const [right, wrong] = await Promise.all([
      t.http().post('/api/v1/auth/login').send({ phone, password: PASSWORD }),
      t.http().post('/api/v1/auth/login').send({ phone, password: 'still-wrong' }),
    ]);
    expect(answer(right)).toEqual(answer(wrong));
    expect(right.status).toBe(429);
    // Retry-After counts down with the clock, so it is compared as the same lockout's remainder.
    for (const res of [right, wrong]) {
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(LOCKOUT_POLICY.firstLockMs / 1000);
    }
  });

  it('answers the right password, racing with wrong ones, either as a success or exactly as a refused guess', async () => {
    const { phone } = await register(t);
    const passwords = [...Array.from({ length: 11 }, (_, i) => `wrong-${i}`), PASSWORD];
    const responses = await Promise.all(passwords.map((password) => t.http().post('/api/v1/auth/login').send({ phone, password })));
    const right = responses.at(-1)!;
    const wrongAnswers = responses.slice(0, -1).map(answer);
    // A success is fine (its check was among those allowed); a refusal must be one a wrong guess got too.
    if (right.status !== 200) expect(wrongAnswers).toContainEqual(answer(right));
    expect(wrongAnswers.every((a) => a.status === 401 || a.status === 429)).toBe(true);
  });

  it('lets the right password in once the lockout is over', async () => {
    const { phone } = await register(t);
    await Promise.all(Array.from({ length: 8 }, (_, i) => t.http().post('/api/v1/auth/login').send({ phone, password: `wrong-${i}` })));
    await t.http().post('/api/v1/auth/login').send({ phone, password: PASSWORD }).expect(429);
    t.clock.advance(LOCKOUT_POLICY.firstLockMs);
    await login(t, phone);
  });
});

describe('account lockout with a second factor', () => {
  let t: IdentityApp;
  beforeAll(async () => {
    t = await startIdentityApp();
  });
  afterAll(() => t.close());

  const codeAt = (secret: string) => totp(base32Decode(secret), t.clock.now().getTime());
  const withTotp = async () => {
    const { phone } = await register(t);
    const s = await login(t, phone);
    await t.http().post('/api/v1/auth/step-up').set(bearer(s)).send({ password: PASSWORD }).expect(200);
    const setup = await t.http().post('/api/v1/me/mfa/totp').set(bearer(s)).expect(201);
    await t.http().post('/api/v1/me/mfa/totp/confirm').set(bearer(s)).send({ code: codeAt(setup.body.secret) }).expect(200);
    t.clock.advance(30_000);
    return { phone, secret: setup.body.secret as string };
  };
  const wrongCode = (secret: string) => (codeAt(secret) === '000000' ? '111111' : '000000');

  it('lets the right password and code in after four wrong passwords: a right password is no failure', async () => {
    const { phone, secret } = await withTotp();
    for (let i = 0; i < LOCKOUT_POLICY.maxFailures - 1; i++) await t.http().post('/api/v1/auth/login').send({ phone, password: `typo-${i}` }).expect(401);
    const first = await t.http().post('/api/v1/auth/login').send({ phone, password: PASSWORD }).expect(200);
    await t.http().post('/api/v1/auth/login/mfa').send({ mfaToken: first.body.mfaToken, code: codeAt(secret) }).expect(200);
  });

  it('counts wrong codes like wrong passwords, and then refuses the right password too', async () => {
    const { phone, secret } = await withTotp();
    const first = await t.http().post('/api/v1/auth/login').send({ phone, password: PASSWORD }).expect(200);
    const codes = await Promise.all(
      Array.from({ length: 8 }, () => t.http().post('/api/v1/auth/login/mfa').send({ mfaToken: first.body.mfaToken, code: wrongCode(secret) })),
    );
    expect(codes.filter((r) => r.status === 401)).toHaveLength(LOCKOUT_POLICY.maxFailures);
    expect(codes.filter((r) => r.status === 429)).toHaveLength(8 - LOCKOUT_POLICY.maxFailures);
    const [right, wrong] = await Promise.all([
      t.http().post('/api/v1/auth/login').send({ phone, password: PASSWORD }),
      t.http().post('/api/v1/auth/login').send({ phone, password: 'not-it' }),
    ]);
    expect(right.status).toBe(429);
    expect(answer(right)).toEqual(answer(wrong));
  });
});

describe('step-up and the lockout', () => {
  let t: IdentityApp;
  beforeAll(async () => {
    t = await startIdentityApp();
  });
  afterAll(() => t.close());

  it('lets racing step-ups check no more passwords than sign-ins, and counts them towards the same lockout', async () => {
    const { phone } = await register(t);
    const session = await login(t, phone);
    const verify = jest.spyOn(t.app.get(PasswordHasher), 'verify');
    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.http().post('/api/v1/auth/step-up').set(bearer(session)).send({ password: `stolen-session-${i}` })),
    );

    expect(verify).toHaveBeenCalledTimes(LOCKOUT_POLICY.maxFailures);
    verify.mockRestore();
    expect(guesses.filter((g) => g.status === 401)).toHaveLength(LOCKOUT_POLICY.maxFailures);
    expect(guesses.filter((g) => g.status === 429)).toHaveLength(12 - LOCKOUT_POLICY.maxFailures);
    // The right password is refused alike, at step-up and at sign-in: one lockout for both.
    const [stepUp, signIn, wrongSignIn] = await Promise.all([
      t.http().post('/api/v1/auth/step-up').set(bearer(session)).send({ password: PASSWORD }),
      t.http().post('/api/v1/auth/login').send({ phone, password: PASSWORD }),
      t.http().post('/api/v1/auth/login').send({ phone, password: 'still-wrong' }),
    ]);
    expect(stepUp.status).toBe(429);
    expect(answer(signIn)).toEqual(answer(wrongSignIn));
    expect(signIn.status).toBe(429);
    // Once it is over (the session idled out meanwhile): sign in and step up again.
    t.clock.advance(LOCKOUT_POLICY.firstLockMs);
    const later = await login(t, phone);
    await t.http().post('/api/v1/auth/step-up').set(bearer(later)).send({ password: PASSWORD }).expect(200);
  });
});

describe('failed sign-ins and the cost of the victim’s requests', () => {
  let t: IdentityApp;
  beforeAll(async () => {
    t = await startIdentityApp();
  });
  afterAll(() => t.close());

  it('does not grow the streams an authenticated request reads', async () => {
    const { phone, userId } = await register(t);
    const session = await login(t, phone);
    const store = t.app.get<EventStore>(EVENT_STORE);
    const readStream = store.readStream.bind(store);
    let eventsRead = 0;
    store.readStream = async (...args) => {
      const events = await readStream(...args);
      eventsRead += events.length;
      return events;
    };
    const eventsReadBy = async (send: () => Promise<unknown>): Promise<number> => {
      eventsRead = 0;
      await send();
      return eventsRead;
    };
    const me = () => t.http().get('/api/v1/me').set(bearer(session)).expect(200);

    // The first request after sign-in may record session activity; the second one reads only.
    await me();
    const before = await eventsReadBy(me);
    const accountEventsBefore = (await readStream(accountStream(userId))).length;
    // Wrong passwords until the lockout, then refusals while it runs: all of them recorded somewhere.
    for (let i = 0; i < 15; i++) await t.http().post('/api/v1/auth/login').send({ phone, password: `attacker-${i}` });

    expect((await readStream(accountStream(userId))).length).toBe(accountEventsBefore);
    expect(await eventsReadBy(me)).toBe(before);
  });
});
