// The audit search at the size of a busy installation's log: N `audit_entries` rows (one per event,
// the row `entryOf` makes: business events of work orders and enterprises, security events, sign-ins;
// skewed over provinces, enterprises and users) in the embedded read-model store, under the
// projection's declared indexes (scoped: each also led by scope.tenants and scope.regions, ADR 0011).
// Queries go through the API's own code (`readPage`, `scopedEntries` with a CASL ability like the
// compliance role's) and print p50/p95 of: the first page for a province's and the national compliance
// officer (with the capped total), by actor, by type and time, an entity's history, a page 8,000 rows
// deep by skip and the same depth by cursor, a cursor half-way down the log, and — side by side — the
// exact count the search used to answer with.
//
//   node scripts/build-server.mjs && node dist/server/bench/audit-search.bench.js [--sizes 200000,1000000] [--queries 200]
import { spawnSync } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';
import { createMongoAbility } from '@casl/ability';
import type { DomainEvent } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { EmbeddedReadModelStore, type Filter, type ReadModelCollection, type SortSpec, type WriteOperation } from '../projections/src/store';
import { auditEntriesProjection, entryOf, type AuditEntryRow } from '../backend/src/audit/trail/read-models/audit-entries.projection';
import { filterOf, readPage, scopedEntries, TOTAL_CAP, type AuditSearch } from '../backend/src/audit/trail/read-models/audit.queries';
import type { Actor } from '../backend/src/tenancy/api/authorization';
import { numberArg, textArg } from './args';

const sizes = textArg('--sizes', '200000,1000000').split(',').map(Number);
const queryCount = numberArg('--queries', 200);
const BATCH = 2000;
const PAGE = 20;

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const skewed = (random: () => number, n: number): number => Math.min(n - 1, Math.floor(n * random() ** 2));
const uuid = (kind: number, n: number): string => {
  const h = pad((n * 2654435761) % 4294967296, 10);
  return `${pad(kind, 8)}-${h.slice(0, 4)}-4${h.slice(4, 7)}-a${h.slice(7, 10)}-${pad(n, 12)}`;
};

const PROVINCES = ['44', '32', '33', '37', '41', '51', '11', '31', '42', '43', '35', '13', '34', '50', '61', '21', '36', '45', '12', '53'];
const ENTERPRISES = 20_000;
const USERS = 60_000;
const NODES = 3_000;
const WORK_ORDER_TYPES = ['MaintenanceRequested', 'RequestReviewed', 'WorkOrderDispatched', 'DispatchAccepted', 'EngineerAssigned', 'EngineerAccepted', 'WorkStarted', 'ProcessingRecordAdded', 'WorkCompleted', 'ReceiptSubmitted', 'ReceiptApproved', 'WorkOrderEvaluated', 'WorkOrderClosed'];
const AGENTS = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/142.0 Safari/537.36', 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) MicroMessenger/8.0.50', 'Mozilla/5.0 (Linux; Android 14) Chrome/141.0 Mobile Safari/537.36', 'KuaigeApp/2.3 (Android 13)'];
const START = Date.UTC(2026, 5, 1);
const SPAN = 180 * 24 * 3600 * 1000;

const countyOf = (enterprise: number): string => {
  const r = mulberry32(enterprise + 7);
  const province = PROVINCES[skewed(r, PROVINCES.length)]!;
  return `${province}${pad(1 + Math.floor(r() * 12), 2)}${pad(1 + Math.floor(r() * 9), 2)}`;
};
const jurisdiction = (county: string): string[] => [county, county.slice(0, 4), county.slice(0, 2), 'CN'];

