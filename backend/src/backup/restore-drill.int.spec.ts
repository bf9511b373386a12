// The restore drill as an operator runs it: the compiled `kuaige` against the data directory of a
// running server whose world was built through the API (dist/server is built by tools/jest-global-setup.js).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { generateWorkOrderDemo } from '../demo/work-order-demo';
import { bearer, login, register, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { MANIFEST_FILE, sha256File, type BackupManifest } from './backup-set';

const root = join(__dirname, '../../..');
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

/** A copy of a backup changed by `tamper`, with the manifest's checksums made to fit when `refit`. */
const tamperedCopy = async (backupDir: string, tamper: (db: DatabaseSync) => void, refit: boolean): Promise<string> => {
  const copy = join(mkdtempSync(join(tmpdir(), 'kuaige-tampered-')), 'backup');
  cpSync(backupDir, copy, { recursive: true });
  const db = new DatabaseSync(join(copy, 'events.sqlite'));
  tamper(db);
  db.close();
  if (refit) {
    const manifest = JSON.parse(readFileSync(join(copy, MANIFEST_FILE), 'utf8')) as BackupManifest;
    const files = await Promise.all(manifest.files.map(async (f) => ({ ...f, bytes: statSync(join(copy, f.name)).size, sha256: await sha256File(join(copy, f.name)) })));
    writeFileSync(join(copy, MANIFEST_FILE), JSON.stringify({ ...manifest, files }));
  }
  return copy;
};

describe('kuaige backup and restore drill', () => {
  let t: IdentityApp;
  let backupId: string;
  let backupDir: string;
  let position: number;
  let erasedLater: string;

  beforeAll(async () => {
    t = await startIdentityApp();
    const { phone, userId } = await register(t);
    erasedLater = userId;
    const s = await login(t, phone);
    await t.http().patch('/api/v1/me').set(bearer(s)).send({ realName: '欧阳修' }).expect(200);
    await generateWorkOrderDemo(t.app, t.dataDir, { workOrders: 8, seed: 5, until: '2026-11-30', concurrency: 4 });
  }, 240_000);
  afterAll(() => t.close());

  it('takes an online backup of the running server and lists it', async () => {
    const created = await kuaige(t.dataDir, 'backup', 'create');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    [, backupId] = /^backup (\S+) in /.exec(created.stdout)!;
    expect(created.stdout).toMatch(/events\.sqlite .* sha256 [0-9a-f]{64}/);
    position = Number(/head: position (\d+)/.exec(created.stdout)![1]);
    expect(position).toBeGreaterThan(100);
    backupDir = join(t.dataDir, 'backups', backupId);
    // The source moves on after the backup: the drill compares at the backup's position, not the head.
    await register(t);
    await t
      .http()
      .post(`/api/v1/admin/accounts/${erasedLater}/personal-data-erasure`)
      .set('authorization', `Bearer ${t.adminToken}`)
      .send({ reason: 'erased after the backup', confirmUserId: erasedLater })
      .expect(200);
    const listed = await kuaige(t.dataDir, 'backup', 'list');
    expect(listed.stdout).toContain(`${backupId} `);
    expect(listed.stdout).toMatch(new RegExp(`position\\s+${position}\\s`));
  });

  it('the drill passes: same log, intact chain, read models equal to the source at the backup position', async () => {
    const drill = await kuaige(t.dataDir, 'restore', 'drill');
    expect(drill.stderr).toBe('');
    expect(drill.stdout).toContain(`restore drill of backup ${backupId} (head position ${position})`);
    expect(drill.stdout).toMatch(/ok {4}files\s+4 file\(s\) match the manifest \(audit-integrity\.sqlite, checkpoints\.sqlite, events\.sqlite, personal-keys\.sqlite\)/);
    expect(drill.stdout).toMatch(new RegExp(`ok {4}hash chain\\s+${position} events, intact`));
    expect(drill.stdout).toMatch(new RegExp(`ok {4}source at backup position\\s+source has the same ${position} events`));
    expect(drill.stdout).toMatch(/ok {4}read models\s+\d+ read models, \d+ documents equal/);
    const documents = Number(/(\d+) documents equal/.exec(drill.stdout)![1]);
    expect(documents).toBeGreaterThan(50);
    expect(drill.stdout).toContain('PASSED');
    expect(drill.code).toBe(0);
  }, 120_000);

  it('restores into a fresh directory, which then verifies, keeps erasures made since, and refuses a non-empty one', async () => {
    const keysInBackup = new DatabaseSync(join(backupDir, 'personal-keys.sqlite'), { readOnly: true });
    expect(keysInBackup.prepare('SELECT count(*) AS n FROM person_keys WHERE subject = ?').get(`account:${erasedLater}`)).toEqual({ n: 1 });
    keysInBackup.close();
    const target = join(mkdtempSync(join(tmpdir(), 'kuaige-restored-')), 'data');
    const restored = await kuaige(t.dataDir, 'restore', backupId, '--into', target);
    expect(restored.stdout).toContain(`restored backup ${backupId} (position ${position}`);
    expect(restored.stdout).toContain('applied to the restored keys: 1 key(s) destroyed again');
    expect(restored.code).toBe(0);
    expect(existsSync(join(target, 'events.sqlite'))).toBe(true);
    const keys = new DatabaseSync(join(target, 'personal-keys.sqlite'), { readOnly: true });
    expect(keys.prepare('SELECT count(*) AS n FROM person_keys WHERE subject = ?').get(`account:${erasedLater}`)).toEqual({ n: 0 });
    expect(Number((keys.prepare('SELECT count(*) AS n FROM person_keys').get() as { n: number }).n)).toBeGreaterThan(5);
    keys.close();
    const verified = await kuaige(target, 'events', 'verify');
    expect(verified.stdout).toContain(`OK: ${position} events`);

    const again = await kuaige(t.dataDir, 'restore', backupId, '--into', target);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${target} is not empty: restore into a fresh directory`);
  });

  it('a backup with a changed event fails the drill, naming the file, the event and the read models that differ', async () => {
    const firstRequest = "(SELECT min(position) FROM events WHERE type = 'MaintenanceRequested')";
    const damaged = await tamperedCopy(backupDir, (db) => db.prepare(`UPDATE events SET data = json_set(data, '$.number', 'WO-TAMPERED') WHERE position = ${firstRequest}`).run(), false);
    const copy = new DatabaseSync(join(damaged, 'events.sqlite'), { readOnly: true });
    const changed = copy.prepare(`SELECT position, event_id FROM events WHERE position = ${firstRequest}`).get() as { position: number; event_id: string };
    copy.close();
    const drill = await kuaige(t.dataDir, 'restore', 'drill', '--backup', damaged);
    expect(drill.code).toBe(1);
    expect(drill.stdout).toMatch(/DIFF {2}files\s+events\.sqlite: sha256 [0-9a-f]{64} \(\d+ bytes\), manifest says/);
    expect(drill.stdout).toMatch(/ok {4}restored head/);
    expect(drill.stdout).toContain(`event ${changed.event_id} in WorkOrder-`);
    expect(drill.stdout).toContain(`at position ${changed.position} (stored`);
    expect(drill.stdout).toMatch(/DIFF {2}read models\s+.*work_orders: 1 document\(s\) differ/);
    expect(drill.stdout).toMatch(/FAILED: \d check\(s\) differ/);
  }, 120_000);

  it('a backup missing an event fails the drill even with a manifest made to fit it', async () => {
    const damaged = await tamperedCopy(backupDir, (db) => db.prepare("DELETE FROM events WHERE position = (SELECT min(position) FROM events WHERE type = 'WorkOrderDispatched')").run(), true);
    const drill = await kuaige(t.dataDir, 'restore', 'drill', '--backup', damaged);
    expect(drill.code).toBe(1);
    expect(drill.stdout).toMatch(/ok {4}files/);
    expect(drill.stdout).toMatch(new RegExp(`DIFF {2}restored head\\s+restored position ${position}, ${position - 1} events`));
    expect(drill.stdout).toMatch(/DIFF {2}hash chain\s+broken after \d+ intact events: event \S+ in WorkOrder-\S+ at position/);
    expect(drill.stdout).toMatch(new RegExp(`DIFF {2}source at backup position\\s+source up to position ${position}: ${position} events`));
    expect(drill.stdout).toMatch(/DIFF {2}read models\s+.*work_orders: 1 document\(s\) differ/);
  }, 120_000);
});
