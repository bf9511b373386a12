// Authorization per request: building a CASL ability, turning it into a MongoDB filter, and what the
// filter costs a page query — a scoped page against the same page unscoped, side by side on the same
// 100,000-row embedded collection (indexes on the scope keys and on updatedAt). Medians over runs.
//
//   node scripts/build-server.mjs && node dist/server/bench/authorization.bench.js [--runs 5] [--rows 100000] [--queries 500] [--builds 20000]
import { divisionTree } from '../backend/src/tenancy/division-data';
import { EmbeddedReadModelStore, type EmbeddedReadModelCollection, type Filter, type ReadModelDocument, type WriteOperation } from '../projections/src/store';
import {
  AbilityCache,
  accessibleFilter,
  buildAbility,
  PERMISSIONS,
  scoped,
  type AbilityInput,
  type Permission,
  type RoleDefinition,
} from '../tenancy/src';
import { numberArg } from './args';

const runs = numberArg('--runs', 5);
const size = numberArg('--rows', 100000);
const queries = numberArg('--queries', 500);
const builds = numberArg('--builds', 20000);

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const skewed = (random: () => number, n: number): number => Math.min(n - 1, Math.floor(n * random() ** 2));

// ---- Rows: work orders in real counties (skewed towards a few), scoped to 2,000 tenants ----------

const tree = divisionTree();
const COUNTIES = [...tree.all()].filter((n) => n.level === 'county').map((n) => n.code);
const TENANTS = 2000;
const STATUSES = ['open', 'dispatched', 'in_progress', 'completed', 'closed', 'cancelled'];
const NOW = Date.UTC(2026, 5, 1);

function workOrder(random: () => number, i: number): ReadModelDocument {
  const county = COUNTIES[skewed(random, COUNTIES.length)]!;
  const owner = `E${pad(skewed(random, TENANTS), 4)}`;
  return {
    _id: `WO-${pad(i, 8)}`,
    title: `Repair request ${i}`,
    status: STATUSES[Math.floor(random() * STATUSES.length)],
    priority: 1 + Math.floor(random() * 4),
    scope: { tenants: random() < 0.3 ? [owner, `E${pad(Math.floor(random() * TENANTS), 4)}`] : [owner], regions: tree.jurisdiction(county) },
    customer: { name: `Customer ${Math.floor(random() * 50_000)}`, phone: `13${pad(Math.floor(random() * 1e9), 9)}` },
    assigneeId: random() < 0.8 ? `U${pad(Math.floor(random() * 20_000), 5)}` : null,
    updatedAt: new Date(NOW - Math.floor(random() * 365 * 86_400_000)).toISOString(),
  };
}

// ---- Users: an operator at each level and an enterprise member, with realistic roles ---------------

const workOrderPermissions = PERMISSIONS.filter((p) => p.subject === 'WorkOrder').map((p) => p.permission);
const roles = new Map<string, RoleDefinition>([
  ['operator-admin', { name: 'operator-admin', permissions: PERMISSIONS.filter((p) => p.action !== 'read-sensitive').map((p) => p.permission) }],
  ['dispatcher', { name: 'dispatcher', permissions: [...workOrderPermissions, 'device:read', 'part:read', 'warehouse:read'] as Permission[] }],
  ['engineer', { name: 'engineer', permissions: ['device:read', 'part:read'], personal: ['work-order:read', 'work-order:update', 'work-order:close'] }],
]);
const overrides = [
  { effect: 'deny' as const, permission: 'work-order:read' as const, conditions: { status: 'cancelled' } },
  { effect: 'allow' as const, permission: 'settlement:read' as const },
];
const operator = (regionCode: string): AbilityInput => ({
  user: { id: 'U00001' },
  memberships: [{ kind: 'operator', nodeId: `N-${regionCode}`, roles: ['operator-admin', 'dispatcher'] }],
  operatorNode: { id: `N-${regionCode}`, regionCode },
  roles,
  overrides,
});
// The busiest province, city and county in the generated rows, so that pages fill.
const busiest = (level: (code: string) => string): string => {
  const counts = new Map<string, number>();
  const random = mulberry32(42);
  for (let i = 0; i < 20_000; i++) {
    const code = level(COUNTIES[skewed(random, COUNTIES.length)]!);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
};
const USERS: { readonly name: string; readonly input: AbilityInput }[] = [
  { name: 'national operator', input: operator('CN') },
  { name: 'province operator', input: operator(busiest((c) => c.slice(0, 2))) },
  { name: 'city operator', input: operator(busiest((c) => c.slice(0, 4))) },
  { name: 'county operator', input: operator(busiest((c) => c)) },
  {
    name: 'enterprise engineer',
    input: { user: { id: 'U00001' }, memberships: [{ kind: 'enterprise', enterpriseId: 'E0000', roles: ['engineer', 'dispatcher'] }], activeEnterpriseId: 'E0000', roles, overrides },
  },
];

// ---- Per-request cost: build, filter, cached lookup ------------------------------------------------

function perRequest(input: AbilityInput): { buildUs: number; filterUs: number; cachedUs: number } {
  let started = performance.now();
  let ability = buildAbility(input);
  for (let i = 1; i < builds; i++) ability = buildAbility(input);
  const buildUs = ((performance.now() - started) * 1000) / builds;
  started = performance.now();
  let filter: Filter = {};
  for (let i = 0; i < builds; i++) filter = accessibleFilter(ability, 'read', 'WorkOrder');
  const filterUs = ((performance.now() - started) * 1000) / builds;
  const cache = new AbilityCache(1000);
  const key = { userId: input.user.id, enterpriseId: input.activeEnterpriseId ?? null, operatorNodeId: input.operatorNode?.id ?? null, version: '0.0' };
  let hits = 0;
  started = performance.now();
  for (let i = 0; i < builds; i++) if (cache.get(key, () => buildAbility(input)) !== ability) hits++;
  const cachedUs = ((performance.now() - started) * 1000) / builds;
  if (Object.keys(filter).length === 0 || hits !== builds) throw new Error('the bench user should be scoped and cached');
  return { buildUs, filterUs, cachedUs };
}

// ---- Page queries: the same user filter, unscoped and scoped ----------------------------------------

const SORT = { updatedAt: -1, _id: 1 } as const;
const LIMIT = 20;

function userFilters(seed: number, n: number): { filter: Filter; skip: number }[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => ({
    filter: random() < 0.5 ? { status: { $in: ['open', 'dispatched', 'in_progress'] } } : { status: STATUSES[Math.floor(random() * 4)], priority: { $gte: 2 } },
    skip: LIMIT * Math.floor(random() * 3),
  }));
}

