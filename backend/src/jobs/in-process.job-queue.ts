// ---- The in-process adapter: the embedded default, no Redis ----------------------------------------
import type {
  CloseOptions,
  DeadLetter,
  EnqueueOptions,
  HandlerOptions,
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
import { DuplicateHandlerError, JobQueueClosedError } from './job-queue.errors';
import {
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
import { InProcessLane } from './in-process.lane';

export interface InProcessJobQueueOptions {
  readonly retention?: RetentionOptions;
  readonly onError?: JobQueueErrorReporter;
}

/**
 * Runs jobs inside this process with timers: delays, retries with back-off, schedules, concurrency
 * limits, progress and dead letters behave as with BullMQ (the shared contract suite proves it).
 *
 * What it does NOT guarantee: jobs live in memory only. A crash or restart loses every waiting,
 * delayed, active, completed and dead-lettered job and every schedule (schedules are declared again
 * at start-up by whoever owns them). Nothing is shared between processes, so it serves the embedded
 * single-process mode (ROLE=all) only. That is acceptable there because nothing that must not be lost
 * rides on a job: durable reactions (low stock -> purchase request, evaluations -> settlement, overdue
 * -> escalation) are driven from the event store with their own checkpoints and resume after a crash;
 * jobs are timers, notifications, exports and digests that can be asked for again.
 * Also: a handler that ignores its abort signal keeps running after close() gave up on it.
 */
export class InProcessJobQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private readonly lanes = new Map<string, InProcessLane>();
  private readonly retention: Required<RetentionOptions>;
  private readonly report: JobQueueErrorReporter;
  private started = false;
  private closing: Promise<void> | undefined;

  constructor(options: InProcessJobQueueOptions = {}) {
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
    this.report = options.onError ?? consoleReporter;
  }

  register<D, R>(type: JobType<D, R>, handler: JobHandler<D, R>, options?: HandlerOptions): void {
    const lane = this.lane(type, 'register a handler');
    const concurrency = checkConcurrency(options);
    if (lane.hasHandler) throw new DuplicateHandlerError(type.name);
    // The lane stores payloads as unknown; the JobType ties this handler to the payloads enqueued for it.
    lane.install(handler as JobHandler<unknown, unknown>, concurrency);
    if (this.started) lane.start();
  }

  async enqueue<D, R>(type: JobType<D, R>, data: D, options?: EnqueueOptions): Promise<string> {
    const lane = this.lane(type, 'enqueue');
    const plan = planJob(type as AnyJobType, options);
    return lane.add(jsonPayload('data', data), plan);
  }

  async getJob<D, R>(type: JobType<D, R>, id: string): Promise<JobInfo<D, R> | null> {
    return this.lane(type, 'look up a job').info(id) as JobInfo<D, R> | null;
  }

  async watch<D, R>(type: JobType<D, R>, listener: JobListener<R>): Promise<Unwatch> {
    const stop = this.lane(type, 'watch').watch(listener as JobListener<unknown>);
    return async () => void stop();
  }

  async schedule<D, R>(type: JobType<D, R>, schedulerId: string, options: ScheduleOptions<D>): Promise<void> {
    const lane = this.lane(type, 'schedule');
    const repeat = checkSchedule(schedulerId, options);
    const policy = checkRetryPolicy(type as AnyJobType, options);
    lane.schedules.upsert(schedulerId, { repeat, data: jsonPayload('data', options.data), ...policy });
  }

  async unschedule<D, R>(type: JobType<D, R>, schedulerId: string): Promise<boolean> {
    return this.lane(type, 'unschedule').schedules.remove(schedulerId);
  }

  async schedules<D, R>(type: JobType<D, R>): Promise<ScheduleInfo[]> {
    return this.lane(type, 'list schedules').schedules.list();
  }

  async deadLetters<D, R>(type: JobType<D, R>, options: { readonly limit?: number } = {}): Promise<DeadLetter<D>[]> {
    const lane = this.lane(type, 'list dead letters');
    return lane.deadLetters(options.limit ?? 100).map((id) => {
      const info = lane.info(id) as JobInfo<D, R>;
      return {
        id: info.id,
        name: info.name,
        data: info.data,
        failedReason: info.failedReason ?? '',
        attemptsMade: info.attemptsMade,
        failedAt: info.finishedAt ?? info.createdAt,
      };
    });
  }

  async retryDeadLetter<D, R>(type: JobType<D, R>, id: string): Promise<void> {
    this.lane(type, 'retry a dead letter').retryDeadLetter(id);
  }

  async discardDeadLetter<D, R>(type: JobType<D, R>, id: string): Promise<void> {
    this.lane(type, 'discard a dead letter').discardDeadLetter(id);
  }

  async start(): Promise<void> {
    if (this.closing) throw new JobQueueClosedError('start');
    this.started = true;
    for (const lane of this.lanes.values()) lane.start();
  }

  close(options: CloseOptions = {}): Promise<void> {
    this.closing ??= (async () => {
      const timeoutMs = options.timeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
      const lanes = [...this.lanes.values()];
      for (const lane of lanes) lane.stop();
      await Promise.all(lanes.map((lane) => lane.drain(timeoutMs)));
    })();
    return this.closing;
  }

  async health(): Promise<JobQueueHealth> {
    const byType: Record<string, JobCounts> = {};
    const total = { waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 };
    for (const [name, lane] of this.lanes) {
      const counts = lane.counts();
      byType[name] = counts;
      for (const state of Object.keys(total) as (keyof JobCounts)[]) total[state] += counts[state];
    }
    const up = this.closing === undefined;
    return { kind: this.kind, up, detail: { ...total, deadLetters: total.failed, byType, ...(up ? {} : { error: 'closed' }) } };
  }

  private lane(type: AnyJobType, operation: string): InProcessLane {
    if (this.closing) throw new JobQueueClosedError(operation);
    let lane = this.lanes.get(type.name);
    if (lane === undefined) {
      lane = new InProcessLane(checkJobName(type.name), this.retention, this.report);
      if (this.started) lane.start();
      this.lanes.set(type.name, lane);
    }
    return lane;
  }
}
