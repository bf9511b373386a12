import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatabaseSync, type SQLOutputValue } from 'node:sqlite';
import type { DigestBody, DigestFile } from './digest';
import type { VerificationResult } from './log-verifier';
import type { PublicSigningKey } from './signing-key';

// ---- Where digests, public keys and verification runs are kept: a small SQLite file in DATA_DIR ------
//
// Not in the event log: a digest attests to the log, so appending it there would move the head it
// signs, and whoever can rewrite the log could rewrite the digests with it. Not in the read models
// either: those are disposable and rebuilt from the log. A file of its own can be backed up, copied
// off the machine or put on other storage than the log, and every process of one DATA_DIR shares it
// (split roles mount the same volume; see README.md).

export const INTEGRITY_STORE_FILE = 'audit-integrity.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS signing_keys (
  kid         TEXT PRIMARY KEY,
  x           TEXT NOT NULL,
  valid_from  TEXT NOT NULL,
  valid_until TEXT,
  source      TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS digests (
  seq            INTEGER PRIMARY KEY,
  digest_id      TEXT NOT NULL UNIQUE,
  position       INTEGER NOT NULL,
  created_at     TEXT NOT NULL,
  key_id         TEXT NOT NULL,
  trigger        TEXT NOT NULL,
  body           TEXT NOT NULL,
  signature      TEXT NOT NULL,
  request_key    TEXT UNIQUE,
  request_digest TEXT
) STRICT;
CREATE TABLE IF NOT EXISTS verifications (
  id             TEXT PRIMARY KEY,
  requested_by   TEXT NOT NULL,
  requested_at   TEXT NOT NULL,
  request_digest TEXT,
  state          TEXT NOT NULL,
  progress       REAL NOT NULL,
  checked        INTEGER NOT NULL,
  finished_at    TEXT,
  error          TEXT,
  result         TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS verifications_by_time ON verifications (requested_at);
`;

export type KeySource = 'generated' | 'environment';

export interface StoredKey extends PublicSigningKey {
  readonly source: KeySource;
}

/** How a digest came to be: the schedule, a person through the API, or the command line. */
export type DigestTrigger = 'schedule' | 'api' | 'cli';

export interface StoredDigest {
  readonly seq: number;
  readonly trigger: DigestTrigger;
  readonly file: DigestFile;
  readonly requestKey: string | null;
  readonly requestDigest: string | null;
}

/** passed: intact (and matches every digest); broken: a broken link was found; error: could not run. */
export type VerificationState = 'waiting' | 'running' | 'passed' | 'broken' | 'error';

export interface VerificationRun {
  readonly id: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly requestDigest: string | null;
  readonly state: VerificationState;
  /** 0 … 100. */
  readonly progress: number;
  readonly checked: number;
  readonly finishedAt: string | null;
  readonly error: string | null;
  readonly result: VerificationResult | null;
}

type Row = Record<string, SQLOutputValue>;
const str = (v: SQLOutputValue): string => String(v);
const strOrNull = (v: SQLOutputValue): string | null => (v === null ? null : String(v));

export class IntegrityStore {
  private readonly db: DatabaseSync;

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new DatabaseSync(file);
    this.db.exec('PRAGMA busy_timeout = 5000');
    this.db.exec('PRAGMA journal_mode = WAL');
    this.db.exec('PRAGMA synchronous = FULL');
    this.db.exec(SCHEMA);
  }

  static in(dataDir: string): IntegrityStore {
    return new IntegrityStore(join(dataDir, INTEGRITY_STORE_FILE));
  }

  /** Runs `work` in one write transaction (taken at once, so two processes never interleave). */
  transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const value = work();
      this.db.exec('COMMIT');
      return value;
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    }
  }

  // ---- keys ----

  private key(row: Row): StoredKey {
    return { kty: 'OKP', crv: 'Ed25519', x: str(row.x!), kid: str(row.kid!), alg: 'EdDSA', use: 'sig', validFrom: str(row.valid_from!), validUntil: strOrNull(row.valid_until!), source: str(row.source!) as KeySource };
  }

  keys(): StoredKey[] {
    return this.db.prepare('SELECT * FROM signing_keys ORDER BY valid_from, kid').all().map((r) => this.key(r));
  }

  activeKey(): StoredKey | null {
    const row = this.db.prepare('SELECT * FROM signing_keys WHERE valid_until IS NULL ORDER BY valid_from DESC LIMIT 1').get();
    return row ? this.key(row) : null;
  }

  addKey(key: PublicSigningKey, source: KeySource): void {
    this.db.prepare('INSERT INTO signing_keys (kid, x, valid_from, valid_until, source) VALUES (?, ?, ?, NULL, ?)').run(key.kid, key.x, key.validFrom, source);
  }

  retireKey(kid: string, at: string): void {
    this.db.prepare('UPDATE signing_keys SET valid_until = ? WHERE kid = ? AND valid_until IS NULL').run(at, kid);
  }

  // ---- digests ----

  private digest(row: Row): StoredDigest {
    const body = JSON.parse(str(row.body!)) as DigestBody;
    const key = this.keys().find((k) => k.kid === body.keyId);
    const { source: _source, ...published } = key ?? { source: 'generated', kty: 'OKP', crv: 'Ed25519', x: '', kid: body.keyId, alg: 'EdDSA', use: 'sig', validFrom: '', validUntil: null };
    return {
      seq: Number(row.seq),
      trigger: str(row.trigger!) as DigestTrigger,
      file: { digest: body, signature: { alg: 'EdDSA', kid: body.keyId, value: str(row.signature!) }, key: published as PublicSigningKey },
      requestKey: strOrNull(row.request_key!),
      requestDigest: strOrNull(row.request_digest!),
    };
  }

  addDigest(file: DigestFile, trigger: DigestTrigger, body: string, request?: { key: string; digest: string | null }): void {
    this.db
      .prepare('INSERT INTO digests (digest_id, position, created_at, key_id, trigger, body, signature, request_key, request_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(file.digest.digestId, file.digest.position, file.digest.createdAt, file.digest.keyId, trigger, body, file.signature.value, request?.key ?? null, request?.digest ?? null);
  }

  lastDigest(): StoredDigest | null {
    const row = this.db.prepare('SELECT * FROM digests ORDER BY seq DESC LIMIT 1').get();
    return row ? this.digest(row) : null;
  }

  digestById(digestId: string): StoredDigest | null {
    const row = this.db.prepare('SELECT * FROM digests WHERE digest_id = ?').get(digestId);
    return row ? this.digest(row) : null;
  }

  digestByRequest(requestKey: string): StoredDigest | null {
    const row = this.db.prepare('SELECT * FROM digests WHERE request_key = ?').get(requestKey);
    return row ? this.digest(row) : null;
  }

  /** Newest first. */
  digestPage(page: number, pageSize: number): { items: StoredDigest[]; total: number } {
    const total = Number(this.db.prepare('SELECT count(*) AS n FROM digests').get()!.n);
    const items = this.db.prepare('SELECT * FROM digests ORDER BY seq DESC LIMIT ? OFFSET ?').all(pageSize, (page - 1) * pageSize).map((r) => this.digest(r));
    return { items, total };
  }

  /** Every digest, oldest first (the sequence a verification checks). */
  allDigests(): StoredDigest[] {
    return this.db.prepare('SELECT * FROM digests ORDER BY seq').all().map((r) => this.digest(r));
  }

  // ---- verification runs ----

  private run(row: Row): VerificationRun {
    return {
      id: str(row.id!),
      requestedBy: str(row.requested_by!),
      requestedAt: str(row.requested_at!),
      requestDigest: strOrNull(row.request_digest!),
      state: str(row.state!) as VerificationState,
      progress: Number(row.progress),
      checked: Number(row.checked),
      finishedAt: strOrNull(row.finished_at!),
      error: strOrNull(row.error!),
      result: row.result === null ? null : (JSON.parse(str(row.result!)) as VerificationResult),
    };
  }

  /** Records a run unless one with this id exists; answers the stored run either way. */
  addVerification(id: string, requestedBy: string, requestedAt: string, requestDigest: string | null): { run: VerificationRun; created: boolean } {
    const inserted = this.db
      .prepare("INSERT INTO verifications (id, requested_by, requested_at, request_digest, state, progress, checked) VALUES (?, ?, ?, ?, 'waiting', 0, 0) ON CONFLICT (id) DO NOTHING")
      .run(id, requestedBy, requestedAt, requestDigest);
    return { run: this.verification(id)!, created: Number(inserted.changes) === 1 };
  }

  verification(id: string): VerificationRun | null {
    const row = this.db.prepare('SELECT * FROM verifications WHERE id = ?').get(id);
    return row ? this.run(row) : null;
  }

  latestVerification(): VerificationRun | null {
    const row = this.db.prepare('SELECT * FROM verifications ORDER BY requested_at DESC, rowid DESC LIMIT 1').get();
    return row ? this.run(row) : null;
  }

  progressVerification(id: string, progress: number, checked: number): void {
    this.db.prepare("UPDATE verifications SET state = 'running', progress = ?, checked = ? WHERE id = ?").run(progress, checked, id);
  }

  finishVerification(id: string, at: string, outcome: { result: VerificationResult } | { error: string }): void {
    if ('result' in outcome) {
      this.db
        .prepare('UPDATE verifications SET state = ?, progress = 100, checked = ?, finished_at = ?, result = ?, error = NULL WHERE id = ?')
        .run(outcome.result.ok ? 'passed' : 'broken', outcome.result.checked, at, JSON.stringify(outcome.result), id);
    } else {
      this.db.prepare("UPDATE verifications SET state = 'error', finished_at = ?, error = ? WHERE id = ?").run(at, outcome.error, id);
    }
  }

  /** Marks runs that never finished as errors (their jobs died with an in-process queue); answers how many. */
  abandonUnfinished(at: string, reason: string): number {
    const changed = this.db.prepare("UPDATE verifications SET state = 'error', finished_at = ?, error = ? WHERE state IN ('waiting', 'running')").run(at, reason);
    return Number(changed.changes);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
