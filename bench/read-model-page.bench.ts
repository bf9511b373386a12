// Scoped, sorted page queries on the embedded read-model store, with and without its secondary
// indexes, measured side by side on the same collection (the unindexed run evaluates the same query by
// scanning every row). Also the write rate of bulkWrite batches, which bounds read-model rebuild speed.
// Medians over several runs (one build per size); ratios are indexed vs unindexed within a run.
// The default run (100,000 and 1,000,000 rows) takes about two to three minutes and ~4 GiB of heap.
//
//   node scripts/build-server.mjs && node dist/server/bench/read-model-page.bench.js [--runs 3] [--sizes 100000,1000000] [--queries 1000]
import { spawnSync } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';
import {
  EmbeddedReadModelStore,
  type EmbeddedReadModelCollection,
  type Filter,
  type IndexSpec,
  type ReadModelDocument,
  type WriteOperation,
} from '../projections/src/store';
import { numberArg, textArg } from './args';

const runs = numberArg('--runs', 3);
const sizes = textArg('--sizes', '100000,1000000').split(',').map(Number);
const indexedQueries = numberArg('--queries', 1000);
// A full scan of a million rows takes seconds; a few samples per run are enough to show the ratio.
const scanQueriesFor = (size: number): number => Math.max(2, Math.round(1_000_000 / size));
const BATCH = 1000;

// ---- Realistic rows: work orders of ~15 fields scoped to tenants and a 4-level region path ---------

const PROVINCES = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41'];
const MORE_PROVINCES = ['42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'];
const ALL_PROVINCES = [...PROVINCES, ...MORE_PROVINCES];
const STATUSES: [string, number][] = [
  ['open', 0.15],
  ['dispatched', 0.15],
  ['in_progress', 0.2],
  ['awaiting_parts', 0.05],
  ['completed', 0.25],
  ['closed', 0.15],
  ['cancelled', 0.05],
];
const TENANTS = 2000;
const MODELS = ['KG-200', 'KG-350', 'KG-500X', 'VX-12', 'VX-20', 'HT-9'];

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
// Skewed choice: a few big tenants and provinces hold many rows, as in real customer bases.
const skewed = (random: () => number, n: number): number => Math.min(n - 1, Math.floor(n * random() ** 2));
const weighted = (random: () => number): string => {
  let r = random();
  for (const [status, weight] of STATUSES) if ((r -= weight) < 0) return status;
  return 'open';
};

const YEAR_MS = 365 * 24 * 3600 * 1000;
const NOW = Date.UTC(2026, 5, 1);

function workOrder(random: () => number, i: number): ReadModelDocument {
  const province = ALL_PROVINCES[skewed(random, ALL_PROVINCES.length)]!;
  const city = province + pad(1 + Math.floor(random() * 10), 2);
  const county = city + pad(1 + Math.floor(random() * 8), 2);
  const township = county + pad(1 + Math.floor(random() * 20), 3);
  const owner = `E${pad(skewed(random, TENANTS), 4)}`;
  const tenants = random() < 0.3 ? [owner, `E${pad(Math.floor(random() * TENANTS), 4)}`] : [owner];
  const created = NOW - Math.floor(random() * YEAR_MS);
  const updated = created + Math.floor(random() * (NOW - created));
  return {
    _id: `WO-${pad(i, 8)}`,
    number: `GD${pad(i, 9)}`,
    title: `Repair request ${i}`,
    status: weighted(random),
    priority: 1 + Math.floor(random() * 4),
    scope: { tenants, regions: [province, city, county, township] },
    device: {
      id: `DEV-${pad(Math.floor(random() * 500_000), 7)}`,
      model: MODELS[Math.floor(random() * MODELS.length)],
      serial: `SN${pad(i * 7, 10)}`,
    },
    customer: { name: `Customer ${Math.floor(random() * 50_000)}`, phone: `13${pad(Math.floor(random() * 1e9), 9)}` },
    assigneeId: random() < 0.8 ? `U${pad(Math.floor(random() * 20_000), 5)}` : null,
    createdAt: new Date(created).toISOString(),
    updatedAt: new Date(updated).toISOString(),
    slaDueAt: new Date(created + 3 * 24 * 3600 * 1000).toISOString(),
    tags: random() < 0.3 ? ['warranty'] : [],
    _pos: i,
  };
}

const INDEXES: IndexSpec[] = [
  { name: 'tenants_updated', key: { 'scope.tenants': 1, updatedAt: -1 } },
  { name: 'regions_updated', key: { 'scope.regions': 1, updatedAt: -1 } },
];

