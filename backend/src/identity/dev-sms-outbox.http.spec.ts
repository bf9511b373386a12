// The development SMS outbox holds live codes (enough to reset any password): operators only, numbers
// masked, and absent in production.
import { freshPhone, startIdentityApp, type IdentityApp } from './testing/identity-app';

describe('development SMS outbox', () => {
  let t: IdentityApp;
  beforeAll(async () => {
    t = await startIdentityApp();
  });
  afterAll(() => t.close());

  it('refuses visitors without the admin token (401) and with a wrong one (403)', async () => {
    await t.http().post('/api/v1/auth/sms-codes').send({ phone: freshPhone(), purpose: 'register' }).expect(202);
    const anonymous = await t.http().get('/api/v1/dev/sms-outbox').expect(401);
    expect(anonymous.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    // The request id is a UUID, which may hold six digits in a row: look at everything else.
    const { requestId: _requestId, ...rest } = anonymous.body as Record<string, unknown>;
    expect(rest).not.toHaveProperty('messages');
    expect(JSON.stringify(rest)).not.toMatch(/\d{6}/);
    await t.http().get('/api/v1/dev/sms-outbox').set('authorization', `Bearer ${'x'.repeat(43)}`).expect(403);
  });

  it('lists the codes to the operator with the numbers masked', async () => {
    const phone = freshPhone();
    await t.http().post('/api/v1/auth/sms-codes').send({ phone, purpose: 'register' }).expect(202);
    const res = await t.http().get('/api/v1/dev/sms-outbox').set('authorization', `Bearer ${t.adminToken}`).expect(200);
    const messages = res.body.messages as { to: string; text: string; sentAt: string }[];
    expect(messages[0]).toMatchObject({ to: `${phone.slice(0, 3)}****${phone.slice(7)}`, text: expect.stringMatching(/\d{6}/) });
    expect(JSON.stringify(res.body)).not.toContain(phone);
  });
});

describe('development SMS outbox in production', () => {
  it('does not exist, not even for the operator', async () => {
    const t = await startIdentityApp({}, 'production');
    try {
      await t.http().post('/api/v1/auth/sms-codes').send({ phone: freshPhone(), purpose: 'register' }).expect(202);
      await t.http().get('/api/v1/dev/sms-outbox').set('authorization', `Bearer ${t.adminToken}`).expect(404);
      await t.http().get('/api/v1/dev/sms-outbox').expect(404);
    } finally {
      await t.close();
    }
  });
});
