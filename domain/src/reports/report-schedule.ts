import { ReportRuleViolation } from './report-definition';

// ---- When a saved report runs by itself, and for whom -----------------------------------------------
// Times are China wall-clock times (Asia/Shanghai, no daylight saving); the job queue turns the cron
// pattern into due instants. Monthly runs stop at the 28th so every month has the day.

export type ReportSchedule =
  | { readonly frequency: 'daily'; readonly time: string }
  /** ISO weekday: 1 Monday … 7 Sunday. */
  | { readonly frequency: 'weekly'; readonly weekday: number; readonly time: string }
  | { readonly frequency: 'monthly'; readonly day: number; readonly time: string };

export const REPORT_SCHEDULE_TIME_ZONE = 'Asia/Shanghai';
export const REPORT_RECIPIENTS_MAX = 50;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const USER = /^[A-Za-z0-9_-]{1,64}$/;

const fail = (rule: string, field: string, message: string): never => {
  throw new ReportRuleViolation(rule, field, message);
};
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const whole = (v: unknown, field: string, min: number, max: number): number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : fail('range', field, `${field} must be a whole number from ${min} to ${max}`);

/** Reads an untrusted schedule, or throws naming field (`schedule.time` …) and rule. */
export const parseReportSchedule = (input: unknown): ReportSchedule => {
  if (!isRecord(input)) return fail('isObject', 'schedule', 'schedule must be an object');
  const frequency = input['frequency'];
  const time = input['time'];
  if (typeof time !== 'string' || !TIME.test(time)) return fail('matches', 'schedule.time', 'schedule.time must be hh:mm (00:00 to 23:59)');
  switch (frequency) {
    case 'daily':
      return { frequency, time };
    case 'weekly':
      return { frequency, weekday: whole(input['weekday'], 'schedule.weekday', 1, 7), time };
    case 'monthly':
      return { frequency, day: whole(input['day'], 'schedule.day', 1, 28), time };
    default:
      return fail('isIn', 'schedule.frequency', 'schedule.frequency must be one of daily, weekly, monthly');
  }
};

/** Reads the recipients: user ids, each once. */
export const parseReportRecipients = (input: unknown): string[] => {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) return fail('isArray', 'recipients', 'recipients must be a list of user ids');
  if (input.length > REPORT_RECIPIENTS_MAX) fail('maxItems', 'recipients', `at most ${REPORT_RECIPIENTS_MAX} recipients`);
  input.forEach((u, i) => {
    if (typeof u !== 'string' || !USER.test(u)) fail('matches', `recipients[${i}]`, `recipients[${i}] must be a user id`);
  });
  return [...new Set(input as string[])];
};

/** The schedule as a cron pattern with seconds (the job queue's), read in Asia/Shanghai. */
export const cronOfReportSchedule = (s: ReportSchedule): string => {
  const [hh, mm] = s.time.split(':').map(Number);
  const at = `0 ${mm} ${hh}`;
  if (s.frequency === 'daily') return `${at} * * *`;
  if (s.frequency === 'weekly') return `${at} * * ${s.weekday % 7}`;
  return `${at} ${s.day} * *`;
};
