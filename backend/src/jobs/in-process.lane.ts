// ---- One job type of the in-process runner: its jobs, timers, retries and listeners ---------------
// States and transitions copy BullMQ's: waiting -> active -> completed, or on failure back to
// delayed (back-off) / waiting (no back-off) while attempts remain, else failed (a dead letter).
import type { Backoff, JobEvent, JobHandler, JobInfo, JobListener, JobProgress, JobState } from './job-queue.port';
import { JobNotFoundError, NotADeadLetterError, PermanentJobError } from './job-queue.errors';
import { asError, retryDelayMs, throughJson, type JobQueueErrorReporter, type RetentionOptions } from './job-options';
import { after, settlesWithin } from './deadline';
import { InProcessSchedules, type ScheduledRun } from './in-process.schedules';

interface StoredJob {
  readonly id: string;
  readonly data: unknown;
  readonly attempts: number;
  readonly backoff: Backoff | undefined;
  readonly run: ScheduledRun | undefined;
  readonly createdAt: number;
  state: JobState;
  progress: JobProgress;
  result: unknown;
  failedReason: string | null;
  attemptsMade: number;
  processedAt: number | null;
  finishedAt: number | null;
  cancelTimer: (() => void) | undefined;
}

export interface NewJob {
  readonly jobId: string | undefined;
  readonly delayMs: number;
  readonly attempts: number;
  readonly backoff: Backoff | undefined;
}

export class InProcessLane {
  private readonly jobs = new Map<string, StoredJob>();
  /** Insertion order is run order. */
  private readonly waiting = new Set<string>();
  private readonly active = new Map<string, AbortController>();
  /** Completed ids, oldest first, for retention. */
  private readonly completed = new Set<string>();
  private readonly listeners = new Set<JobListener<unknown>>();
  private handler: JobHandler<unknown, unknown> | undefined;
  private concurrency = 1;
  private running = false;
  private pumpQueued = false;
  private lastId = 0;
  private idle: (() => void)[] = [];

  readonly schedules = new InProcessSchedules({
    add: (data, job, run) => this.add(data, job, run),
    removePending: (id) => this.removePending(id),
    pendingRunAt: (id) => {
      const job = this.jobs.get(id);
      return job !== undefined && (job.state === 'waiting' || job.state === 'delayed') ? (job.run?.runAt ?? null) : null;
    },
  });

  constructor(
    readonly name: string,
    private readonly retention: Required<RetentionOptions>,
    private readonly report: JobQueueErrorReporter,
  ) {}

  get hasHandler(): boolean {
    return this.handler !== undefined;
  }

  install(handler: JobHandler<unknown, unknown>, concurrency: number): void {
    this.handler = handler;
    this.concurrency = concurrency;
    this.schedulePump();
  }

  start(): void {
    this.running = true;
    this.schedulePump();
  }

  /** Adds a job unless one with its id exists; returns the id. `data` is already a JSON copy. */
  add(data: unknown, job: NewJob, run?: ScheduledRun): string {
    const id = job.jobId ?? String(++this.lastId);
    if (this.jobs.has(id)) return id;
    const stored: StoredJob = {
      id,
      data,
      attempts: job.attempts,
      backoff: job.backoff,
      run,
      createdAt: Date.now(),
      state: 'waiting',
      progress: 0,
      result: null,
      failedReason: null,
      attemptsMade: 0,
      processedAt: null,
      finishedAt: null,
      cancelTimer: undefined,
    };
    this.jobs.set(id, stored);
    if (job.delayMs > 0) this.delay(stored, job.delayMs);
    else this.makeWaiting(stored);
    return id;
  }

  /** A copy of the job for a producer, or null. */
  info(id: string): JobInfo<unknown, unknown> | null {
    const job = this.jobs.get(id);
    if (job === undefined) return null;
    return {
      id,
      name: this.name,
      data: throughJson(job.data),
      state: job.state,
      progress: throughJson(job.progress),
      result: throughJson(job.result),
      failedReason: job.failedReason,
      attemptsMade: job.attemptsMade,
      createdAt: job.createdAt,
      processedAt: job.processedAt,
      finishedAt: job.finishedAt,
    };
  }

