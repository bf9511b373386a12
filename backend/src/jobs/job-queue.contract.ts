/// <reference types="jest" />
// ---- The job-queue contract: one suite that every adapter passes -----------------------------------
// Timings are short (tens of ms) but only orderings and generous lower bounds are asserted, never
// durations: a loaded machine only makes things later, and a bound of half the delay is untouched by
// the millisecond rounding between Date.now(), timers and Redis (a timer may fire a millisecond
// early), while a delay or back-off that is ignored altogether still fails it.
import { defineJob, type JobEvent, type JobQueue } from './job-queue.port';
import {
  DuplicateHandlerError,
  InvalidJobOptionsError,
  JobNotFoundError,
  JobQueueClosedError,
  NotADeadLetterError,
  PermanentJobError,
} from './job-queue.errors';

export interface JobQueueContractTarget {
  /** Opens a queue in a namespace of its own (the Redis key prefix); each test uses a fresh one. */
  open(namespace: string): JobQueue;
  /** Removes what a test left in its namespace (Redis keys), after its queues are closed. */
  cleanup?(namespace: string): Promise<void>;
}

// ---- job types the suite uses ----
const add = defineJob<{ a: number; b: number }, { sum: number }>('contract.add');
const flaky = defineJob<{ failTimes: number }, string>('contract.flaky');
const fragile = defineJob<{ n: number }, string>('contract.fragile', { attempts: 2, backoff: { type: 'fixed', delayMs: 10 } });
const report = defineJob<{ rows: number }, { file: string }>('contract.export');
const tick = defineJob<{ version: number }, void>('contract.tick');
const slow = defineJob<{ n: number }, number>('contract.slow');

// ---- helpers ----
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until the probe returns something truthy; fails with `what` after the timeout. */
const eventually = async <T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  what: string,
  timeoutMs = 8000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
};

const gate = () => {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open: () => open(), opened };
};

/** Resolves when the signal aborts, or after maxMs (so that a broken adapter cannot hang the run). */
const untilAborted = (signal: AbortSignal, maxMs: number) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, maxMs);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

const inState = (
  queue: JobQueue,
  state: string,
  type: typeof add | typeof flaky | typeof fragile | typeof report | typeof slow,
  id: string,
) =>
  eventually(async () => {
    const job = await queue.getJob<unknown, unknown>(type, id);
    return job?.state === state ? job : null;
  }, `${type.name}/${id} to be ${state}`);

