// Append throughput of the embedded event store (group commit, synchronous=FULL) with 1, 16 and 256
// concurrent writers, against raw node:sqlite single-row inserts (one INSERT per transaction, same
// pragmas) measured side by side in the same run. Medians over several runs; the ratio is per run.
// A second baseline, 256 raw INSERTs per transaction into the store's own schema (same indexes and
// pragmas, no checks, no hashing, no JSON work), shows the storage ceiling for the 256-writer batches.
//
//   node scripts/build-server.mjs && node dist/server/bench/event-store-append.bench.js [--runs 5] [--seconds 1.5]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { EmbeddedSqliteEventStore } from '../backend/src/event-store/embedded-sqlite.event-store';
import { openEventDatabase } from '../backend/src/event-store/embedded-sqlite.schema';
import { realisticEvent } from '../backend/src/event-store/event-store.fixtures';
import { numberArg } from './args';

const WRITERS = [1, 16, 256] as const;

const positiveArg = (name: string, fallback: number): number => {
  const value = numberArg(name, fallback);
  if (value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const runs = positiveArg('--runs', 5);
const seconds = positiveArg('--seconds', 1.5);

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const scratch = mkdtempSync(join(tmpdir(), 'kuaige-bench-'));
let files = 0;
const freshFile = (): string => join(scratch, `run-${(files += 1)}.sqlite`);

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Events/s, events per transaction and append latencies for `writers` concurrent writers, each on its own stream. */
async function storeRun(writers: number): Promise<{ rate: number; perTransaction: number; p50: number; p99: number }> {
  const store = new EmbeddedSqliteEventStore(freshFile());
  const deadline = performance.now() + seconds * 1000;
  let appended = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const stream = `WorkOrder-${w}`;
      let revision: number | 'no_stream' = 'no_stream';
      while (performance.now() < deadline) {
        const event = realisticEvent(stream, appended);
        const sent = performance.now();
        const result = await store.append(stream, [event], revision);
        latencies.push(performance.now() - sent);
        revision = result.nextRevision;
        appended += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const transactions = store.transactions;
  await store.close();
  latencies.sort((a, b) => a - b);
  return { rate: appended / elapsed, perTransaction: appended / transactions, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** Raw baseline: the same event JSON, one INSERT per (autocommit) transaction, WAL + synchronous=FULL. */
function rawRun(): number {
  const db = new DatabaseSync(freshFile());
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL');
  db.exec('CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, type TEXT NOT NULL, metadata TEXT NOT NULL, data TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO events (stream_id, type, metadata, data) VALUES (?, ?, ?, ?)');
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let inserted = 0;
  while (performance.now() < deadline) {
    const event = realisticEvent('WorkOrder-raw', inserted);
    insert.run('WorkOrder-raw', event.type, JSON.stringify(event.metadata), JSON.stringify(event.data));
    inserted += 1;
  }
  const elapsed = (performance.now() - started) / 1000;
  db.close();
  return inserted / elapsed;
}

/** Ceiling: the store's schema and pragmas, 256 rows per transaction, pre-encoded rows, no checks or hashing. */
function rawBatchedRun(): number {
  const db = openEventDatabase(freshFile(), 5000);
  const insert = db.prepare(
    'INSERT INTO events (position, stream_id, revision, category, type, event_id, recorded_at, hash, metadata, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let inserted = 0;
  while (performance.now() < deadline) {
    db.exec('BEGIN IMMEDIATE');
    for (let w = 0; w < 256; w += 1) {
      const event = realisticEvent(`WorkOrder-${w}`, inserted);
      const position = inserted + 1;
      const at = new Date().toISOString();
      insert.run(position, `WorkOrder-${w}`, Math.floor(inserted / 256), 'WorkOrder', event.type, event.eventId, at, 'h'.repeat(64), JSON.stringify(event.metadata), JSON.stringify(event.data));
      inserted += 1;
    }
    db.exec('COMMIT');
  }
  const elapsed = (performance.now() - started) / 1000;
  db.close();
  return inserted / elapsed;
}

async function main(): Promise<void> {
  const sample = realisticEvent('WorkOrder-1', 1);
  const bytes = Buffer.byteLength(JSON.stringify(sample.data)) + Buffer.byteLength(JSON.stringify(sample.metadata));
  const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`event size ~${bytes} bytes (data + metadata JSON); ${runs} runs of ${seconds} s per configuration; synchronous=FULL, WAL`);
  console.log(`load average at start: ${load()}`);
  const rates = new Map<string, number[]>();
  const ratios = new Map<number, number[]>();
  const ofCeiling: number[] = [];
  const batches = new Map<number, number[]>();
  const p50s = new Map<number, number[]>();
  const p99s = new Map<number, number[]>();
  const push = <K>(map: Map<K, number[]>, key: K, value: number): void => void map.set(key, [...(map.get(key) ?? []), value]);

  for (let run = 1; run <= runs; run += 1) {
    const raw = rawRun();
    push(rates, 'raw', raw);
    const ceiling = rawBatchedRun();
    push(rates, 'raw-256', ceiling);
    const line = [`run ${run}: raw ${Math.round(raw)}/s, raw x256 ${Math.round(ceiling)}/s`];
    for (const writers of WRITERS) {
      const { rate, perTransaction, p50, p99 } = await storeRun(writers);
      push(p50s, writers, p50);
      push(p99s, writers, p99);
      push(rates, `store-${writers}`, rate);
      push(ratios, writers, rate / raw);
      push(batches, writers, perTransaction);
      line.push(`${writers}w ${Math.round(rate)}/s`);
      if (writers === 256) ofCeiling.push(rate / ceiling);
    }
    console.log(line.join(', '));
  }

  const rawMedian = median(rates.get('raw')!);
  console.log('');
  console.log('| configuration                         | events/s (median) | events per commit | ratio vs raw (median) | append p50 / p99 ms |');
  console.log('|---------------------------------------|------------------:|------------------:|----------------------:|--------------------:|');
  console.log(
    `| raw node:sqlite, 1 INSERT per commit  | ${Math.round(rawMedian).toLocaleString('en').padStart(17)} | ${'1'.padStart(17)} | ${'1.00'.padStart(21)} | ${'-'.padStart(19)} |`,
  );
  for (const writers of WRITERS) {
    const label = `embedded store, ${writers} writer${writers > 1 ? 's' : ''}`.padEnd(37);
    const rate = Math.round(median(rates.get(`store-${writers}`)!)).toLocaleString('en').padStart(17);
    const perCommit = median(batches.get(writers)!).toFixed(1).padStart(17);
    const ratio = `${median(ratios.get(writers)!).toFixed(2)}x`.padStart(21);
    const latency = `${median(p50s.get(writers)!).toFixed(1)} / ${median(p99s.get(writers)!).toFixed(1)}`.padStart(19);
    console.log(`| ${label} | ${rate} | ${perCommit} | ${ratio} | ${latency} |`);
  }
  console.log(`load average at end: ${load()} (2 shared cores: absolute figures move with it, ratios much less)`);
  const ceilingMedian = Math.round(median(rates.get('raw-256')!)).toLocaleString('en');
  console.log(`ceiling, 256 raw INSERTs per commit into the store's schema: ${ceilingMedian}/s; the store with 256 writers reaches ${(median(ofCeiling) * 100).toFixed(0)}% of it (median of per-run ratios)`);
  const goal = median(rates.get('store-256')!);
  console.log('');
  console.log(`goal >= 20,000 events/s with 256 writers: ${goal >= 20_000 ? 'met' : 'NOT met'} (${Math.round(goal).toLocaleString('en')}/s)`);
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => rmSync(scratch, { recursive: true, force: true }));
