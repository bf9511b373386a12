// ---- Rules both adapters apply before a job exists, so that they accept and refuse the same input ---
import type { Backoff, EnqueueOptions, HandlerOptions, JobType, RetryPolicy } from './job-queue.port';
import { InvalidJobOptionsError } from './job-queue.errors';

/** An enqueue request after defaults and validation. */
export interface JobPlan {
  readonly jobId: string | undefined;
  readonly delayMs: number;
  readonly attempts: number;
  readonly backoff: Backoff | undefined;
}

export type AnyJobType = JobType<unknown, unknown>;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Job type names become Redis key parts: BullMQ refuses `:` in them. */
export const checkJobName = (name: string): string => {
  if (!NAME.test(name)) throw new InvalidJobOptionsError('job type name', 'must be 1-128 letters, digits, ".", "_" or "-"', name);
  return name;
};

/** BullMQ refuses custom ids with `:` and plain integers (those are its own generated ids). */
export const checkJobId = (field: string, id: string): string => {
  if (id.length === 0 || id.length > 256) throw new InvalidJobOptionsError(field, 'must be 1-256 characters', id);
  if (id.includes(':')) throw new InvalidJobOptionsError(field, 'must not contain ":"', id);
  if (String(Number.parseInt(id, 10)) === id) throw new InvalidJobOptionsError(field, 'must not be a plain integer', id);
  return id;
};

const wholeNumber = (field: string, value: number, min: number): number => {
  if (!Number.isSafeInteger(value) || value < min) throw new InvalidJobOptionsError(field, `must be an integer >= ${min}`, value);
  return value;
};

/** Merges the type's defaults under the call's policy and checks it. */
export const checkRetryPolicy = (type: AnyJobType, policy: RetryPolicy): { attempts: number; backoff: Backoff | undefined } => {
  const attempts = wholeNumber('attempts', policy.attempts ?? type.defaults.attempts ?? 1, 1);
  const backoff = policy.backoff ?? type.defaults.backoff;
  if (backoff !== undefined) {
    if (backoff.type !== 'exponential' && backoff.type !== 'fixed') {
      throw new InvalidJobOptionsError('backoff.type', 'must be "exponential" or "fixed"', backoff.type);
    }
    wholeNumber('backoff.delayMs', backoff.delayMs, 0);
  }
  return { attempts, backoff };
};

export const planJob = (type: AnyJobType, options: EnqueueOptions = {}): JobPlan => {
  checkJobName(type.name);
  const jobId = options.jobId === undefined ? undefined : checkJobId('jobId', options.jobId);
  const delayMs = wholeNumber('delayMs', options.delayMs ?? 0, 0);
  return { jobId, delayMs, ...checkRetryPolicy(type, options) };
};

export const checkConcurrency = (options: HandlerOptions = {}): number => wholeNumber('concurrency', options.concurrency ?? 1, 1);

/** Wait before the next try after `attemptsMade` failed tries: BullMQ's built-in strategies, same formula. */
export const retryDelayMs = (backoff: Backoff | undefined, attemptsMade: number): number => {
  if (backoff === undefined) return 0;
  if (backoff.type === 'fixed') return backoff.delayMs;
  return Math.round(2 ** (attemptsMade - 1) * backoff.delayMs);
};

/** Payloads, results and progress go through JSON in Redis; the in-process adapter does the same on purpose. */
export const throughJson = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

/** Checks that a payload survives JSON (BullMQ stores JSON) and returns the copy that will be stored. */
export const jsonPayload = <T>(field: string, value: T): T => {
  // BullMQ stores an absent payload as {}; do the same so both adapters hand handlers the same thing.
  const present = value === undefined ? ({} as T) : value;
  try {
    return throughJson(present);
  } catch (e) {
    throw new InvalidJobOptionsError(field, `must be JSON-serialisable (${(e as Error).message})`);
  }
};

/** How long completed jobs are kept: their results stay readable and their ids stay idempotent meanwhile. */
export interface RetentionOptions {
  /** Most completed jobs kept per job type (default 1000). */
  readonly completedCount?: number;
  /** Oldest completed job kept, in ms (default 24 h). Dead letters are kept until handled. */
  readonly completedMaxAgeMs?: number;
}

export const DEFAULT_RETENTION: Required<RetentionOptions> = { completedCount: 1000, completedMaxAgeMs: 24 * 60 * 60 * 1000 };

/** Where an adapter reports errors it cannot throw to a caller (connection drops, failing listeners). */
export type JobQueueErrorReporter = (error: Error, source: string) => void;

export const consoleReporter: JobQueueErrorReporter = (error, source) => console.error(`[jobs] ${source}: ${error.message}`);

export const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/** Default grace period of close() for active jobs. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;