function pageMs(rows: EmbeddedReadModelCollection, access: Filter | null, qs: readonly { filter: Filter; skip: number }[]): { ms: number; examined: number } {
  const times: number[] = [];
  let examined = 0;
  for (const q of qs) {
    const started = performance.now();
    const { plan } = rows.query(access ? scoped(q.filter, access) : q.filter, { sort: SORT, skip: q.skip, limit: LIMIT });
    times.push(performance.now() - started);
    examined += plan.examined;
  }
  return { ms: median(times), examined: examined / qs.length };
}

async function main(): Promise<void> {
  const began = performance.now();
  console.log(`authorization: ${runs} runs, medians; ${builds.toLocaleString('en')} builds per run; ${size.toLocaleString('en')} rows; ${queries} page queries per run`);
  console.log(`node ${process.version}; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);

  const perUser = USERS.map((u) => ({ ...u, samples: [] as ReturnType<typeof perRequest>[] }));
  for (let run = 0; run < runs; run++) for (const u of perUser) u.samples.push(perRequest(u.input));
  console.log('per request (µs)         build  filter  cached lookup   rules');
  for (const u of perUser) {
    const rules = buildAbility(u.input).rules.length;
    const m = (f: (s: ReturnType<typeof perRequest>) => number) => median(u.samples.map(f)).toFixed(1).padStart(6);
    console.log(`  ${u.name.padEnd(22)} ${m((s) => s.buildUs)}  ${m((s) => s.filterUs)}  ${m((s) => s.cachedUs)}         ${rules}`);
  }

  const store = new EmbeddedReadModelStore();
  const rows = store.collection('work_orders');
  await rows.ensureIndexes([
    { name: 'regions_updated', key: { 'scope.regions': 1, updatedAt: -1 } },
    { name: 'tenants_updated', key: { 'scope.tenants': 1, updatedAt: -1 } },
    { name: 'updated', key: { updatedAt: -1 } },
  ]);
  const random = mulberry32(7);
  for (let written = 0; written < size; ) {
    const batch: WriteOperation[] = [];
    for (let k = 0; k < 1000 && written < size; k++, written++) batch.push({ insertOne: { document: workOrder(random, written) } });
    await rows.bulkWrite(batch);
  }
  for (const q of userFilters(1, 200)) rows.query(q.filter, { sort: SORT, skip: q.skip, limit: LIMIT }); // warm-up

  console.log(`\npage query, sort { updatedAt: -1, _id: 1 }, limit ${LIMIT}: unscoped vs scoped (same run, same user filters)`);
  const summary: Record<string, unknown>[] = [];
  for (const u of perUser) {
    const access = accessibleFilter(buildAbility(u.input), 'read', 'WorkOrder');
    const samples: { unscoped: number; scoped: number; examinedScoped: number; examinedUnscoped: number }[] = [];
    for (let run = 0; run < runs; run++) {
      const qs = userFilters(100 + run, queries);
      const a = pageMs(rows, null, qs);
      const b = pageMs(rows, access, qs);
      samples.push({ unscoped: a.ms, scoped: b.ms, examinedScoped: b.examined, examinedUnscoped: a.examined });
    }
    const m = (f: (s: (typeof samples)[number]) => number) => median(samples.map(f));
    const row = {
      user: u.name,
      unscopedMs: m((s) => s.unscoped),
      scopedMs: m((s) => s.scoped),
      ratio: m((s) => s.scoped / s.unscoped),
      examinedUnscoped: m((s) => s.examinedUnscoped),
      examinedScoped: m((s) => s.examinedScoped),
    };
    summary.push(row);
    console.log(
      `  ${u.name.padEnd(22)} unscoped p50 ${row.unscopedMs.toFixed(3)} ms (${Math.round(row.examinedUnscoped)} examined)` +
        ` | scoped p50 ${row.scopedMs.toFixed(3)} ms (${Math.round(row.examinedScoped)} examined) | scoped/unscoped ×${row.ratio.toFixed(2)}`,
    );
  }
  console.log(`\ntotal ${((performance.now() - began) / 1000).toFixed(0)} s`);
  console.log(
    JSON.stringify({
      bench: 'authorization',
      runs,
      perRequest: perUser.map((u) => ({ user: u.name, buildUs: median(u.samples.map((s) => s.buildUs)), filterUs: median(u.samples.map((s) => s.filterUs)) })),
      pages: summary,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
