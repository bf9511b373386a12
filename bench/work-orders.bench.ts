// Work orders at scale (issue #10): with N generated work orders (the demo generator, backend/src/demo)
// in a data directory, the compiled product is started on it as its own process and measured:
//   - start-up: spawn to /ready (read models rebuilt or restored), and the live heap after it (gc'd),
//     next to the heap of the same product on an empty data directory;
//   - the scoped work-order list through HTTP, p50/p95, for a province operator and for an engineer;
//   - dispatch commands per second through HTTP, side by side in the same run with a bare Fastify route.
// Run: node scripts/build-server.mjs && node dist/server/bench/work-orders.bench.js --work-orders 100000
//        [--data DIR (generated there unless complete; default a temp dir)] [--as-is (measure DIR as it
//        is, also when its generation stopped before the end)] [--seed 1] [--samples 200]
//        [--connections 32] [--seconds 10] [--runs 3] [--bulk (generate with demo generate --bulk)] [--fresh N (first approve up to N submitted requests in
//        province 44 through HTTP, so that the dispatch runs have orders awaiting dispatch also in a
//        world earlier runs dispatched)]
//      PROF='--cpu-prof --cpu-prof-dir=DIR' adds node options to the product (stopped in order, so it writes its profile).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planWorld } from '../backend/src/demo/demo-world';
import { readGenerationRecord } from '../backend/src/demo/work-order-demo';
import { DEMO_PASSWORD } from '../backend/src/demo/demo-password';
import { divisionTree } from '../backend/src/tenancy/division-data';
import { PRODUCT_CLI, PRODUCT_MAIN, ProductProcess, REPO_ROOT } from './harness/product-process';
import { send, signIn } from './harness/identity-users';
import { numberArg, textArg } from './args';