/** Registers the contract for one adapter; with a skip reason the tests are listed as skipped. */
export function describeJobQueueContract(name: string, factory: () => JobQueueContractTarget, skipReason?: string): void {
  if (skipReason !== undefined) console.warn(`${name}: contract suite skipped: ${skipReason}`);
  const suite = skipReason === undefined ? describe : describe.skip;

  suite(name, () => {
    let target: JobQueueContractTarget;
    let namespace = '';
    let opened: JobQueue[] = [];
    let serial = 0;
    const open = (): JobQueue => {
      const queue = target.open(namespace);
      opened.push(queue);
      return queue;
    };

    beforeAll(() => {
      target = factory();
    });
    beforeEach(() => {
      namespace = `kuaige-test-${process.pid}-${Date.now().toString(36)}-${++serial}`;
      opened = [];
    });
    afterEach(async () => {
      await Promise.all(opened.map((queue) => queue.close({ timeoutMs: 2000 })));
      await target.cleanup?.(namespace);
    });

    it('runs a job and keeps its result for the producer', async () => {
      const queue = open();
      queue.register(add, async ({ data }) => ({ sum: data.a + data.b }));
      await queue.start();
      const id = await queue.enqueue(add, { a: 2, b: 3 });
      const job = await inState(queue, 'completed', add, id);
      expect(job).toMatchObject({
        id,
        name: 'contract.add',
        data: { a: 2, b: 3 },
        result: { sum: 5 },
        attemptsMade: 1,
        failedReason: null,
      });
      expect(job.finishedAt).toBeGreaterThanOrEqual(job.createdAt);
      expect(await queue.getJob(add, 'no-such-job')).toBeNull();
    });

    it('keeps jobs waiting until start()', async () => {
      const queue = open();
      queue.register(add, async ({ data }) => ({ sum: data.a + data.b }));
      const id = await queue.enqueue(add, { a: 1, b: 1 });
      await sleep(50);
      expect((await queue.getJob(add, id))?.state).toBe('waiting');
      await queue.start();
      await inState(queue, 'completed', add, id);
    });

    it('runs the handler of a type registered after start()', async () => {
      const queue = open();
      await queue.start();
      const id = await queue.enqueue(add, { a: 4, b: 4 });
      queue.register(add, async ({ data }) => ({ sum: data.a + data.b }));
      expect((await inState(queue, 'completed', add, id)).result).toEqual({ sum: 8 });
    });

    it('runs a job id once however often it is enqueued', async () => {
      const queue = open();
      const runs: number[] = [];
      queue.register(add, async ({ data }) => (runs.push(data.a), { sum: data.a + data.b }));
      const first = await queue.enqueue(add, { a: 1, b: 1 }, { jobId: 'order-42' });
      const second = await queue.enqueue(add, { a: 9, b: 9 }, { jobId: 'order-42' });
      expect([first, second]).toEqual(['order-42', 'order-42']);
      await queue.start();
      const job = await inState(queue, 'completed', add, 'order-42');
      // A completed job still counts while it is retained.
      expect(await queue.enqueue(add, { a: 7, b: 7 }, { jobId: 'order-42' })).toBe('order-42');
      await sleep(100);
      expect(runs).toEqual([1]);
      expect(job.result).toEqual({ sum: 2 });
      const generated = await Promise.all([queue.enqueue(add, { a: 0, b: 0 }), queue.enqueue(add, { a: 0, b: 0 })]);
      expect(new Set(generated).size).toBe(2);
    });

    it('does not run a delayed job before its delay', async () => {
      const queue = open();
      const startedAt = new Map<string, number>();
      queue.register(add, async ({ id, data }) => (startedAt.set(id, Date.now()), { sum: data.a }), { concurrency: 2 });
      await queue.start();
      const enqueuedAt = Date.now();
      const late = await queue.enqueue(add, { a: 1, b: 0 }, { delayMs: 1000 });
      expect((await queue.getJob(add, late))?.state).toBe('delayed');
      const soon = await queue.enqueue(add, { a: 2, b: 0 });
      await inState(queue, 'completed', add, soon);
      // The job enqueued later but without delay ran first, while the delayed one had not started
      // (a second leaves a loaded machine ample time to run the first).
      expect(startedAt.has(late)).toBe(false);
      await inState(queue, 'completed', add, late);
      expect(startedAt.get(soon)).toBeLessThanOrEqual(startedAt.get(late)!);
      expect(startedAt.get(late)! - enqueuedAt).toBeGreaterThanOrEqual(1000 / 2);
    });

    it('retries with exponential back-off until the job succeeds', async () => {
      const queue = open();
      const attempts: { attempt: number; at: number }[] = [];
      queue.register(flaky, async ({ data, attempt }) => {
        attempts.push({ attempt, at: Date.now() });
        if (attempt <= data.failTimes) throw new Error(`failure ${attempt}`);
        return 'ok';
      });
      await queue.start();
      const id = await queue.enqueue(flaky, { failTimes: 2 }, { attempts: 4, backoff: { type: 'exponential', delayMs: 50 } });
      const job = await inState(queue, 'completed', flaky, id);
      expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
      const [first, second, third] = attempts.map((a) => a.at) as [number, number, number];
      expect(second - first).toBeGreaterThanOrEqual(50 / 2); // waits 50 ms after the 1st failure
      expect(third - second).toBeGreaterThanOrEqual(100 / 2); // 100 ms after the 2nd: the back-off grows
      expect(job).toMatchObject({ result: 'ok', attemptsMade: 3, failedReason: 'failure 2' });
    });

    it('moves a job that exhausted its attempts to the dead letters, from where it can be retried or discarded', async () => {
      const queue = open();
      let healed = false;
      queue.register(fragile, async ({ data, attempt }) => {
        if (!healed) throw new Error(`broken on attempt ${attempt}`);
        return `fixed ${data.n}`;
      });
      const finalFailures: JobEvent<string>[] = [];
      await queue.watch(fragile, (event) => event.type === 'failed' && finalFailures.push(event));
      await queue.start();
      const retried = await queue.enqueue(fragile, { n: 1 });
      const discarded = await queue.enqueue(fragile, { n: 2 });

      const letters = await eventually(async () => {
        const found = await queue.deadLetters(fragile);
        return found.length === 2 && found;
      }, 'two dead letters');
      expect(letters.map((l) => l.id).sort()).toEqual([retried, discarded].sort());
      // Attempts and back-off come from the job type's defaults.
      expect(letters.find((l) => l.id === retried)).toMatchObject({
        name: 'contract.fragile',
        data: { n: 1 },
        failedReason: 'broken on attempt 2',
        attemptsMade: 2,
      });
      expect((await queue.getJob(fragile, retried))?.state).toBe('failed');
      await eventually(() => finalFailures.length === 2, 'two failed events');
      expect(finalFailures).toContainEqual({ type: 'failed', id: retried, failedReason: 'broken on attempt 2' });
      await expect(queue.retryDeadLetter(fragile, 'no-such-job')).rejects.toBeInstanceOf(JobNotFoundError);

      healed = true;
      await queue.retryDeadLetter(fragile, retried);
      const job = await inState(queue, 'completed', fragile, retried);
      expect(job).toMatchObject({ result: 'fixed 1', attemptsMade: 1, failedReason: null });
      await expect(queue.retryDeadLetter(fragile, retried)).rejects.toBeInstanceOf(NotADeadLetterError);

      await queue.discardDeadLetter(fragile, discarded);
      expect(await queue.getJob(fragile, discarded)).toBeNull();
      expect(await queue.deadLetters(fragile)).toEqual([]);
    });

    it('skips the remaining attempts when a handler throws PermanentJobError', async () => {
      const queue = open();
      queue.register(fragile, async () => {
        throw new PermanentJobError('customer 7 no longer exists');
      });
      await queue.start();
      const id = await queue.enqueue(fragile, { n: 7 }, { attempts: 5 });
      const job = await inState(queue, 'failed', fragile, id);
      expect(job).toMatchObject({ attemptsMade: 1, failedReason: 'customer 7 no longer exists' });
    });

    it('lets the producer see progress, by lookup and by watching', async () => {
      const queue = open();
      const release = gate();
      queue.register(report, async (job) => {
        await job.reportProgress(25);
        await job.reportProgress({ stage: 'writing', rows: job.data.rows });
        await release.opened;
        await job.reportProgress(100);
        return { file: 'work-orders.csv' };
      });
      const events: JobEvent<{ file: string }>[] = [];
      await queue.watch(report, (event) => events.push(event));
      await queue.start();
      const id = await queue.enqueue(report, { rows: 10 });

      const midway = await eventually(async () => {
        const job = await queue.getJob(report, id);
        return typeof job?.progress === 'object' && job;
      }, 'object progress');
      expect(midway).toMatchObject({ state: 'active', progress: { stage: 'writing', rows: 10 } });
      release.open();
      await eventually(() => events.some((e) => e.type === 'completed'), 'the completed event');
      expect(events.filter((e) => e.id === id)).toEqual([
        { type: 'progress', id, progress: 25 },
        { type: 'progress', id, progress: { stage: 'writing', rows: 10 } },
        { type: 'progress', id, progress: 100 },
        { type: 'completed', id, result: { file: 'work-orders.csv' } },
      ]);
      expect((await queue.getJob(report, id))?.progress).toBe(100);
    });

    it('fires a repeatable job again and again, and declaring it again replaces it', async () => {
      const queue = open();
      const runs: { version: number; at: number }[] = [];
      queue.register(tick, async ({ data }) => void runs.push({ version: data.version, at: Date.now() }));
      await queue.start();
      await queue.schedule(tick, 'heartbeat', { repeat: { every: 60 }, data: { version: 1 } });
      const redeclaredAt = Date.now();
      await queue.schedule(tick, 'heartbeat', { repeat: { every: 60 }, data: { version: 2 } });
      await eventually(() => runs.filter((r) => r.version === 2).length >= 4, 'four runs of the new declaration');
      const elapsed = Date.now() - redeclaredAt;
      // One schedule fires at most once per 60 ms slot; a duplicated one would fire about twice as often.
      expect(runs.filter((r) => r.version === 2).length).toBeLessThanOrEqual(Math.floor(elapsed / 60) + 2);
      expect(await queue.schedules(tick)).toEqual([expect.objectContaining({ id: 'heartbeat', repeat: { every: 60 } })]);

      expect(await queue.unschedule(tick, 'heartbeat')).toBe(true);
      const count = runs.length;
      await sleep(250);
      expect(runs.length).toBeLessThanOrEqual(count + 1);
      expect(await queue.schedules(tick)).toEqual([]);
      expect(await queue.unschedule(tick, 'heartbeat')).toBe(false);
    });

    it('accepts cron patterns with a time zone and refuses broken schedules', async () => {
      const queue = open();
      const before = Date.now();
      await queue.schedule(tick, 'nightly-digest', { repeat: { pattern: '0 3 * * *', tz: 'Asia/Shanghai' }, data: { version: 1 } });
      const [nightly] = await queue.schedules(tick);
      expect(nightly).toMatchObject({ id: 'nightly-digest', repeat: { pattern: '0 3 * * *', tz: 'Asia/Shanghai' } });
      expect(nightly?.nextRunAt).toBeGreaterThan(before);
      expect(new Date(nightly?.nextRunAt ?? 0).getUTCHours()).toBe(19); // 03:00 in Shanghai (UTC+8)
      // One pending run waits for its time; unscheduling removes it.
      expect((await queue.health()).detail.byType['contract.tick']).toMatchObject({ delayed: 1, waiting: 0 });
      expect(await queue.unschedule(tick, 'nightly-digest')).toBe(true);
      expect((await queue.health()).detail.byType['contract.tick']).toMatchObject({ delayed: 0, waiting: 0 });
      await expect(queue.schedule(tick, 'broken', { repeat: { pattern: 'every tuesday' }, data: { version: 1 } })).rejects.toBeInstanceOf(
        InvalidJobOptionsError,
      );
      await expect(queue.schedule(tick, 'zero', { repeat: { every: 0 }, data: { version: 1 } })).rejects.toBeInstanceOf(
        InvalidJobOptionsError,
      );
      await expect(queue.schedule(tick, 'a:b', { repeat: { every: 10 }, data: { version: 1 } })).rejects.toBeInstanceOf(
        InvalidJobOptionsError,
      );
    });

    it('never runs more jobs of a type at once than its concurrency', async () => {
      const queue = open();
      let active = 0;
      let peak = 0;
      queue.register(
        slow,
        async ({ data }) => {
          peak = Math.max(peak, ++active);
          await sleep(40);
          active -= 1;
          return data.n;
        },
        { concurrency: 2 },
      );
      const ids = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => queue.enqueue(slow, { n })));
      await queue.start();
      for (const id of ids) await inState(queue, 'completed', slow, id);
      expect(peak).toBe(2);
    });

    it('waits in close() for an active job to finish', async () => {
      const queue = open();
      const started = gate();
      let finishedAt = 0;
      let aborted = true;
      queue.register(slow, async ({ data, signal }) => {
        started.open();
        await sleep(150);
        aborted = signal.aborted;
        finishedAt = Date.now();
        return data.n;
      });
      await queue.start();
      await queue.enqueue(slow, { n: 1 });
      await started.opened;
      await queue.close({ timeoutMs: 5000 });
      expect(finishedAt).toBeGreaterThan(0);
      expect(Date.now()).toBeGreaterThanOrEqual(finishedAt);
      expect(aborted).toBe(false);
      await expect(queue.enqueue(slow, { n: 2 })).rejects.toBeInstanceOf(JobQueueClosedError);
      expect((await queue.health()).up).toBe(false);
    });

    it('gives up on an active job after the close timeout and aborts its signal', async () => {
      const queue = open();
      const started = gate();
      let sawAbort = false;
      queue.register(slow, async ({ signal }) => {
        started.open();
        await untilAborted(signal, 10_000);
        sawAbort = signal.aborted;
        throw new Error('interrupted');
      });
      await queue.start();
      await queue.enqueue(slow, { n: 1 });
      await started.opened;
      const closing = Date.now();
      await queue.close({ timeoutMs: 150 });
      const took = Date.now() - closing;
      // close() waited for the job (not returning at once) and gave up (not waiting the handler's 10 s).
      expect(took).toBeGreaterThanOrEqual(150 / 2);
      expect(took).toBeLessThan(10_000);
      await eventually(() => sawAbort, 'the handler to see the abort');
    });

    it('reports its health with job counts', async () => {
      const queue = open();
      queue.register(add, async ({ data }) => ({ sum: data.a + data.b }));
      queue.register(fragile, async () => {
        throw new Error('always');
      });
      await queue.start();
      const done = await queue.enqueue(add, { a: 1, b: 2 });
      const dead = await queue.enqueue(fragile, { n: 1 }, { attempts: 1 });
      await inState(queue, 'completed', add, done);
      await inState(queue, 'failed', fragile, dead);
      const health = await queue.health();
      expect(health).toMatchObject({
        kind: queue.kind,
        up: true,
        detail: { waiting: 0, active: 0, completed: 1, failed: 1, deadLetters: 1 },
      });
      expect(health.detail.byType['contract.add']).toMatchObject({ completed: 1, failed: 0 });
      expect(health.detail.byType['contract.fragile']).toMatchObject({ completed: 0, failed: 1 });
    });

    it('refuses bad input with errors that name it', async () => {
      const queue = open();
      const handler = async () => ({ sum: 0 });
      for (const options of [
        { jobId: 'a:b' },
        { jobId: '42' },
        { attempts: 0 },
        { delayMs: -1 },
        { backoff: { type: 'exponential' as const, delayMs: -5 } },
      ]) {
        await expect(queue.enqueue(add, { a: 1, b: 1 }, options)).rejects.toBeInstanceOf(InvalidJobOptionsError);
      }
      await expect(queue.enqueue(add, { a: 1n, b: 1 } as unknown as { a: number; b: number })).rejects.toBeInstanceOf(
        InvalidJobOptionsError,
      );
      expect(() => queue.register(defineJob<unknown, { sum: number }>('bad:name'), handler)).toThrow(InvalidJobOptionsError);
      expect(() => queue.register(add, handler, { concurrency: 0 })).toThrow(InvalidJobOptionsError);
      queue.register(add, handler);
      expect(() => queue.register(add, handler)).toThrow(DuplicateHandlerError);
    });
  });
}
