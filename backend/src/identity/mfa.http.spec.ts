// Second factor, step-up and password change through the real HTTP API (ID-3, ID-4).
import { base32Decode, totp } from './crypto';
import { recordSecret } from '../testing/test-logs';
import { bearer, freshPhone, login, PASSWORD, register, requestSmsCode, startIdentityApp, type IdentityApp, type SignedIn } from './testing/identity-app';

describe('MFA and step-up over HTTP', () => {
  let t: IdentityApp;
  beforeAll(async () => {
    t = await startIdentityApp();
  });
  afterAll(() => t.close());

  const stepUp = (s: SignedIn, body: Record<string, unknown> = { password: PASSWORD }) => t.http().post('/api/v1/auth/step-up').set(bearer(s)).send(body);
  const codeAt = (secret: string, offsetSteps = 0) => totp(base32Decode(secret), t.clock.now().getTime() + offsetSteps * 30_000);
  const nextStep = () => t.clock.advance(30_000);

  /** Registers, signs in, turns TOTP on; returns the secret and recovery codes. */
  const withTotp = async () => {
    const { phone } = await register(t);
    const s = await login(t, phone);
    await stepUp(s).expect(200);
    const setup = await t.http().post('/api/v1/me/mfa/totp').set(bearer(s)).expect(201);
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/.+secret=/);
    expect(setup.body.otpauthUri).not.toContain(phone);
    const confirmed = await t.http().post('/api/v1/me/mfa/totp/confirm').set(bearer(s)).send({ code: codeAt(setup.body.secret) }).expect(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    [setup.body.secret, ...confirmed.body.recoveryCodes].forEach((v: string, i: number) => recordSecret(i === 0 ? 'totp-secret' : 'recovery-code', v));
    return { phone, session: s, secret: setup.body.secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
  };

  it('requires a step-up for critical operations, and lets them through for 5 minutes after one', async () => {
    // Stopped, so that the step-up window is exactly 5 minutes from the clock's reading.
    t.clock.freeze();
    try {
      const { phone } = await register(t);
      const s = await login(t, phone);
      const refused = await t.http().post('/api/v1/me/mfa/totp').set(bearer(s)).expect(403);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'session', rule: 'step-up-required' })]);
      await t.http().post('/api/v1/me/password').set(bearer(s)).send({ currentPassword: PASSWORD, newPassword: 'other2026x' }).expect(403);
      await stepUp(s, { password: 'wrong1234' }).expect(401);
      const ok = await stepUp(s).expect(200);
      const stepUpMs = Date.parse(ok.body.steppedUpUntil) - t.clock.now().getTime();
      expect(stepUpMs).toBe(5 * 60_000);
      await t.http().post('/api/v1/me/mfa/totp').set(bearer(s)).expect(201);
      t.clock.advance(5 * 60_000 + 1);
      await t.http().post('/api/v1/me/mfa/totp').set(bearer(s)).expect(403);
    } finally {
      t.clock.thaw();
    }
  });

  it('sets up TOTP, then asks for a code at sign-in; a code works once only', async () => {
    const { phone, secret } = await withTotp();
    nextStep();
    const first = await t.http().post('/api/v1/auth/login').send({ phone, password: PASSWORD }).expect(200);
    expect(first.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String), expiresIn: 300 });
    const code = codeAt(secret);
    const done = await t.http().post('/api/v1/auth/login/mfa').send({ mfaToken: first.body.mfaToken, code }).expect(200);
    await t.http().get('/api/v1/me').set(bearer(done.body)).expect(200);

    const again = await t.http().post('/api/v1/auth/login').send({ phone, password: PASSWORD }).expect(200);
    const replay = await t.http().post('/api/v1/auth/login/mfa').send({ mfaToken: again.body.mfaToken, code }).expect(401);
    expect(replay.body.message).toMatch(/wrong or already used/);
    await t.http().post('/api/v1/auth/login/mfa').send({ mfaToken: again.body.mfaToken, code: code === '000000' ? '111111' : '000000' }).expect(401);
    nextStep();
    await t.http().post('/api/v1/auth/login/mfa').send({ mfaToken: again.body.mfaToken, code: codeAt(secret) }).expect(200);
  });

  it('accepts each recovery code once', async () => {
    const { phone, recoveryCodes } = await withTotp();
    const first = await t.http().post('/api/v1/auth/login').send({ phone, password: PASSWORD }).expect(200);
    const s = await t.http().post('/api/v1/auth/login/mfa').send({ mfaToken: first.body.mfaToken, recoveryCode: recoveryCodes[3] }).expect(200);
    const me = await t.http().get('/api/v1/me').set(bearer(s.body)).expect(200);
    expect(me.body.mfa).toEqual({ enabled: true, pending: false, required: false, recoveryCodesLeft: 9 });
    const second = await t.http().post('/api/v1/auth/login').send({ phone, password: PASSWORD }).expect(200);
    await t.http().post('/api/v1/auth/login/mfa').send({ mfaToken: second.body.mfaToken, recoveryCode: recoveryCodes[3] }).expect(401);
    await t.http().post('/api/v1/auth/login/mfa').send({ mfaToken: second.body.mfaToken, recoveryCode: recoveryCodes[4] }).expect(200);
  });

  it('refuses a forged or expired MFA token', async () => {
    const { phone, secret } = await withTotp();
    const first = await t.http().post('/api/v1/auth/login').send({ phone, password: PASSWORD }).expect(200);
    await t.http().post('/api/v1/auth/login/mfa').send({ mfaToken: first.body.mfaToken + 'x', code: codeAt(secret, 1) }).expect(401);
    t.clock.advance(5 * 60_000 + 1000);
    await t.http().post('/api/v1/auth/login/mfa').send({ mfaToken: first.body.mfaToken, code: codeAt(secret) }).expect(401);
  });

  it('asks for the code at step-up too, and switches MFA off only with step-up and a fresh code', async () => {
    const { phone, secret, session } = await withTotp();
    nextStep();
    t.clock.advance(5 * 60_000);
    await stepUp(session).expect(401); // password alone is not enough with MFA on
    await stepUp(session, { password: PASSWORD, code: codeAt(secret) }).expect(200);
    await t.http().delete('/api/v1/me/mfa').set(bearer(session)).send({}).expect(400);
    const usedCode = codeAt(secret);
    await t.http().delete('/api/v1/me/mfa').set(bearer(session)).send({ code: usedCode }).expect(401);
    nextStep();
    await t.http().delete('/api/v1/me/mfa').set(bearer(session)).send({ code: codeAt(secret) }).expect(204);
    const plain = await t.http().post('/api/v1/auth/login').send({ phone, password: PASSWORD }).expect(200);
    expect(plain.body.mfaRequired).toBe(false);
  });

  it('changes the password after a step-up and ends my other sessions', async () => {
    const { phone } = await register(t);
    const here = await login(t, phone);
    const elsewhere = await login(t, phone);
    await stepUp(here).expect(200);
    const weak = await t.http().post('/api/v1/me/password').set(bearer(here)).send({ currentPassword: PASSWORD, newPassword: 'short1' }).expect(400);
    expect(weak.body.errors).toEqual([expect.objectContaining({ field: 'newPassword', rule: 'passwordPolicy' })]);
    await t.http().post('/api/v1/me/password').set(bearer(here)).send({ currentPassword: 'wrong1234', newPassword: 'changed2026' }).expect(401);
    const changed = await t.http().post('/api/v1/me/password').set(bearer(here)).send({ currentPassword: PASSWORD, newPassword: 'changed2026' }).expect(200);
    expect(changed.body.endedSessions).toBe(1);
    await t.http().get('/api/v1/me').set(bearer(here)).expect(200);
    await t.http().get('/api/v1/me').set(bearer(elsewhere)).expect(401);
    await login(t, phone, 'changed2026');
  });

  it('keeps the real name encrypted and shows it masked', async () => {
    const { phone } = await register(t);
    const s = await login(t, phone);
    const res = await t.http().patch('/api/v1/me').set(bearer(s)).send({ realName: '欧阳娜娜', displayName: '娜娜' }).expect(200);
    expect(res.body).toMatchObject({ realName: '欧阳**', displayName: '娜娜' });
    await t.http().patch('/api/v1/me').set(bearer(s)).send({ realName: '<script>' }).expect(400);
  });
});

