// Requests Fastify refuses before a route runs (malformed URL, body that is not JSON) are answered
// with the common error body too, naming field and rule, like every other refusal.
import { bearer, login, register, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';

describe('refusals before a route runs', () => {
  let t: IdentityApp;
  beforeAll(async () => {
    t = await startIdentityApp();
  });
  afterAll(() => t.close());

  const inject = (url: string, payload?: string) =>
    t.app.getHttpAdapter().getInstance().inject({ method: 'POST', url, headers: { 'content-type': 'application/json', 'x-request-id': 'req-1' }, ...(payload === undefined ? {} : { payload }) });

  it('answers a URL that is not valid percent-encoded UTF-8 with 400 naming the url', async () => {
    const res = await inject('/api/v1/admin/projections/%ED%A0%80/rebuild');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', errors: [{ field: 'url', rule: 'url-encoding' }], requestId: 'req-1' });
  });

  it.each([
    ['malformed JSON', '{"phone":'],
    ['a __proto__ key', '{"__proto__":{"polluted":"yes"},"phone":"13812345678","password":"x"}'],
    ['a constructor.prototype key', '{"constructor":{"prototype":{"polluted":"yes"}},"phone":"13812345678","password":"x"}'],
  ])('answers a body with %s with 400 naming the body', async (_, payload) => {
    const res = await inject('/api/v1/auth/login', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, errors: [{ field: 'body', rule: 'json' }], requestId: 'req-1' });
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('answers a path id that is not a UUID with 400 naming the parameter', async () => {
    const session = await login(t, (await register(t)).phone);
    const res = await t.http().delete('/api/v1/auth/sessions/%20').set(bearer(session)).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, errors: [{ field: 'id', rule: 'isUuid' }] });
  });
});
