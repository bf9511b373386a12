// Sessions through the real HTTP API (ID-5): rotation, reuse detection, timeouts, logout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, login, register, startIdentityApp, PASSWORD, type IdentityApp } from './testing/identity-app';

describe('sessions over HTTP', () => {
  let t: IdentityApp;
  beforeAll(async () => {
    // Access tokens outlive the idle timeout here, so that a 401 can only come from the session check.
    t = await startIdentityApp({ SESSION_IDLE_MINUTES: '15', SESSION_ABSOLUTE_HOURS: '2', ACCESS_TOKEN_MINUTES: '30' });
  });
  afterAll(() => t.close());

  const refresh = (refreshToken: string) => t.http().post('/api/v1/auth/refresh').send({ refreshToken });
  const minutes = (m: number) => t.clock.advance(m * 60_000);

  it('turns away every signed-in route without a valid token (deny by default)', async () => {
    const routes: [string, string][] = [
      ['get', '/api/v1/me'],
      ['patch', '/api/v1/me'],
      ['post', '/api/v1/me/password'],
      ['get', '/api/v1/me/login-log'],
      ['post', '/api/v1/me/mfa/totp'],
      ['post', '/api/v1/me/mfa/totp/confirm'],
      ['delete', '/api/v1/me/mfa'],
      ['get', '/api/v1/auth/sessions'],
      ['delete', '/api/v1/auth/sessions/6f1c1a8e-8d7c-4a39-9a43-4a8a4a3f2b10'],
      ['post', '/api/v1/auth/logout'],
      ['post', '/api/v1/auth/logout-all'],
      ['post', '/api/v1/auth/step-up'],
    ];
    for (const [method, path] of routes) {
      const none = await (t.http() as unknown as Record<string, (p: string) => import('supertest').Test>)[method]!(path);
      expect([path, none.status]).toEqual([path, 401]);
      const forged = await (t.http() as unknown as Record<string, (p: string) => import('supertest').Test>)[method]!(path).set('authorization', 'Bearer a.b.c');
      expect([path, forged.status]).toEqual([path, 401]);
    }
  });

  it('rotates the refresh token on every use; reusing an old one revokes the whole family', async () => {
    const { phone } = await register(t);
    const first = await login(t, phone);
    const second = (await refresh(first.refreshToken).expect(200)).body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.session.id).toBe(first.sessionId);
    const third = (await refresh(second.refreshToken).expect(200)).body;
    await t.http().get('/api/v1/me').set(bearer(third)).expect(200);

    await refresh(first.refreshToken).expect(401); // the stolen copy
    await refresh(third.refreshToken).expect(401); // the family is gone...
    await t.http().get('/api/v1/me').set(bearer(third)).expect(401); // ...and its access tokens with it
  });

  it('ends a session idle for the idle timeout, on requests and on refresh', async () => {
    const { phone } = await register(t);
    const active = await login(t, phone);
    const idle = await login(t, phone);
    for (let i = 0; i < 3; i++) {
      minutes(10);
      const next = (await refresh(active.refreshToken).expect(200)).body;
      Object.assign(active, { refreshToken: next.refreshToken, accessToken: next.accessToken });
      await t.http().get('/api/v1/me').set(bearer(active)).expect(200);
    }
    await refresh(idle.refreshToken).expect(401);
    await t.http().get('/api/v1/me').set(bearer(idle)).expect(401);

    const used = await login(t, phone);
    const quiet = await login(t, phone);
    minutes(14);
    await t.http().get('/api/v1/me').set(bearer(used)).expect(200);
    minutes(2);
    // Both access tokens are valid for 30 minutes; only the session's idle check tells them apart.
    await t.http().get('/api/v1/me').set(bearer(quiet)).expect(401);
    await t.http().get('/api/v1/me').set(bearer(used)).expect(200);
    await refresh(quiet.refreshToken).expect(401);
  });

  it('ends a session at its absolute expiry however active it is', async () => {
    // Token lifetimes are whole seconds: a running clock could cross a second between sign-in and refresh.
    t.clock.freeze();
    try {
      const { phone } = await register(t);
      let s = await login(t, phone);
      for (let elapsed = 0; elapsed < 110; elapsed += 10) {
        minutes(10);
        const next = (await refresh(s.refreshToken).expect(200)).body;
        s = { ...s, refreshToken: next.refreshToken, accessToken: next.accessToken };
        expect(next.expiresIn).toBeLessThanOrEqual(30 * 60);
      }
      // 110 minutes in, a fresh access token may only live until the session's end at 120 minutes.
      const last = (await refresh(s.refreshToken).expect(200)).body;
      expect(last.expiresIn).toBe(10 * 60);
      s = { ...s, refreshToken: last.refreshToken, accessToken: last.accessToken };
      await t.http().get('/api/v1/me').set(bearer(s)).expect(200);
      minutes(10);
      await t.http().get('/api/v1/me').set(bearer(s)).expect(401);
      await refresh(s.refreshToken).expect(401);
    } finally {
      t.clock.thaw();
    }
  });

  it('lists my live sessions with the current one marked, and ends one or all', async () => {
    const { phone } = await register(t);
    const laptop = await login(t, phone, undefined, 'Laptop');
    const phoneSession = await login(t, phone, undefined, 'Phone');
    const tablet = await login(t, phone, undefined, 'Tablet');
    const listed = await t.http().get('/api/v1/auth/sessions').set(bearer(laptop)).expect(200);
    expect(listed.body.sessions).toHaveLength(3);
    expect(listed.body.sessions.find((s: { current: boolean }) => s.current)).toMatchObject({ id: laptop.sessionId, userAgent: 'Laptop' });

    await t.http().delete(`/api/v1/auth/sessions/${phoneSession.sessionId}`).set(bearer(laptop)).expect(204);
    await t.http().get('/api/v1/me').set(bearer(phoneSession)).expect(401);
    const after = await t.http().get('/api/v1/auth/sessions').set(bearer(laptop)).expect(200);
    expect(after.body.sessions.map((s: { id: string }) => s.id).sort()).toEqual([laptop.sessionId, tablet.sessionId].sort());

    await t.http().post('/api/v1/auth/logout').set(bearer(tablet)).expect(204);
    await t.http().get('/api/v1/me').set(bearer(tablet)).expect(401);
    await t.http().get('/api/v1/me').set(bearer(laptop)).expect(200);

    const other = await login(t, phone);
    const all = await t.http().post('/api/v1/auth/logout-all').set(bearer(laptop)).expect(200);
    expect(all.body.endedSessions).toBe(2);
    await t.http().get('/api/v1/me').set(bearer(laptop)).expect(401);
    await t.http().get('/api/v1/me').set(bearer(other)).expect(401);
  });

  it("cannot end someone else's session", async () => {
    const mine = await login(t, (await register(t)).phone);
    const theirs = await login(t, (await register(t)).phone);
    await t.http().delete(`/api/v1/auth/sessions/${theirs.sessionId}`).set(bearer(mine)).expect(404);
    await t.http().get('/api/v1/me').set(bearer(theirs)).expect(200);
  });

  it('disabling an account (operations API) ends all its sessions and refuses sign-in', async () => {
    const { phone, userId } = await register(t);
    const a = await login(t, phone);
    const b = await login(t, phone);
    const admin = { authorization: `Bearer ${readFileSync(join(t.dataDir, 'admin.token'), 'utf8').trim()}` };
    await t.http().post(`/api/v1/admin/accounts/${userId}/disable`).send({ reason: 'left the company' }).expect(401);
    await t.http().post(`/api/v1/admin/accounts/${userId}/disable`).set(admin).send({}).expect(400);
    const res = await t.http().post(`/api/v1/admin/accounts/${userId}/disable`).set(admin).send({ reason: 'left the company' }).expect(200);
    expect(res.body).toEqual({ userId, endedSessions: 2 });
    await t.http().get('/api/v1/me').set(bearer(a)).expect(401);
    await refresh(b.refreshToken).expect(401);
    const again = await t.http().post('/api/v1/auth/login').send({ phone, password: PASSWORD });
    expect(again.status).toBe(403);
  });
});
