// Dashboard queries over analytics rows equivalent to 1,000,000 work orders (issue #15): the order
// facts of a generated year are summed into county rows and rolled up to cities, provinces and the
// nation, and per party of provinces and the nation, with the product's own functions, written straight into the embedded read-model store (a
// rebuild from 1,000,000 orders' events would take far longer than the queries it is meant to
// time), then each dashboard query runs as the product runs it — the actor's CASL filter under $and,
// the rows summed in the query — as a national, a provincial and a city operator, an enterprise and a
// provider. Reports rows, heap, and p50/p95 per query.
//
//   node scripts/build-server.mjs && node --max-old-space-size=8192 dist/server/bench/analytics.bench.js [--orders 1000000] [--queries 200]
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { buildAbility, BUILT_IN_ROLES, type AbilityInput, type RoleDefinition } from '../tenancy/src';
import { chinaDayOf, countyRowKey, engineerRowKey, regionPathOf, type OrderFacts } from '../domain/src';
import { EmbeddedReadModelCollection, EmbeddedReadModelStore, type ReadModelDocument, type WriteOperation } from '../projections/src/store';
import { divisionTree } from '../backend/src/tenancy/division-data';
import type { AnalyticsOrderRow } from '../backend/src/analytics/read-models/analytics-facts.projection';
import {
  ANALYTICS_COUNTY_COLLECTION,
  ANALYTICS_ENGINEERS_COLLECTION,
  ANALYTICS_INDEXES,
  ANALYTICS_PARTIES_COLLECTION,
  ANALYTICS_REGIONS_COLLECTION,
  ANALYTICS_TENANTS_COLLECTION,
  countyRowOf,
  engineerRowOf,
  rollUp,
  rollUpMonths,
  rollUpParties,
  rollUpPartyMonths,
  rollUpTenants,
  sumFacts,
  type AnalyticsCountyRow,
  type AnalyticsEngineerRow,
} from '../backend/src/analytics/read-models/analytics-rollup';
import { AnalyticsReader, type AnalyticsFilters, type AnalyticsRows } from '../backend/src/analytics/application/analytics.queries';
import type { Actor } from '../backend/src/tenancy/api/authorization';
import { numberArg, textArg } from './args';

const ORDERS = numberArg('--orders', 1_000_000);
const QUERIES = numberArg('--queries', 200);
/** `--profile <file>`: a CPU profile of the query phase only (not of building the rows), for DevTools. */
const PROFILE = textArg('--profile', '');
/** `--only <text>`: only the cases whose name contains it. */
const ONLY = textArg('--only', '');

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(2026);
const skewed = (n: number): number => Math.min(n - 1, Math.floor(n * random() ** 2));
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const percentile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};

// ---- A generated year: enterprises in real counties (skewed towards a few), providers per province --

const tree = divisionTree();
const COUNTIES = [...tree.all()].filter((n) => n.level === 'county').map((n) => n.code);
const DEVICE_TYPES = ['cnc-machine', 'injection-molding', 'air-compressor', 'industrial-robot', 'hvac-chiller', 'elevator', 'industrial-boiler', 'diesel-generator', 'forklift', 'medical-imaging', 'water-pump', 'packaging-line'];
const FAULT_TYPES = ['electrical', 'mechanical', 'hydraulic', 'control-system', 'software', 'abnormal-noise', 'leakage', 'overheating', 'routine-maintenance', 'other'];
const REQUESTERS = Array.from({ length: 4000 }, (_, i) => ({
  id: `E${i}`,
  county: COUNTIES[skewed(COUNTIES.length)]!,
  types: [pick(DEVICE_TYPES), pick(DEVICE_TYPES)],
  manufacturer: random() < 0.7 ? `M${Math.floor(random() * 60)}` : null,
}));
const PROVIDERS_BY_PROVINCE = new Map<string, string[]>();
for (let i = 0; i < 600; i++) {
  const province = REQUESTERS[Math.floor(random() * REQUESTERS.length)]!.county.slice(0, 2);
  PROVIDERS_BY_PROVINCE.set(province, [...(PROVIDERS_BY_PROVINCE.get(province) ?? []), `P${i}`]);
}
const START = Date.parse('2026-01-01T00:00:00+08:00');

