// Spare parts (issue #13): two measurements, medians over runs.
//   1. Stock movements per second through the HTTP API of the whole product (in process, embedded
//      SQLite event store and read models): POST /api/v1/inventory/adjustments, each one a decided,
//      appended and projected movement, answered with the stock level after it (read-your-writes).
//      Spread over many part × warehouse ledgers, and all on one ledger (every request races for the
//      same stream revision and is re-decided when it loses).
//   2. The stock-level query (the handler behind GET /api/v1/inventory/stock: the actor's scope joined
//      under $and, a filter, a sort, one page and the total) on the embedded read-model store holding
//      `--parts` parts × `--warehouses` warehouses × `--stocked` (the share of pairs with a ledger), rows
//      written directly into the store with the projection's indexes (generating millions of events
//      first would only measure the projector).
//
//   node scripts/build-server.mjs && node --max-old-space-size=8192 dist/server/bench/inventory.bench.js
//        [--runs 3] [--movements 400] [--concurrency 16] [--parts 100000] [--warehouses 50] [--stocked 0.1] [--queries 30]
import { EmbeddedReadModelStore, type WriteOperation } from '../projections/src/store';
import { buildAbility, ENTERPRISE_ADMIN_ROLE } from '../tenancy/src';
import { bearer, startIdentityApp, type IdentityApp } from '../backend/src/identity/testing/identity-app';
import { enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../backend/src/tenancy/testing/tenancy-app';
import { stockLevelsProjection, type StockLevelRow } from '../backend/src/inventory/read-models/inventory.projections';
import { ListStockLevelsHandler, stockLevelList, type StockState } from '../backend/src/inventory/read-models/inventory.queries';
import { codeKeysOf, nameKeysOf } from '../backend/src/inventory/read-models/stock-search';
import type { Actor } from '../backend/src/tenancy/api/authorization';
import { numberArg } from './args';

const runs = numberArg('--runs', 3);
const movements = numberArg('--movements', 400);
const concurrency = numberArg('--concurrency', 16);
const partCount = numberArg('--parts', 100_000);
const warehouseCount = numberArg('--warehouses', 50);
const stocked = numberArg('--stocked', 0.1);
const queries = numberArg('--queries', 30);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

// ---- 1. Movements through the API ---------------------------------------------------------------------

interface World {
  readonly t: IdentityApp;
  readonly admin: Person;
  readonly warehouseId: string;
  readonly partIds: readonly string[];
}

async function world(): Promise<World> {
  const t = await startIdentityApp({ LOG_LEVEL: 'warn' });
  const root = await nationalRoot(t);
  const province = await nodeWithAdmin(t, root.admin, '44');
  const city = await nodeWithAdmin(t, province.admin, '4403');
  const provider = await enterpriseWithAdmin(t, '440305', 'service-provider');
  await t.http().post(`/api/v1/enterprises/${provider.enterpriseId}/approve`).set(bearer(city.admin)).send({}).expect(200);
  const admin = provider.admin;
  await t.http().post('/api/v1/inventory/categories').set(bearer(admin)).send({ code: 'BRG', name: '轴承' }).expect(201);
  const partIds: string[] = [];
  for (let i = 0; i < 50; i++)
    partIds.push(
      (
        await t
          .http()
          .post('/api/v1/inventory/parts')
          .set(bearer(admin))
          .send({ categoryCode: 'BRG', name: `轴承 ${i}`, unit: 'pcs' })
          .expect(201)
      ).body.id,
    );
  const warehouseId = (
    await t.http().post('/api/v1/inventory/warehouses').set(bearer(admin)).send({ name: '中心仓', kind: 'central' }).expect(201)
  ).body.id as string;
  return { t, admin, warehouseId, partIds };
}

/** `count` adjustments with `concurrency` in flight; `partOf(i)` picks each one's ledger. */
async function adjustments(
  w: World,
  count: number,
  partOf: (i: number) => string,
): Promise<{ rate: number; p50: number; p95: number; failed: number }> {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const res = await w.t
          .http()
          .post('/api/v1/inventory/adjustments')
          .set(bearer(w.admin))
          .send({ warehouseId: w.warehouseId, partId: partOf(i), delta: 1, reason: '基准测试' });
        latencies.push(performance.now() - t0);
        if (res.status !== 201) failed++;
      }
    }),
  );
  return { rate: count / ((performance.now() - started) / 1000), p50: percentile(latencies, 50), p95: percentile(latencies, 95), failed };
}

// ---- 2. The stock-level query ------------------------------------------------------------------------

const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

