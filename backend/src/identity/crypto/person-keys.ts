import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { FieldCipher, fieldContext } from './field-encryption';
import type { Keyring } from './keyring';

// ---- One data key per person, outside the event log (crypto-shredding, ADR 0017) -----------------
//
// Personal data of a person is encrypted under that person's own AES-256 key. The key is stored here,
// wrapped (encrypted) by the field keyring, in DATA_DIR/personal-keys.sqlite — never in the event log,
// which is immutable. Erasing a person deletes the row: every value ever written under the key is then
// noise, in the log, in read models and in backups once they age out, while the log's hash chain,
// computed over the ciphertext, stays as it was. The erasure itself is remembered (subject and time, no
// key), so no new key is made for an erased person by mistake.

/** The file of the person keys inside the data directory (backed up after the event log, see backup-set.ts). */
export const PERSON_KEYS_FILE = 'personal-keys.sqlite';
const KEY_BYTES = 32;
// A subject that is not an account (a work order's contact) is found for erasure by a keyed lookup of
// what the requester knows (the mobile number's blind index). The link lives here, beside the key, and
// goes with it: the event log holds only the subject id, which names nobody without this file.
const LOOKUP_SCHEMA = `CREATE TABLE IF NOT EXISTS subject_lookups (subject TEXT PRIMARY KEY, lookup TEXT NOT NULL) STRICT;
      CREATE INDEX IF NOT EXISTS subject_lookups_by_lookup ON subject_lookups (lookup);`;

/** The person's data was erased: nothing can be encrypted or read under their key any more. */
export class PersonalDataErasedError extends Error {
  constructor(readonly subject: string) {
    super(`the personal data of ${subject} was erased`);
    this.name = 'PersonalDataErasedError';
  }
}

export type PersonKey = KeyObject | 'erased' | null;

/** Person data keys, wrapped by the keyring; SQLite so that every role sharing DATA_DIR sees one set. */
export class PersonKeyStore {
  private readonly wrapper: FieldCipher;
  // Unwrapped keys by the wrapped text they came from. Each use still looks the row up, so a key
  // erased by another process sharing the file is gone here at once too.
  private readonly unwrapped = new Map<string, KeyObject>();

  private constructor(
    private readonly db: DatabaseSync,
    keyring: Keyring,
  ) {
    this.wrapper = new FieldCipher(keyring);
  }

  static open(file: string, keyring: Keyring): PersonKeyStore {
    mkdirSync(dirname(file), { recursive: true });
    const db = new DatabaseSync(file);
    // secure_delete overwrites a deleted key's bytes in the page instead of leaving them in free space.
    db.exec(`PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;
      CREATE TABLE IF NOT EXISTS person_keys (subject TEXT PRIMARY KEY, wrapped TEXT NOT NULL, created_at TEXT NOT NULL) STRICT;
      CREATE TABLE IF NOT EXISTS erased_subjects (subject TEXT PRIMARY KEY, erased_at TEXT NOT NULL) STRICT;
      ${LOOKUP_SCHEMA}`);
    return new PersonKeyStore(db, keyring);
  }

  private wrapContext(subject: string): string {
    return fieldContext('person-key', subject, 'data_key');
  }

  /** The person's key, 'erased' after an erasure, or null when none was ever made. */
  keyOf(subject: string): PersonKey {
    const row = this.db.prepare('SELECT wrapped FROM person_keys WHERE subject = ?').get(subject) as { wrapped: string } | undefined;
    if (row === undefined) return this.isErased(subject) ? 'erased' : null;
    let key = this.unwrapped.get(row.wrapped);
    if (key === undefined) {
      key = createSecretKey(Buffer.from(this.wrapper.decrypt(row.wrapped, this.wrapContext(subject)), 'base64'));
      this.unwrapped.set(row.wrapped, key);
    }
    return key;
  }

