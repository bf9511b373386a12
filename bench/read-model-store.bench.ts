// Memory and start-up of the embedded read-model store at the size of issue #10: N `work_orders` list
// rows (the contract's flat row: Chinese device names, scope arrays, ISO dates) under the indexes the
// work-order list declares (scoped: each declared index also led by scope.tenants and scope.regions).
// Prints heap per row after a full GC, the insert rate of projector-style upsert batches, the time to
// write and load a collection snapshot, and p50/p95 of the two scoped list pages the issue names:
// a province operator (scope.regions = '44') and an engineer (own assigneeId within the provider).
//
//   node scripts/build-server.mjs && node --expose-gc dist/server/bench/read-model-store.bench.js [--sizes 100000,1000000] [--queries 500]
//
// Without --expose-gc (or with too small a heap for the largest size) it re-runs itself with both.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import {
  EmbeddedReadModelStore,
  loadCollectionSnapshot,
  saveCollectionSnapshot,
  type EmbeddedReadModelCollection,
  type Filter,
  type IndexSpec,
  type ReadModelDocument,
  type WriteOperation,
} from '../projections/src/store';
import { workOrdersProjection } from '../backend/src/work-orders/read-models/work-orders.projections';
import { numberArg, textArg } from './args';

const sizes = textArg('--sizes', '100000,1000000').split(',').map(Number);
const queryCount = numberArg('--queries', 500);
const BATCH = 1000;
const LIMIT = 20;

// ---- Rows of the contract's `work_orders` shape ------------------------------------------------

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
// A few big customers and provinces hold many rows, as in real customer bases.
const skewed = (random: () => number, n: number): number => Math.min(n - 1, Math.floor(n * random() ** 2));
const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
// Ids look like the product's (UUIDs), and every row gets its own string, as rows parsed from events do.
const uuid = (kind: number, n: number): string => {
  const h = pad((n * 2654435761) % 4294967296, 10);
  return `${pad(kind, 8)}-${h.slice(0, 4)}-4${h.slice(4, 7)}-a${h.slice(7, 10)}-${pad(n, 12)}`;
};

const PROVINCES = ['44', '32', '33', '37', '41', '51', '11', '31', '42', '43', '35', '13', '34', '50', '61', '21', '36', '45', '12', '53'];
const DEVICE_TYPES = ['cnc-machine', 'injection-molding', 'air-compressor', 'industrial-robot', 'hvac-chiller', 'elevator', 'industrial-boiler', 'diesel-generator', 'forklift', 'medical-imaging', 'water-pump', 'packaging-line'];
const DEVICE_LABELS = ['数控机床', '注塑机', '空压机', '工业机器人', '中央空调冷水机组', '电梯', '工业锅炉', '柴油发电机组', '叉车', '医学影像设备', '水泵机组', '包装生产线'];
const BRANDS = ['海天', '大族', '沈阳机床', '格力', '美的', '三一', '汇川', '埃斯顿', '新松', '杭叉', '迈瑞', '开山'];
const FAULT_TYPES = ['electrical', 'mechanical', 'hydraulic', 'control-system', 'software', 'abnormal-noise', 'leakage', 'overheating', 'routine-maintenance', 'other'];
const SYMPTOMS = ['主轴异响', '液压油温过高', '伺服报警 E-21', '开机后无法回零', '冷却液泄漏', '电机过载跳闸', '触摸屏无响应', '气压不足', '传送带跑偏', '制冷效果差'];
const DETAILS = ['已断电检查，初步判断为轴承磨损', '夜班操作员发现后停机等待处理', '影响二号产线生产，请尽快安排工程师', '上周保养后出现，怀疑参数被改动', '现场有焦糊味，已拍照上传'];
const STATUSES: [string, number][] = [
  ['submitted', 0.03], ['awaiting-dispatch', 0.04], ['dispatched', 0.04], ['accepted', 0.04], ['assigned', 0.04], ['engineer-accepted', 0.03],
  ['in-progress', 0.08], ['completed', 0.05], ['receipt-submitted', 0.05], ['receipt-approved', 0.04], ['reported', 0.06], ['closed', 0.4],
  ['cancelled', 0.05], ['rejected', 0.05],
];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const REQUESTERS = 20_000;
const MANUFACTURERS = 400;
const PROVIDERS = 1_500;
const ENGINEERS_PER_PROVIDER = 12;
const DEVICES = 250_000;
const DAY = 24 * 3600 * 1000;
const NOW = Date.UTC(2026, 11, 1);