// ---- Queries: a CASL scope ($or of memberships, a $nor from a `cannot` rule) AND a user filter ----

interface PageQuery {
  readonly shape: string;
  readonly filter: Filter;
  readonly skip: number;
}

const SORT = { updatedAt: -1, _id: 1 } as const;
const LIMIT = 20;

function pageQueries(seed: number, n: number): { city: PageQuery[]; province: PageQuery[] } {
  const random = mulberry32(seed);
  const skip = () => LIMIT * Math.floor(random() * 5); // the first five pages
  const notCancelled = { $nor: [{ status: 'cancelled' }] };
  const city: PageQuery[] = [];
  const province: PageQuery[] = [];
  for (let q = 0; q < n; q++) {
    const tenant = `E${pad(skewed(random, TENANTS), 4)}`;
    const p = ALL_PROVINCES[skewed(random, ALL_PROVINCES.length)]!;
    const c = p + pad(1 + Math.floor(random() * 10), 2);
    city.push({
      shape: 'tenant-or-city',
      filter: {
        $and: [
          { $or: [{ 'scope.tenants': tenant }, { 'scope.regions': c }], ...notCancelled },
          { status: { $in: ['open', 'dispatched', 'in_progress'] } },
        ],
      },
      skip: skip(),
    });
    province.push({
      shape: 'province',
      filter: { $and: [{ $or: [{ 'scope.regions': p }], ...notCancelled }, { status: 'open' }] },
      skip: skip(),
    });
  }
  return { city, province };
}

// ---- Measurement ------------------------------------------------------------------------------

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

interface Latencies {
  readonly p50: number;
  readonly p95: number;
  readonly examined: number;
  /** The ids of each page, to check that both ways answer the same. */
  readonly pages: string[];
}

function measure(rows: EmbeddedReadModelCollection, queries: readonly PageQuery[], useIndexes: boolean): Latencies {
  const times: number[] = [];
  const pages: string[] = [];
  let examined = 0;
  for (const q of queries) {
    const started = performance.now();
    const { documents, plan } = rows.query(q.filter, { sort: SORT, skip: q.skip, limit: LIMIT }, { useIndexes });
    times.push(performance.now() - started);
    examined += plan.examined;
    pages.push(documents.map((d) => d._id).join(','));
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), examined: examined / queries.length, pages };
}

/** Builds the collection the way a projector rebuild does: batches of replaceOne upserts by _id. */
async function build(size: number, indexes: readonly IndexSpec[]): Promise<{ rows: EmbeddedReadModelCollection; rate: number }> {
  const store = new EmbeddedReadModelStore();
  const rows = store.collection('work_orders');
  await rows.ensureIndexes(indexes);
  const random = mulberry32(42);
  let written = 0;
  let busy = 0;
  while (written < size) {
    const batch: WriteOperation[] = [];
    for (let k = 0; k < BATCH && written < size; k++, written++) {
      const doc = workOrder(random, written);
      batch.push({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } });
    }
    const started = performance.now();
    await rows.bulkWrite(batch);
    busy += performance.now() - started;
  }
  // Indexes take new entries in bulk when first read: that work belongs to the build.
  const started = performance.now();
  await rows.count({ 'scope.tenants': 'E0000', 'scope.regions': '44' });
  busy += performance.now() - started;
  return { rows, rate: size / (busy / 1000) };
}

/** Rows/s replacing existing rows (new status and updatedAt: both indexes move), in batches. */
async function replaceRate(rows: EmbeddedReadModelCollection, size: number, count: number): Promise<number> {
  const random = mulberry32(7);
  let busy = 0;
  for (let done = 0; done < count; done += BATCH) {
    const batch: WriteOperation[] = [];
    for (let k = 0; k < BATCH; k++) {
      const i = Math.floor(random() * size);
      const doc = { ...workOrder(mulberry32(i), i), status: 'closed', updatedAt: new Date(NOW + done + k).toISOString() };
      batch.push({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } });
    }
    const started = performance.now();
    await rows.bulkWrite(batch);
    busy += performance.now() - started;
  }
  const started = performance.now();
  await rows.count({ 'scope.tenants': 'E0000', 'scope.regions': '44' });
  busy += performance.now() - started;
  return count / (busy / 1000);
}

const fmt = (ms: number): string => (ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(2) : ms.toFixed(0));
const kRate = (r: number): string => `${Math.round(r / 1000)}k rows/s`;

