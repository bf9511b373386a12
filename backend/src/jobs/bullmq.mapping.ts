// ---- Translations between the port's vocabulary and BullMQ's --------------------------------------
import type { Job, JobSchedulerJson, JobState as BullmqState, JobsOptions } from 'bullmq';
import type { DeadLetter, JobCounts, JobInfo, JobProgress, JobState, Repeat, ScheduleInfo } from './job-queue.port';
import type { JobPlan, RetentionOptions } from './job-options';

/** BullMQ's job object as this adapter uses it: payload and result are JSON read back from Redis. */
export type StoredJob = Job<unknown, unknown, string>;

/** Prioritized and waiting-children are waiting as far as a producer is concerned; unknown = gone. */
export const toState = (state: BullmqState | 'unknown'): JobState | null => {
  switch (state) {
    case 'waiting':
    case 'prioritized':
    case 'waiting-children':
      return 'waiting';
    case 'delayed':
    case 'active':
    case 'completed':
    case 'failed':
      return state;
    case 'unknown':
      return null;
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
};

/** Only numbers and objects are ever reported through the port; anything else reads as no progress. */
export const toProgress = (progress: unknown): JobProgress =>
  typeof progress === 'number' || (typeof progress === 'object' && progress !== null) ? progress : 0;

export const toJobInfo = <D, R>(job: StoredJob, state: JobState): JobInfo<D, R> => ({
  id: job.id ?? '',
  name: job.name,
  data: job.data as D,
  state,
  progress: toProgress(job.progress),
  result: (job.returnvalue ?? null) as R | null,
  failedReason: job.failedReason || null,
  attemptsMade: job.attemptsMade,
  createdAt: job.timestamp,
  processedAt: job.processedOn ?? null,
  finishedAt: job.finishedOn ?? null,
});

export const toDeadLetter = <D>(job: StoredJob): DeadLetter<D> => ({
  id: job.id ?? '',
  name: job.name,
  data: job.data as D,
  failedReason: job.failedReason,
  attemptsMade: job.attemptsMade,
  failedAt: job.finishedOn ?? job.timestamp,
});

/** Retention travels with each job (not the worker) so that it holds whichever process runs the job. */
export const removeOnComplete = (retention: Required<RetentionOptions>) => ({
  age: Math.ceil(retention.completedMaxAgeMs / 1000),
  count: retention.completedCount,
});

export const toJobsOptions = (plan: JobPlan, retention: Required<RetentionOptions>): JobsOptions => ({
  ...(plan.jobId === undefined ? {} : { jobId: plan.jobId }),
  ...(plan.delayMs > 0 ? { delay: plan.delayMs } : {}),
  attempts: plan.attempts,
  ...(plan.backoff === undefined ? {} : { backoff: { type: plan.backoff.type, delay: plan.backoff.delayMs } }),
  removeOnComplete: removeOnComplete(retention),
  // Dead letters are BullMQ's failed set: keep every failed job until it is retried or discarded.
  removeOnFail: false,
});

export const toScheduleInfo = (scheduler: JobSchedulerJson): ScheduleInfo => {
  const repeat: Repeat =
    scheduler.every !== undefined && scheduler.every !== null
      ? { every: Number(scheduler.every) }
      : scheduler.tz
        ? { pattern: scheduler.pattern ?? '', tz: scheduler.tz }
        : { pattern: scheduler.pattern ?? '' };
  return { id: scheduler.key, repeat, nextRunAt: scheduler.next ?? null };
};

export const JOB_COUNT_TYPES = ['waiting', 'prioritized', 'waiting-children', 'delayed', 'active', 'completed', 'failed'] as const;

export const toCounts = (counts: Record<string, number>): JobCounts => ({
  waiting: (counts['waiting'] ?? 0) + (counts['prioritized'] ?? 0) + (counts['waiting-children'] ?? 0),
  delayed: counts['delayed'] ?? 0,
  active: counts['active'] ?? 0,
  completed: counts['completed'] ?? 0,
  failed: counts['failed'] ?? 0,
});