const weighted = (random: () => number): string => {
  let r = random();
  for (const [status, weight] of STATUSES) if ((r -= weight) < 0) return status;
  return 'closed';
};
const before = (status: string, list: readonly string[]): boolean => list.indexOf(status) >= 0;
const DISPATCHED = ['dispatched', 'accepted', 'assigned', 'engineer-accepted', 'in-progress', 'completed', 'receipt-submitted', 'receipt-approved', 'reported', 'closed'];
const ASSIGNED = DISPATCHED.slice(2);
const COMPLETED = DISPATCHED.slice(5);

const engineerOf = (provider: number, k: number): string => uuid(4, provider * ENGINEERS_PER_PROVIDER + k);
const countyOf = (random: () => number): string => {
  const province = PROVINCES[skewed(random, PROVINCES.length)]!;
  return `${province}${pad(1 + Math.floor(random() * 12), 2)}${pad(1 + Math.floor(random() * 9), 2)}`;
};
const jurisdiction = (county: string): string[] => [county, county.slice(0, 4), county.slice(0, 2), 'CN'];

// A projector builds rows from events parsed out of the event store, so their strings are flat copies
// (the generator's template strings are ropes and slices, which would weigh more than real rows).
const workOrder = (random: () => number, i: number): ReadModelDocument => JSON.parse(JSON.stringify(generatedWorkOrder(random, i))) as ReadModelDocument;

function generatedWorkOrder(random: () => number, i: number): ReadModelDocument {
  const device = skewed(random, DEVICES);
  const deviceRandom = mulberry32(device + 1);
  const type = Math.floor(deviceRandom() * DEVICE_TYPES.length);
  const county = countyOf(deviceRandom);
  const requester = skewed(deviceRandom, REQUESTERS);
  const manufacturer = deviceRandom() < 0.7 ? Math.floor(deviceRandom() * MANUFACTURERS) : null;
  const status = weighted(random);
  const dispatched = before(status, DISPATCHED);
  const provider = dispatched ? skewed(random, PROVIDERS) : null;
  const assignee = provider !== null && before(status, ASSIGNED) ? engineerOf(provider, Math.floor(random() * ENGINEERS_PER_PROVIDER)) : null;
  const submitted = NOW - Math.floor(random() * 365 * DAY);
  const dispatchedAt = dispatched ? submitted + Math.floor(random() * DAY) : null;
  const completedAt = dispatchedAt !== null && before(status, COMPLETED) ? dispatchedAt + Math.floor(random() * 5 * DAY) : null;
  const closedAt = status === 'closed' && completedAt !== null ? completedAt + Math.floor(random() * 7 * DAY) : null;
  const updated = closedAt ?? completedAt ?? dispatchedAt ?? submitted;
  const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
  const day = new Date(submitted).toISOString().slice(0, 10).replaceAll('-', '');
  const tenants = [uuid(1, requester)];
  if (manufacturer !== null) tenants.push(uuid(2, manufacturer));
  if (provider !== null) tenants.push(uuid(3, provider));
  const closed = status === 'closed';
  return {
    _id: uuid(9, i),
    number: `WO-${day}-${pad(i % 1_000_000, 6)}`,
    status,
    priority: PRIORITIES[skewed(random, PRIORITIES.length)]!,
    paused: status === 'in-progress' && random() < 0.1,
    deviceId: uuid(5, device),
    deviceName: `${BRANDS[device % BRANDS.length]}${DEVICE_LABELS[type]} ${pad(device % 900, 3)}型`,
    deviceType: DEVICE_TYPES[type]!,
    faultType: pick(random, FAULT_TYPES),
    faultSummary: `${pick(random, SYMPTOMS)}，${pick(random, DETAILS)}（设备编号 ${pad(device, 7)}）`.slice(0, 120),
    countyCode: county,
    requesterId: uuid(1, requester),
    manufacturerId: manufacturer === null ? null : uuid(2, manufacturer),
    providerId: provider === null ? null : uuid(3, provider),
    assigneeId: assignee,
    submittedAt: iso(submitted),
    updatedAt: iso(updated),
    dispatchedAt: iso(dispatchedAt),
    completedAt: iso(completedAt),
    closedAt: iso(closedAt),
    userScore: closed ? 1 + Math.floor(random() * 5) : null,
    manufacturerScore: closed && manufacturer !== null ? 1 + Math.floor(random() * 5) : null,
    scope: { tenants, regions: jurisdiction(county) },
    // What the projector keeps on every row for crash safety.
    _pos: i * 9 + 1,
    _step: 0,
  };
}

