// Edge rate limit of /api/v1/auth/* and the development SMS outbox's absence in production.
import { freshPhone, startIdentityApp, toNextWindow, type IdentityApp } from './testing/identity-app';

describe('rate limit of /api/v1/auth', () => {
  let t: IdentityApp;
  beforeAll(async () => {
    t = await startIdentityApp({ AUTH_RATE_LIMIT_PER_MINUTE: '5', LOGIN_ATTEMPTS_PER_IP: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After beyond the per-address limit, and lets through in the next window', async () => {
    toNextWindow(t.clock, 60_000);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: 'x' })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const limited = await t.http().post('/api/v1/auth/login').send({ phone: freshPhone(), password: 'whatever1' }).expect(429);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    t.clock.advance(60_000);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: 'x' }).expect(401);
  });

  it('backs off sign-in attempts per address across numbers', async () => {
    toNextWindow(t.clock, 15 * 60_000); // the sign-in attempts' window, and so a fresh minute too
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.http().post('/api/v1/auth/login').send({ phone: freshPhone(), password: 'whatever1' })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('development SMS outbox', () => {
  it('does not exist in production', async () => {
    const t = await startIdentityApp({}, 'production');
    try {
      await t.http().post('/api/v1/auth/sms-codes').send({ phone: freshPhone(), purpose: 'register' }).expect(202);
      await t.http().get('/api/v1/dev/sms-outbox').expect(404);
    } finally {
      await t.close();
    }
  });
});
