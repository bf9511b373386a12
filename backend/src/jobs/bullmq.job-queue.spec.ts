// The BullMQ adapter against the shared contract on a real Redis (REDIS_URL), plus what only a shared
// store can show: a producer and a worker in different instances, and jobs abandoned on shutdown.
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { describeJobQueueContract } from './job-queue.contract';
import { BullmqJobQueue } from './bullmq.job-queue';
import { defineJob, type JobEvent, type JobQueue } from './job-queue.port';
import type { JobQueueErrorReporter } from './job-options';
import { JobQueueUnavailableError } from './job-queue.errors';
import { openJobQueue } from './job-queue.factory';

const redisUrl = process.env['REDIS_URL'] ?? '';
const skipReason =
  redisUrl === '' ? 'REDIS_URL is not set (start redis-server and set REDIS_URL=redis://127.0.0.1:<port> to run it)' : undefined;
if (skipReason !== undefined) console.warn(`BullMQ job queue across processes: skipped: ${skipReason}`);

/** Errors the adapter reported on its own; a test fails if an unexpected one shows up. */
const reported: string[] = [];
const onError: JobQueueErrorReporter = (error, source) => void reported.push(`${source}: ${error.message}`);
const open = (prefix: string): BullmqJobQueue => new BullmqJobQueue({ redisUrl, prefix, onError });

/** Deletes every key under the prefix (SCAN, never KEYS, so a shared Redis is not blocked). */
const deleteKeys = async (prefix: string): Promise<void> => {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
};

const countKeys = async (pattern: string): Promise<number> => {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    let count = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      count += keys.length;
      cursor = next;
    } while (cursor !== '0');
    return count;
  } finally {
    await redis.quit();
  }
};

afterEach(() => {
  // With Redis up, the adapter has nothing to report on its own.
  expect(reported.splice(0)).toEqual([]);
});

describeJobQueueContract('BullMQ job queue', () => ({ open, cleanup: deleteKeys }), skipReason);

(skipReason === undefined ? describe : describe.skip)('BullMQ job queue across processes', () => {
  const exportJob = defineJob<{ rows: number }, { file: string }>('across.export');
  let prefix = '';
  let queues: JobQueue[] = [];
  const openHere = () => {
    const queue = open(prefix);
    queues.push(queue);
    return queue;
  };

  beforeEach(() => {
    prefix = `kuaige-test-${process.pid}-${Date.now().toString(36)}`;
    queues = [];
  });
  afterEach(async () => {
    await Promise.all(queues.map((queue) => queue.close({ timeoutMs: 2000 })));
    await deleteKeys(prefix);
  });

  it('lets a producer without handlers follow a job that a worker elsewhere runs', async () => {
    const producer = openHere();
    const worker = openHere();
    worker.register(exportJob, async (job) => {
      await job.reportProgress(50);
      return { file: `rows-${job.data.rows}.csv` };
    });
    await worker.start();
    const events: JobEvent<{ file: string }>[] = [];
    await producer.watch(exportJob, (event) => events.push(event));
    const id = await producer.enqueue(exportJob, { rows: 3 }, { jobId: 'export-1' });
    while (!events.some((e) => e.type === 'completed')) await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual([
      { type: 'progress', id, progress: 50 },
      { type: 'completed', id, result: { file: 'rows-3.csv' } },
    ]);
    expect(await producer.getJob(exportJob, id)).toMatchObject({ state: 'completed', progress: 50, result: { file: 'rows-3.csv' } });
    expect(await countKeys(`${prefix}:across.export:*`)).toBeGreaterThan(0);
    expect(await countKeys(`bull:across.export:*`)).toBe(0);
  });

  it('leaves a job abandoned by close() active, not failed, so that BullMQ runs it again after its lock expires', async () => {
    const worker = openHere();
    let started = (): void => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    worker.register(exportJob, async ({ signal }) => {
      started();
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      throw new Error('interrupted by shutdown');
    });
    await worker.start();
    const id = await worker.enqueue(exportJob, { rows: 1 }, { attempts: 1 });
    await running;
    await worker.close({ timeoutMs: 100 });
    const observer = openHere();
    expect(await observer.getJob(exportJob, id)).toMatchObject({ state: 'active', attemptsMade: 0, failedReason: null });
  });
});

/** A port nothing listens on: bound once by the OS, then released. */
const unusedPort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

describe('BullMQ job queue with Redis away (no REDIS_URL needed)', () => {
  const ping = defineJob<{ n: number }, number>('away.ping');

  it('fails producer calls within the command timeout, reports down, and still closes', async () => {
    const errors: string[] = [];
    const queue = openJobQueue({
      redisUrl: `redis://127.0.0.1:${await unusedPort()}`,
      prefix: 'kuaige-away',
      commandTimeoutMs: 300,
      onError: (error, source) => void errors.push(`${source}: ${error.message}`),
    });
    expect(queue.kind).toBe('bullmq');
    queue.register(ping, async ({ data }) => data.n);
    await queue.start(); // bounded: workers keep reconnecting on their own
    await expect(queue.enqueue(ping, { n: 1 })).rejects.toBeInstanceOf(JobQueueUnavailableError);
    await expect(queue.getJob(ping, 'job-1')).rejects.toBeInstanceOf(JobQueueUnavailableError);
    const health = await queue.health();
    expect(health).toMatchObject({ kind: 'bullmq', up: false, detail: { prefix: 'kuaige-away' } });
    expect(health.detail.error).toMatch(/job queue unavailable/);
    const closing = Date.now();
    await queue.close({ timeoutMs: 200 });
    expect(Date.now() - closing).toBeLessThan(6000);
    expect(errors.some((line) => /ECONNREFUSED/.test(line))).toBe(true);
  });

  it('is chosen by the factory only when a Redis URL is given', async () => {
    const embedded = openJobQueue({ redisUrl: null });
    expect(embedded.kind).toBe('in-process');
    await embedded.close();
  });
});
