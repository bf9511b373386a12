// A registration spans two streams (the number's claim, then the account). A crash between the two
// appends must never leave the number unusable: the retry completes the registration.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AggregateStreams } from '../event-sourcing/aggregate-streams';
import { account, accountStream, mobileNumber, mobileNumberStream } from '@kuaige/domain';
import { maskMobile } from './crypto';
import { PersonalData } from './personal-data';
import { freshPhone, login, PASSWORD, register, requestSmsCode, startIdentityApp, type IdentityApp } from './testing/identity-app';

const root = join(__dirname, '../../..');
const main = join(root, 'dist/server/backend/src/main.js'); // built (when stale) by tools/jest-global-setup.js
const crashAfterClaim = join(__dirname, 'testing/crash-after-mobile-claim.cjs');
const ADMIN_TOKEN = 'registration-recovery-admin-token-0123456789';

interface Product {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the compiled product on `dataDir` (embedded SQLite) and waits until it listens. */
const startProduct = (dataDir: string, preload: string[] = []): Promise<Product> => {
  const child = spawn(process.execPath, [...preload.flatMap((p) => ['--require', p]), main], {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      ADMIN_TOKEN,
      PORT: '0',
      CONSOLE_DIR: 'off',
      LOG_LEVEL: 'silent',
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      LOGIN_ATTEMPTS_PER_IP: '100000',
      SMS_CODES_PER_IP_PER_HOUR: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /listening on (http:\/\/[^\s"]+)/.exec(line);
      if (match) resolve({ child, url: match[1]!, exited });
    });
    void exited.then(({ code, signal }) => reject(new Error(`the product exited before listening (${code ?? signal})`)));
  });
};

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('a registration interrupted between its two appends', () => {
  const running: ChildProcess[] = [];
  afterAll(() => {
    for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });

  it('completes when retried with the same Idempotency-Key after the process was killed and restarted', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kuaige-crash-'));
    const phone = freshPhone();
    const first = await startProduct(dataDir, [crashAfterClaim]);
    running.push(first.child);
    expect((await post(`${first.url}/api/v1/auth/sms-codes`, { phone, purpose: 'register' })).status).toBe(202);
    const outbox = (await (await fetch(`${first.url}/api/v1/dev/sms-outbox`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as { messages: { to: string; text: string }[] };
    const smsCode = /\d{6}/.exec(outbox.messages.find((m) => m.to === maskMobile(phone))!.text)![0];
    const registration = { phone, smsCode, password: PASSWORD, acceptTerms: true, acceptPrivacy: true };
    const key = { 'idempotency-key': 'registration-crash-0001' };

    await expect(post(`${first.url}/api/v1/auth/register`, registration, key)).rejects.toThrow('fetch failed'); // the connection died with the process
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const second = await startProduct(dataDir);
    running.push(second.child);
    const retried = await post(`${second.url}/api/v1/auth/register`, registration, key);
    expect(retried.status).toBe(201);
    const body = (await retried.json()) as { userId: string };
    const signedIn = await post(`${second.url}/api/v1/auth/login`, { phone, password: PASSWORD });
    expect(signedIn.status).toBe(200);
    const me = await fetch(`${second.url}/api/v1/me`, { headers: { authorization: `Bearer ${((await signedIn.json()) as { accessToken: string }).accessToken}` } });
    expect(((await me.json()) as { userId: string }).userId).toBe(body.userId);
    second.child.kill('SIGTERM');
    await second.exited;
  }, 60_000);
});

describe('a mobile number claimed by a registration that never opened its account', () => {
  let t: IdentityApp;
  beforeAll(async () => {
    t = await startIdentityApp();
  });
  afterAll(() => t.close());

  it('is registered by whoever proves the number with a new SMS code, under a new key', async () => {
    const phone = freshPhone();
    const orphan = '0b7d2c8e-4f1a-4c3b-9d5e-6a7b8c9d0e1f';
    // What a crash after the claim leaves behind: the claim, and no account.
    await t.app.get(AggregateStreams).handle(
      mobileNumberStream(t.app.get(PersonalData).mobileIndex(phone)),
      { type: 'ClaimMobileNumber', data: { userId: orphan, at: t.clock.now().toISOString() } },
      mobileNumber,
      { actor: { userId: orphan }, tenantIds: [], jurisdiction: [] },
    );
    const smsCode = await requestSmsCode(t, phone);
    const created = await t
      .http()
      .post('/api/v1/auth/register')
      .set('Idempotency-Key', 'orphan-claim-0001')
      .send({ phone, smsCode, password: PASSWORD, acceptTerms: true, acceptPrivacy: true })
      .expect(201);
    expect(created.body.userId).toBe(orphan);
    await login(t, phone);
    // The same request again answers as it did, though the number is now held by a registered account.
    const retried = await t
      .http()
      .post('/api/v1/auth/register')
      .set('Idempotency-Key', 'orphan-claim-0001')
      .send({ phone, smsCode, password: PASSWORD, acceptTerms: true, acceptPrivacy: true })
      .expect(201);
    expect(retried.body).toEqual(created.body);
  });

  it('is registered by someone else when its holder moved to another number and a crash kept the old claim', async () => {
    const { phone: old, userId } = await register(t);
    const streams = t.app.get(AggregateStreams);
    const personal = t.app.get(PersonalData);
    const next = freshPhone();
    const at = t.clock.now().toISOString();
    const system = { actor: { userId }, tenantIds: [], jurisdiction: [] };
    // What a crash in a change of number after the switch and before the release leaves behind.
    await streams.handle(mobileNumberStream(personal.mobileIndex(next)), { type: 'ClaimMobileNumber', data: { userId, at } }, mobileNumber, system);
    await streams.handle(
      accountStream(userId),
      { type: 'ChangeMobileNumber', data: { mobileIndex: personal.mobileIndex(next), mobileEncrypted: personal.encrypt(userId, 'mobile', next), at } },
      account,
      system,
    );
    t.clock.advance(61_000);
    const smsCode = await requestSmsCode(t, old);
    const created = await t.http().post('/api/v1/auth/register').send({ phone: old, smsCode, password: PASSWORD, acceptTerms: true, acceptPrivacy: true }).expect(201);
    expect(created.body.userId).not.toBe(userId);
    await login(t, old);
    await login(t, next);
  });
});
