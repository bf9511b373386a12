import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Projection } from '@kuaige/projections';
import type { AppConfig } from '../config/config';
import { openEventStore } from '../event-store/event-store.factory';
import { PERSON_KEYS_FILE, reapplyErasures } from '../identity/crypto/person-keys';
import { BackupError, createBackup, findBackup, listBackups, pruneBackups, restoreBackup } from './backup-set';
import { loadBackupSettings } from './backup.config';
import { formatDrillReport, runRestoreDrill } from './restore-drill';

// ---- `kuaige backup create|list|prune` and `kuaige restore <backup> --into <dir>|drill` -----------

export const BACKUP_USAGE = `       kuaige backup create | backup list | backup prune
       kuaige restore <backup id or path> --into <fresh dir> | restore drill [--backup <id or path>] [--work-dir <dir>] [--keep]`;

type Print = (line: string) => void;
const option = (args: readonly string[], name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

const embeddedOnly = (config: AppConfig): void => {
  if (config.eventStoreUrl !== null) throw new BackupError('EVENTSTORE_URL is set: the log is on EventStoreDB, back it up there (docs/operations.md)');
};

/** `backup create|list|prune`; returns the exit code. */
export async function backupCommand(config: AppConfig, args: readonly string[], print: Print): Promise<number> {
  embeddedOnly(config);
  const settings = loadBackupSettings(config.dataDir);
  const [command] = args;
  if (command === 'create') {
    const { dir, manifest } = await createBackup(config.dataDir, settings.dir);
    print(`backup ${manifest.id} in ${dir}`);
    for (const f of manifest.files) print(`  ${f.name.padEnd(24)} ${megabytes(f.bytes).padStart(10)}  sha256 ${f.sha256}`);
    print(`  head: position ${manifest.head.position}, ${manifest.head.events} events, hash ${manifest.head.hash ?? '-'} (${manifest.durationMs} ms)`);
    print(`  not included: ${manifest.notIncluded.join('; ')}`);
    return 0;
  }
  if (command === 'list') {
    const all = listBackups(settings.dir);
    if (all.length === 0) print(`no backups under ${settings.dir}`);
    for (const { manifest: m } of all) {
      const bytes = m.files.reduce((n, f) => n + f.bytes, 0);
      print(`${m.id}  ${m.createdAt}  position ${String(m.head.position).padStart(9)}  ${String(m.head.events).padStart(9)} events  ${megabytes(bytes).padStart(10)}  ${m.files.map((f) => f.name).join(',')}`);
    }
    return 0;
  }
  if (command === 'prune') {
    const removed = pruneBackups(settings.dir, settings.retention);
    print(removed.length ? `removed ${removed.join(', ')}` : `nothing to remove (keep ${settings.retention.keep}, at most ${settings.retention.maxAgeDays} days)`);
    return 0;
  }
  throw new BackupError(`unknown backup command ${command ?? ''}: create, list or prune`);
}

/** `restore <backup> --into <dir>` and `restore drill`; returns the exit code (1 when the drill finds a difference). */
export async function restoreCommand(config: AppConfig, args: readonly string[], print: Print, projections: () => readonly Projection[]): Promise<number> {
  embeddedOnly(config);
  const settings = loadBackupSettings(config.dataDir);
  const [first] = args;
  if (first === 'drill') {
    const reference = option(args, '--backup');
    const backup = reference !== undefined ? findBackup(settings.dir, reference) : listBackups(settings.dir).at(-1);
    if (!backup) throw new BackupError(`no backups under ${settings.dir}: take one with kuaige backup create`);
    const source = await openEventStore({ eventStoreUrl: null, dataDir: config.dataDir });
    try {
      const report = await runRestoreDrill(backup, { source, projections: projections(), workDir: option(args, '--work-dir') ?? tmpdir(), keep: args.includes('--keep') });
      formatDrillReport(report).forEach(print);
      return report.ok ? 0 : 1;
    } finally {
      await source.close();
    }
  }
  const into = option(args, '--into');
  if (!first || first.startsWith('--') || !into) throw new BackupError('restore needs a backup and a target: kuaige restore <backup id or path> --into <fresh dir>');
  const backup = findBackup(settings.dir, first);
  await restoreBackup(backup, into);
  print(`restored backup ${backup.manifest.id} (position ${backup.manifest.head.position}, ${backup.manifest.head.events} events) into ${into}`);
  // Erasures made after the backup must survive the restore (ADR 0017): DATA_DIR's key file remembers them.
  const live = join(config.dataDir, PERSON_KEYS_FILE);
  const restored = join(into, PERSON_KEYS_FILE);
  if (existsSync(live) && existsSync(restored) && resolve(live) !== resolve(restored)) {
    const destroyed = reapplyErasures(live, restored);
    print(`personal-data erasures of ${config.dataDir} applied to the restored keys: ${destroyed.length} key(s) destroyed again`);
  }
  print(`next: copy field-keys.json (or set FIELD_KEYS/FIELD_INDEX_KEY) and blobs/ from their own backups, then start with DATA_DIR=${into}`);
  return 0;
}
