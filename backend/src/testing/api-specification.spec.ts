// The API specification kit against the real product: what it arranges is what the app reads, and its
// expectations fail when the request did something else.
import { accountStream, mobileNumberStream, type AccountEvent, type MobileNumberEvent } from '@kuaige/domain';
import { PersonalData } from '../identity/personal-data';
import { freshPhone, login, PASSWORD, register, requestSmsCode, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { apiSpec, existingStream, expectNewEvents, expectNoNewEvents, expectResponse } from './api-specification';

describe('API specifications', () => {
  let t: IdentityApp;
  beforeAll(async () => {
    t = await startIdentityApp();
  });
  afterAll(() => t.close());

  it('arranges streams the app then reads: a number another account holds cannot be registered again', async () => {
    const phone = freshPhone();
    const smsCode = await requestSmsCode(t, phone);
    const mobileIndex = t.app.get(PersonalData).mobileIndex(phone);
    const claim = mobileNumberStream(mobileIndex);
    const at = '2026-01-01T00:00:00.000Z';
    // A claim whose account exists: a claim without one would be completed by whoever proves the number.
    const holder: AccountEvent = {
      type: 'AccountRegistered',
      data: { userId: 'someone-else', mobileIndex, mobileEncrypted: 'x', passwordHash: 'x', displayName: 'someone', consent: { termsVersion: '1', privacyVersion: '1', at }, at },
    };
    await apiSpec(t)
      .given(
        existingStream<AccountEvent>(accountStream('someone-else'), [holder]),
        existingStream<MobileNumberEvent>(claim, [{ type: 'MobileNumberClaimed', data: { userId: 'someone-else', at } }]),
      )
      .when((http) => http.post('/api/v1/auth/register').send({ phone, smsCode, password: PASSWORD, acceptTerms: true, acceptPrivacy: true }))
      .then(
        expectResponse(409, expect.objectContaining({ statusCode: 409, errors: [expect.objectContaining({ field: 'phone', rule: 'already-registered' })] })),
        expectNewEvents(claim, []),
      );
  });

  it('signs the user in through the endpoints and sends the request with its token', async () => {
    const { phone, userId } = await register(t);
    const { response } = await apiSpec(t)
      .as((app) => login(app, phone))
      .when((http) => http.get('/api/v1/me'))
      .then(expectResponse(200, expect.objectContaining({ userId })), expectNoNewEvents());
    expect(response.headers['content-type']).toContain('application/json');
  });

  it('fails when the request appended events it should not have, or others than expected', async () => {
    const { phone, userId } = await register(t);
    const signIn = () => apiSpec(t).when((http) => http.post('/api/v1/auth/login').send({ phone, password: PASSWORD }));
    await expect(signIn().then(expectNoNewEvents())).rejects.toThrow(/toEqual/);
    await expect(signIn().then(expectNewEvents(accountStream(userId), [{ type: 'LoginFailed', data: expect.anything() }]))).rejects.toThrow(/toEqual/);
    await expect(signIn().then(expectResponse(201))).rejects.toThrow(/toEqual/);
    await signIn().then(expectResponse(200), expectNewEvents(accountStream(userId), [{ type: 'LoginSucceeded', data: expect.objectContaining({ method: 'password' }) }]));
  });
});
