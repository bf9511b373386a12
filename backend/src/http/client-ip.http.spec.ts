// The client address behind every per-address limit and in the sign-in log, through the real HTTP
// stack configured for production: X-Forwarded-For counts only as far as the configured proxy hops.
import { startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';

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