// What the work-order list declares (scoped: true adds scope.tenants- and scope.regions-led copies).
const DECLARED: readonly IndexSpec[] = workOrdersProjection.indexes;

// ---- The two list pages of the issue, as CASL's scope filter and the list's own filter build them --

interface PageQuery {
  readonly filter: Filter;
  readonly skip: number;
}

const SORT = { submittedAt: -1, _id: 1 } as const;

function pageQueries(seed: number, n: number): { province: PageQuery[]; engineer: PageQuery[] } {
  const random = mulberry32(seed);
  const skip = () => LIMIT * Math.floor(random() * 5);
  const province: PageQuery[] = [];
  const engineer: PageQuery[] = [];
  for (let q = 0; q < n; q++) {
    province.push({ filter: { $or: [{ 'scope.regions': '44' }] }, skip: skip() });
    const provider = skewed(random, PROVIDERS);
    engineer.push({
      filter: { $and: [{ $or: [{ 'scope.tenants': uuid(3, provider) }] }, { assigneeId: engineerOf(provider, Math.floor(random() * ENGINEERS_PER_PROVIDER)) }] },
      skip: 0,
    });
  }
  return { province, engineer };
}

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

function measure(rows: EmbeddedReadModelCollection, queries: readonly PageQuery[]): { p50: number; p95: number; examined: number; answer: string } {
  const times: number[] = [];
  let examined = 0;
  const answer: string[] = [];
  for (const q of queries) {
    const started = performance.now();
    const { documents, plan } = rows.query(q.filter, { sort: SORT, skip: q.skip, limit: LIMIT });
    times.push(performance.now() - started);
    examined += plan.examined;
    answer.push(documents.map((d) => d._id).join(','));
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), examined: examined / queries.length, answer: answer.join(';') };
}

const gc = (): void => {
  for (let i = 0; i < 3; i++) (globalThis as { gc?: () => void }).gc?.();
};
// ArrayBuffer backing stores live outside the JS heap (typed-array index leaves, pending marks): counted.
const heapUsed = (): number => {
  gc();
  const { heapUsed: used, arrayBuffers } = process.memoryUsage();
  return used + arrayBuffers;
};

// Reads that make every index take its pending entries in: part of being ready to answer.
async function settle(rows: EmbeddedReadModelCollection): Promise<void> {
  const leading = new Set(['scope.tenants', 'scope.regions', ...DECLARED.map((i) => Object.keys(i.key)[0]!)]);
  for (const field of leading) await rows.count({ [field]: '-' });
}

// CPU seconds of this process (all its threads, GC included): steadier than wall time on a shared machine.
const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

const ms = (t: number): string => (t < 1 ? t.toFixed(3) : t < 100 ? t.toFixed(2) : t.toFixed(0));

