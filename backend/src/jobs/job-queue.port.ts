// ---- The job-queue port: background jobs with retries, schedules, progress and dead letters ------
//
// Two adapters: BullMQ on Redis (production, several processes) and an in-process runner (the embedded
// default). Both pass job-queue.contract.ts. Jobs are for work that may be redone or lost with a
// process in embedded mode (timers, notifications, exports, digests); reactions that must never be
// lost are driven from the event store with their own checkpoint, not from jobs.
//
// Payloads, results and progress cross a JSON boundary in both adapters (Redis stores JSON; the
// in-process runner clones through JSON on purpose), so keep them plain JSON: a Date arrives as a string.

declare const jobTypes: unique symbol;

/** A named job type; the type parameters tie enqueue() and register() to one payload and one result. */
export interface JobType<D, R> {
  /** Queue name: letters, digits, `.`, `_`, `-` (BullMQ forbids `:`), e.g. `notifications.send`. */
  readonly name: string;
  /** Retry policy for jobs of this type unless enqueue() or schedule() says otherwise. */
  readonly defaults: RetryPolicy;
  /** Never set: carries the payload and result types for the compiler only. */
  readonly [jobTypes]?: { readonly data: D; readonly result: R };
}

/** Declares a job type; defaults travel with it so producers and workers in other processes agree. */
export const defineJob = <D, R = void>(name: string, defaults: RetryPolicy = {}): JobType<D, R> => ({ name, defaults });

