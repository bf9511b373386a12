import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { EmbeddedSqliteEventStore } from '../event-store/embedded-sqlite.event-store';
import { testEvents } from '../event-store/event-store.fixtures';
import { SqliteCheckpointStore } from '../event-sourcing/sqlite-checkpoint-store';
import { verifyChain } from '../event-store/hash-chain';
import { backupOrder, BackupError, checkBackupFiles, createBackup, findBackup, listBackups, MANIFEST_FILE, pruneBackups, restoreBackup, sha256File } from './backup-set';
import { loadBackupSettings } from './backup.config';

const fresh = (name: string) => mkdtempSync(join(tmpdir(), `kuaige-backup-${name}-`));

const dataDirWith = async (events: number) => {
  const dataDir = fresh('data');
  const store = new EmbeddedSqliteEventStore(join(dataDir, 'events.sqlite'));
  await store.append('WorkOrder-1', testEvents(events), 'any');
  const checkpoints = new SqliteCheckpointStore(join(dataDir, 'checkpoints.sqlite'));
  await checkpoints.save('sla-from-work-orders', events);
  checkpoints.close();
  writeFileSync(join(dataDir, 'field-keys.json'), '{}', { mode: 0o600 });
  return { dataDir, store };
};

describe('online backups of the embedded store', () => {
  it('copies every SQLite file of the data directory, derived state first and person keys last, with a manifest', async () => {
    const { dataDir, store } = await dataDirWith(5);
    new DatabaseSync(join(dataDir, 'personal-keys.sqlite')).exec('CREATE TABLE k (x)');
    expect(backupOrder(dataDir)).toEqual(['checkpoints.sqlite', 'events.sqlite', 'personal-keys.sqlite']);

    const backupDir = fresh('set');
    const { dir, manifest } = await createBackup(dataDir, backupDir, new Date('2026-12-01T16:00:00Z'));
    const head = (await store.readStream('WorkOrder-1')).at(-1)!;
    expect(manifest.id).toMatch(/^20261201T160000Z-[0-9a-f]{6}$/);
    expect(manifest.head).toEqual({ position: 5, hash: head.hash, events: 5 });
    expect(manifest.files.map((f) => f.name)).toEqual(['checkpoints.sqlite', 'events.sqlite', 'personal-keys.sqlite']);
    for (const f of manifest.files) expect(await sha256File(join(dir, f.name))).toBe(f.sha256);
    expect(readdirSync(dir).sort()).toEqual(['checkpoints.sqlite', 'events.sqlite', MANIFEST_FILE, 'personal-keys.sqlite']);
    expect(manifest.notIncluded.join(' ')).toContain('field-keys.json');
    expect(JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8'))).toEqual(manifest);
    await store.close();
  });

  it('takes a consistent copy while appends keep arriving', async () => {
    const { dataDir, store } = await dataDirWith(1);
    const writing = (async () => {
      for (let i = 0; i < 200; i++) await store.append(`WorkOrder-${i % 7}`, testEvents(3), 'any');
    })();
    const backups = [];
    for (let i = 0; i < 4; i++) backups.push(await createBackup(dataDir, fresh('online')));
    await writing;
    for (const b of backups) {
      const copy = new EmbeddedSqliteEventStore(join(b.dir, 'events.sqlite'));
      const chain = await verifyChain(copy.readAll(), { mode: 'global' });
      expect(chain).toEqual({ checked: b.manifest.head.events });
      expect(b.manifest.head.events).toBe(b.manifest.head.position);
      await copy.close();
    }
    await store.close();
  });

  it('lists backups oldest first, finds one by id or path, and names the known ones when it cannot', async () => {
    const { dataDir, store } = await dataDirWith(2);
    const backupDir = fresh('list');
    const a = await createBackup(dataDir, backupDir, new Date('2026-11-01T00:00:00Z'));
    const b = await createBackup(dataDir, backupDir, new Date('2026-11-02T00:00:00Z'));
    mkdirSync(join(backupDir, '20261103T000000Z-abcdef.partial'));
    expect(listBackups(backupDir).map((x) => x.manifest.id)).toEqual([a.manifest.id, b.manifest.id]);
    expect(findBackup(backupDir, b.manifest.id).dir).toBe(b.dir);
    expect(findBackup(backupDir, a.dir).manifest.id).toBe(a.manifest.id);
    expect(() => findBackup(backupDir, 'nope')).toThrow(`no backup "nope"`);
    expect(() => findBackup(backupDir, 'nope')).toThrow(b.manifest.id);
    await store.close();
  });

  it('keeps the newest BACKUP_KEEP backups and none older than BACKUP_MAX_AGE_DAYS, but always the newest', async () => {
    const { dataDir, store } = await dataDirWith(1);
    const backupDir = fresh('prune');
    const ids = [];
    for (const day of ['01', '10', '20', '25', '28']) ids.push((await createBackup(dataDir, backupDir, new Date(`2026-11-${day}T03:00:00Z`))).manifest.id);
    const now = new Date('2026-11-30T00:00:00Z');
    expect(pruneBackups(backupDir, { keep: 4, maxAgeDays: 15 }, now)).toEqual([ids[0], ids[1]]);
    expect(listBackups(backupDir).map((b) => b.manifest.id)).toEqual(ids.slice(2));
    expect(pruneBackups(backupDir, { keep: 10, maxAgeDays: 1 }, new Date('2027-06-01T00:00:00Z'))).toEqual([ids[2], ids[3]]);
    expect(listBackups(backupDir).map((b) => b.manifest.id)).toEqual([ids[4]]);
    await store.close();
  });

  it('restores into a fresh directory only, and refuses a backup whose files do not match the manifest', async () => {
    const { dataDir, store } = await dataDirWith(4);
    const backup = await createBackup(dataDir, fresh('restore'));
    const occupied = fresh('occupied');
    writeFileSync(join(occupied, 'events.sqlite'), 'live data');
    await expect(restoreBackup(backup, occupied)).rejects.toThrow(`${occupied} is not empty: restore into a fresh directory`);
    expect(readFileSync(join(occupied, 'events.sqlite'), 'utf8')).toBe('live data');

    const target = join(fresh('target'), 'data');
    await restoreBackup(backup, target);
    expect(readdirSync(target).sort()).toEqual(['checkpoints.sqlite', 'events.sqlite']);
    const restored = new EmbeddedSqliteEventStore(join(target, 'events.sqlite'));
    expect(await verifyChain(restored.readAll(), { mode: 'global' })).toEqual({ checked: 4 });
    await restored.close();

    const damaged = new DatabaseSync(join(backup.dir, 'events.sqlite'));
    damaged.prepare("UPDATE events SET data = replace(data, '备注', '改过') WHERE position = 2").run();
    damaged.close();
    expect(await checkBackupFiles(backup)).toEqual([{ name: 'events.sqlite', problem: expect.stringMatching(/^sha256 [0-9a-f]{64} \(\d+ bytes\), manifest says [0-9a-f]{64}/) }]);
    await expect(restoreBackup(backup, join(fresh('target2'), 'data'))).rejects.toThrow(BackupError);
    await expect(restoreBackup(backup, join(fresh('target3'), 'data'))).rejects.toThrow(`backup ${backup.manifest.id} is damaged: events.sqlite: sha256`);
    await store.close();
  });

  it('refuses a data directory without an event log', async () => {
    await expect(createBackup(fresh('empty'), fresh('none'))).rejects.toThrow('events.sqlite does not exist: nothing to back up');
  });
});

describe('backup settings', () => {
  it('defaults to DATA_DIR/backups, daily, 14 kept, 35 days, scheduled outside tests', () => {
    expect(loadBackupSettings('/srv/kuaige', {})).toEqual({ dir: '/srv/kuaige/backups', scheduled: true, intervalMinutes: 1440, retention: { keep: 14, maxAgeDays: 35 } });
    expect(loadBackupSettings('/srv/kuaige', { NODE_ENV: 'test' }).scheduled).toBe(false);
    expect(loadBackupSettings('/srv/kuaige', { NODE_ENV: 'test', BACKUP_SCHEDULE: 'on', BACKUP_DIR: '/mnt/backup', BACKUP_KEEP: '3' })).toMatchObject({ dir: '/mnt/backup', scheduled: true, retention: { keep: 3 } });
  });

  it('names the variable and rule of a bad value', () => {
    expect(() => loadBackupSettings('/d', { BACKUP_INTERVAL_MINUTES: '1' })).toThrow('BACKUP_INTERVAL_MINUTES must be an integer from 5 to 10080 (got "1")');
    expect(() => loadBackupSettings('/d', { BACKUP_KEEP: '0' })).toThrow('BACKUP_KEEP must be an integer from 1 to 1000');
    expect(() => loadBackupSettings('/d', { BACKUP_SCHEDULE: 'daily' })).toThrow('BACKUP_SCHEDULE must be on or off');
  });
});