function orderFacts(i: number): AnalyticsOrderRow {
  const requester = REQUESTERS[skewed(REQUESTERS.length)]!;
  const providers = PROVIDERS_BY_PROVINCE.get(requester.county.slice(0, 2)) ?? ['P0'];
  const requestedMs = START + Math.floor(random() * 365 * 86_400_000);
  const dispatched = random() < 0.95;
  const started = dispatched && random() < 0.92;
  const completed = started && random() < 0.9;
  const providerId = dispatched ? pick(providers) : null;
  const engineerId = dispatched ? `${providerId}-G${Math.floor(random() * 12)}` : null;
  const at = (minutes: number) => new Date(requestedMs + minutes * 60_000).toISOString();
  const responded = 5 + Math.floor(random() ** 2 * 600);
  const repair = 20 + Math.floor(random() ** 3 * 4000);
  const facts: OrderFacts = {
    workOrderId: `WO-${i}`,
    day: chinaDayOf(new Date(requestedMs).toISOString()),
    countyCode: requester.county,
    requesterId: requester.id,
    ownerId: requester.id,
    manufacturerId: requester.manufacturer,
    providerId,
    engineerId,
    deviceType: pick(requester.types),
    faultType: FAULT_TYPES[skewed(FAULT_TYPES.length)]!,
    requestedAt: at(0),
    respondedAt: started ? at(responded) : null,
    startedAt: started ? at(responded + 30) : null,
    completedAt: completed ? at(responded + 30 + repair) : null,
    everCompleted: completed,
    closed: completed && random() < 0.85,
    cancelled: !dispatched && random() < 0.5,
    rejected: false,
    reopened: completed && random() < 0.04 ? 1 : 0,
    receiptRejected: completed && random() < 0.05 ? 1 : 0,
    userScore: completed && random() < 0.7 ? 1 + Math.floor(random() * 5) : null,
    manufacturerScore: null,
    slaOnTime: started ? (random() < 0.85 ? ['response'] : []) : [],
    slaBreached: started && random() < 0.15 ? ['response'] : [],
    alarms: random() < 0.1 ? 1 : 0,
    partsQuantity: completed ? Math.floor(random() * 4) : 0,
    partsValueFen: completed ? Math.floor(random() * 40_000) : 0,
  };
  const countyRow = countyRowKey(facts);
  const engineerRow = engineerRowKey(facts);
  return {
    ...facts,
    _id: facts.workOrderId,
    countyRow,
    engineerRow,
    filedUnder: [countyRow, ...(engineerRow ? [engineerRow] : [])],
    scope: { tenants: [requester.id, ...(providerId ? [providerId] : [])], regions: regionPathOf(facts.countyCode) },
  };
}

const roles = new Map<string, RoleDefinition>(BUILT_IN_ROLES.map((r) => [r.key, r]));
const actorOf = (input: AbilityInput, enterpriseId: string | null, operatorNode: { id: string; regionCode: string } | null): Actor =>
  ({ userId: input.user.id, enterpriseId, operatorNode, roles: [], ability: buildAbility(input) }) as unknown as Actor;
const operator = (regionCode: string) =>
  actorOf({ user: { id: 'U-op' }, memberships: [{ kind: 'operator', nodeId: `N-${regionCode}`, roles: ['operator-admin'] }], operatorNode: { id: `N-${regionCode}`, regionCode }, roles }, null, {
    id: `N-${regionCode}`,
    regionCode,
  });
const enterprise = (enterpriseId: string) =>
  actorOf({ user: { id: 'U-ent' }, memberships: [{ kind: 'enterprise', enterpriseId, roles: ['admin'] }], activeEnterpriseId: enterpriseId, roles }, enterpriseId, null);