/** Waiting also covers BullMQ's prioritized state; failed means every attempt failed: a dead letter. */
export const JOB_STATES = ['waiting', 'delayed', 'active', 'completed', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** A percentage or any JSON object (`{ rows: 1200, of: 5000 }`). */
export type JobProgress = number | object;

export interface Backoff {
  /** exponential: delayMs, 2×delayMs, 4×delayMs ... after the 1st, 2nd, 3rd failure; fixed: always delayMs. */
  readonly type: 'exponential' | 'fixed';
  readonly delayMs: number;
}

export interface RetryPolicy {
  /** Total tries, the first included (1 = no retry). */
  readonly attempts?: number;
  /** Wait before a retry; without it a failed job is retried at once. */
  readonly backoff?: Backoff;
}

export interface EnqueueOptions extends RetryPolicy {
  /**
   * Idempotency key: a job with this id that still exists (waiting, delayed, active, or completed and
   * not yet removed by retention, or a dead letter) is not enqueued again. No `:` and not a plain
   * integer (BullMQ's rules). Derive it from a command or event id to make a retried request harmless.
   */
  readonly jobId?: string;
  /** Not run before this many milliseconds have passed. */
  readonly delayMs?: number;
}

/** What a handler sees of the job it runs. */
export interface JobContext<D> {
  readonly id: string;
  readonly name: string;
  readonly data: D;
  /** 1 on the first try, 2 on the first retry, ... */
  readonly attempt: number;
  /** Stores progress where producers can read it (getJob) and hear it (watch). */
  reportProgress(progress: JobProgress): Promise<void>;
  /** Aborted when close() gave up waiting for this job: stop early, the result will not be recorded. */
  readonly signal: AbortSignal;
}

/** Throws to fail the attempt (retried by the policy); throw PermanentJobError to skip the remaining tries. */
export type JobHandler<D, R> = (job: JobContext<D>) => Promise<R>;

export interface HandlerOptions {
  /** Most jobs of this type this process runs at once (default 1). */
  readonly concurrency?: number;
}

/** A job as a producer can look it up. */
export interface JobInfo<D, R> {
  readonly id: string;
  readonly name: string;
  readonly data: D;
  readonly state: JobState;
  /** 0 until the handler reports something. */
  readonly progress: JobProgress;
  /** The handler's return value once completed, otherwise null. */
  readonly result: R | null;
  /** The error message of the latest failed attempt (kept after a successful retry), or null. */
  readonly failedReason: string | null;
  /** Attempts that ended, successfully or not. */
  readonly attemptsMade: number;
  readonly createdAt: number;
  readonly processedAt: number | null;
  readonly finishedAt: number | null;
}

/** A job whose attempts are exhausted. It stays until it is retried or discarded. */
export interface DeadLetter<D> {
  readonly id: string;
  readonly name: string;
  readonly data: D;
  readonly failedReason: string;
  readonly attemptsMade: number;
  readonly failedAt: number;
}

/** `every` runs at once and then every so many milliseconds; `pattern` is cron with optional seconds. */
export type Repeat = { readonly every: number } | { readonly pattern: string; readonly tz?: string };

export interface ScheduleOptions<D> extends RetryPolicy {
  readonly repeat: Repeat;
  readonly data: D;
}

export interface ScheduleInfo {
  readonly id: string;
  readonly repeat: Repeat;
  /** When the next job is due, if one is pending. */
  readonly nextRunAt: number | null;
}

/** Heard by producers: progress, success and the final failure (a job becoming a dead letter). */
export type JobEvent<R> =
  | { readonly type: 'progress'; readonly id: string; readonly progress: JobProgress }
  | { readonly type: 'completed'; readonly id: string; readonly result: R | null }
  | { readonly type: 'failed'; readonly id: string; readonly failedReason: string };

export type JobListener<R> = (event: JobEvent<R>) => void;
/** Stops a watch. */
export type Unwatch = () => Promise<void>;

export interface JobCounts {
  readonly waiting: number;
  readonly delayed: number;
  readonly active: number;
  readonly completed: number;
  readonly failed: number;
}

export interface JobQueueHealth {
  readonly kind: JobQueueKind;
  readonly up: boolean;
  readonly detail: JobCounts & {
    /** Jobs whose attempts are exhausted; they are the failed ones, so this equals `failed`. */
    readonly deadLetters: number;
    /** Counts per job type this instance has touched (registered, enqueued, scheduled or looked up). */
    readonly byType: Readonly<Record<string, JobCounts>>;
    readonly error?: string;
  } & Readonly<Record<string, unknown>>;
}

export type JobQueueKind = 'bullmq' | 'in-process';

export interface CloseOptions {
  /** How long to wait for active jobs before abandoning them (default 10 s). */
  readonly timeoutMs?: number;
}

export interface JobQueue {
  readonly kind: JobQueueKind;
  /** Installs the handler of a job type; it runs once start() has been called. One handler per type. */
  register<D, R>(type: JobType<D, R>, handler: JobHandler<D, R>, options?: HandlerOptions): void;
  /** Adds a job and returns its id; with an existing jobId it adds nothing and returns that id. */
  enqueue<D, R>(type: JobType<D, R>, data: D, options?: EnqueueOptions): Promise<string>;
  /** The job's state, progress and result, or null when it does not exist (any more). */
  getJob<D, R>(type: JobType<D, R>, id: string): Promise<JobInfo<D, R> | null>;
  /** Calls the listener for every job of the type from now on, whichever process runs it. */
  watch<D, R>(type: JobType<D, R>, listener: JobListener<R>): Promise<Unwatch>;
  /** Creates or replaces (same id: never duplicates) a schedule producing jobs of the type. */
  schedule<D, R>(type: JobType<D, R>, schedulerId: string, options: ScheduleOptions<D>): Promise<void>;
  /** Removes a schedule and its pending run; false when there was none. A run already started finishes. */
  unschedule<D, R>(type: JobType<D, R>, schedulerId: string): Promise<boolean>;
  schedules<D, R>(type: JobType<D, R>): Promise<ScheduleInfo[]>;
  /** Dead letters of the type, most recent first. */
  deadLetters<D, R>(type: JobType<D, R>, options?: { readonly limit?: number }): Promise<DeadLetter<D>[]>;
  /** Puts a dead letter back to waiting with its attempts reset. */
  retryDeadLetter<D, R>(type: JobType<D, R>, id: string): Promise<void>;
  /** Deletes a dead letter for good. */
  discardDeadLetter<D, R>(type: JobType<D, R>, id: string): Promise<void>;
  /** Starts running the registered handlers (a producer-only process never calls it). */
  start(): Promise<void>;
  /** Stops taking jobs, waits for active ones up to the timeout, then releases everything. Idempotent. */
  close(options?: CloseOptions): Promise<void>;
  health(): Promise<JobQueueHealth>;
}
