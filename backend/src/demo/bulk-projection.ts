import { fork } from 'node:child_process';
import { join } from 'node:path';
import {
  EmbeddedReadModelStore,
  LEASES,
  loadStoreSnapshot,
  ProjectionRunner,
  saveStoreSnapshot,
  type Projection,
} from '@kuaige/projections';
import { EmbeddedSqliteEventStore } from '../event-store/embedded-sqlite.event-store';
import { EMBEDDED_EVENT_STORE_FILE } from '../event-store/event-store.factory';
import { READ_MODEL_SNAPSHOT_DIR } from '../event-sourcing/read-side';

// ---- The bulk run's read models: every projection caught up in pages, indexed once, snapshotted ----
//
// The product's projector catches up the same way at start-up (deferred rows, indexes built once it
// is caught up), but in the product's process; a bulk run instead follows the log from a second
// process while the generator writes it, so that the two use both cores. It applies the events with
// the product's ProjectionRunner (the projections' own handlers, positions and checkpoints), builds
// each collection's indexes once at the end, and saves the snapshot the product starts from.

const PAGE = 2_000;

export interface FollowReport {
  readonly events: number;
  readonly rows: number;
  readonly seconds: number;
  readonly indexSeconds: number;
  readonly snapshotSeconds: number;
}

/**
 * Projects the data directory's event log into fresh embedded read models (from the snapshot there,
 * if any), following it until `finished()` says the writer is done and the head is reached; then
 * builds the indexes and saves the snapshot.
 */
export async function projectFollowing(
  dataDir: string,
  projections: readonly Projection[],
  finished: () => boolean,
  progress?: (position: number, head: number, perSecond: number) => void,
): Promise<FollowReport> {
  const started = performance.now();
  const events = new EmbeddedSqliteEventStore(join(dataDir, EMBEDDED_EVENT_STORE_FILE));
  const store = new EmbeddedReadModelStore();
  const dir = join(dataDir, READ_MODEL_SNAPSHOT_DIR);
  try {
    await loadStoreSnapshot(store, dir);
    const runners = projections.map((p) => new ProjectionRunner(store, p, p.collection, p.name));
    for (const runner of runners) if (await runner.load()) await runner.prepare();
    let after = Math.min(...runners.map((r) => r.seen));
    const from = after;
    let lastReport = 0;
    for (;;) {
      const batch = [];
      for await (const event of events.readAll({ after, maxCount: PAGE })) batch.push(event);
      if (batch.length > 0) {
        const reached = batch[batch.length - 1]!.position;
        for (const runner of runners) await runner.apply(batch, reached, { defer: true });
        after = reached;
        if (progress && performance.now() - lastReport > 5000) {
          lastReport = performance.now();
          progress(after, await events.headPosition(), (after - from) / ((performance.now() - started) / 1000));
        }
        continue;
      }
      // Asked before looking again: a writer that said it is done has nothing more to commit.
      const done = finished();
      if (done && after >= (await events.headPosition())) break;
      if (!done) await new Promise((r) => setTimeout(r, 200));
    }
    for (const runner of runners) await runner.flush();
    const indexing = performance.now();
    for (const runner of runners) await runner.prepare();
    const saving = performance.now();
    const counts = await saveStoreSnapshot(store, dir, [LEASES]);
    const end = performance.now();
    return {
      events: after - from,
      rows: Object.values(counts).reduce((a, b) => a + b, 0),
      seconds: (end - started) / 1000,
      indexSeconds: (saving - indexing) / 1000,
      snapshotSeconds: (end - saving) / 1000,
    };
  } finally {
    await events.close();
    await store.close();
  }
}

export interface Follower {
  /** Tells the follower the writer is done; settles once the snapshot is saved. */
  finish(): Promise<FollowReport>;
  stop(): void;
}

/** Runs projectFollowing in a child process (bulk-projection.main.js beside this file). */
export function forkFollower(dataDir: string, maxOldSpaceMb: number): Follower {
  const child = fork(join(__dirname, 'bulk-projection.main.js'), [dataDir], {
    execArgv: [`--max-old-space-size=${maxOldSpaceMb}`],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let report: FollowReport | null = null;
  child.on('message', (m: { report?: FollowReport }) => {
    if (m.report) report = m.report;
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  return {
    async finish() {
      child.send({ done: true });
      const code = await exited;
      if (code !== 0 || report === null) throw new Error(`the read-model follower exited with ${code}`);
      return report;
    },
    stop() {
      child.kill();
    },
  };
}
