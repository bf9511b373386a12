// Periodic password change (ID-4) and the published API, through the real HTTP API.
import { CommandBus } from '@nestjs/cqrs';
import { accountStream, sessionStream } from '@kuaige/domain';
import { apiSpec, expectNewEvents, expectNoNewEvents, expectResponse } from '../testing/api-specification';
import { ChangePassword } from './application/account.commands';
import { Accounts } from './application/accounts';
import { systemContext } from './application/command-context';
import { PasswordHasher } from './crypto';
import { bearer, login, PASSWORD, register, startIdentityApp, type IdentityApp } from './testing/identity-app';

const PEPPER = `p1:${Buffer.alloc(32, 7).toString('base64')}`;

describe('periodic password change policy', () => {
  let t: IdentityApp;
  beforeAll(async () => {
    t = await startIdentityApp({ PASSWORD_MAX_AGE_DAYS: '90', PASSWORD_PEPPERS: PEPPER });
  });
  afterAll(() => t.close());

  it('says the password is due once it is older than PASSWORD_MAX_AGE_DAYS, at sign-in and in /me', async () => {
    const { phone, userId } = await register(t);
    const signIn = (http: ReturnType<IdentityApp['http']>) => http.post('/api/v1/auth/login').send({ phone, password: PASSWORD });
    await apiSpec(t).when(signIn).then(expectResponse(200, expect.objectContaining({ passwordChangeDue: false })));
    t.clock.advance(90 * 86_400_000);
    const { response: due } = await apiSpec(t)
      .when(signIn)
      .then(
        expectResponse(200, expect.objectContaining({ passwordChangeDue: true })),
        expectNewEvents(accountStream(userId), [{ type: 'LoginSucceeded', data: expect.objectContaining({ method: 'password' }) }]),
      );
    const session = { accessToken: due.body.accessToken as string };
    await apiSpec(t)
      .as(session)
      .when((http) => http.get('/api/v1/me'))
      .then(expectResponse(200, expect.objectContaining({ passwordChangeDue: true })), expectNoNewEvents());
    await apiSpec(t)
      .as(session)
      .when((http) => http.post('/api/v1/auth/step-up').send({ password: PASSWORD }))
      .then(expectResponse(200), expectNewEvents(sessionStream(due.body.session.id), [{ type: 'SessionSteppedUp', data: expect.any(Object) }]));
    await apiSpec(t)
      .as(session)
      .when((http) => http.post('/api/v1/me/password').send({ currentPassword: PASSWORD, newPassword: 'renewed2027' }))
      .then(expectResponse(200), expectNewEvents(accountStream(userId), [{ type: 'PasswordChanged', data: expect.objectContaining({ reason: 'user-request' }) }]));
    await apiSpec(t)
      .as(session)
      .when((http) => http.get('/api/v1/me'))
      .then(expectResponse(200, expect.objectContaining({ passwordChangeDue: false })));
    await login(t, phone, 'renewed2027');
  });

  it('keeps the password due when sign-in only rehashed it', async () => {
    const { phone, userId } = await register(t);
    // Given a password hashed before peppers were configured: the next sign-in rehashes it.
    const unpeppered = await new PasswordHasher().hash(PASSWORD);
    await t.app
      .get(CommandBus)
      .execute(new ChangePassword(userId, { passwordHash: unpeppered, reason: 'user-request', at: t.clock.now().toISOString() }, systemContext(userId, '127.0.0.1', t.clock.now())));
    t.clock.advance(91 * 86_400_000);
    const rehashing = await t.http().post('/api/v1/auth/login').send({ phone, password: PASSWORD }).expect(200);
    expect(rehashing.body.passwordChangeDue).toBe(true);
    const stored = (await t.app.get(Accounts).loadRegistered(userId))!;
    expect(stored.passwordHash).not.toBe(unpeppered);
    expect(t.app.get(PasswordHasher).needsRehash(stored.passwordHash)).toBe(false);

    const after = await t.http().post('/api/v1/auth/login').send({ phone, password: PASSWORD }).expect(200);
    expect(after.body.passwordChangeDue).toBe(true);
    expect((await t.http().get('/api/v1/me').set(bearer(after.body)).expect(200)).body.passwordChangeDue).toBe(true);
  });

  it('publishes the identity API in OpenAPI, without the development outbox', async () => {
    const doc = await t.http().get('/api/docs/openapi.json').expect(200);
    const paths = Object.keys(doc.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/sms-codes',
        '/api/v1/auth/register',
        '/api/v1/auth/login',
        '/api/v1/auth/login/mfa',
        '/api/v1/auth/refresh',
        '/api/v1/auth/password-reset',
        '/api/v1/auth/step-up',
        '/api/v1/auth/sessions',
        '/api/v1/auth/sessions/{id}',
        '/api/v1/auth/logout',
        '/api/v1/auth/logout-all',
        '/api/v1/me',
        '/api/v1/me/password',
        '/api/v1/me/phone',
        '/api/v1/me/login-log',
        '/api/v1/me/mfa/totp',
        '/api/v1/me/mfa/totp/confirm',
        '/api/v1/me/mfa',
      ]),
    );
    expect(paths).not.toContain('/api/v1/dev/sms-outbox');
    expect(doc.body.components.schemas.RegisterDto.required).toEqual(expect.arrayContaining(['phone', 'smsCode', 'password', 'acceptTerms', 'acceptPrivacy']));
  });
});
