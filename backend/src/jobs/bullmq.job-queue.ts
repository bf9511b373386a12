// ---- The BullMQ adapter: production jobs on Redis, shared by every process of a deployment ---------
import { Queue, UnrecoverableError, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type {
  CloseOptions,
  DeadLetter,
  EnqueueOptions,
  HandlerOptions,
  JobContext,
  JobCounts,
  JobHandler,
  JobInfo,
  JobListener,
  JobQueue,
  JobQueueHealth,
  JobType,
  ScheduleInfo,
  ScheduleOptions,
  Unwatch,
} from './job-queue.port';
import {
  DuplicateHandlerError,
  InvalidJobOptionsError,
  JobNotFoundError,
  JobQueueClosedError,
  JobQueueUnavailableError,
  NotADeadLetterError,
  PermanentJobError,
} from './job-queue.errors';
import {
  asError,
  checkConcurrency,
  checkJobName,
  checkRetryPolicy,
  consoleReporter,
  DEFAULT_CLOSE_TIMEOUT_MS,
  DEFAULT_RETENTION,
  jsonPayload,
  planJob,
  type AnyJobType,
  type JobQueueErrorReporter,
  type RetentionOptions,
} from './job-options';
import { checkSchedule } from './repeat';
import { settlesWithin, withTimeout } from './deadline';
import {
  JOB_COUNT_TYPES,
  removeOnComplete,
  toCounts,
  toDeadLetter,
  toJobInfo,
  toJobsOptions,
  toScheduleInfo,
  toState,
  type StoredJob,
} from './bullmq.mapping';
import { BullmqWatchers } from './bullmq.watchers';
import { AbandonableWorker } from './bullmq.worker';

export interface BullmqJobQueueOptions {
  readonly redisUrl: string;
  /** Key prefix of this deployment: every key is `<prefix>:<job type>:...` (default `kuaige`). */
  readonly prefix?: string;
  readonly retention?: RetentionOptions;
  /** Longest a producer call (enqueue, lookups, schedules, dead letters) waits for Redis (default 5 s). */
  readonly commandTimeoutMs?: number;
  readonly onError?: JobQueueErrorReporter;
}

interface Registration {
  readonly handler: JobHandler<unknown, unknown>;
  readonly concurrency: number;
}

/** `{kuaige}` is allowed so that a Redis Cluster keeps a deployment's keys in one slot. */
const PREFIX = /^[A-Za-z0-9{][A-Za-z0-9._{}-]{0,63}$/;
/** Bound on each step of close() that talks to Redis, so that shutdown ends even with Redis gone. */
const CLOSE_STEP_MS = 2000;

/**
 * One BullMQ queue per job type, under the deployment's key prefix.
 * - Producers (enqueue, lookups, schedules, dead letters) share one ordinary ioredis connection.
 *   BullMQ waits for a connection indefinitely, so each producer call is bounded by commandTimeoutMs
 *   and then fails with JobQueueUnavailableError (an enqueue that timed out may still land once
 *   Redis is back: retry it with the same jobId).
 * - Each worker has its own connections with `maxRetriesPerRequest: null` (BullMQ's blocking reads
 *   must wait through reconnects); so has each QueueEvents reader used by watch().
 * - Dead letters are BullMQ's failed set: a job lands there only once its attempts are exhausted
 *   (retries wait in the delayed set), atomically with its last failure. A separate dead-letter
 *   queue would need a second, non-atomic move. Retry = Job.retry with the attempt counters reset.
 * - Schedules are BullMQ 6 job schedulers (upsertJobScheduler; 6 removed the `repeat` job option):
 *   one per id, upserting replaces it, and one pending job exists per schedule at any time.
 * - A job still active when close() gives up is left to BullMQ's stalled-job recovery: its handler is
 *   aborted, nothing is recorded, and once its lock expires (30 s) a worker runs it again; it does not
 *   count as a failed attempt. Handlers therefore must tolerate running twice (at-least-once).
 */
export class BullmqJobQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  private readonly prefix: string;
  private readonly producer: Redis;
  private readonly queues = new Map<string, Queue>();
  private readonly registrations = new Map<string, Registration>();
  private readonly workers = new Map<string, AbandonableWorker>();
  private readonly watchers: BullmqWatchers;
  private readonly retention: Required<RetentionOptions>;
  private readonly commandTimeoutMs: number;
  private readonly report: JobQueueErrorReporter;
  private started = false;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: BullmqJobQueueOptions) {
    this.prefix = options.prefix ?? 'kuaige';
    if (!PREFIX.test(this.prefix)) {
      throw new InvalidJobOptionsError('prefix', 'must be 1-64 letters, digits, ".", "_", "-", "{" or "}"', this.prefix);
    }
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
    this.commandTimeoutMs = options.commandTimeoutMs ?? 5000;
    this.report = options.onError ?? consoleReporter;
    this.producer = new Redis(options.redisUrl, { maxRetriesPerRequest: 2, connectionName: `${this.prefix}:producer` });
    this.producer.on('error', (e: Error) => this.report(e, 'producer connection'));
    this.watchers = new BullmqWatchers(() => this.blockingConnection('events'), this.prefix, this.producer, this.report);
  }

  register<D, R>(type: JobType<D, R>, handler: JobHandler<D, R>, options?: HandlerOptions): void {
    this.queue(type, 'register a handler');
    const concurrency = checkConcurrency(options);
    if (this.registrations.has(type.name)) throw new DuplicateHandlerError(type.name);
    // Payloads arrive as JSON from Redis; the JobType ties this handler to what was enqueued for it.
    this.registrations.set(type.name, { handler: handler as JobHandler<unknown, unknown>, concurrency });
    if (this.started) this.startWorker(type.name).catch((e: unknown) => this.report(asError(e), `worker ${type.name}`));
  }

  async enqueue<D, R>(type: JobType<D, R>, data: D, options?: EnqueueOptions): Promise<string> {
    const queue = this.queue(type, 'enqueue');
    const plan = planJob(type, options);
    const payload = jsonPayload('data', data);
    const job = await this.redis(`enqueue ${type.name}`, () => queue.add(type.name, payload, toJobsOptions(plan, this.retention)));
    return job.id ?? plan.jobId ?? '';
  }

  async getJob<D, R>(type: JobType<D, R>, id: string): Promise<JobInfo<D, R> | null> {
    const queue = this.queue(type, 'look up a job');
    return this.redis(`look up ${type.name}/${id}`, async () => {
      // State first, then the job hash: completed and failed are final, so a hash read afterwards
      // carries the result; the other way round, a job finishing in between shows no result.
      let state = toState(await queue.getJobState(id));
      const job = (await queue.getJob(id)) as StoredJob | undefined;
      if (state === null || job === undefined) return null;
      if (job.finishedOn && state !== 'completed' && state !== 'failed') state = toState(await queue.getJobState(id));
      return state === null ? null : toJobInfo<D, R>(job, state);
    });
  }

  async watch<D, R>(type: JobType<D, R>, listener: JobListener<R>): Promise<Unwatch> {
    const queue = this.queue(type, 'watch');
    const watching = this.watchers.watch(queue, listener as JobListener<unknown>);
    try {
      return await this.redis(`watch ${type.name}`, () => watching);
    } catch (e) {
      // The caller was told it failed: should the watch still come up later, take it down again.
      watching.then(
        (unwatch) => unwatch(),
        () => undefined,
      );
      throw e;
    }
  }

  async schedule<D, R>(type: JobType<D, R>, schedulerId: string, options: ScheduleOptions<D>): Promise<void> {
    const queue = this.queue(type, 'schedule');
    const repeat = checkSchedule(schedulerId, options);
    const { attempts, backoff } = checkRetryPolicy(type, options);
    const data = jsonPayload('data', options.data);
    const opts = {
      attempts,
      ...(backoff === undefined ? {} : { backoff: { type: backoff.type, delay: backoff.delayMs } }),
      removeOnComplete: removeOnComplete(this.retention),
      removeOnFail: false,
    };
    await this.redis(`schedule ${type.name}/${schedulerId}`, () =>
      queue.upsertJobScheduler(schedulerId, repeat, { name: type.name, data, opts }),
    );
  }

  async unschedule<D, R>(type: JobType<D, R>, schedulerId: string): Promise<boolean> {
    const queue = this.queue(type, 'unschedule');
    return this.redis(`unschedule ${type.name}/${schedulerId}`, () => queue.removeJobScheduler(schedulerId));
  }

  async schedules<D, R>(type: JobType<D, R>): Promise<ScheduleInfo[]> {
    const queue = this.queue(type, 'list schedules');
    const schedulers = await this.redis(`list schedules of ${type.name}`, () => queue.getJobSchedulers(0, -1, true));
    return schedulers.map(toScheduleInfo);
  }

  async deadLetters<D, R>(type: JobType<D, R>, options: { readonly limit?: number } = {}): Promise<DeadLetter<D>[]> {
    const queue = this.queue(type, 'list dead letters');
    const failed = await this.redis(`list dead letters of ${type.name}`, () => queue.getFailed(0, (options.limit ?? 100) - 1));
    return (failed as StoredJob[]).map((job) => toDeadLetter<D>(job));
  }

  async retryDeadLetter<D, R>(type: JobType<D, R>, id: string): Promise<void> {
    const job = await this.deadLetter(type, id, 'retry a dead letter');
    await this.redis(`retry ${type.name}/${id}`, () => job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true }));
  }

  async discardDeadLetter<D, R>(type: JobType<D, R>, id: string): Promise<void> {
    const job = await this.deadLetter(type, id, 'discard a dead letter');
    await this.redis(`discard ${type.name}/${id}`, () => job.remove());
  }

  async start(): Promise<void> {
    if (this.closing) throw new JobQueueClosedError('start');
    this.started = true;
    await Promise.all([...this.registrations.keys()].map((name) => this.startWorker(name)));
  }

  close(options: CloseOptions = {}): Promise<void> {
    this.closing ??= (async () => {
      const timeoutMs = options.timeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
      await Promise.all([...this.workers.values()].map((worker) => this.closeWorker(worker, timeoutMs)));
      await this.bounded('closing watchers', this.watchers.close());
      await Promise.all([...this.queues.values()].map((queue) => this.bounded(`closing queue ${queue.name}`, queue.close())));
      // QUIT lets pending replies arrive; a connection that is not up is simply dropped (it would
      // otherwise keep reconnecting, and keep the process alive, after a failed QUIT).
      if (this.producer.status === 'ready') await settlesWithin(this.producer.quit(), CLOSE_STEP_MS);
      if (this.producer.status !== 'end') this.producer.disconnect();
    })();
    return this.closing;
  }

  async health(): Promise<JobQueueHealth> {
    const byType: Record<string, JobCounts> = {};
    const total = { waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 };
    const base = { prefix: this.prefix, workers: [...this.workers.keys()] };
    if (this.closing) return { kind: this.kind, up: false, detail: { ...total, deadLetters: 0, byType, ...base, error: 'closed' } };
    try {
      await this.redis('ping Redis', async () => {
        await this.producer.ping();
        for (const [name, queue] of this.queues) byType[name] = toCounts(await queue.getJobCounts(...JOB_COUNT_TYPES));
      });
      for (const counts of Object.values(byType))
        for (const state of Object.keys(total) as (keyof JobCounts)[]) total[state] += counts[state];
      return { kind: this.kind, up: true, detail: { ...total, deadLetters: total.failed, byType, ...base } };
    } catch (e) {
      return { kind: this.kind, up: false, detail: { ...total, deadLetters: 0, byType: {}, ...base, error: asError(e).message } };
    }
  }

  // ---- internals ----

  private queue(type: AnyJobType, operation: string): Queue {
    if (this.closing) throw new JobQueueClosedError(operation);
    let queue = this.queues.get(type.name);
    if (queue === undefined) {
      queue = new Queue(checkJobName(type.name), { connection: this.producer, prefix: this.prefix });
      queue.on('error', (e: Error) => this.report(e, `queue ${type.name}`));
      this.queues.set(type.name, queue);
    }
    return queue;
  }

  /** A producer call to Redis: bounded in time, and failures other than ours become JobQueueUnavailableError. */
  private async redis<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(work(), this.commandTimeoutMs, () => new Error(`no answer from Redis within ${this.commandTimeoutMs} ms`));
    } catch (e) {
      if (e instanceof InvalidJobOptionsError || e instanceof JobQueueClosedError) throw e;
      throw new JobQueueUnavailableError(operation, e);
    }
  }

  private async deadLetter(type: AnyJobType, id: string, operation: string): Promise<StoredJob> {
    const queue = this.queue(type, operation);
    const [job, state] = await this.redis(`${operation} ${type.name}/${id}`, () => Promise.all([queue.getJob(id), queue.getJobState(id)]));
    if (job === undefined || state === 'unknown') throw new JobNotFoundError(type.name, id);
    if (state !== 'failed') throw new NotADeadLetterError(type.name, id, toState(state) ?? state);
    return job as StoredJob;
  }

  /** Options, not a client: BullMQ then owns (and closes) the connection, created with this setting. */
  private blockingConnection(role: string): ConnectionOptions {
    return {
      url: this.options.redisUrl,
      maxRetriesPerRequest: null,
      connectionName: `${this.prefix}:${role}`,
      // A worker closed in a hurry disconnects its blocking connection twice; ioredis then waits this
      // long for a socket that is already gone (2 s by default), holding the process open meanwhile.
      disconnectTimeout: 250,
    };
  }

  private async startWorker(name: string): Promise<void> {
    const registration = this.registrations.get(name);
    if (registration === undefined || this.workers.has(name) || this.closing) return;
    const worker = new AbandonableWorker(name, this.processor(registration.handler), {
      connection: this.blockingConnection(`worker:${name}`),
      prefix: this.prefix,
      concurrency: registration.concurrency,
      autorun: false,
    });
    worker.on('error', (e: Error) => this.report(e, `worker ${name}`));
    this.workers.set(name, worker);
    worker.run().catch((e: unknown) => this.report(asError(e), `worker ${name}`));
    // Start-up must not hang while Redis is away; the worker keeps reconnecting on its own.
    const ready = worker.waitUntilReady();
    ready.catch((e: unknown) => this.report(asError(e), `worker ${name}`));
    if (!(await settlesWithin(ready, this.commandTimeoutMs)))
      this.report(new Error('not connected to Redis yet; still trying'), `worker ${name}`);
  }

  // Three declared parameters: BullMQ passes the abort signal only to processors whose length is >= 3.
  private processor(handler: JobHandler<unknown, unknown>) {
    return async (job: StoredJob, _token?: string, signal?: AbortSignal): Promise<unknown> => {
      const context: JobContext<unknown> = {
        id: job.id ?? '',
        name: job.name,
        data: job.data,
        attempt: job.attemptsMade + 1,
        signal: signal ?? new AbortController().signal,
        reportProgress: (progress) => job.updateProgress(progress),
      };
      try {
        return await handler(context);
      } catch (e) {
        if (e instanceof PermanentJobError) throw new UnrecoverableError(e.message);
        throw e;
      }
    };
  }

  private async closeWorker(worker: AbandonableWorker, timeoutMs: number): Promise<void> {
    // Worker.close() stops fetching and waits for the active jobs, however long they take.
    const graceful = worker.close();
    graceful.catch((e: unknown) => this.report(asError(e), `closing worker ${worker.name}`));
    if (await settlesWithin(graceful, timeoutMs)) return;
    // Out of patience: close the connections first so that what the handlers do next (return or throw
    // on the abort) is not recorded; the jobs stay active until their locks expire and are run again.
    await this.bounded(`closing worker ${worker.name}`, worker.getBackend().close(true));
    await this.bounded(`abandoning worker ${worker.name}`, worker.abandon('job queue closed before the job finished'));
    // Handlers that honour the signal return at once; let the worker finish tearing down (bounded).
    await settlesWithin(graceful, 500);
  }

  /** One step of close(): errors are reported, and the step is given up after CLOSE_STEP_MS. */
  private async bounded(step: string, promise: Promise<unknown>): Promise<void> {
    promise.catch((e: unknown) => this.report(asError(e), step));
    if (!(await settlesWithin(promise, CLOSE_STEP_MS))) this.report(new Error(`gave up after ${CLOSE_STEP_MS} ms`), step);
  }
}
