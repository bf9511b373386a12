// `kuaige events verify` and `kuaige audit …` as an operator runs them: the compiled CLI against a data
// directory (dist/server is built by tools/jest-global-setup.js).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openEventStore } from '../../event-store/event-store.factory';
import { sampleMetadata } from '../../event-store/event-store.fixtures';
import { SigningKey } from './signing-key';

const root = join(__dirname, '../../../..');
const cli = join(root, 'dist/server/backend/src/cli/main.js');

const kuaige = (dataDir: string, ...args: string[]) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: { PATH: process.env['PATH'] ?? '', DATA_DIR: dataDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

describe('kuaige events verify against signed digests', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kuaige-cli-audit-'));
  const outside = mkdtempSync(join(tmpdir(), 'kuaige-cli-outside-'));
  const digestFile = join(outside, 'digest.json');
  const keysFile = join(outside, 'keys.json');

  beforeAll(async () => {
    const store = await openEventStore({ eventStoreUrl: null, dataDir });
    for (let i = 0; i < 12; i++) {
      await store.append(`WorkOrder-${i % 3}`, [{ eventId: `audit-cli-${i}`, type: 'WorkOrderNoted', data: { n: i }, metadata: sampleMetadata() }], 'any');
    }
    await store.close();
  });

  it('signs a digest into a file, exports the keys, and verifies the log against both', async () => {
    const signed = await kuaige(dataDir, 'audit', 'sign', '--out', digestFile);
    expect(signed).toMatchObject({ code: 0 });
    expect(signed.stdout).toMatch(/^signed digest [0-9a-f-]{36}: position 12, 12 events, 3 streams, key \S+$/m);
    expect((await kuaige(dataDir, 'audit', 'keys', 'export', '--out', keysFile)).code).toBe(0);
    const ok = await kuaige(dataDir, 'events', 'verify', '--digest', digestFile, '--keys', keysFile);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('OK: 12 events, hash chain intact (global');
    expect(ok.stdout).toMatch(/matches digest \S+ at position 12/);
    // Without arguments: every digest of DATA_DIR, with a note on whose keys are trusted.
    const local = await kuaige(dataDir, 'events', 'verify');
    expect(local.code).toBe(0);
    expect(local.stdout).toContain('note: trusting the public keys recorded in');
    const range = await kuaige(dataDir, 'events', 'verify', '--from', '4', '--to', '9');
    expect(range.code).toBe(0);
    expect(range.stdout).toContain('OK: 6 events, hash chain intact (global, positions 4–9');
  });

  it('exits 3 for a digest that is not authentic: edited, or signed by a key not in the key file', async () => {
    const file = JSON.parse(readFileSync(digestFile, 'utf8'));
    const edited = join(outside, 'edited.json');
    writeFileSync(edited, JSON.stringify({ ...file, digest: { ...file.digest, position: 11, eventCount: 11 } }));
    const bad = await kuaige(dataDir, 'events', 'verify', '--digest', edited, '--keys', keysFile);
    expect(bad.code).toBe(3);
    expect(bad.stdout).toContain('kind            bad-signature');
    const otherKeys = join(outside, 'other-keys.json');
    writeFileSync(otherKeys, JSON.stringify({ keys: [SigningKey.generate().publicKey('2000-01-01T00:00:00.000Z')] }));
    const unknown = await kuaige(dataDir, 'events', 'verify', '--digest', digestFile, '--keys', otherKeys);
    expect(unknown.code).toBe(3);
    expect(unknown.stdout).toContain('kind            unknown-key');
    const garbage = join(outside, 'garbage.json');
    writeFileSync(garbage, '{"digest":{}}');
    expect((await kuaige(dataDir, 'events', 'verify', '--digest', garbage, '--keys', keysFile)).stdout).toContain('kind            malformed-digest');
  });

  it('exits 1 naming the truncation below the digest, and 2 for a bad range', async () => {
    const db = new DatabaseSync(join(dataDir, 'events.sqlite'));
    db.prepare('DELETE FROM events WHERE position > 10').run();
    db.close();
    const cut = await kuaige(dataDir, 'events', 'verify', '--digest', digestFile, '--keys', keysFile);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toContain('BROKEN after 10 intact events, at position 10');
    expect(cut.stdout).toContain('kind            truncated');
    expect(cut.stdout).toContain('covers it up to position 12');
    const json = await kuaige(dataDir, 'events', 'verify', '--digest', digestFile, '--keys', keysFile, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, firstBroken: { kind: 'truncated', position: 10 } });
    const usage = await kuaige(dataDir, 'events', 'verify', '--from', '0');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--from must be a position');
  });

  it('rotates the signing key and keeps the old public key listed', async () => {
    const rotated = await kuaige(dataDir, 'audit', 'keys', 'rotate');
    expect(rotated.code).toBe(0);
    const listed = await kuaige(dataDir, 'audit', 'keys');
    const lines = listed.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).not.toContain('current');
    expect(lines[1]).toContain('current');
  });
});
