import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, constants, copyFileSync, createReadStream, existsSync, fsyncSync, mkdirSync, openSync, closeSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { backup, DatabaseSync } from 'node:sqlite';
import { PERSON_KEYS_FILE } from '../identity/crypto/person-keys';

// ---- Online backups of the embedded store's SQLite files ------------------------------------------
//
// A backup is a directory `<BACKUP_DIR>/<id>/` with a copy of every SQLite file of DATA_DIR, made with
// SQLite's online backup API (node:sqlite `backup()`: a consistent snapshot while the server keeps
// writing), and `manifest.json`: time, files, sizes, SHA-256, and the event log's head (position,
// hash, count) as the copy holds it. It is built under `<id>.partial` and renamed into place when
// complete, so a crash mid-way never leaves something that looks like a backup.

export const BACKUP_FORMAT = 'kuaige-backup/1';
export const MANIFEST_FILE = 'manifest.json';
const EVENTS_FILE = 'events.sqlite';
/** Kept apart from backups on purpose (key material and credentials; see docs/operations.md). */
export const NOT_INCLUDED = ['field-keys.json (the field keyring: back it up apart)', 'admin.token', 'blobs/ (uploaded files: copy the directory)', 'read-models/ (rebuilt from the log)'] as const;
// Copying every page in one step holds one read snapshot for the whole file: with the default of 100
// pages per step a write by the server between steps would restart the copy, forever under load.
const ALL_PAGES = 2 ** 31 - 1;
const ID = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;

export interface BackupFile {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface BackupHead {
  /** Position of the last event in the copy (0: empty log). */
  readonly position: number;
  /** Its chain hash (null: empty log). */
  readonly hash: string | null;
  readonly events: number;
}

export interface BackupManifest {
  readonly format: typeof BACKUP_FORMAT;
  readonly id: string;
  readonly createdAt: string;
  readonly sourceDir: string;
  readonly durationMs: number;
  readonly files: readonly BackupFile[];
  readonly head: BackupHead;
  readonly notIncluded: readonly string[];
}

export interface Backup {
  readonly dir: string;
  readonly manifest: BackupManifest;
}

/** A backup that cannot be found or read, or a restore target that is not fresh; the message says what to do. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/**
 * The SQLite files of a data directory in the order they are copied: derived state first (reaction
 * checkpoints, digests), then the event log, then the person keys. A checkpoint or digest copied before
 * the log never points past the copied head; a person key created between the log's copy and its own
 * is in the copy, so no event of the copy refers to a key the copy lacks.
 */
export const backupOrder = (dataDir: string): string[] => {
  const found = existsSync(dataDir) ? readdirSync(dataDir).filter((f) => f.endsWith('.sqlite') && statSync(join(dataDir, f)).isFile()) : [];
  const rank = (f: string) => (f === EVENTS_FILE ? 1 : f === PERSON_KEYS_FILE ? 2 : 0);
  return found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
};

export const sha256File = (file: string): Promise<string> =>
  new Promise((done, fail) => {
    const digest = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => digest.update(chunk))
      .on('error', fail)
      .on('end', () => done(digest.digest('hex')));
  });

/** The head of an event-log file: last position, its hash and the number of events. */
export const readHead = (eventsFile: string): BackupHead => {
  const db = new DatabaseSync(eventsFile, { readOnly: true });
  try {
    const last = db.prepare('SELECT position, hash FROM events ORDER BY position DESC LIMIT 1').get() as { position: number; hash: string } | undefined;
    const count = db.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
    return { position: last?.position ?? 0, hash: last?.hash ?? null, events: Number(count.n) };
  } finally {
    db.close();
  }
};

