// Request bodies through the real HTTP stack, on public endpoints (no sign-in needed to send them):
// JSON only, nested at most 32 deep, no larger than BODY_LIMIT_BYTES.
import { freshPhone, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';

let t: IdentityApp;
beforeAll(async () => {
  t = await startIdentityApp();
});
afterAll(() => t.close());

const postJson = (path: string, text: string) => t.http().post(path).set('content-type', 'application/json').send(text);
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('nesting depth of JSON bodies', () => {
  it.each([
    ['arrays 5,000 deep', nestedArrays(5_000)],
    ['objects 10,000 deep', nestedObjects(10_000)],
    ['33 levels in all', nestedArrays(32)],
  ])('answers 400 max-depth before validation for %s', async (_, nested) => {
    const res = await postJson('/api/v1/auth/sms-codes', `{"phone":${nested},"purpose":"register"}`).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', requestId: expect.any(String) });
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0]).toMatchObject({ field: 'body', rule: 'max-depth' });
    expect(res.body.errors[0].message).toContain('32');
  });

  it('lets 32 levels through to validation', async () => {
    const res = await postJson('/api/v1/auth/sms-codes', `{"phone":${nestedArrays(31)},"purpose":"register"}`).expect(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'phone', rule: 'isString' }));
  });

  it('refuses a body that is itself deeply nested', async () => {
    const res = await postJson('/api/v1/auth/login', nestedObjects(10_000)).expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'body', rule: 'max-depth' });
  });

  it('counts brackets inside strings as text, not as nesting', async () => {
    const res = await postJson('/api/v1/auth/sms-codes', JSON.stringify({ phone: `${'['.repeat(100)}"\\{`, purpose: 'register' })).expect(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'phone', rule: 'mainlandMobile' }));
  });

  it('lets ordinary bodies through, and still answers 400 to malformed JSON', async () => {
    await postJson('/api/v1/auth/sms-codes', JSON.stringify({ phone: freshPhone(), purpose: 'register' })).expect(202);
    const bad = await postJson('/api/v1/auth/sms-codes', '{"phone":').expect(400);
    expect(bad.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('still refuses prototype-poisoning keys', async () => {
    await postJson('/api/v1/auth/sms-codes', '{"phone":"13900000000","purpose":"register","__proto__":{"admin":true}}').expect(400);
  });

  it('bounds huge flat arrays and strings by the body limit (413)', async () => {
    const wide = `{"phone":[${'1,'.repeat(600_000)}1],"purpose":"register"}`;
    const res = await postJson('/api/v1/auth/sms-codes', wide).expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    await postJson('/api/v1/auth/sms-codes', JSON.stringify({ phone: 'x'.repeat(1_100_000), purpose: 'register' })).expect(413);
  });
});

describe('content types of API requests', () => {
  it.each([
    ['application/x-www-form-urlencoded', `phone=${freshPhone()}&purpose=register`],
    ['text/plain', JSON.stringify({ phone: freshPhone(), purpose: 'register' })],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="phone"\r\n\r\n13900000000\r\n--x--\r\n'],
    ['application/xml', '<phone>13900000000</phone>'],
  ])('refuses %s with 415 and the error body', async (type, body) => {
    const res = await t.http().post('/api/v1/auth/sms-codes').set('content-type', type).send(body).expect(415);
    expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type', requestId: expect.any(String) });
    expect(res.body.errors[0]).toMatchObject({ field: 'content-type', rule: 'media-type' });
    expect(res.body.message).toContain('application/json');
  });

  it('refuses a body without a content type', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sms-codes', payload: Buffer.from('{"phone":"13900000000","purpose":"register"}') });
    expect(res.statusCode).toBe(415);
  });

  it('accepts application/json with a charset', async () => {
    await t
      .http()
      .post('/api/v1/auth/sms-codes')
      .set('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ phone: freshPhone(), purpose: 'register' }))
      .expect(202);
  });

  it('leaves requests without a body alone', async () => {
    await t.http().get('/health').expect(200);
    await t.http().delete('/api/v1/auth/sessions/none').expect(401);
  });

  it('applies to GraphQL as well', async () => {
    const res = await t.http().post('/graphql').set('content-type', 'text/plain').send('{"query":"{ platform { version } }"}').expect(415);
    expect(res.body.errors[0]).toMatchObject({ field: 'content-type', rule: 'media-type' });
    const ok = await t.http().post('/graphql').set('content-type', 'application/json').send({ query: '{ platform { name detailed } }' }).expect(200);
    expect(ok.body.data.platform).toEqual({ name: expect.any(String), detailed: false });
  });
});
