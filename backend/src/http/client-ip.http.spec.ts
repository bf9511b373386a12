// The client address behind every per-address limit and in the sign-in log, through the real HTTP
// stack configured for production: X-Forwarded-For counts only as far as the configured proxy hops.
import { SMS_SENDER } from '../identity/identity.tokens';
import type { DevelopmentSmsOutbox } from '../identity/sms/development-sms-outbox';
import { bearer, freshPhone, PASSWORD, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';

const refresh = (t: IdentityApp, forwardedFor?: string) => {
  const req = t.http().post('/api/v1/auth/refresh');
  if (forwardedFor !== undefined) req.set('x-forwarded-for', forwardedFor);
  return req.send({ refreshToken: 'x' });
};

const statuses = async (t: IdentityApp, forwardedFor: readonly string[]): Promise<number[]> => {
  const out: number[] = [];
  for (const f of forwardedFor) out.push((await refresh(t, f)).status);
  return out;
};

// Production serves no outbox over HTTP; without an SMS provider the codes still sit in the sender.
const codeSentTo = (t: IdentityApp, phone: string): string => {
  const sender = t.app.get<DevelopmentSmsOutbox>(SMS_SENDER, { strict: false });
  return /\d{6}/.exec(sender.list().find((m) => m.to === phone)!.text)![0];
};

/** Registers a fresh account, signs in with `forwardedFor`, and returns the address its sign-in log shows. */
const loggedAddress = async (t: IdentityApp, forwardedFor: string): Promise<string> => {
  const phone = freshPhone();
  await t.http().post('/api/v1/auth/sms-codes').set('x-forwarded-for', forwardedFor).send({ phone, purpose: 'register' }).expect(202);
  const smsCode = codeSentTo(t, phone);
  await t.http().post('/api/v1/auth/register').set('x-forwarded-for', forwardedFor).send({ phone, smsCode, password: PASSWORD, acceptTerms: true, acceptPrivacy: true }).expect(201);
  const login = await t.http().post('/api/v1/auth/login').set('x-forwarded-for', forwardedFor).send({ phone, password: PASSWORD }).expect(200);
  const log = await t.http().get('/api/v1/me/login-log').set(bearer(login.body)).set('x-forwarded-for', forwardedFor).expect(200);
  return log.body.entries[0].ip as string;
};

describe('client address in production, no trusted proxy configured', () => {
  let t: IdentityApp;
  beforeAll(async () => {
    t = await startIdentityApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3' }, 'production');
  });
  afterAll(() => t.close());

  it('ignores a forged X-Forwarded-For: a client cannot pick a fresh address per request to dodge the limit', async () => {
    expect(await statuses(t, ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4', '203.0.113.5'])).toEqual([401, 401, 401, 429, 429]);
  });
});

describe('client address in production behind one trusted proxy', () => {
  let t: IdentityApp;
  beforeAll(async () => {
    // The test client connects from loopback, so loopback plays the proxy.
    t = await startIdentityApp({ AUTH_RATE_LIMIT_PER_MINUTE: '2', TRUSTED_PROXIES: '127.0.0.1/8,::1' }, 'production');
  });
  afterAll(() => t.close());

  it('takes the address the proxy saw, not the ones the client wrote in front of it', async () => {
    // A client that sends its own X-Forwarded-For to a proxy that appends: only the last entry is the proxy's word.
    expect(await statuses(t, ['198.51.100.7', '203.0.113.1, 198.51.100.7', '203.0.113.2, 198.51.100.7'])).toEqual([401, 401, 429]);
    // Another client behind the same proxy has its own budget.
    expect(await statuses(t, ['198.51.100.8'])).toEqual([401]);
  });
});

describe('client address in the sign-in log, in production', () => {
  it('is the socket address, not a forged X-Forwarded-For, without a trusted proxy', async () => {
    const t = await startIdentityApp({}, 'production');
    try {
      expect(await loggedAddress(t, '203.0.113.66')).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
    } finally {
      await t.close();
    }
  });

  it('is the address the trusted proxy saw behind one', async () => {
    const t = await startIdentityApp({ TRUSTED_PROXIES: '127.0.0.1/8,::1' }, 'production');
    try {
      expect(await loggedAddress(t, '203.0.113.66, 198.51.100.20')).toBe('198.51.100.20');
    } finally {
      await t.close();
    }
  });
});