// A million rows with two multikey indexes need more than Node's default heap on smaller machines.
function ensureHeap(): boolean {
  const wantMiB = Math.max(...sizes) >= 1_000_000 ? 6144 : 0;
  if (wantMiB === 0 || getHeapStatistics().heap_size_limit >= wantMiB * 1024 * 1024 * 0.9 || process.env['KUAIGE_BENCH_CHILD'])
    return false;
  const child = spawnSync(process.execPath, [`--max-old-space-size=${wantMiB}`, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, KUAIGE_BENCH_CHILD: '1' },
  });
  process.exitCode = child.status ?? 1;
  return true;
}

async function main(): Promise<void> {
  if (ensureHeap()) return;
  const began = performance.now();
  console.log(`embedded read-model store, page = sort { updatedAt: -1, _id: 1 }, limit ${LIMIT}, skip in the first 5 pages`);
  console.log(`indexes: ${INDEXES.map((i) => `${i.name} ${JSON.stringify(i.key)}`).join(', ')}; ${runs} runs, medians shown`);
  console.log(`node ${process.version}, heap limit ${Math.round(getHeapStatistics().heap_size_limit / 2 ** 20)} MiB\n`);
  const summary: Record<string, unknown>[] = [];
  for (const size of sizes) {
    const bare = size <= 100_000 ? (await build(size, [])).rate : null;
    const built = await build(size, INDEXES);
    const rows = built.rows;
    console.log(
      `${size.toLocaleString('en')} rows: bulkWrite upsert-insert ${kRate(built.rate)} (2 indexes)` +
        (bare ? `, ${kRate(bare)} (no indexes)` : '') +
        `; heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB`,
    );
    // Warm-up: JIT-compile the query path and let the build's garbage be collected before timing.
    for (const q of [...pageQueries(1, 200).city, ...pageQueries(2, 200).province])
      rows.query(q.filter, { sort: SORT, skip: q.skip, limit: LIMIT });
    for (const shape of ['city', 'province'] as const) {
      const perRun: { indexed: Latencies; scanned: Latencies }[] = [];
      for (let run = 0; run < runs; run++) {
        const queries = pageQueries(1000 + run, indexedQueries)[shape];
        const scanned = queries.slice(0, scanQueriesFor(size));
        const result = { indexed: measure(rows, queries, true), scanned: measure(rows, scanned, false) };
        result.scanned.pages.forEach((page, i) => {
          if (page !== result.indexed.pages[i]) throw new Error(`indexed and scanned answers differ for ${JSON.stringify(scanned[i])}`);
        });
        perRun.push(result);
      }
      const pick = (f: (r: (typeof perRun)[number]) => number) => median(perRun.map(f));
      const row = {
        rows: size,
        shape: pageQueries(0, 1)[shape][0]!.shape,
        indexedP50: pick((r) => r.indexed.p50),
        indexedP95: pick((r) => r.indexed.p95),
        scanP50: pick((r) => r.scanned.p50),
        scanP95: pick((r) => r.scanned.p95),
        ratioP50: pick((r) => r.scanned.p50 / r.indexed.p50),
        ratioP95: pick((r) => r.scanned.p95 / r.indexed.p95),
        examinedIndexed: pick((r) => r.indexed.examined),
      };
      summary.push(row);
      console.log(
        `  ${row.shape.padEnd(15)} indexed p50 ${fmt(row.indexedP50)} ms, p95 ${fmt(row.indexedP95)} ms (${Math.round(row.examinedIndexed)} rows examined)` +
          ` | scan p50 ${fmt(row.scanP50)} ms, p95 ${fmt(row.scanP95)} ms | scan/indexed x${Math.round(row.ratioP50)} (p50), x${Math.round(row.ratioP95)} (p95)`,
      );
    }
    // Last, because it changes the data: rows replaced with a new status and the newest updatedAt,
    // which leaves dead index entries behind and puts closed rows first in index order.
    const replaced = Math.min(50_000, size / 2);
    const rate = await replaceRate(rows, size, replaced);
    for (const q of pageQueries(3, 200).city) rows.query(q.filter, { sort: SORT, skip: q.skip, limit: LIMIT });
    const after = measure(rows, pageQueries(2000, indexedQueries).city, true);
    console.log(
      `  replace ${replaced.toLocaleString('en')} existing rows (both indexes move): ${kRate(rate)};` +
        ` then tenant-or-city p50 ${fmt(after.p50)} ms, p95 ${fmt(after.p95)} ms (${Math.round(after.examined)} rows examined)`,
    );
  }
  console.log(`\ntotal ${((performance.now() - began) / 1000).toFixed(0)} s`);
  console.log(JSON.stringify({ bench: 'read-model-page', runs, summary }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
