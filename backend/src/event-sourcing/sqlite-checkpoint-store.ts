import { DatabaseSync } from 'node:sqlite';
import type { CheckpointStore } from '@kuaige/projections';

/**
 * Reaction checkpoints of the embedded default, in their own SQLite file next to the event log.
 * (With MongoDB they live in the read-model store; embedded read models are rebuilt at start-up,
 * but reactions must not start over.)
 */
export class SqliteCheckpointStore implements CheckpointStore {
  private readonly db: DatabaseSync;

  constructor(file: string) {
    this.db = new DatabaseSync(file);
    this.db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
      CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL, updated_at TEXT NOT NULL)`);
  }

  async load(name: string): Promise<number> {
    const row = this.db.prepare('SELECT position FROM checkpoints WHERE name = ?').get(name) as { position: number } | undefined;
    return row?.position ?? 0;
  }

  async save(name: string, position: number): Promise<void> {
    this.db
      .prepare('INSERT INTO checkpoints (name, position, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at')
      .run(name, position, new Date().toISOString());
  }

  close(): void {
    this.db.close();
  }
}
