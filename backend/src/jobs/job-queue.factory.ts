// ---- Chooses the job-queue adapter from configuration; no Nest here, the composition root wires it --
import type { JobQueue } from './job-queue.port';
import type { JobQueueErrorReporter, RetentionOptions } from './job-options';
import { BullmqJobQueue } from './bullmq.job-queue';
import { InProcessJobQueue } from './in-process.job-queue';

export interface OpenJobQueueOptions {
  /** REDIS_URL: BullMQ when set, the in-process runner (embedded mode) when null. */
  readonly redisUrl: string | null;
  /** Redis key prefix of the deployment (default `kuaige`); ignored in-process. */
  readonly prefix?: string;
  readonly retention?: RetentionOptions;
  /** BullMQ only: longest a producer call waits for Redis before JobQueueUnavailableError (default 5 s). */
  readonly commandTimeoutMs?: number;
  readonly onError?: JobQueueErrorReporter;
}

/** Opens the job queue this process uses. Connections are made in the background; see health(). */
export const openJobQueue = (options: OpenJobQueueOptions): JobQueue => {
  const { redisUrl, prefix, retention, commandTimeoutMs, onError } = options;
  if (redisUrl !== null && redisUrl !== '') return new BullmqJobQueue({ redisUrl, prefix, retention, commandTimeoutMs, onError });
  return new InProcessJobQueue({ retention, onError });
};
