// HTTP load test (issue #8 item 3): virtual users sign in once, then send the mix of bench/load/load-mix.ts
// at the compiled product (its own process, temp data dir), side by side in the same run with a bare
// Fastify route in a process of its own (the HTTP ceiling of this machine). Only 127.0.0.1.
// Run: node scripts/build-server.mjs && node dist/server/bench/http-load.bench.js [--seconds 10] [--connections 100,1000] [--users 50] [--runs 3]
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRODUCT_MAIN, ProductProcess, REPO_ROOT } from './harness/product-process';
import { registerUsers, type HarnessUser } from './harness/identity-users';
import { LOAD_MIX, type LoadMixRow } from './load/load-mix';
import { numberArg, textArg } from './args';

interface AutocannonRequest {
  setupRequest?: (request: Record<string, unknown>, context: Record<string, unknown>) => Record<string, unknown>;
}
interface AutocannonResult {
  readonly duration: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(event: 'response', handler: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type Autocannon = (options: Record<string, unknown>) => AutocannonInstance;
// autocannon ships no type declarations; the part used here is typed above.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

const seconds = numberArg('--seconds', 10);
const connectionCounts = textArg('--connections', '100,1000').split(',').map(Number);
const userCount = numberArg('--users', 50);
const runs = numberArg('--runs', 1);
const perRow = process.argv.includes('--per-row');
const ms = (x: number) => x.toFixed(1);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (sorted: Float64Array, p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);
const CLK_TCK = 100; // Linux's USER_HZ on every platform Node supports

/** CPU seconds (user + system) of a process so far, from /proc. */
const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
};
const rssMiB = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

interface Figures {
  readonly target: string;
  readonly connections: number;
  readonly rps: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statuses: Record<string, number>;
  readonly cpuPercent: number;
  readonly rssPeakMiB: number;
}

/** Requests of one connection's cycle, each mix row repeated by its weight, spread evenly. */
const cycle = (mix: readonly LoadMixRow[], users: readonly HarnessUser[]): AutocannonRequest[] => {
  let nextUser = 0;
  let n = 0;
  const rows = mix.flatMap((row) => Array.from({ length: row.weight }, () => row));
  const order = rows.map((row, i) => ({ row, key: (i * 7919) % rows.length })).sort((a, b) => a.key - b.key);
  return order.map(({ row }) => ({
    setupRequest: (request, context) => {
      const user = (context['user'] ??= users[nextUser++ % users.length]) as HarnessUser;
      const built = row.build(user, ++n);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (built.auth) headers['authorization'] = `Bearer ${user.accessToken}`;
      if (built.method !== 'GET' && built.path.startsWith('/api/')) headers['idempotency-key'] = randomUUID();
      return { ...request, method: built.method, path: built.path, headers, body: built.body === undefined ? undefined : JSON.stringify(built.body) };
    },
  }));
};

async function scenario(target: string, process_: ProductProcess, connections: number, requests: AutocannonRequest[]): Promise<Figures> {
  const pid = process_.pid!;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let rssPeak = rssMiB(pid);
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(pid))), 200);
  const cpuBefore = cpuSeconds(pid);
  const instance = autocannon({ url: process_.baseUrl, connections, duration: seconds, requests, timeout: 10 });
  instance.on('response', (_client, status, _bytes, ms) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  clearInterval(sampler);
  const cpu = cpuSeconds(pid) - cpuBefore;
  const sorted = Float64Array.from(latencies).sort();
  const ok = Object.entries(statuses).filter(([s]) => Number(s) < 400).reduce((sum, [, c]) => sum + c, 0);
  return {
    target,
    connections,
    rps: ok / result.duration,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    // autocannon's `errors` already includes its `timeouts`; answers of 4xx/5xx are errors too.
    errors: result.errors + (latencies.length - ok),
    timeouts: result.timeouts,
    statuses,
    cpuPercent: (100 * cpu) / result.duration,
    rssPeakMiB: rssPeak,
  };
}

