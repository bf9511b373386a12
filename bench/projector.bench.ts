// Read-side benchmarks of the embedded default (issue "Event-sourcing core", item 8):
//   1. rebuild speed of a realistic projection set over N events vs a raw scan + JSON parse of the table
//   2. projector lag p50/p99 while events are appended at a steady 1,000 events/s
// Run: node scripts/build-server.mjs && node dist/server/bench/projector.bench.js [--events 1000000] [--runs 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Projector, openReadModelStore, testing } from '@kuaige/projections';
import type { EventStore } from '@kuaige/eventsourcing';
import { openEventStore } from '../backend/src/event-store/event-store.factory';
import { numberArg } from './args';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function fill(store: EventStore, count: number): Promise<void> {
  const started = performance.now();
  const inflight = new Set<Promise<unknown>>();
  let n = 0;
  for (const e of testing.maintenanceEvents(count, 1)) {
    const p = store.append(e.streamId, [{ eventId: `bench-${n++}`, type: e.type, data: e.data, metadata: e.metadata }], 'any');
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
    if (inflight.size >= 256) await Promise.race(inflight);
    if (n % 200_000 === 0) console.error(`  appended ${fmt(n)} events`);
  }
  await Promise.all(inflight);
  console.error(`  appended ${fmt(count)} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function rawScan(file: string): number {
  const db = new DatabaseSync(file, { readOnly: true });
  const started = performance.now();
  let rows = 0;
  let last = 0;
  const page = db.prepare('SELECT position, stream_id, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT 5000');
  for (;;) {
    const batch = page.all(last) as { position: number; data: string; metadata: string }[];
    if (batch.length === 0) break;
    for (const r of batch) {
      JSON.parse(r.data);
      JSON.parse(r.metadata);
    }
    rows += batch.length;
    last = batch[batch.length - 1]!.position;
  }
  db.close();
  return rows / ((performance.now() - started) / 1000);
}

async function readAllRate(store: EventStore): Promise<number> {
  const started = performance.now();
  let n = 0;
  for await (const _ of store.readAll()) n++;
  return n / ((performance.now() - started) / 1000);
}

async function rebuildRate(store: EventStore, count: number): Promise<number> {
  const readModels = await openReadModelStore({ mongoUrl: null, mongoDb: 'bench' });
  const projector = new Projector({ events: store, store: readModels, projections: testing.maintenanceProjections, batchSize: 1000 });
  const started = performance.now();
  await projector.start();
  await projector.caughtUp;
  const rate = count / ((performance.now() - started) / 1000);
  await projector.stop();
  await readModels.close();
  return rate;
}

async function lag(seconds: number, perSecond: number): Promise<{ p50: number; p99: number; samples: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'kuaige-bench-lag-'));
  const store = await openEventStore({ eventStoreUrl: null, dataDir: dir });
  const readModels = await openReadModelStore({ mongoUrl: null, mongoDb: 'bench' });
  const projector = new Projector({ events: store, store: readModels, projections: testing.maintenanceProjections, batchSize: 500 });
  await projector.start();
  await projector.caughtUp;
  const events = testing.maintenanceEvents(seconds * perSecond, 2);
  const started = performance.now();
  const tickMs = 10;
  const perTick = (perSecond * tickMs) / 1000;
  let sent = 0;
  const pending: Promise<unknown>[] = [];
  for (let tick = 0; sent < seconds * perSecond; tick++) {
    const due = started + tick * tickMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    for (let i = 0; i < perTick; i++) {
      const next = events.next();
      if (next.done) break;
      const e = next.value;
      pending.push(store.append(e.streamId, [{ eventId: `lag-${sent++}`, type: e.type, data: e.data, metadata: e.metadata }], 'any'));
    }
  }
  await Promise.all(pending);
  await new Promise((r) => setTimeout(r, 200));
  const result = projector.lagPercentiles();
  await projector.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return result;
}

async function main(): Promise<void> {
  const count = numberArg('--events', 1_000_000);
  const runs = numberArg('--runs', 3);
  const dir = mkdtempSync(join(tmpdir(), 'kuaige-bench-rebuild-'));
  const store = await openEventStore({ eventStoreUrl: null, dataDir: dir });
  console.error(`filling an embedded event store with ${fmt(count)} maintenance events ...`);
  await fill(store, count);
  const raw: number[] = [];
  const read: number[] = [];
  const rebuild: number[] = [];
  for (let run = 1; run <= runs; run++) {
    raw.push(rawScan(join(dir, 'events.sqlite')));
    read.push(await readAllRate(store));
    rebuild.push(await rebuildRate(store, count));
    console.error(`  run ${run}: raw ${fmt(raw.at(-1)!)} /s, readAll ${fmt(read.at(-1)!)} /s, rebuild ${fmt(rebuild.at(-1)!)} /s`);
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(`\nRebuild of 3 projections (work_orders, device_history, region_daily_stats) over ${fmt(count)} events, median of ${runs} runs`);
  console.log(`| measure | events/s | vs raw scan |`);
  console.log(`|---|---:|---:|`);
  console.log(`| raw SQLite scan + JSON.parse of data and metadata | ${fmt(median(raw))} | 1.00 |`);
  console.log(`| EventStore.readAll (rows → RecordedEvent) | ${fmt(median(read))} | ${(median(read) / median(raw)).toFixed(2)} |`);
  console.log(`| projector rebuild (read + project + write rows + checkpoints) | ${fmt(median(rebuild))} | ${(median(rebuild) / median(raw)).toFixed(2)} |`);

  const lags: { p50: number; p99: number }[] = [];
  for (let run = 1; run <= runs; run++) lags.push(await lag(numberArg('--lag-seconds', 10), 1000));
  console.log(`\nProjector lag (commit → rows written) at 1,000 events/s for ${numberArg('--lag-seconds', 10)} s, median of ${runs} runs`);
  console.log(`| p50 | p99 |`);
  console.log(`|---:|---:|`);
  console.log(`| ${median(lags.map((l) => l.p50)).toFixed(1)} ms | ${median(lags.map((l) => l.p99)).toFixed(1)} ms |`);
}

main().catch((e: Error) => {
  console.error(e);
  process.exit(1);
});
