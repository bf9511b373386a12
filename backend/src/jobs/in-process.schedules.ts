// ---- Schedules of one in-process job type, modelled on BullMQ's job schedulers ---------------------
// One pending job per schedule (id `repeat:<schedule>:<due time>`, as in BullMQ); the next one is
// added when the pending one starts, so a schedule never piles up jobs while nothing runs them.
import type { Backoff, Repeat, ScheduleInfo } from './job-queue.port';
import { throughJson } from './job-options';
import { nextCronRun } from './repeat';

/** What a job produced by a schedule remembers about it. */
export interface ScheduledRun {
  readonly scheduleId: string;
  readonly runAt: number;
}

export interface ScheduleDefinition {
  readonly repeat: Repeat;
  readonly data: unknown;
  readonly attempts: number;
  readonly backoff: Backoff | undefined;
}

/** The part of the lane the schedules use. */
export interface ScheduleHost {
  /** Adds a job (idempotent by id) and returns its id. */
  add(data: unknown, job: { jobId: string; delayMs: number; attempts: number; backoff: Backoff | undefined }, run: ScheduledRun): string;
  /** Removes the job if it has not started yet. */
  removePending(jobId: string): void;
  /** The due time of the job if it has not started yet, else null. */
  pendingRunAt(jobId: string): number | null;
}

interface StoredSchedule extends ScheduleDefinition {
  pendingJobId: string | null;
}

export class InProcessSchedules {
  private readonly schedules = new Map<string, StoredSchedule>();

  constructor(private readonly host: ScheduleHost) {}

  /** Creates or replaces a schedule: a replaced one loses its pending job, so nothing is duplicated. */
  upsert(id: string, definition: ScheduleDefinition): void {
    this.remove(id);
    const schedule: StoredSchedule = { ...definition, pendingJobId: null };
    this.schedules.set(id, schedule);
    const now = Date.now();
    // BullMQ runs an `every` schedule at once and a pattern at its next matching time.
    const first = 'every' in schedule.repeat ? now : nextCronRun(schedule.repeat.pattern, schedule.repeat.tz, now);
    if (first !== undefined) this.addRun(id, schedule, first);
  }

  remove(id: string): boolean {
    const schedule = this.schedules.get(id);
    if (schedule === undefined) return false;
    if (schedule.pendingJobId !== null) this.host.removePending(schedule.pendingJobId);
    this.schedules.delete(id);
    return true;
  }

  list(): ScheduleInfo[] {
    return [...this.schedules.entries()].map(([id, schedule]) => ({
      id,
      repeat: schedule.repeat,
      nextRunAt: schedule.pendingJobId === null ? null : this.host.pendingRunAt(schedule.pendingJobId),
    }));
  }

  /** Called when a job produced by a schedule starts: adds the schedule's next run. */
  started(jobId: string, run: ScheduledRun): void {
    const schedule = this.schedules.get(run.scheduleId);
    // A job of a replaced or removed schedule runs, but does not continue it.
    if (schedule === undefined || schedule.pendingJobId !== jobId) return;
    schedule.pendingJobId = null;
    const next = this.nextRun(schedule.repeat, run.runAt, Date.now());
    if (next !== undefined) this.addRun(run.scheduleId, schedule, next);
  }

  private nextRun(repeat: Repeat, previous: number, now: number): number | undefined {
    if ('pattern' in repeat) return nextCronRun(repeat.pattern, repeat.tz, Math.max(now, previous));
    // Skip the slots missed while the process was busy instead of firing them in a burst.
    const missed = Math.max(0, Math.ceil((now - previous) / repeat.every) - 1);
    return previous + (missed + 1) * repeat.every;
  }

  private addRun(scheduleId: string, schedule: StoredSchedule, runAt: number): void {
    const job = {
      jobId: `repeat:${scheduleId}:${runAt}`,
      delayMs: runAt - Date.now(),
      attempts: schedule.attempts,
      backoff: schedule.backoff,
    };
    schedule.pendingJobId = this.host.add(throughJson(schedule.data), job, { scheduleId, runAt });
  }
}