async function main(): Promise<void> {
  if (!existsSync(PRODUCT_MAIN)) throw new Error('build first: node scripts/build-server.mjs');
  const logs = join(REPO_ROOT, 'test-results/logs');
  const adminToken = `load-${randomUUID()}`;
  const product = new ProductProcess({ dataDir: mkdtempSync(join(tmpdir(), 'kuaige-load-')), adminToken, logFile: join(logs, 'http-load-product.log') });
  const bare = new ProductProcess({ dataDir: mkdtempSync(join(tmpdir(), 'kuaige-load-bare-')), adminToken, logFile: join(logs, 'http-load-bare.log'), entry: join(__dirname, 'load/bare-fastify.js') });
  try {
    await product.start();
    await bare.start();
    const signingIn = performance.now();
    const users = await registerUsers(product.baseUrl, adminToken, userCount, 4);
    console.error(`registered and signed in ${users.length} users in ${((performance.now() - signingIn) / 1000).toFixed(1)} s`);
    const bareCycle: AutocannonRequest[] = [{ setupRequest: (r) => ({ ...r, method: 'GET', path: '/bare' }) }];
    const all: Figures[] = [];
    for (let run = 1; run <= runs; run++) {
      for (const connections of connectionCounts) {
        for (const [name, target, requests] of [
          ['bare Fastify', bare, bareCycle],
          ['product mix', product, cycle(LOAD_MIX, users)],
        ] as const) {
          const figures = await scenario(name, target, connections, [...requests]);
          all.push(figures);
          console.error(`run ${run} ${name} @${connections}: ${Math.round(figures.rps)} req/s p50 ${ms(figures.p50)} p95 ${ms(figures.p95)} p99 ${ms(figures.p99)} ms, errors ${figures.errors} (timeouts ${figures.timeouts}) ${JSON.stringify(figures.statuses)}, cpu ${Math.round(figures.cpuPercent)} %, rss ${Math.round(figures.rssPeakMiB)} MiB`);
        }
      }
    }
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    console.log(`\nmedians of ${runs} run(s), ${seconds} s each, ${users.length} signed-in users; machine load average ${load}`);
    console.log('| connections | target | req/s | × bare | p50 / p95 / p99 ms | errors | server CPU | CPU ms / request | server RSS peak |');
    console.log('|---:|---|---:|---:|---|---:|---:|---:|---:|');
    for (const connections of connectionCounts) {
      const bareRps = median(all.filter((f) => f.target === 'bare Fastify' && f.connections === connections).map((f) => f.rps));
      for (const target of ['bare Fastify', 'product mix']) {
        const rows = all.filter((f) => f.target === target && f.connections === connections);
        const m = (key: 'rps' | 'p50' | 'p95' | 'p99' | 'errors' | 'cpuPercent' | 'rssPeakMiB') => median(rows.map((f) => f[key]));
        console.log(
          `| ${connections} | ${target} | ${Math.round(m('rps')).toLocaleString('en-US')} | ${(m('rps') / bareRps).toFixed(2)} | ${ms(m('p50'))} / ${ms(m('p95'))} / ${ms(m('p99'))} | ${m('errors')} | ${Math.round(m('cpuPercent'))} % | ${median(rows.map((f) => (10 * f.cpuPercent) / f.rps)).toFixed(3)} | ${Math.round(m('rssPeakMiB'))} MiB |`,
        );
      }
    }
    if (perRow) {
      // Each row alone at the first connection count: which request kinds cost what.
      console.log('\n| request alone | req/s | × bare | p50 / p99 ms | errors |');
      console.log('|---|---:|---:|---|---:|');
      const bareRps = median(all.filter((f) => f.target === 'bare Fastify' && f.connections === connectionCounts[0]).map((f) => f.rps));
      for (const row of LOAD_MIX) {
        const f = await scenario(row.name, product, connectionCounts[0]!, cycle([{ ...row, weight: 1 }], users));
        console.log(`| ${row.name} | ${Math.round(f.rps).toLocaleString('en-US')} | ${(f.rps / bareRps).toFixed(3)} | ${ms(f.p50)} / ${ms(f.p99)} | ${f.errors} |`);
      }
    }
    console.log(`\nmix: ${LOAD_MIX.map((r) => `${r.name} ×${r.weight}`).join(', ')}`);
  } finally {
    await product.close();
    await bare.close();
  }
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});