async function stockStore(): Promise<{ store: EmbeddedReadModelStore; rows: number }> {
  const store = new EmbeddedReadModelStore();
  const levels = store.collection<StockLevelRow>(stockLevelsProjection.collection);
  await levels.ensureIndexes(stockLevelsProjection.indexes, { scoped: true, arrayFields: stockLevelsProjection.arrayFields ?? [] });
  const random = mulberry32(13);
  let rows = 0;
  let batch: WriteOperation<StockLevelRow>[] = [];
  for (let p = 0; p < partCount; p++) {
    const category = `C${String(p % 40).padStart(2, '0')}`;
    const partCode = `${category}-${String(Math.floor(p / 40) + 1).padStart(4, '0')}`;
    for (let w = 0; w < warehouseCount; w++) {
      if (random() >= stocked) continue;
      const onHand = Math.floor(random() * 40);
      const reserved = Math.min(onHand, Math.floor(random() * 5));
      const safetyStock = p % 3 === 0 ? 5 : 0;
      const valueFen = onHand * (100 + (p % 900));
      batch.push({
        insertOne: {
          document: {
            _id: `W${w}:P${p}`,
            enterpriseId: 'E1',
            warehouseId: `W${w}`,
            partId: `P${p}`,
            partCode,
            partName: `配件 ${p}`,
            categoryPath: [category.slice(0, 2), category],
            unit: 'pcs',
            safetyStock,
            warehouseName: `仓库 ${w}`,
            warehouseKind: 'central',
            onHand,
            reserved,
            available: onHand - reserved,
            inInspection: 0,
            inTransit: 0,
            valueFen,
            averageCostFen: onHand === 0 ? null : 100 + (p % 900),
            low: safetyStock > 0 && onHand - reserved <= safetyStock,
            codeKeys: codeKeysOf(partCode),
            nameKeys: nameKeysOf(`配件 ${p}`),
            updatedAt: '2026-12-01T08:00:00.000Z',
            scope: { tenants: ['E1'], regions: [] },
          },
        },
      });
      rows++;
      if (batch.length === 5000) {
        await levels.bulkWrite(batch);
        batch = [];
      }
    }
  }
  if (batch.length) await levels.bulkWrite(batch);
  return { store, rows };
}

const adminActor = (): Actor =>
  ({
    userId: 'U1',
    enterpriseId: 'E1',
    operatorNode: null,
    roles: ['admin'],
    ability: buildAbility({
      user: { id: 'U1' },
      memberships: [{ kind: 'enterprise', enterpriseId: 'E1', roles: ['admin'] }],
      activeEnterpriseId: 'E1',
      roles: new Map([['admin', ENTERPRISE_ADMIN_ROLE]]),
    }),
  }) as unknown as Actor;

const SHAPES: readonly {
  name: string;
  query: { warehouseId?: string; category?: string; state?: StockState; q?: string; sort?: string };
  page?: number;
}[] = [
  { name: 'all, by part code, page 1', query: {} },
  { name: 'one warehouse, by part code', query: { warehouseId: 'W7' } },
  { name: 'one warehouse, page 50', query: { warehouseId: 'W7' }, page: 50 },
  { name: 'one category (tree)', query: { category: 'C07' } },
  { name: 'low stock', query: { state: 'low' } },
  { name: 'none available in a warehouse', query: { warehouseId: 'W3', state: 'unavailable' } },
  { name: 'text search (code prefix)', query: { q: 'C12-00' } },
  { name: 'scanned part code', query: { q: 'C12-0007' } },
  { name: 'text search (name, every row)', query: { q: '配件' } },
  { name: 'all, page 400', query: {} , page: 400 },
];

async function main(): Promise<void> {
  process.stdout.write(
    `inventory bench: ${runs} runs; ${movements} movements at concurrency ${concurrency}; ${partCount} parts × ${warehouseCount} warehouses × ${stocked} stocked\n`,
  );
  const spread: number[] = [];
  const single: number[] = [];
  const latency: { spread: number[]; single: number[] } = { spread: [], single: [] };
  let failures = 0;
  // --movements 0 measures the query only.
  for (let run = 0; run < runs && movements > 0; run++) {
    const w = await world();
    try {
      await adjustments(w, 50, (i) => w.partIds[i % w.partIds.length]!); // warm-up
      const a = await adjustments(w, movements, (i) => w.partIds[i % w.partIds.length]!);
      const b = await adjustments(w, Math.round(movements / 2), () => w.partIds[0]!);
      spread.push(a.rate);
      single.push(b.rate);
      latency.spread.push(a.p95);
      latency.single.push(b.p95);
      failures += a.failed + b.failed;
      process.stdout.write(
        `  run ${run + 1}: ${a.rate.toFixed(0)}/s over 50 ledgers (p95 ${ms(a.p95)}), ${b.rate.toFixed(0)}/s on one ledger (p95 ${ms(b.p95)})\n`,
      );
    } finally {
      await w.t.close();
    }
  }
  if (movements > 0)
    process.stdout.write(
      `movements through the API (median of ${runs}): ${median(spread).toFixed(0)}/s over 50 ledgers, p95 ${ms(median(latency.spread))}; ` +
        `${median(single).toFixed(0)}/s on one ledger, p95 ${ms(median(latency.single))}; refused or failed: ${failures}\n`,
    );

  const built = performance.now();
  const { store, rows } = await stockStore();
  process.stdout.write(
    `stock_levels: ${rows.toLocaleString('en')} rows written in ${((performance.now() - built) / 1000).toFixed(1)} s; heap ${(process.memoryUsage().heapUsed / 2 ** 30).toFixed(2)} GiB\n`,
  );
  const handler = new ListStockLevelsHandler(store);
  const actor = adminActor();
  for (const shape of SHAPES) {
    const p95s: number[] = [];
    const p50s: number[] = [];
    let total = 0;
    let exact = true;
    for (let run = 0; run < runs; run++) {
      const times: number[] = [];
      for (let i = 0; i < queries; i++) {
        const t0 = performance.now();
        const page = await handler.execute(stockLevelList(actor, shape.query, { page: shape.page ?? 1, pageSize: 20 }));
        times.push(performance.now() - t0);
        total = page.total;
        exact = page.totalExact;
      }
      p50s.push(percentile(times, 50));
      p95s.push(percentile(times, 95));
    }
    process.stdout.write(
      `  ${shape.name} (${queries} × ${runs}): p50 ${ms(median(p50s))}, p95 ${ms(median(p95s))} (total ${total.toLocaleString('en')}${exact ? '' : '+, capped'})\n`,
    );
  }
  await store.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