  /** The person's key, made on first use; throws PersonalDataErasedError for an erased person. */
  keyFor(subject: string, now = new Date()): KeyObject {
    const existing = this.keyOf(subject);
    if (existing === 'erased') throw new PersonalDataErasedError(subject);
    if (existing !== null) return existing;
    const wrapped = this.wrapper.encrypt(randomBytes(KEY_BYTES).toString('base64'), this.wrapContext(subject));
    // Two processes making the first key at once: the first insert wins and both use its key.
    this.db.prepare('INSERT OR IGNORE INTO person_keys (subject, wrapped, created_at) VALUES (?, ?, ?)').run(subject, wrapped, now.toISOString());
    const key = this.keyOf(subject);
    if (key === 'erased' || key === null) throw new PersonalDataErasedError(subject);
    return key;
  }

  /** Remembers how to find the subject for erasure (idempotent; a subject keeps its first lookup). */
  rememberLookup(subject: string, lookup: string): void {
    this.db.prepare('INSERT OR IGNORE INTO subject_lookups (subject, lookup) VALUES (?, ?)').run(subject, lookup);
  }

  /** The subjects remembered under a lookup that still have their key (erased ones are forgotten). */
  subjectsOf(lookup: string): string[] {
    return (this.db.prepare('SELECT subject FROM subject_lookups WHERE lookup = ? ORDER BY subject').all(lookup) as { subject: string }[]).map((r) => r.subject);
  }

  isErased(subject: string): boolean {
    return this.db.prepare('SELECT 1 AS erased FROM erased_subjects WHERE subject = ?').get(subject) !== undefined;
  }

  /**
   * Destroys the person's key and remembers that they were erased. Idempotent; true when a key was
   * destroyed by this call. The WAL is checkpointed and truncated so the deleted row's page is
   * rewritten in the database file and not left in the log file.
   */
  erase(subject: string, now = new Date()): boolean {
    this.db.exec('BEGIN IMMEDIATE');
    let destroyed: { wrapped: string } | undefined;
    try {
      destroyed = this.db.prepare('DELETE FROM person_keys WHERE subject = ? RETURNING wrapped').get(subject) as { wrapped: string } | undefined;
      this.db.prepare('DELETE FROM subject_lookups WHERE subject = ?').run(subject);
      this.db.prepare('INSERT OR IGNORE INTO erased_subjects (subject, erased_at) VALUES (?, ?)').run(subject, now.toISOString());
      this.db.exec('COMMIT');
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    }
    this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    if (destroyed === undefined) return false;
    this.unwrapped.delete(destroyed.wrapped);
    return true;
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Applies the erasures recorded in one key file (the live data directory's) to another (a restored
 * backup's): a backup taken before an erasure still holds that person's key, and a restore must not
 * bring it back. Needs no keyring; returns the subjects whose key was destroyed in `target`.
 */
export const reapplyErasures = (source: string, target: string): string[] => {
  const from = new DatabaseSync(source, { readOnly: true });
  let erased: { subject: string; erased_at: string }[];
  try {
    erased = from.prepare('SELECT subject, erased_at FROM erased_subjects ORDER BY erased_at').all() as typeof erased;
  } finally {
    from.close();
  }
  const into = new DatabaseSync(target);
  const destroyed: string[] = [];
  try {
    into.exec(`PRAGMA secure_delete = ON;
      CREATE TABLE IF NOT EXISTS person_keys (subject TEXT PRIMARY KEY, wrapped TEXT NOT NULL, created_at TEXT NOT NULL) STRICT;
      CREATE TABLE IF NOT EXISTS erased_subjects (subject TEXT PRIMARY KEY, erased_at TEXT NOT NULL) STRICT;
      ${LOOKUP_SCHEMA}`);
    into.exec('BEGIN IMMEDIATE');
    for (const { subject, erased_at } of erased) {
      if (Number(into.prepare('DELETE FROM person_keys WHERE subject = ?').run(subject).changes) > 0) destroyed.push(subject);
      into.prepare('DELETE FROM subject_lookups WHERE subject = ?').run(subject);
      into.prepare('INSERT OR IGNORE INTO erased_subjects (subject, erased_at) VALUES (?, ?)').run(subject, erased_at);
    }
    into.exec('COMMIT');
    into.exec('VACUUM');
  } finally {
    into.close();
  }
  return destroyed;
};
