// Verification speed of the audit chain (#12): `verifyLog` over a real embedded store of 1,000,000
// events (read, parse, re-encode canonically, SHA-256, link, stream heads) against hashing the same
// bytes raw, side by side in each run: (a) reading the rows and hashing each event's chained input as
// stored, without parsing or re-encoding — the floor for any verifier of this log; (b) SHA-256 over
// those bytes already in memory — the CPU floor of the hash alone. Medians over the runs.
//
//   node scripts/build-server.mjs && node dist/server/bench/verification.bench.js [--events 1000000] [--runs 3]
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedSqliteEventStore } from '../backend/src/event-store/embedded-sqlite.event-store';
import { openEventDatabase } from '../backend/src/event-store/embedded-sqlite.schema';
import { realisticEvent } from '../backend/src/event-store/event-store.fixtures';
import { chainHash, chainInput, GENESIS_HASH, canonicalJson } from '../backend/src/event-store/hash-chain';
import { verifyLog } from '../backend/src/audit/integrity/log-verifier';
import { numberArg } from './args';

const events = numberArg('--events', 1_000_000);
const runs = numberArg('--runs', 3);
if (!Number.isSafeInteger(events) || events < 1 || !Number.isSafeInteger(runs) || runs < 1) throw new Error('--events and --runs must be positive whole numbers');
const STREAMS = 20_000;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Writes the log as the store writes it (same schema, canonical JSON, global chain), in large transactions. */
function generate(file: string): number {
  const db = openEventDatabase(file, 5000);
  const insert = db.prepare('INSERT INTO events (position, stream_id, revision, category, type, event_id, recorded_at, hash, metadata, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  db.prepare('INSERT OR IGNORE INTO event_types (type) VALUES (?)').run('WorkOrderDispatched');
  const revisions = new Int32Array(STREAMS).fill(-1);
  let previous = GENESIS_HASH;
  let bytes = 0;
  const at = new Date('2026-12-01T08:00:00.000Z').getTime();
  for (let start = 0; start < events; start += 10_000) {
    db.exec('BEGIN IMMEDIATE');
    for (let i = start; i < Math.min(events, start + 10_000); i += 1) {
      const s = (i * 7919) % STREAMS;
      const streamId = `WorkOrder-${s}`;
      const event = realisticEvent(`wo-${s}`, i);
      const revision = (revisions[s] = revisions[s]! + 1);
      const dataJson = canonicalJson(event.data);
      const metadataJson = canonicalJson(event.metadata);
      const recordedAt = new Date(at + i).toISOString();
      const link = { eventId: event.eventId, streamId, revision, position: i + 1, type: event.type, dataJson, metadataJson, recordedAt, previousHash: previous };
      previous = chainHash(link);
      bytes += Buffer.byteLength(chainInput(link));
      insert.run(i + 1, streamId, revision, 'WorkOrder', event.type, event.eventId, recordedAt, previous, metadataJson, dataJson);
    }
    db.exec('COMMIT');
  }
  db.close();
  return bytes;
}

/** (a) Read every row and hash its chained input as stored: no JSON parse, no re-encoding. */
function rawReadAndHash(file: string): { rate: number; inputs: string[] | null } {
  const db = openEventDatabase(file, 5000);
  const started = performance.now();
  let previous = GENESIS_HASH;
  let n = 0;
  for (const row of db.prepare('SELECT position, stream_id, revision, type, event_id, recorded_at, metadata, data FROM events ORDER BY position').iterate()) {
    const link = { eventId: String(row.event_id), streamId: String(row.stream_id), revision: Number(row.revision), position: Number(row.position), type: String(row.type), dataJson: String(row.data), metadataJson: String(row.metadata), recordedAt: String(row.recorded_at), previousHash: previous };
    previous = createHash('sha256').update(chainInput(link)).digest('hex');
    n += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { rate: n / seconds, inputs: null };
}

/** (b) SHA-256 of the same bytes already in memory (a 100,000-event sample, scaled per event). */
function hashInMemory(file: string): number {
  const db = openEventDatabase(file, 5000);
  const sample: Buffer[] = [];
  for (const row of db.prepare('SELECT position, stream_id, revision, type, event_id, recorded_at, hash, metadata, data FROM events ORDER BY position LIMIT 100000').iterate()) {
    sample.push(Buffer.from(chainInput({ eventId: String(row.event_id), streamId: String(row.stream_id), revision: Number(row.revision), position: Number(row.position), type: String(row.type), dataJson: String(row.data), metadataJson: String(row.metadata), recordedAt: String(row.recorded_at), previousHash: String(row.hash) })));
  }
  db.close();
  const started = performance.now();
  let sink = 0;
  for (const bytes of sample) sink ^= createHash('sha256').update(bytes).digest()[0]!;
  const seconds = (performance.now() - started) / 1000;
  if (sink < 0) throw new Error('unreachable');
  return sample.length / seconds;
}

async function verification(file: string): Promise<number> {
  const store = new EmbeddedSqliteEventStore(file);
  try {
    const started = performance.now();
    const result = await verifyLog(store, { progressEvery: 100_000 });
    const seconds = (performance.now() - started) / 1000;
    if (!result.ok || result.checked !== events) throw new Error(`verification did not pass: ${JSON.stringify(result.firstBroken)}`);
    return result.checked / seconds;
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kuaige-verify-bench-'));
  try {
    const file = join(dir, 'events.sqlite');
    const generatedAt = performance.now();
    const bytes = generate(file);
    console.log(`${events.toLocaleString('en-US')} events in ${STREAMS.toLocaleString('en-US')} streams, ~${Math.round(bytes / events)} bytes hashed per event, written in ${((performance.now() - generatedAt) / 1000).toFixed(1)} s`);
    console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${runs} runs`);
    const verify: number[] = [];
    const raw: number[] = [];
    const memory: number[] = [];
    const ratios: number[] = [];
    for (let run = 1; run <= runs; run += 1) {
      const v = await verification(file);
      const r = rawReadAndHash(file).rate;
      const m = hashInMemory(file);
      verify.push(v);
      raw.push(r);
      memory.push(m);
      ratios.push(v / r);
      console.log(`run ${run}: verifyLog ${Math.round(v).toLocaleString('en-US')} events/s, read + hash raw ${Math.round(r).toLocaleString('en-US')}/s, hash in memory ${Math.round(m).toLocaleString('en-US')}/s`);
    }
    console.log('');
    console.log('| measure | events/s (median) |');
    console.log('| --- | ---: |');
    console.log(`| verifyLog (read, parse, canonical re-encode, SHA-256, link checks, stream heads) | ${Math.round(median(verify)).toLocaleString('en-US')} |`);
    console.log(`| read rows + SHA-256 of the stored bytes (no parse) | ${Math.round(median(raw)).toLocaleString('en-US')} |`);
    console.log(`| SHA-256 of the same bytes in memory | ${Math.round(median(memory)).toLocaleString('en-US')} |`);
    console.log(`| verifyLog ÷ read + hash raw (median of per-run ratios) | ${median(ratios).toFixed(2)} |`);
    console.log(`| 1,000,000 events verified in (median) | ${(1_000_000 / median(verify)).toFixed(1)} s |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