interface AutocannonResult {
  readonly duration: number;
  readonly errors: number;
  readonly timeouts: number;
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(event: 'response', handler: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type Autocannon = (options: Record<string, unknown>) => AutocannonInstance;
// autocannon ships no type declarations; the part used here is typed above.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

const workOrders = numberArg('--work-orders', 100_000);
const seed = numberArg('--seed', 1);
const samples = numberArg('--samples', 200);
const connections = numberArg('--connections', 32);
const seconds = numberArg('--seconds', 10);
const runs = numberArg('--runs', 3);
const fresh = numberArg('--fresh', 0);
const dataDir = textArg('--data', '') || mkdtempSync(join(tmpdir(), 'kuaige-wo-bench-'));

const MiB = 2 ** 20;
const logs = join(REPO_ROOT, 'test-results/logs');
const probe = join(__dirname, 'harness/heap-probe.js');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

interface Heap {
  readonly heapUsed: number;
  readonly rss: number;
}

/** The product's live heap after two full collections (heap-probe.ts, asked through a file). */
async function heapOf(file: string): Promise<Heap> {
  rmSync(file, { force: true });
  writeFileSync(`${file}.request`, '');
  for (let i = 0; i < 200 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
  const m = JSON.parse(readFileSync(file, 'utf8')) as Heap & { collected: boolean };
  if (!m.collected) throw new Error('the heap probe ran without --expose-gc');
  return m;
}

const productOn = (dir: string, name: string, heapFile: string) =>
  new ProductProcess({
    dataDir: dir,
    adminToken: `bench-${randomUUID()}`,
    logFile: join(logs, `work-orders-${name}.log`),
    env: { NODE_OPTIONS: `--expose-gc --require ${probe} ${process.env['PROF'] ?? ''}`, HEAP_PROBE_FILE: heapFile, LOG_LEVEL: 'warn', DEMO_DATA: 'off' },
  });

async function actingAs(baseUrl: string, phone: string, kind: 'operator' | 'enterprise', id: string): Promise<string> {
  const session = await signIn(baseUrl, phone, DEMO_PASSWORD);
  const switched = await send(baseUrl, { method: 'POST', path: '/api/v1/me/context', token: session.accessToken, body: { kind, id }, commandId: randomUUID() });
  if (switched.status !== 200) throw new Error(`acting for ${kind} ${id} answered ${switched.status}: ${JSON.stringify(switched.body)}`);
  return String(switched.body['accessToken']);
}

/** Latencies (ms) of `count` list requests one after another, over varied pages, sorts and filters. */
async function listLatencies(baseUrl: string, token: string, queries: readonly string[]): Promise<{ ms: number[]; total: number }> {
  const ms: number[] = [];
  let total = 0;
  for (let i = 0; i < samples; i++) {
    const query = queries[i % queries.length]!;
    const started = performance.now();
    const answer = await send(baseUrl, { method: 'GET', path: `/api/v1/work-orders?${query}`, token });
    ms.push(performance.now() - started);
    if (answer.status !== 200) throw new Error(`GET /api/v1/work-orders?${query} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    total = Math.max(total, Number(answer.body['total']));
  }
  return { ms, total };
}

interface Throughput {
  readonly rps: number;
  readonly ok: number;
  readonly failed: Record<string, number>;
  /** CPU time the server process spent per answered request (user + system), in ms. */
  cpuMsPerRequest?: number;
}

// CPU seconds a process has used (user + system), from /proc: on a machine shared with other work,
// CPU per request says what a request costs where requests per second say mostly how busy the rest was.
const cpuSeconds = (pid: number | undefined): number => {
  if (pid === undefined) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

async function measured(pid: number | undefined, run: () => Promise<Throughput>): Promise<Throughput> {
  const before = cpuSeconds(pid);
  const result = await run();
  result.cpuMsPerRequest = ((cpuSeconds(pid) - before) * 1000) / Math.max(1, result.ok);
  return result;
}

async function load(url: string, options: Record<string, unknown>): Promise<Throughput> {
  const statuses: Record<string, number> = {};
  // Timed here, start to last answer: autocannon's duration is whole seconds and a run of `amount`
  // requests ends on its next one-second tick, which would cap a run of a few hundred orders.
  const started = performance.now();
  let last = started;
  const instance = autocannon({ url, connections, timeout: 10, ...options });
  instance.on('response', (_client, status) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    last = performance.now();
  });
  await instance;
  const elapsed = (last - started) / 1000;
  const ok = Object.entries(statuses).filter(([s]) => Number(s) < 300).reduce((n, [, c]) => n + c, 0);
  const failed = Object.fromEntries(Object.entries(statuses).filter(([s]) => Number(s) >= 300));
  return { rps: ok / elapsed, ok, failed };
}

async function main(): Promise<void> {
  if (!existsSync(PRODUCT_MAIN)) throw new Error('build first: node scripts/build-server.mjs');
  const recorded = readGenerationRecord(dataDir);
  if (!recorded?.completed && !(recorded && process.argv.includes('--as-is'))) {
    const started = performance.now();
    console.error(`generating ${workOrders.toLocaleString('en-US')} work orders (seed ${seed}) into ${dataDir} ...`);
    execFileSync(process.execPath, [PRODUCT_CLI, 'demo', 'generate', '--work-orders', String(workOrders), '--seed', String(seed), ...(process.argv.includes('--bulk') ? ['--bulk'] : [])], {
      env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    console.error(`generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  const record = readGenerationRecord(dataDir)!;
  // Orders below the watermark are written; a stopped run may have written a few more above it.
  const orders = record.completed ? record.workOrders : record.ordersDone;
  const world = planWorld({ workOrders: record.workOrders, seed: record.seed, until: record.until }, divisionTree());

  // The product's own weight, on an empty data directory.
  const emptyHeapFile = join(tmpdir(), `kuaige-heap-${process.pid}-empty.json`);
  const empty = productOn(mkdtempSync(join(tmpdir(), 'kuaige-wo-empty-')), 'empty', emptyHeapFile);
  await empty.start(120_000);
  const emptyHeap = await heapOf(emptyHeapFile);
  await empty.stop();
  await empty.close();

  const heapFile = join(tmpdir(), `kuaige-heap-${process.pid}.json`);
  // A bulk-generated world comes with the read-model snapshot its follower saved (backend/src/demo).
  const snapshotAtFirstStart = existsSync(join(dataDir, 'read-models'));
  const product = productOn(dataDir, 'product', heapFile);
  const bare = new ProductProcess({ dataDir: mkdtempSync(join(tmpdir(), 'kuaige-wo-bare-')), adminToken: 'bare', logFile: join(logs, 'work-orders-bare.log'), entry: join(__dirname, 'load/bare-fastify.js') });
  const startUps: number[] = [];
  const heaps: Heap[] = [];
  try {
    for (let run = 1; run <= runs; run++) {
      const started = performance.now();
      await product.start(600_000);
      startUps.push((performance.now() - started) / 1000);
      heaps.push(await heapOf(heapFile));
      console.error(`start ${run}: ready in ${startUps.at(-1)!.toFixed(1)} s, heap ${(heaps.at(-1)!.heapUsed / MiB).toFixed(0)} MiB, rss ${(heaps.at(-1)!.rss / MiB).toFixed(0)} MiB`);
      if (run < runs) await product.stop();
    }
    await bare.start();
    const base = product.baseUrl;

    // A province operator (staff, not privileged) and the busiest provider's first engineer.
    const province = world.nodes.find((n) => n.code === '44')!;
    const operator = await actingAs(base, province.dispatcher.phone, 'operator', province.id);
    const provider = world.providers.find((p) => p.serviceRegions.includes('44'))!;
    const engineer = await actingAs(base, provider.engineers[0]!.phone, 'enterprise', provider.id);
    const operatorLists = await listLatencies(base, operator, [
      'page=1&pageSize=20',
      'page=50&pageSize=20&sort=-submittedAt',
      'status=in-progress,completed&page=1&pageSize=20',
      'priority=urgent&page=1&pageSize=20',
      'region=4403&page=3&pageSize=20&sort=-updatedAt',
      'deviceType=elevator&page=1&pageSize=20',
    ]);
    const engineerLists = await listLatencies(base, engineer, ['queue=mine&page=1&pageSize=20', 'queue=mine&status=in-progress&page=1&pageSize=20', 'page=1&pageSize=20&sort=-updatedAt']);

    // Requests still waiting for review in the province, approved by its dispatcher so that they
    // await dispatch (a world earlier runs of this bench dispatched has few orders awaiting left).
    if (fresh > 0) {
      const started = performance.now();
      const submitted: string[] = [];
      for (let page = 1; submitted.length < fresh; page++) {
        const answer = await send(base, { method: 'GET', path: `/api/v1/work-orders?queue=dispatch&status=submitted&page=${page}&pageSize=100`, token: operator });
        const items = (answer.body['items'] as { id: string }[] | undefined) ?? [];
        submitted.push(...items.map((i) => i.id));
        if (items.length < 100) break;
      }
      for (const id of submitted.slice(0, fresh)) {
        const reviewed = await send(base, { method: 'POST', path: `/api/v1/work-orders/${id}/review`, token: operator, commandId: randomUUID(), body: { decision: 'approve' } });
        if (reviewed.status !== 200) throw new Error(`review of ${id} answered ${reviewed.status}: ${JSON.stringify(reviewed.body)}`);
      }
      console.error(`approved ${Math.min(fresh, submitted.length)} submitted requests in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }

    // Orders awaiting dispatch in the province, each dispatched once.
    const awaiting: string[] = [];
    for (let page = 1; ; page++) {
      const answer = await send(base, { method: 'GET', path: `/api/v1/work-orders?queue=dispatch&status=awaiting-dispatch&page=${page}&pageSize=100`, token: operator });
      const items = (answer.body['items'] as { _id?: string; id?: string }[] | undefined) ?? [];
      awaiting.push(...items.map((i) => String(i.id ?? i._id)));
      if (items.length < 100) break;
    }
    let nextOrder = 0;
    const perRun = Math.floor(awaiting.length / runs);
    const dispatchRuns: Throughput[] = [];
    const bareRuns: Throughput[] = [];
    for (let run = 1; run <= runs && perRun > 0; run++) {
      bareRuns.push(await measured(bare.pid, () => load(`${bare.baseUrl}/bare`, { duration: seconds })));
      dispatchRuns.push(
        await measured(product.pid, () => load(base, {
          amount: perRun,
          requests: [
            {
              setupRequest: (request: Record<string, unknown>) => ({
                ...request,
                method: 'POST',
                path: `/api/v1/work-orders/${awaiting[nextOrder++]}/dispatch`,
                headers: { 'content-type': 'application/json', authorization: `Bearer ${operator}`, 'idempotency-key': randomUUID() },
                body: JSON.stringify({ providerId: provider.id }),
              }),
            },
          ],
        })),
      );
      console.error(
        `run ${run}: bare ${Math.round(bareRuns.at(-1)!.rps)} req/s (${bareRuns.at(-1)!.cpuMsPerRequest!.toFixed(3)} CPU-ms each), dispatch ${Math.round(dispatchRuns.at(-1)!.rps)} commands/s (${dispatchRuns.at(-1)!.cpuMsPerRequest!.toFixed(2)} CPU-ms each) ${JSON.stringify(dispatchRuns.at(-1)!.failed)}`,
      );
    }

    const load1 = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    const heap = median(heaps.map((h) => h.heapUsed));
    const f = (x: number) => x.toFixed(1);
    console.log(`\n${orders.toLocaleString('en-US')} work orders (seed ${record.seed}${record.completed ? '' : `, of a run planned for ${record.workOrders.toLocaleString('en-US')}`}), ${world.devices.length.toLocaleString('en-US')} devices; machine load average ${load1}`);
    console.log('| measure | figure |');
    console.log('|---|---:|');
    // The first start rebuilds the read models from the event log; an orderly stop saves a snapshot
    // of the embedded store, which the next starts restore and catch up from.
    console.log(`| start-up to /ready, first start (${snapshotAtFirstStart ? 'from the snapshot the generator saved' : 'read models rebuilt from the events'}) | ${f(startUps[0]!)} s (heap ${Math.round(heaps[0]!.heapUsed / MiB)} MiB) |`);
    if (runs > 1) console.log(`| start-up to /ready, restarts after an orderly stop (median of ${runs - 1}) | ${f(median(startUps.slice(1)))} s |`);
    console.log(`| live heap after start-up (gc'd), empty data directory | ${Math.round(emptyHeap.heapUsed / MiB)} MiB |`);
    console.log(`| live heap after start-up (gc'd), with the work orders | ${Math.round(heap / MiB)} MiB (rss ${Math.round(median(heaps.map((h) => h.rss)) / MiB)} MiB) |`);
    console.log(`| heap above empty, per work order (all read models) | ${((heap - emptyHeap.heapUsed) / orders / 1024).toFixed(2)} KiB |`);
    console.log(`| list, province operator (${operatorLists.total.toLocaleString('en-US')} visible), p50 / p95 of ${samples} | ${f(percentile(operatorLists.ms, 50))} / ${f(percentile(operatorLists.ms, 95))} ms |`);
    console.log(`| list, engineer (${engineerLists.total.toLocaleString('en-US')} visible), p50 / p95 of ${samples} | ${f(percentile(engineerLists.ms, 50))} / ${f(percentile(engineerLists.ms, 95))} ms |`);
    if (dispatchRuns.length) {
      const dispatch = median(dispatchRuns.map((r) => r.rps));
      const bareRps = median(bareRuns.map((r) => r.rps));
      console.log(`| bare Fastify GET, ${connections} connections (median of ${bareRuns.length}) | ${Math.round(bareRps).toLocaleString('en-US')} req/s |`);
      console.log(`| dispatch through HTTP, ${connections} connections, ${perRun} orders per run (median) | ${Math.round(dispatch).toLocaleString('en-US')} commands/s (${(dispatch / bareRps).toFixed(3)} × bare) |`);
      const cpu = (runs: readonly Throughput[]) => median(runs.map((r) => r.cpuMsPerRequest ?? NaN));
      console.log(`| server CPU per request (user + system, median): bare / dispatch | ${cpu(bareRuns).toFixed(3)} / ${cpu(dispatchRuns).toFixed(2)} ms (${(cpu(bareRuns) / cpu(dispatchRuns)).toFixed(3)} × bare per CPU-second) |`);
    } else console.log(`| dispatch | not measured: ${awaiting.length} orders awaiting dispatch in province 44 |`);
  } finally {
    if (process.env['PROF']) await product.stop();
    await product.close();
    await bare.close();
  }
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message, (e as { cause?: unknown }).cause ?? "");
  process.exit(1);
});
