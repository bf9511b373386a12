import { DatabaseSync } from 'node:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { EventStoreSchemaError } from './event-store.errors';

/** Schema version kept in PRAGMA user_version; raise it with a migration when the tables change. */
export const SCHEMA_VERSION = 1;

// position is the rowid: assigned as head + 1 inside the write transaction, so it is dense and
// strictly increasing in commit order, and a reader never sees p + 1 before p.
// Column order puts the small columns first: filtered scans read them without walking into data.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  category    TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  event_id    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  hash        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  data        TEXT    NOT NULL
) STRICT;
-- readStream, the expected-revision check, and "one revision per stream"
CREATE UNIQUE INDEX IF NOT EXISTS events_by_stream ON events (stream_id, revision);
-- idempotent appends: event ids are unique across the log
CREATE UNIQUE INDEX IF NOT EXISTS events_by_event_id ON events (event_id);
-- readAll / subscriptions filtered by category or by event type, in position order
CREATE INDEX IF NOT EXISTS events_by_category ON events (category, position);
CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
-- the types ever written, to turn an event-type prefix into an exact IN list that events_by_type serves
CREATE TABLE IF NOT EXISTS event_types (type TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
`;

/**
 * Opens (creating if needed) the event store file with the pragmas the store's guarantees rest on.
 *
 * Durability: journal_mode=WAL with synchronous=FULL. In WAL mode FULL makes SQLite fsync the WAL at
 * every commit, so a transaction whose COMMIT returned survives a process crash, an OS crash and a
 * power loss (as far as the disk honours fsync; a volatile write cache that ignores flushes defeats any
 * database). NORMAL would fsync only at checkpoints: still safe against a process crash, but the last
 * commits could vanish on power loss — not acceptable for an audit log whose append promise means
 * "written". Group commit pays one fsync per batch of appends, which is what keeps FULL fast.
 */
export function openEventDatabase(file: string, busyTimeoutMs: number): DatabaseSync {
  mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  try {
    // Another process may hold the write lock briefly; wait rather than fail at once.
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    // Appends touch random leaves of the stream and event-id indexes: keep more of them in memory
    // (16 MiB instead of 2), and checkpoint the WAL every ~40 MB instead of ~4 MB, so that a hot page
    // rewritten by many commits is copied back to the database file (and fsynced) once, not each time.
    db.exec('PRAGMA cache_size = -16384');
    db.exec('PRAGMA wal_autocheckpoint = 10000');
    const found = Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0);
    if (found > SCHEMA_VERSION) throw new EventStoreSchemaError(file, found, SCHEMA_VERSION);
    if (found < SCHEMA_VERSION) {
      db.exec('BEGIN IMMEDIATE');
      try {
        db.exec(SCHEMA);
        db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
        db.exec('COMMIT');
      } catch (e) {
        db.exec('ROLLBACK');
        throw e;
      }
    }
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
