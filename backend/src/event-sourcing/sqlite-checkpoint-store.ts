import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { CheckpointStore } from '@kuaige/projections';

/**
 * Reaction checkpoints of the embedded default, in their own SQLite file next to the event log.
 * (With MongoDB they live in the read-model store; embedded read models are rebuilt at start-up,
 * but reactions must not start over.)
 */
export class SqliteCheckpointStore implements CheckpointStore {
  private readonly db: DatabaseSync;
  private upsert: StatementSync | null = null;

  constructor(file: string) {
    this.db = new DatabaseSync(file);
    // synchronous=NORMAL: no fsync per save. A checkpoint only ever trails commands that are already
    // durable in the event log, so one lost to a power failure means those commands are dispatched
    // again, and the command side recognises them by their derived ids (ADR 0006); a process crash
    // loses nothing (the WAL is in the OS's cache). An fsync per reaction was the dispatch path's
    // largest single cost (docs/benchmarks.md).
    this.db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL, updated_at TEXT NOT NULL)`);
  }

  async load(name: string): Promise<number> {
    const row = this.db.prepare('SELECT position FROM checkpoints WHERE name = ?').get(name) as { position: number } | undefined;
    return row?.position ?? 0;
  }

  async save(name: string, position: number): Promise<void> {
    this.upsert ??= this.db.prepare(
      'INSERT INTO checkpoints (name, position, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at',
    );
    this.upsert.run(name, position, new Date().toISOString());
  }

  close(): void {
    this.db.close();
  }
}
