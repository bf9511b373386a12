// Registration and password sign-in through the real HTTP API (ID-1, ID-2).
import { PasswordHasher } from './crypto';
import { bearer, freshPhone, lastSmsCode, login, NoSmsSentError, PASSWORD, register, requestSmsCode, startIdentityApp, type IdentityApp } from './testing/identity-app';

describe('registration and sign-in over HTTP', () => {
  let t: IdentityApp;
  beforeAll(async () => {
    t = await startIdentityApp();
  });
  afterAll(() => t.close());

  const registration = (phone: string, smsCode: string, extra: Record<string, unknown> = {}) =>
    t.http().post('/api/v1/auth/register').send({ phone, smsCode, password: PASSWORD, acceptTerms: true, acceptPrivacy: true, ...extra });

  it('registers with the texted code and signs in with the password', async () => {
    const phone = freshPhone();
    const smsCode = await requestSmsCode(t, phone);
    const created = await registration(phone, smsCode, { displayName: '李师傅' }).expect(201);
    expect(created.body).toEqual({ userId: expect.any(String), displayName: '李师傅' });
    const res = await t.http().post('/api/v1/auth/login').send({ phone, password: PASSWORD }).expect(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, mfaRequired: false, passwordChangeDue: false, session: { id: expect.any(String) } });
    const me = await t.http().get('/api/v1/me').set(bearer(res.body)).expect(200);
    expect(me.body).toMatchObject({ userId: created.body.userId, displayName: '李师傅', phone: `${phone.slice(0, 3)}****${phone.slice(7)}` });
  });

  it('refuses a wrong code, an expired code and a used code', async () => {
    const phone = freshPhone();
    const code = await requestSmsCode(t, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await registration(phone, wrong).expect(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'smsCode', rule: 'sms-code' })]);
    await registration(phone, code).expect(201);
    await registration(phone, code).expect(400); // single use

    const late = freshPhone();
    const lateCode = await requestSmsCode(t, late);
    t.clock.advance(5 * 60_000 + 1000);
    await registration(late, lateCode).expect(400);
  });

  it('answers 409 to a second registration of a number, once the code proved it is theirs', async () => {
    const { phone } = await register(t);
    t.clock.advance(61_000);
    const code = await requestSmsCode(t, phone);
    const res = await registration(phone, code).expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, errors: [{ field: 'phone', rule: 'already-registered' }] });
  });

  it('explains every broken rule of the form field by field', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ phone: '12345', smsCode: 'abc', password: 'onlyletters', acceptTerms: false, acceptPrivacy: true })
      .expect(400);
    const broken = (res.body.errors as { field: string; rule: string }[]).map((e) => `${e.field}:${e.rule}`);
    expect(broken).toEqual(expect.arrayContaining(['phone:mainlandMobile', 'smsCode:matches', 'password:passwordPolicy', 'acceptTerms:equals']));
    for (const password of ['abc123', 'abcdefghij', '1234567890', 'abc123'.repeat(4)]) {
      const r = await t.http().post('/api/v1/auth/register').send({ phone: freshPhone(), smsCode: '123456', password, acceptTerms: true, acceptPrivacy: true }).expect(400);
      expect(r.body.errors).toEqual([expect.objectContaining({ field: 'password', rule: 'passwordPolicy' })]);
    }
  });

  it('limits SMS codes per number: one a minute', async () => {
    const phone = freshPhone();
    await requestSmsCode(t, phone);
    const res = await t.http().post('/api/v1/auth/sms-codes').send({ phone, purpose: 'register' }).expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('gives the same answer for an unknown number and a wrong password', async () => {
    const { phone } = await register(t);
    const unknown = await t.http().post('/api/v1/auth/login').send({ phone: freshPhone(), password: 'wrong1234' });
    const wrong = await t.http().post('/api/v1/auth/login').send({ phone, password: 'wrong1234' });
    const comparable = (r: typeof unknown) => ({ status: r.status, body: { ...r.body, requestId: undefined }, type: r.headers['content-type'] });
    expect(comparable(unknown)).toEqual(comparable(wrong));
    expect(unknown.status).toBe(401);
  });

  it('spends a full password verification on an unknown number too (no timing difference to measure)', async () => {
    // The hasher's own spec proves dummyVerify runs the argon2 work of a real verify; here, that an
    // unknown number goes through it, with the password typed, before the 401.
    const hasher = t.app.get(PasswordHasher);
    const dummy = jest.spyOn(hasher, 'dummyVerify');
    try {
      await t.http().post('/api/v1/auth/login').send({ phone: freshPhone(), password: 'wrong1234' }).expect(401);
      expect(dummy).toHaveBeenCalledTimes(1);
      expect(dummy).toHaveBeenCalledWith('wrong1234');
      await expect(dummy.mock.results[0]!.value).resolves.toBe(false);
    } finally {
      dummy.mockRestore();
    }
  });

  it('locks the account after five failures in 15 minutes, for 15 minutes', async () => {
    const { phone } = await register(t);
    for (let i = 0; i < 5; i++) await t.http().post('/api/v1/auth/login').send({ phone, password: 'wrong1234' }).expect(401);
    const locked = await t.http().post('/api/v1/auth/login').send({ phone, password: PASSWORD }).expect(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    // An unknown number is locked the same way, so the lockout tells nothing either.
    const stranger = freshPhone();
    for (let i = 0; i < 5; i++) await t.http().post('/api/v1/auth/login').send({ phone: stranger, password: 'wrong1234' }).expect(401);
    const strangerLocked = await t.http().post('/api/v1/auth/login').send({ phone: stranger, password: PASSWORD }).expect(429);
    expect({ ...strangerLocked.body, requestId: undefined }).toEqual({ ...locked.body, requestId: undefined });
    t.clock.advance(15 * 60_000);
    await login(t, phone);
  });

  it('records every attempt in my sign-in log with time, address and device', async () => {
    const { phone } = await register(t);
    await t.http().post('/api/v1/auth/login').set('user-agent', 'PhoneApp/1').send({ phone, password: 'wrong1234' }).expect(401);
    const session = await login(t, phone, PASSWORD, 'PhoneApp/1');
    const log = await t.http().get('/api/v1/me/login-log').set(bearer(session)).expect(200);
    expect(log.body.entries).toEqual([
      expect.objectContaining({ result: 'success', method: 'password', userAgent: 'PhoneApp/1', ip: expect.any(String), at: expect.any(String) }),
      expect.objectContaining({ result: 'failure', reason: 'wrong-password' }),
    ]);
  });

  it('resets the password with an SMS code and ends every session', async () => {
    const { phone } = await register(t);
    const a = await login(t, phone);
    const b = await login(t, phone);
    t.clock.advance(61_000);
    const smsCode = await requestSmsCode(t, phone, 'reset-password');
    await t.http().post('/api/v1/auth/password-reset').send({ phone, smsCode, newPassword: 'newpass2026' }).expect(204);
    await t.http().get('/api/v1/me').set(bearer(a)).expect(401);
    await t.http().get('/api/v1/me').set(bearer(b)).expect(401);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: b.refreshToken }).expect(401);
    await t.http().post('/api/v1/auth/login').send({ phone, password: PASSWORD }).expect(401);
    await login(t, phone, 'newpass2026');
  });

  it('texts no reset code to a number without an account, and answers the same', async () => {
    const phone = freshPhone();
    await t.http().post('/api/v1/auth/sms-codes').send({ phone, purpose: 'reset-password' }).expect(202);
    await expect(lastSmsCode(t, phone)).rejects.toThrow(NoSmsSentError);
  });
});