async function runSize(size: number, dir: string): Promise<Record<string, unknown>> {
  const baseline = heapUsed();
  let store = new EmbeddedReadModelStore();
  let rows = store.collection('work_orders');
  await rows.ensureIndexes(DECLARED, { scoped: true });
  const random = mulberry32(42);
  let busy = 0;
  const cpuBefore = cpuSeconds();
  let generating = 0;
  for (let written = 0; written < size; ) {
    const batch: WriteOperation[] = [];
    const generated = cpuSeconds();
    for (let k = 0; k < BATCH && written < size; k++, written++) {
      const doc = workOrder(random, written);
      batch.push({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } });
    }
    generating += cpuSeconds() - generated;
    const started = performance.now();
    await rows.bulkWrite(batch);
    busy += performance.now() - started;
  }
  const settleStarted = performance.now();
  await settle(rows);
  busy += performance.now() - settleStarted;
  const insertCpu = cpuSeconds() - cpuBefore - generating;
  const bytes = heapUsed() - baseline;
  const indexes = (await rows.listIndexes()).length;
  console.log(
    `${size.toLocaleString('en')} rows, ${indexes} indexes: heap ${(bytes / 2 ** 20).toFixed(0)} MiB = ${(bytes / size).toFixed(0)} B/row;` +
      ` upsert-insert ${Math.round(size / (busy / 1000)).toLocaleString('en')} rows/s (${Math.round(size / insertCpu).toLocaleString('en')} rows per CPU-second)`,
  );

  for (const q of [...pageQueries(1, 100).province, ...pageQueries(1, 100).engineer]) rows.query(q.filter, { sort: SORT, skip: q.skip, limit: LIMIT });
  const queries = pageQueries(1000, queryCount);
  const province = measure(rows, queries.province);
  const engineer = measure(rows, queries.engineer);
  console.log(`  province operator (regions 44) p50 ${ms(province.p50)} ms, p95 ${ms(province.p95)} ms (${Math.round(province.examined)} examined)`);
  console.log(`  engineer (tenant + assigneeId)  p50 ${ms(engineer.p50)} ms, p95 ${ms(engineer.p95)} ms (${Math.round(engineer.examined)} examined)`);

  const sample = { province: queries.province.slice(0, 50), engineer: queries.engineer.slice(0, 50) };
  const answers = measure(rows, sample.province).answer + measure(rows, sample.engineer).answer;
  const file = join(dir, `work_orders-${size}.jsonl`);
  let started = performance.now();
  await saveCollectionSnapshot(store, 'work_orders', file);
  const writeMs = performance.now() - started;
  const fileMiB = statSync(file).size / 2 ** 20;
  store = new EmbeddedReadModelStore();
  rows = store.collection('work_orders');
  gc();
  started = performance.now();
  const loadCpuBefore = cpuSeconds();
  await loadCollectionSnapshot(store, 'work_orders', file);
  await settle(rows);
  const loadMs = performance.now() - started;
  const loadCpu = cpuSeconds() - loadCpuBefore;
  const same = measure(rows, sample.province).answer + measure(rows, sample.engineer).answer === answers;
  console.log(
    `  snapshot: write ${(writeMs / 1000).toFixed(1)} s (${fileMiB.toFixed(0)} MiB), load until queryable ${(loadMs / 1000).toFixed(1)} s (${loadCpu.toFixed(1)} CPU-s)` +
      (same ? '' : ' (answers differ after load!)'),
  );
  rmSync(file, { force: true });
  return { rows: size, indexes, bytesPerRow: Math.round(bytes / size), insertRate: Math.round(size / (busy / 1000)), insertCpu, province, engineer, writeMs, loadMs, loadCpu };
}

function rerunWithFlags(): boolean {
  const wantMiB = Math.max(...sizes) >= 1_000_000 ? 8192 : 2048;
  const hasGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
  if ((hasGc && getHeapStatistics().heap_size_limit >= wantMiB * 1024 * 1024 * 0.9) || process.env['KUAIGE_BENCH_CHILD']) return false;
  const child = spawnSync(process.execPath, ['--expose-gc', `--max-old-space-size=${wantMiB}`, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, KUAIGE_BENCH_CHILD: '1' },
  });
  process.exitCode = child.status ?? 1;
  return true;
}

async function main(): Promise<void> {
  if (rerunWithFlags()) return;
  console.log(`embedded read-model store, work_orders list rows; declared ${DECLARED.map((i) => `${i.name} ${JSON.stringify(i.key)}`).join(', ')} (scoped)`);
  console.log(`page = sort ${JSON.stringify(SORT)}, limit ${LIMIT}; node ${process.version}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'kuaige-store-bench-'));
  const summary: Record<string, unknown>[] = [];
  try {
    for (const size of sizes) summary.push(await runSize(size, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const strip = (r: Record<string, unknown>) =>
    JSON.parse(JSON.stringify(r, (key, value: unknown) => (key === 'answer' ? undefined : typeof value === 'number' ? Math.round(value * 1000) / 1000 : value))) as unknown;
  console.log(JSON.stringify({ bench: 'read-model-store', summary: summary.map(strip) }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
