// Tamper evidence through the real product: compliance staff sign and download digests, check them
// with the published keys, and run verifications as jobs; others get 403 and see nothing.
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { EventStore } from '@kuaige/eventsourcing';
import { EVENT_STORE } from '../../event-sourcing/aggregate-streams';
import { bearer, startIdentityApp, type IdentityApp } from '../../identity/testing/identity-app';
import { nationalRoot, nodeWithAdmin, staffOf, type Person } from '../../tenancy/testing/tenancy-app';
import { authenticateDigest, type DigestFile } from './digest';
import { verifyLog } from './log-verifier';
import { parseKeySet } from './signing-key';

const eventually = async <T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('audit integrity over HTTP', () => {
  let t: IdentityApp;
  let events: EventStore;
  let compliance: Person;
  let staff: Person;

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    compliance = await staffOf(t, guangdong.admin, guangdong.nodeId, ['compliance']);
    staff = await staffOf(t, guangdong.admin, guangdong.nodeId, ['operator-staff']);
  }, 180_000);
  afterAll(() => t.close());

  const finished = (id: string) =>
    eventually(async () => {
      const res = await t.http().get(`/api/v1/audit/verifications/${id}`).set(bearer(compliance)).expect(200);
      return ['passed', 'broken', 'error'].includes(res.body.state) ? res.body : null;
    }, `verification ${id}`);

  it('signs a digest of the head on demand, once per Idempotency-Key, and lists it', async () => {
    const head = await events.headPosition();
    const first = await t.http().post('/api/v1/audit/digests').set(bearer(compliance)).set('Idempotency-Key', 'sign-digest-0001').send({}).expect(201);
    expect(first.body).toMatchObject({ format: 'kuaige-audit-digest/1', chain: 'global', store: 'embedded-sqlite', trigger: 'api', eventCount: first.body.position });
    expect(first.body.position).toBeGreaterThanOrEqual(head);
    const again = await t.http().post('/api/v1/audit/digests').set(bearer(compliance)).set('Idempotency-Key', 'sign-digest-0001').send({}).expect(201);
    expect(again.body.digestId).toBe(first.body.digestId);
    const reused = await t.http().post('/api/v1/audit/digests').set(bearer(compliance)).set('Idempotency-Key', 'sign-digest-0001').send({ note: 'other' }).expect(422);
    expect(reused.body.errors[0]).toMatchObject({ field: 'Idempotency-Key', rule: 'same-request' });
    const list = await t.http().get('/api/v1/audit/digests?pageSize=100').set(bearer(compliance)).expect(200);
    expect(list.body.items[0]).toMatchObject({ digestId: first.body.digestId });
    expect(list.body.items.filter((d: { digestId: string }) => d.digestId === first.body.digestId)).toHaveLength(1);
  });

  it('downloads a self-contained digest file that the public keys authenticate and the log satisfies', async () => {
    const { body: signed } = await t.http().post('/api/v1/audit/digests').set(bearer(compliance)).send({}).expect(201);
    const res = await t.http().get(`/api/v1/audit/digests/${signed.digestId}`).set(bearer(compliance)).buffer(true).parse((r, done) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c.toString('utf8')));
      r.on('end', () => done(null, text));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="kuaige-audit-digest-\d+-.+\.json"$/);
    const file = JSON.parse(res.body as unknown as string) as DigestFile;
    expect(file.digest.digestId).toBe(signed.digestId);
    // The outsider's way: the keys from the public endpoint, no account.
    const published = await t.http().get('/.well-known/kuaige-audit-keys.json').expect(200);
    const keys = parseKeySet(JSON.stringify(published.body));
    expect(keys.map((k) => k.kid)).toContain(file.digest.keyId);
    expect(authenticateDigest(file, keys)).toBeUndefined();
    expect(await verifyLog(events, { digests: [file], trustedKeys: keys, to: file.digest.position })).toMatchObject({ ok: true, digestsVerified: [{ digestId: file.digest.digestId }] });
    const inApi = await t.http().get('/api/v1/audit/keys').set(bearer(compliance)).expect(200);
    expect(inApi.body).toEqual(published.body);
    expect(JSON.stringify(inApi.body)).not.toMatch(/PRIVATE KEY|"d":/);
  });

  it('runs a verification as a job with progress and reports it passed', async () => {
    const started = await t.http().post('/api/v1/audit/verifications').set(bearer(compliance)).set('Idempotency-Key', 'verify-run-0001').send({}).expect(202);
    expect(started.body).toMatchObject({ id: expect.any(String), requestedBy: compliance.userId });
    const again = await t.http().post('/api/v1/audit/verifications').set(bearer(compliance)).set('Idempotency-Key', 'verify-run-0001').send({}).expect(202);
    expect(again.body.id).toBe(started.body.id);
    await t.http().post('/api/v1/audit/verifications').set(bearer(compliance)).set('Idempotency-Key', 'verify-run-0001').send({ note: 'other' }).expect(422);
    const done = await finished(started.body.id);
    expect(done).toMatchObject({ state: 'passed', progress: 100, result: { ok: true, firstBroken: null } });
    expect(done.result.digestsVerified.length).toBeGreaterThanOrEqual(2);
    const state = await t.http().get('/api/v1/audit/verifications').set(bearer(compliance)).expect(200);
    expect(state.body.latest.id).toBe(started.body.id);
    expect(state.body.lastDigest).toMatchObject({ format: 'kuaige-audit-digest/1' });
  });

  it('refuses staff without the compliance role (403) and anyone signed out (401), listing nothing', async () => {
    for (const [method, path] of [
      ['get', '/api/v1/audit/digests'],
      ['post', '/api/v1/audit/digests'],
      ['get', '/api/v1/audit/verifications'],
      ['post', '/api/v1/audit/verifications'],
      ['get', '/api/v1/audit/keys'],
    ] as const) {
      const refused = await t.http()[method](path).set(bearer(staff)).send({});
      expect({ path, status: refused.status, rule: refused.body.errors?.[0]?.rule, items: refused.body.items }).toEqual({ path, status: 403, rule: 'permission', items: undefined });
      expect((await t.http()[method](path).send({})).status).toBe(401);
    }
  });

  it('answers bad input with 400 naming the field, and unknown ids with 404', async () => {
    const bad = await t.http().get('/api/v1/audit/digests?pageSize=1000').set(bearer(compliance)).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'pageSize' })]);
    const key = await t.http().post('/api/v1/audit/digests').set(bearer(compliance)).set('Idempotency-Key', 'bad key!').send({}).expect(400);
    expect(key.body.errors[0]).toMatchObject({ field: 'Idempotency-Key', rule: 'idempotency-key' });
    expect((await t.http().get('/api/v1/audit/digests/nope').set(bearer(compliance)).expect(404)).body.errors[0]).toMatchObject({ field: 'id', rule: 'exists' });
    await t.http().get('/api/v1/audit/verifications/nope').set(bearer(compliance)).expect(404);
  });

  it('reports a changed event as the first broken link of a verification', async () => {
    // Written with another connection to the running product's file, as an intruder would.
    const db = new DatabaseSync(join(t.dataDir, 'events.sqlite'));
    const row = db.prepare('SELECT position, event_id, stream_id, data FROM events WHERE position = 3').get() as { position: number; event_id: string; stream_id: string; data: string };
    db.prepare('UPDATE events SET data = ? WHERE position = 3').run(row.data.replace(/"(\w+)":/, '"$1x":'));
    db.close();
    const started = await t.http().post('/api/v1/audit/verifications').set(bearer(compliance)).send({}).expect(202);
    const done = await finished(started.body.id);
    expect(done).toMatchObject({ state: 'broken', result: { ok: false, checked: 2, firstBroken: { kind: 'hash-mismatch', position: 3, eventId: row.event_id, streamId: row.stream_id } } });
  });
});