/** The i-th event of the log, as the projection receives it. */
function eventAt(random: () => number, i: number, size: number): RecordedEvent<DomainEvent> {
  const enterprise = skewed(random, ENTERPRISES);
  const user = skewed(random, USERS);
  const county = countyOf(enterprise);
  const roll = random();
  const at = new Date(START + Math.floor((i / size) * SPAN)).toISOString();
  const ip = `${10 + (user % 200)}.${(user >> 8) % 256}.${user % 256}.${1 + (i % 250)}`;
  const userAgent = AGENTS[user % AGENTS.length]!;
  let streamId: string;
  let type: string;
  let data: Record<string, unknown>;
  let metadata: Record<string, unknown>;
  if (roll < 0.8) {
    // Work orders: ~10 events each, in the requester's scope.
    const order = Math.floor(i / 10);
    streamId = `WorkOrder-${uuid(9, order)}`;
    type = WORK_ORDER_TYPES[i % WORK_ORDER_TYPES.length]!;
    data = { workOrderId: uuid(9, order), at };
    metadata = { actor: { userId: uuid(4, user), enterpriseId: uuid(1, enterprise), ip }, origin: { ip, userAgent }, tenantIds: [uuid(1, enterprise)], jurisdiction: jurisdiction(county) };
  } else if (roll < 0.9) {
    streamId = `Enterprise-${uuid(1, enterprise)}`;
    type = random() < 0.5 ? 'MemberRolesChanged' : 'DepartmentCreated';
    data = { enterpriseId: uuid(1, enterprise), at };
    metadata = { actor: { userId: uuid(4, user), enterpriseId: uuid(1, enterprise), ip }, origin: { ip, userAgent }, tenantIds: [uuid(1, enterprise)], jurisdiction: jurisdiction(county) };
  } else if (roll < 0.97) {
    streamId = `AccountLoginAttempts-${uuid(4, user)}`;
    type = random() < 0.85 ? 'LoginSucceeded' : 'LoginFailed';
    data = type === 'LoginFailed' ? { at, ip, userAgent, reason: 'wrong-password' } : { at, ip, userAgent, method: 'password' };
    metadata = { actor: { userId: uuid(4, user), ip } };
  } else {
    streamId = `SecurityLog-${uuid(4, user)}`;
    type = 'AccessDenied';
    data = { at, ip, userAgent, method: 'GET', route: '/api/v1/work-orders/:id', params: {}, requestId: `r${i}`, status: 403, rule: 'permission' };
    metadata = { actor: { userId: uuid(4, user), operatorNodeId: uuid(6, user % NODES), ip }, tenantIds: [], jurisdiction: jurisdiction(county) };
  }
  return {
    eventId: uuid(8, i),
    streamId,
    revision: i % 10,
    position: i + 1,
    type,
    data,
    metadata: { commandId: `c${i}`, correlationId: `c${i}`, causationId: `c${i}`, schemaVersion: 1, occurredAt: at, ...metadata },
    recordedAt: at,
    hash: '',
    previousHash: '',
  } as unknown as RecordedEvent<DomainEvent>;
}

/** A compliance officer of a province (or the nation): reads AuditLog rows in its division, as the built-in role does. */
const complianceOf = (division: string): Actor => ({ ability: createMongoAbility([{ action: 'read', subject: 'AuditLog', conditions: { 'scope.regions': division } }]) }) as unknown as Actor;

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const ms = (t: number): string => (t < 1 ? t.toFixed(3) : t < 100 ? t.toFixed(2) : t.toFixed(0));

interface Timing {
  readonly p50: number;
  readonly p95: number;
}