describe('changing the mobile number over HTTP', () => {
  let t: IdentityApp;
  beforeAll(async () => {
    t = await startIdentityApp();
  });
  afterAll(() => t.close());

  it('needs a step-up and a code sent to the new number; the old number is free afterwards', async () => {
    const { phone } = await register(t);
    const s = await login(t, phone);
    const next = freshPhone();
    const smsCode = await requestSmsCode(t, next, 'change-phone');
    await t.http().post('/api/v1/me/phone').set(bearer(s)).send({ phone: next, smsCode }).expect(403);
    await t.http().post('/api/v1/auth/step-up').set(bearer(s)).send({ password: PASSWORD }).expect(200);
    const changed = await t.http().post('/api/v1/me/phone').set(bearer(s)).send({ phone: next, smsCode }).expect(200);
    expect(changed.body.phone).toBe(`${next.slice(0, 3)}****${next.slice(7)}`);
    await t.http().post('/api/v1/auth/login').send({ phone, password: PASSWORD }).expect(401);
    await login(t, next);
    t.clock.advance(61_000);
    await register(t, phone); // someone else may take the old number now
  });

  it('refuses a number that belongs to another account', async () => {
    const { phone } = await register(t);
    const taken = (await register(t)).phone;
    const s = await login(t, phone);
    await t.http().post('/api/v1/auth/step-up').set(bearer(s)).send({ password: PASSWORD }).expect(200);
    t.clock.advance(61_000);
    const smsCode = await requestSmsCode(t, taken, 'change-phone');
    await t.http().post('/api/v1/me/phone').set(bearer(s)).send({ phone: taken, smsCode }).expect(409);
  });
});