const fsyncPath = (path: string): void => {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

const newBackupId = (now: Date): string => `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}-${randomBytes(3).toString('hex')}`;

/** Takes an online backup of every SQLite file of `dataDir` into a new directory under `backupDir`. */
export async function createBackup(dataDir: string, backupDir: string, now = new Date()): Promise<Backup> {
  const order = backupOrder(dataDir);
  if (!order.includes(EVENTS_FILE)) throw new BackupError(`${join(dataDir, EVENTS_FILE)} does not exist: nothing to back up (is DATA_DIR right?)`);
  const started = performance.now();
  const id = newBackupId(now);
  const partial = join(backupDir, `${id}.partial`);
  mkdirSync(partial, { recursive: true, mode: 0o700 });
  try {
    const files: BackupFile[] = [];
    for (const name of order) {
      const source = new DatabaseSync(join(dataDir, name), { readOnly: true });
      try {
        await backup(source, join(partial, name), { rate: ALL_PAGES });
      } finally {
        source.close();
      }
      // A copy in rollback-journal mode is one self-contained file: opening it (to read the head, or
      // in the drill) leaves no -wal/-shm beside it. The server switches it back to WAL when it opens it.
      const copy = new DatabaseSync(join(partial, name));
      copy.exec('PRAGMA journal_mode = DELETE');
      copy.close();
      fsyncPath(join(partial, name));
      files.push({ name, bytes: statSync(join(partial, name)).size, sha256: await sha256File(join(partial, name)) });
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      id,
      createdAt: now.toISOString(),
      sourceDir: resolve(dataDir),
      durationMs: Math.round(performance.now() - started),
      files,
      head: readHead(join(partial, EVENTS_FILE)),
      notIncluded: NOT_INCLUDED,
    };
    writeFileSync(join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    fsyncPath(join(partial, MANIFEST_FILE));
    renameSync(partial, join(backupDir, id));
    fsyncPath(backupDir);
    return { dir: join(backupDir, id), manifest };
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    throw e;
  }
}

const readManifest = (dir: string): BackupManifest => {
  let parsed: Partial<BackupManifest>;
  try {
    parsed = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as Partial<BackupManifest>;
  } catch {
    throw new BackupError(`${join(dir, MANIFEST_FILE)} is missing or not JSON: not a complete backup`);
  }
  if (parsed.format !== BACKUP_FORMAT || !Array.isArray(parsed.files) || typeof parsed.head !== 'object') {
    throw new BackupError(`${join(dir, MANIFEST_FILE)} is not a ${BACKUP_FORMAT} manifest`);
  }
  return parsed as BackupManifest;
};

/** Complete backups under `backupDir`, oldest first (unfinished `.partial` directories are not listed). */
export const listBackups = (backupDir: string): Backup[] =>
  existsSync(backupDir)
    ? readdirSync(backupDir)
        .filter((name) => ID.test(name) && existsSync(join(backupDir, name, MANIFEST_FILE)))
        .sort()
        .map((name) => ({ dir: join(backupDir, name), manifest: readManifest(join(backupDir, name)) }))
    : [];

/** A backup by id (under `backupDir`) or by path. */
export const findBackup = (backupDir: string, reference: string): Backup => {
  const dir = isAbsolute(reference) || reference.includes('/') ? resolve(reference) : join(backupDir, reference);
  if (!existsSync(join(dir, MANIFEST_FILE))) {
    const known = listBackups(backupDir).map((b) => b.manifest.id);
    throw new BackupError(`no backup "${reference}" (${dir} has no ${MANIFEST_FILE}); ${known.length ? `backups: ${known.slice(-5).join(', ')}` : `no backups under ${backupDir}`}`);
  }
  return { dir, manifest: readManifest(dir) };
};

export interface FileCheck {
  readonly name: string;
  readonly problem: string;
}

/** Files of a backup whose size or SHA-256 differs from its manifest, or that are missing. */
export async function checkBackupFiles(b: Backup): Promise<FileCheck[]> {
  const problems: FileCheck[] = [];
  for (const f of b.manifest.files) {
    const path = join(b.dir, basename(f.name));
    if (!existsSync(path)) {
      problems.push({ name: f.name, problem: 'missing' });
      continue;
    }
    const bytes = statSync(path).size;
    const sha256 = await sha256File(path);
    if (bytes !== f.bytes || sha256 !== f.sha256) {
      problems.push({ name: f.name, problem: `sha256 ${sha256} (${bytes} bytes), manifest says ${f.sha256} (${f.bytes} bytes)` });
    }
  }
  return problems;
}

export interface RetentionPolicy {
  /** Newest backups kept whatever their age. */
  readonly keep: number;
  /** Older backups beyond `keep` are deleted; so are any older than this (the newest is always kept). */
  readonly maxAgeDays: number;
}

/** Deletes the backups the policy no longer keeps; returns their ids. */
export const pruneBackups = (backupDir: string, policy: RetentionPolicy, now = new Date()): string[] => {
  const all = listBackups(backupDir);
  const oldestKept = now.getTime() - policy.maxAgeDays * 86_400_000;
  const removed: string[] = [];
  all.forEach((b, i) => {
    const fromNewest = all.length - 1 - i;
    if (fromNewest === 0) return;
    if (fromNewest >= policy.keep || Date.parse(b.manifest.createdAt) < oldestKept) {
      rmSync(b.dir, { recursive: true, force: true });
      removed.push(b.manifest.id);
    }
  });
  // A crash mid-backup leaves a .partial directory; an hour later nothing is still writing it.
  if (existsSync(backupDir)) {
    for (const name of readdirSync(backupDir)) {
      if (name.endsWith('.partial') && statSync(join(backupDir, name)).mtimeMs < now.getTime() - 3_600_000) rmSync(join(backupDir, name), { recursive: true, force: true });
    }
  }
  return removed;
};

/**
 * Copies a backup's files into `target`, which must not exist or be empty (a restore never mixes with
 * a live data directory). Every file is checked against the manifest first: a corrupted backup is
 * refused — unless `unchecked`, which the drill uses to go on and name what the damage does.
 */
export async function restoreBackup(b: Backup, target: string, options: { readonly unchecked?: boolean } = {}): Promise<void> {
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new BackupError(`${target} is not empty: restore into a fresh directory (then point DATA_DIR at it)`);
  }
  if (!options.unchecked) {
    const problems = await checkBackupFiles(b);
    if (problems.length) throw new BackupError(`backup ${b.manifest.id} is damaged: ${problems.map((p) => `${p.name}: ${p.problem}`).join('; ')}`);
  }
  mkdirSync(target, { recursive: true, mode: 0o700 });
  for (const f of b.manifest.files) {
    if (!existsSync(join(b.dir, basename(f.name)))) continue;
    const into = join(target, basename(f.name));
    copyFileSync(join(b.dir, basename(f.name)), into, constants.COPYFILE_EXCL);
    chmodSync(into, 0o600);
    fsyncPath(into);
  }
  fsyncPath(target);
}