async function time(runs: number, query: (k: number) => Promise<unknown>): Promise<Timing> {
  for (let k = 0; k < Math.min(10, runs); k++) await query(k);
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const started = performance.now();
    await query(k);
    times.push(performance.now() - started);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function runSize(size: number): Promise<Record<string, unknown>> {
  const store = new EmbeddedReadModelStore();
  const rows = store.collection<AuditEntryRow>('audit_entries');
  await rows.ensureIndexes(auditEntriesProjection.indexes, { scoped: true });
  const random = mulberry32(42);
  const started = performance.now();
  for (let written = 0; written < size; ) {
    const batch: WriteOperation<AuditEntryRow>[] = [];
    for (let k = 0; k < BATCH && written < size; k++, written++) batch.push({ insertOne: { document: JSON.parse(JSON.stringify(entryOf(eventAt(random, written, size)))) as AuditEntryRow } });
    await rows.bulkWrite(batch);
  }
  const insertSeconds = (performance.now() - started) / 1000;
  // The first read of each index builds it (writes leave entries pending, ADR 0016): not a search's cost.
  const warm = performance.now();
  for (const index of auditEntriesProjection.indexes) await rows.find({ [Object.keys(index.key)[0]!]: '-' }, { limit: 1 });
  await rows.find({ 'scope.regions': '-' }, { limit: 1 });
  await rows.find({ 'scope.tenants': '-' }, { limit: 1 });
  const indexSeconds = (performance.now() - warm) / 1000;
  console.log(`\n${size.toLocaleString('en')} entries: inserted in ${insertSeconds.toFixed(1)} s, indexes built in ${indexSeconds.toFixed(1)} s; heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);

  const guangdong = complianceOf('44');
  const national = complianceOf('CN');
  const newest: SortSpec = { position: -1 };
  const q = (search: AuditSearch, actor = guangdong) => scopedEntries(actor, filterOf(search));
  const pick = mulberry32(7);
  const users = Array.from({ length: queryCount }, () => uuid(4, skewed(pick, USERS)));
  const types = Array.from({ length: queryCount }, () => WORK_ORDER_TYPES[Math.floor(pick() * WORK_ORDER_TYPES.length)]!);
  const days = Array.from({ length: queryCount }, () => START + Math.floor(pick() * (SPAN - 7 * 24 * 3600 * 1000)));
  const orders = Array.from({ length: queryCount }, () => uuid(9, Math.floor((pick() * size) / 10)));
  const page = (filter: Filter, options: { page: number; pageSize: number; after?: number }, sort = newest) => readPage(rows as ReadModelCollection<AuditEntryRow>, filter, sort, options);
  const depth = (TOTAL_CAP - PAGE) / PAGE + 1;
  const deepCursor = (await page(q({}), { page: depth - 1, pageSize: PAGE })).nextCursor!;

  const results: Record<string, Timing> = {
    'province, first page (+ capped total)': await time(queryCount, () => page(q({}), { page: 1, pageSize: PAGE })),
    'national, first page (+ capped total)': await time(queryCount, () => page(q({}, national), { page: 1, pageSize: PAGE })),
    'province, by actor': await time(queryCount, (k) => page(q({ actor: users[k]! }), { page: 1, pageSize: PAGE })),
    'province, by type and a week': await time(queryCount, (k) => page(q({ type: types[k]!, from: new Date(days[k]!).toISOString(), to: new Date(days[k]! + 7 * 24 * 3600 * 1000).toISOString() }), { page: 1, pageSize: PAGE })),
    'national, an entity’s history': await time(queryCount, (k) => page(q({ stream: `WorkOrder-${orders[k]!}` }, national), { page: 1, pageSize: 50 }, { position: 1 })),
    [`province, page ${depth} by skip (${(TOTAL_CAP - PAGE).toLocaleString('en')} skipped)`]: await time(Math.ceil(queryCount / 4), () => page(q({}), { page: depth, pageSize: PAGE })),
    [`province, the same depth by cursor`]: await time(queryCount, () => page(q({}), { page: 1, pageSize: PAGE, after: deepCursor })),
    'province, cursor half-way down the log': await time(queryCount, () => page(q({}), { page: 1, pageSize: PAGE, after: Math.floor(size / 2) })),
    'province, exact count (the former total)': await time(Math.ceil(queryCount / 10), () => rows.count(q({}))),
  };
  const width = Math.max(...Object.keys(results).map((k) => k.length));
  for (const [name, t] of Object.entries(results)) console.log(`  ${name.padEnd(width)}  p50 ${ms(t.p50).padStart(7)} ms   p95 ${ms(t.p95).padStart(7)} ms`);
  const matched = await rows.count(q({}));
  console.log(`  (Guangdong's compliance sees ${matched.toLocaleString('en')} of them)`);
  return { size, insertSeconds, indexSeconds, matched, results };
}

function rerunWithHeap(): boolean {
  const wantMiB = Math.max(...sizes) >= 1_000_000 ? 8192 : 4096;
  if (getHeapStatistics().heap_size_limit >= wantMiB * 1024 * 1024 * 0.9 || process.env['KUAIGE_BENCH_CHILD']) return false;
  const child = spawnSync(process.execPath, [`--max-old-space-size=${wantMiB}`, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, KUAIGE_BENCH_CHILD: '1' } });
  process.exitCode = child.status ?? 1;
  return true;
}

async function main(): Promise<void> {
  if (rerunWithHeap()) return;
  console.log(`audit search on the embedded read-model store; page ${PAGE}, ${queryCount} queries per line; node ${process.version}`);
  const summary: Record<string, unknown>[] = [];
  for (const size of sizes) summary.push(await runSize(size));
  console.log(JSON.stringify({ bench: 'audit-search', summary }, (_, v: unknown) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