async function main(): Promise<void> {
  const heapBefore = process.memoryUsage().heapUsed;
  const built = performance.now();
  const county = new Map<string, AnalyticsCountyRow>();
  const engineers = new Map<string, AnalyticsEngineerRow>();
  const CHUNK = 50_000;
  for (let i = 0; i < ORDERS; i += CHUNK) {
    const facts = Array.from({ length: Math.min(CHUNK, ORDERS - i) }, (_, k) => orderFacts(i + k));
    sumFacts(facts, (f) => f.countyRow, countyRowOf, county);
    sumFacts(facts, (f) => f.engineerRow, engineerRowOf, engineers);
  }
  const regions = rollUp(county.values());
  const regionMonths = rollUpMonths(regions.values());
  const tenants = rollUpTenants(county.values());
  const parties = rollUpParties(county.values());
  const partyMonths = rollUpPartyMonths(parties.values());
  const summedMs = performance.now() - built;

  const store = new EmbeddedReadModelStore();
  const loaded = performance.now();
  const write = async (name: string, rows: Iterable<ReadModelDocument>) => {
    const collection = store.collection(name);
    await collection.ensureIndexes(ANALYTICS_INDEXES[name as keyof typeof ANALYTICS_INDEXES], { scoped: true });
    let batch: WriteOperation[] = [];
    for (const row of rows) {
      batch.push({ insertOne: { document: row } });
      if (batch.length === 10_000) {
        await collection.bulkWrite(batch);
        batch = [];
      }
    }
    if (batch.length) await collection.bulkWrite(batch);
  };
  await write(ANALYTICS_COUNTY_COLLECTION, county.values());
  await write(ANALYTICS_ENGINEERS_COLLECTION, engineers.values());
  await write(ANALYTICS_REGIONS_COLLECTION, [...regions.values(), ...regionMonths.values()]);
  await write(ANALYTICS_TENANTS_COLLECTION, tenants.values());
  await write(ANALYTICS_PARTIES_COLLECTION, [...parties.values(), ...partyMonths.values()]);
  const loadMs = performance.now() - loaded;
  const counts = { county: county.size, engineers: engineers.size, regions: regions.size, regionMonths: regionMonths.size, tenants: tenants.size, parties: parties.size, partyMonths: partyMonths.size };
  const cuts = new Map<string, number>();
  for (const r of regions.values()) cuts.set(`${r.level}/${r.cut}`, (cuts.get(`${r.level}/${r.cut}`) ?? 0) + 1);
  for (const m of [county, engineers, regions, regionMonths, tenants, parties, partyMonths]) m.clear();
  global.gc?.();
  const heapMb = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1_048_576);

  const reader = new AnalyticsReader({ store, fresh: async () => undefined } as unknown as AnalyticsRows);
  const busiest = (level: (code: string) => string) => {
    const tally = new Map<string, number>();
    for (const r of REQUESTERS) tally.set(level(r.county), (tally.get(level(r.county)) ?? 0) + 1);
    return [...tally].sort((a, b) => b[1] - a[1])[0]![0];
  };
  const province = busiest((c) => c.slice(0, 2));
  const city = busiest((c) => c.slice(0, 4));
  const busiestRequester = REQUESTERS[0]!.id;
  const provider = PROVIDERS_BY_PROVINCE.get(province)![0]!;
  const window = (days: number): AnalyticsFilters => {
    const from = START + Math.floor(random() * (365 - days)) * 86_400_000;
    return { from: chinaDayOf(new Date(from).toISOString()), to: chinaDayOf(new Date(from + (days - 1) * 86_400_000).toISOString()) };
  };
  const national = operator('CN');
  const provincial = operator(province);
  const cityOperator = operator(city);
  const cases: { name: string; run: () => Promise<unknown> }[] = [
    { name: 'national overview, 30 days', run: () => reader.overview(national, window(30)) },
    { name: 'national trend by day, 90 days', run: () => reader.series(national, 'requests', 'day', window(90)) },
    { name: 'national breakdown by province, 30 days', run: () => reader.breakdown(national, 'region', 'responseP90', window(30)) },
    { name: `province ${province} overview, 30 days`, run: () => reader.overview(provincial, window(30)) },
    { name: `province ${province} map by city, 30 days`, run: () => reader.breakdown(provincial, 'region', 'slaCompliance', window(30)) },
    { name: `province ${province} fault types, 365 days`, run: () => reader.breakdown(provincial, 'faultType', 'requests', { from: '2026-01-01', to: '2026-12-31' }) },
    { name: `city ${city} counties, 30 days`, run: () => reader.breakdown(cityOperator, 'region', 'requests', window(30)) },
    { name: `enterprise ${busiestRequester} overview, 365 days`, run: () => reader.overview(enterprise(busiestRequester), { from: '2026-01-01', to: '2026-12-31' }) },
    { name: `provider ${provider} engineers, 30 days`, run: () => reader.engineers(enterprise(provider), window(30)) },
    { name: 'national trend by month, 365 days', run: () => reader.series(national, 'repairP90', 'month', { from: '2026-01-01', to: '2026-12-31' }) },
    { name: 'national device types, 90 days', run: () => reader.breakdown(national, 'deviceType', 'requests', window(90)) },
    { name: `province ${province} overview, one device type, 90 days`, run: () => reader.overview(provincial, { ...window(90), deviceType: 'elevator' }) },
    { name: `city ${city} overview, 365 days`, run: () => reader.overview(cityOperator, { from: '2026-01-01', to: '2026-12-31' }) },
    // The operations board's provider ranking and the manufacturers' view: breakdowns by party.
    { name: `province ${province} providers, 30 days`, run: () => reader.breakdown(provincial, 'provider', 'requests', window(30)) },
    { name: 'national providers, 30 days', run: () => reader.breakdown(national, 'provider', 'requests', window(30)) },
    { name: `province ${province} requesters, 30 days`, run: () => reader.breakdown(provincial, 'requester', 'requests', window(30)) },
    { name: 'national providers, 365 days', run: () => reader.breakdown(national, 'provider', 'slaCompliance', { from: '2026-01-01', to: '2026-12-31' }) },
    { name: `province ${province} manufacturers, 90 days`, run: () => reader.breakdown(provincial, 'manufacturer', 'requests', window(90)) },
    // Below a province the county rows answer a breakdown by party.
    { name: `city ${city} providers, 30 days`, run: () => reader.breakdown(cityOperator, 'provider', 'requests', window(30)) },
    { name: `operator CN about enterprise ${busiestRequester}, by province, 365 days`, run: () => reader.breakdown(national, 'region', 'requests', { from: '2026-01-01', to: '2026-12-31', enterpriseId: busiestRequester }) },
  ];

  const n = (v: number) => v.toLocaleString('en');
  console.log(
    `orders: ${n(ORDERS)}; rows: county ${n(counts.county)}, engineer ${n(counts.engineers)}, roll-up days ${n(counts.regions)} + months ${n(counts.regionMonths)}, enterprise months ${n(counts.tenants)}, party days ${n(counts.parties)} + months ${n(counts.partyMonths)}`,
  );
  console.log(`roll-up day rows by level/cut: ${[...cuts].map(([k, v]) => `${k} ${n(v)}`).join(', ')}`);
  console.log(`summed in ${Math.round(summedMs)} ms, written with indexes in ${Math.round(loadMs)} ms; heap of the rows ≈ ${heapMb} MB`);
  // What each query read: the rows its plans examined and returned, and whether any query scanned.
  const reads = { examined: 0, returned: 0, scans: 0 };
  type Find = EmbeddedReadModelCollection['find'];
  EmbeddedReadModelCollection.prototype.find = async function (this: EmbeddedReadModelCollection, ...args: Parameters<Find>) {
    const { documents, plan } = this.query(...args);
    reads.examined += plan.examined;
    reads.returned += documents.length;
    if (plan.kind === 'collection-scan') reads.scans++;
    return documents;
  } as Find;
  console.log('| query | rows examined / returned | p50 ms | p95 ms |');
  console.log('|---|---|---|---|');
  const profiler = PROFILE ? new Session() : null;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  for (const c of cases.filter((c) => c.name.includes(ONLY))) {
    Object.assign(reads, { examined: 0, returned: 0, scans: 0 });
    await c.run();
    const read = `${reads.examined.toLocaleString('en')} / ${reads.returned.toLocaleString('en')}${reads.scans ? ` (${reads.scans} scans)` : ''}`;
    for (let i = 0; i < 4; i++) await c.run();
    const times: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const t0 = performance.now();
      await c.run();
      times.push(performance.now() - t0);
    }
    console.log(`| ${c.name} | ${read} | ${percentile(times, 0.5).toFixed(1)} | ${percentile(times, 0.95).toFixed(1)} |`);
  }
  if (profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(PROFILE, JSON.stringify(profile));
    profiler.disconnect();
    console.log(`CPU profile of the queries written to ${PROFILE}`);
  }
  const sizes: string[] = [];
  for (const name of [ANALYTICS_COUNTY_COLLECTION, ANALYTICS_ENGINEERS_COLLECTION, ANALYTICS_REGIONS_COLLECTION, ANALYTICS_TENANTS_COLLECTION, ANALYTICS_PARTIES_COLLECTION]) {
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    await store.collection(name).drop();
    global.gc?.();
    sizes.push(`${name} ${Math.round((before - process.memoryUsage().heapUsed) / 1_048_576)} MB`);
  }
  console.log(`heap freed by dropping each collection (rows and indexes): ${sizes.join(', ')}`);
  await store.close();
}

void main();
