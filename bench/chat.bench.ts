// Chat load (issue #11, EXP-3): N connected SSE clients on the embedded default (SQLite event store,
// in-process read models, one process), spread over H expert helps; messages are posted through
// HTTP and each help's messages reach every client connected to it. Measured per run:
//   - paced: R messages per second for S seconds — delivery latency p50/p99 from the poster's send to
//     a client's parse (across all deliveries), and whether every delivery arrived;
//   - flood: C concurrent posters as fast as they go for S seconds — messages posted per second and
//     deliveries per second, with the latency under that load.
// The product runs in this process; the clients run in a child process (bench/harness/sse-clients.ts).
// Run: node scripts/build-server.mjs && node dist/server/bench/chat.bench.js --clients 1000 --helps 50
//        [--seconds 5] [--rate 50] [--concurrency 16] [--runs 3]
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ExpertChatHub } from '../backend/src/expert-help/live/expert-chat-hub';
import { expertHelpWorld, orderInProgress } from '../backend/src/expert-help/testing/expert-help-world';
import { bearer, startIdentityApp } from '../backend/src/identity/testing/identity-app';
import { numberArg } from './args';

const clients = numberArg('--clients', 1000);
const helps = numberArg('--helps', 50);
const seconds = numberArg('--seconds', 5);
const rate = numberArg('--rate', 50);
const concurrency = numberArg('--concurrency', 16);
const runs = numberArg('--runs', 3);

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (xs: readonly number[], p: number) => {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const median = (xs: readonly number[]) => percentile(xs, 50);

interface ClientReport {
  readonly deliveries: number;
  readonly latencies: number[];
  readonly firstAt: number;
  readonly lastAt: number;
  readonly open: number;
}

async function main(): Promise<void> {
  const t = await startIdentityApp();
  const w = await expertHelpWorld(t);
  const orderId = await orderInProgress(t, w);
  const helpIds: string[] = [];
  for (let i = 0; i < helps; i++) {
    const asked = await t.http().post(`/api/v1/work-orders/${orderId}/expert-help`).set(bearer(w.engineer)).set('Idempotency-Key', randomUUID()).send({ expertId: w.expert.userId, fieldCode: '数控系统', question: `压测求助 ${i}` });
    if (asked.status !== 201) throw new Error(`asking answered ${asked.status}: ${JSON.stringify(asked.body)}`);
    await t.http().post(`/api/v1/expert-help/${asked.body.id}/accept`).set(bearer(w.expert)).set('Idempotency-Key', randomUUID()).send({}).expect(200);
    helpIds.push(String(asked.body.id));
  }
  await t.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  // Client j follows help j mod H, as the engineer or the expert (both parties may have several tabs).
  const perHelp = helpIds.map((_, h) => Math.floor(clients / helps) + (h < clients % helps ? 1 : 0));
  const streams = Array.from({ length: clients }, (_, j) => ({
    url: `${base}/api/v1/expert-help/${helpIds[j % helps]}/messages/stream`,
    token: j % 2 === 0 ? w.engineer.accessToken : w.expert.accessToken,
  }));

  const child = fork(join(__dirname, 'harness/sse-clients.js'), { stdio: 'inherit' });
  const reply = <T>(type: string) => new Promise<T>((resolve) => {
    const on = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off('message', on);
      resolve(m as T);
    };
    child.on('message', on);
  });
  child.send({ type: 'connect', streams });
  const ready = await reply<{ connectMs: number; open: number }>('ready');
  const hub = t.app.get(ExpertChatHub);
  process.stdout.write(`${ready.open} clients connected in ${Math.round(ready.connectMs)} ms; the product holds ${hub.connections} chat streams over ${helps} helps\n`);

  let posted = 0;
  let failed = 0;
  let expected = 0;
  // The POST's own round trip (append, answer): what delivery adds to it is the fan-out's cost.
  let writes: number[] = [];
  const post = async (n: number) => {
    const h = n % helps;
    const token = n % 2 === 0 ? w.engineer.accessToken : w.expert.accessToken;
    const sentAt = now();
    const response = await fetch(`${base}/api/v1/expert-help/${helpIds[h]}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ text: `bench ${sentAt}` }),
    });
    await response.arrayBuffer();
    writes.push(now() - sentAt);
    if (response.status === 201) {
      posted++;
      expected += perHelp[h]!;
    } else failed++;
  };
  const drain = async (): Promise<ClientReport> => {
    // Until every expected delivery arrived, or two seconds pass without a new one.
    let seen = -1;
    let quietSince = now();
    for (;;) {
      child.send({ type: 'peek' });
      const { deliveries } = await reply<{ deliveries: number }>('peek');
      if (deliveries >= expected) break;
      if (deliveries !== seen) {
        seen = deliveries;
        quietSince = now();
      } else if (now() - quietSince > 2_000) break;
      await sleep(50);
    }
    child.send({ type: 'report' });
    return reply<ClientReport>('report');
  };

  const rows: { paced: { p50: number; p99: number; write50: number; write99: number; complete: number }; flood: { posts: number; deliveries: number; p50: number; p99: number; complete: number } }[] = [];
  for (let run = 1; run <= runs; run++) {
    // ---- paced ----
    posted = failed = expected = 0;
    writes = [];
    const pacedStart = now();
    const pending: Promise<void>[] = [];
    for (let n = 0; n < rate * seconds; n++) {
      const due = pacedStart + (n * 1000) / rate;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
      pending.push(post(n));
    }
    await Promise.all(pending);
    const paced = await drain();
    const pacedRow = {
      p50: percentile(paced.latencies, 50),
      p99: percentile(paced.latencies, 99),
      write50: percentile(writes, 50),
      write99: percentile(writes, 99),
      complete: paced.deliveries / expected,
    };

    // ---- flood ----
    posted = failed = expected = 0;
    const floodStart = now();
    const end = floodStart + seconds * 1000;
    let counter = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (now() < end) await post(counter++);
    }));
    const floodPosted = posted;
    const floodElapsed = (now() - floodStart) / 1000;
    const flood = await drain();
    const span = (flood.lastAt - floodStart) / 1000;
    const floodRow = {
      posts: floodPosted / floodElapsed,
      deliveries: flood.deliveries / Math.max(span, floodElapsed),
      p50: percentile(flood.latencies, 50),
      p99: percentile(flood.latencies, 99),
      complete: flood.deliveries / expected,
    };
    rows.push({ paced: pacedRow, flood: floodRow });
    process.stdout.write(
      `run ${run}: paced ${rate}/s p50 ${pacedRow.p50.toFixed(1)} ms p99 ${pacedRow.p99.toFixed(1)} ms (POST alone p50 ${pacedRow.write50.toFixed(1)} ms p99 ${pacedRow.write99.toFixed(1)} ms), delivered ${(pacedRow.complete * 100).toFixed(2)} %; ` +
        `flood ${floodRow.posts.toFixed(0)} msg/s posted, ${floodRow.deliveries.toFixed(0)} deliveries/s, p50 ${floodRow.p50.toFixed(1)} ms p99 ${floodRow.p99.toFixed(1)} ms, ` +
        `delivered ${(floodRow.complete * 100).toFixed(2)} %${failed ? `, ${failed} posts failed` : ''}; streams open ${flood.open}\n`,
    );
  }
  const m = (pick: (r: (typeof rows)[number]) => number) => median(rows.map(pick));
  process.stdout.write(
    `\nmedian of ${runs} runs, ${clients} clients over ${helps} helps:\n` +
      `| phase | messages/s posted | deliveries/s | latency p50 | latency p99 | POST alone p50 / p99 | delivered |\n|---|---|---|---|---|---|---|\n` +
      `| paced | ${rate} | ${(rate * clients) / helps} | ${m((r) => r.paced.p50).toFixed(1)} ms | ${m((r) => r.paced.p99).toFixed(1)} ms | ${m((r) => r.paced.write50).toFixed(1)} / ${m((r) => r.paced.write99).toFixed(1)} ms | ${(m((r) => r.paced.complete) * 100).toFixed(2)} % |\n` +
      `| flood (${concurrency} posters) | ${m((r) => r.flood.posts).toFixed(0)} | ${m((r) => r.flood.deliveries).toFixed(0)} | ${m((r) => r.flood.p50).toFixed(1)} ms | ${m((r) => r.flood.p99).toFixed(1)} ms | — | ${(m((r) => r.flood.complete) * 100).toFixed(2)} % |\n`,
  );
  child.send({ type: 'stop' });
  await t.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
