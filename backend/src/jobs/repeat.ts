// ---- Schedules: validation and the next run time, shared by both adapters --------------------------
// Cron patterns are evaluated with BullMQ's own getNextMillis (cron-parser underneath), so the
// in-process runner fires a pattern at exactly the times BullMQ would.
import { getNextMillis } from 'bullmq';
import type { Repeat, ScheduleOptions } from './job-queue.port';
import { InvalidJobOptionsError } from './job-queue.errors';
import { checkJobId } from './job-options';

/** The next cron time strictly after `after`, or undefined when the pattern has no more. */
export const nextCronRun = (pattern: string, tz: string | undefined, after: number): number | undefined =>
  getNextMillis(after, tz === undefined ? { pattern } : { pattern, tz });

/** Checks a schedule before an adapter stores it; returns the repeat rule without extra fields. */
export const checkSchedule = <D>(schedulerId: string, options: ScheduleOptions<D>): Repeat => {
  // Scheduler ids become part of job ids (`repeat:<id>:<time>`), hence the same rules as job ids.
  checkJobId('schedulerId', schedulerId);
  const repeat = options.repeat;
  if ('every' in repeat && 'pattern' in repeat) throw new InvalidJobOptionsError('repeat', 'takes either every or pattern, not both');
  if ('every' in repeat) {
    if (!Number.isSafeInteger(repeat.every) || repeat.every < 1) {
      throw new InvalidJobOptionsError('repeat.every', 'must be an integer number of milliseconds >= 1', repeat.every);
    }
    return { every: repeat.every };
  }
  if (typeof repeat.pattern !== 'string' || repeat.pattern.trim() === '') {
    throw new InvalidJobOptionsError('repeat', 'needs every (ms) or a cron pattern');
  }
  let next: number | undefined;
  try {
    next = nextCronRun(repeat.pattern, repeat.tz, Date.now());
  } catch (e) {
    throw new InvalidJobOptionsError('repeat.pattern', `is not a valid cron pattern (${(e as Error).message})`, repeat.pattern);
  }
  if (next === undefined) throw new InvalidJobOptionsError('repeat.pattern', 'never fires', repeat.pattern);
  return repeat.tz === undefined ? { pattern: repeat.pattern } : { pattern: repeat.pattern, tz: repeat.tz };
};