  watch(listener: JobListener<unknown>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- dead letters ----

  /** Ids of the dead letters, most recent first. */
  deadLetters(limit: number): string[] {
    return [...this.jobs.values()]
      .filter((job) => job.state === 'failed')
      .sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0))
      .slice(0, limit)
      .map((job) => job.id);
  }

  retryDeadLetter(id: string): void {
    const job = this.deadLetter(id);
    Object.assign(job, { attemptsMade: 0, failedReason: null, processedAt: null, finishedAt: null, result: null });
    this.makeWaiting(job);
  }

  discardDeadLetter(id: string): void {
    this.deadLetter(id);
    this.jobs.delete(id);
  }

  private deadLetter(id: string): StoredJob {
    const job = this.jobs.get(id);
    if (job === undefined) throw new JobNotFoundError(this.name, id);
    if (job.state !== 'failed') throw new NotADeadLetterError(this.name, id, job.state);
    return job;
  }

  // ---- running ----

  private removePending(id: string): void {
    const job = this.jobs.get(id);
    if (job === undefined || (job.state !== 'waiting' && job.state !== 'delayed')) return;
    job.cancelTimer?.();
    this.waiting.delete(id);
    this.jobs.delete(id);
  }

  private delay(job: StoredJob, ms: number): void {
    job.state = 'delayed';
    job.cancelTimer = after(ms, () => {
      job.cancelTimer = undefined;
      if (job.state === 'delayed' && this.jobs.get(job.id) === job) this.makeWaiting(job);
    });
  }

  private makeWaiting(job: StoredJob): void {
    job.state = 'waiting';
    this.waiting.add(job.id);
    this.schedulePump();
  }

  /** Jobs start on a later turn of the event loop, never inside enqueue(), as with BullMQ. */
  private schedulePump(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    const handler = this.handler;
    if (!this.running || handler === undefined) return;
    for (const id of this.waiting) {
      if (this.active.size >= this.concurrency) break;
      this.waiting.delete(id);
      const job = this.jobs.get(id);
      if (job !== undefined) this.run(job, handler);
    }
  }

  private run(job: StoredJob, handler: JobHandler<unknown, unknown>): void {
    const controller = new AbortController();
    this.active.set(job.id, controller);
    job.state = 'active';
    job.processedAt = Date.now();
    if (job.run !== undefined) this.schedules.started(job.id, job.run);
    // After close() gave up on the job, nothing it does is recorded any more.
    const current = () => this.active.get(job.id) === controller;
    const context = {
      id: job.id,
      name: this.name,
      data: throughJson(job.data),
      attempt: job.attemptsMade + 1,
      signal: controller.signal,
      reportProgress: async (progress: JobProgress): Promise<void> => {
        if (!current()) return;
        job.progress = throughJson(progress);
        this.emit({ type: 'progress', id: job.id, progress: throughJson(job.progress) });
      },
    };
    Promise.resolve()
      .then(() => handler(context))
      .then(
        (result) => current() && this.succeed(job, result),
        (error: unknown) => current() && this.fail(job, error),
      )
      .catch((e: unknown) => this.report(asError(e), `job ${this.name}/${job.id}`))
      .finally(() => {
        if (current()) this.active.delete(job.id);
        if (this.active.size === 0) for (const resolve of this.idle.splice(0)) resolve();
        this.schedulePump();
      });
  }

  private succeed(job: StoredJob, result: unknown): void {
    let stored: unknown;
    try {
      stored = result === undefined ? null : throughJson(result);
    } catch (e) {
      this.fail(job, new Error(`result is not JSON-serialisable: ${(e as Error).message}`));
      return;
    }
    const now = Date.now();
    Object.assign(job, { state: 'completed', result: stored, attemptsMade: job.attemptsMade + 1, finishedAt: now });
    this.completed.add(job.id);
    this.prune(now);
    this.emit({ type: 'completed', id: job.id, result: throughJson(stored) });
  }

  private fail(job: StoredJob, error: unknown): void {
    job.attemptsMade += 1;
    job.failedReason = asError(error).message;
    if (!(error instanceof PermanentJobError) && job.attemptsMade < job.attempts) {
      const wait = retryDelayMs(job.backoff, job.attemptsMade);
      if (wait > 0) this.delay(job, wait);
      else this.makeWaiting(job);
      return;
    }
    job.state = 'failed';
    job.finishedAt = Date.now();
    this.emit({ type: 'failed', id: job.id, failedReason: job.failedReason });
  }

  /** Retention of completed jobs, as BullMQ's removeOnComplete: by count and by age, oldest first. */
  private prune(now: number): void {
    for (const id of this.completed) {
      const job = this.jobs.get(id);
      const tooMany = this.completed.size > this.retention.completedCount;
      const tooOld = job !== undefined && now - (job.finishedAt ?? now) > this.retention.completedMaxAgeMs;
      if (job !== undefined && job.state === 'completed' && !tooMany && !tooOld) break;
      this.completed.delete(id);
      if (job?.state === 'completed') this.jobs.delete(id);
    }
  }

  private emit(event: JobEvent<unknown>): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (e) {
        this.report(asError(e), `listener of ${this.name}`);
      }
    }
  }

  // ---- closing ----

  /** Stops starting jobs and firing timers; pending jobs stay where they are (and die with the process). */
  stop(): void {
    this.running = false;
    for (const job of this.jobs.values()) {
      job.cancelTimer?.();
      job.cancelTimer = undefined;
    }
  }

  /** Waits for active jobs up to the timeout, then aborts and abandons the rest. */
  async drain(timeoutMs: number): Promise<void> {
    if (this.active.size > 0) await settlesWithin(new Promise<void>((resolve) => this.idle.push(resolve)), timeoutMs);
    for (const controller of this.active.values()) controller.abort(new Error('job queue closed before the job finished'));
    this.active.clear();
  }

  counts(): Record<JobState, number> {
    const counts: Record<JobState, number> = { waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 };
    for (const job of this.jobs.values()) counts[job.state] += 1;
    return counts;
  }
}
