// PLAT-2 through the real API: no plain phone number or name in the event store or the read models.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReadModelStore } from '@kuaige/projections';
import { READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { bearer, login, PASSWORD, register, startIdentityApp, type IdentityApp } from './testing/identity-app';

describe('personal data at rest', () => {
  let t: IdentityApp;
  beforeAll(async () => {
    t = await startIdentityApp();
  });
  afterAll(() => t.close());

  it('stores phone numbers and real names only encrypted or blind-indexed', async () => {
    const { phone } = await register(t, '13987654321');
    const s = await login(t, phone);
    const realName = '诸葛孔明';
    await t.http().patch('/api/v1/me').set(bearer(s)).send({ realName }).expect(200);
    await t.http().post('/api/v1/auth/login').send({ phone: '13700001111', password: PASSWORD }).expect(401); // an unknown number
    await t.http().get('/api/v1/me/login-log').set(bearer(s)).expect(200); // read models caught up

    const needles = ['13987654321', '987654321', '13700001111', realName, '孔明', PASSWORD].map((n) => Buffer.from(n, 'utf8'));
    const files = readdirSync(t.dataDir).filter((f) => f.includes('sqlite'));
    expect(files).toEqual(expect.arrayContaining(['events.sqlite']));
    for (const file of files) {
      const bytes = readFileSync(join(t.dataDir, file));
      for (const needle of needles) expect([file, needle.toString(), bytes.includes(needle)]).toEqual([file, needle.toString(), false]);
    }
    // The events are there all the same, just not readable: the check above is not vacuous.
    const all = Buffer.concat(files.map((f) => readFileSync(join(t.dataDir, f))));
    expect(all.includes(Buffer.from('AccountRegistered'))).toBe(true);
    expect(all.includes(Buffer.from('enc:p1:'))).toBe(true); // under the person's own key (ADR 0017)

    const store = t.app.get<ReadModelStore>(READ_MODEL_STORE);
    const rows = [];
    for (const name of ['accounts', 'sessions', 'login_log']) rows.push(...(await store.collection(name).find({})));
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const text = JSON.stringify(rows);
    for (const needle of needles) expect(text.includes(needle.toString())).toBe(false);
    expect(text).toContain('enc:p1:');
  });
});
