import { CHINA_PUBLIC_HOLIDAYS, type HolidayYear } from './china-public-holidays';

// ---- Business calendars: when service time runs ---------------------------------------------------
//
// Time is counted in Asia/Shanghai, which has had no daylight saving since 1991: local time is UTC+8
// all year, so plain arithmetic on epoch milliseconds is exact and no time-zone library is needed.
// Instants go in and out as Date (ISO strings in events); minutes may be fractional.

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Asia/Shanghai's offset from UTC, fixed. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
/** Business time is only ever looked for this far ahead: a calendar with no working time at all fails. */
const MAX_DAYS = 3_660;

/** A working period of the day, minutes after local midnight: [from, to). */
export interface WorkingPeriod {
  readonly from: number;
  readonly to: number;
}

export interface BusinessCalendar {
  readonly name: string;
  /** Sorted and disjoint, within 0..1440. */
  readonly periods: readonly WorkingPeriod[];
  /** Days of the week worked ordinarily: 0 Sunday … 6 Saturday. */
  readonly weekdays: readonly number[];
  /** Days off despite the week (YYYY-MM-DD, local). */
  readonly holidays: ReadonlySet<string>;
  /** Weekend days worked (调休上班). */
  readonly workdays: ReadonlySet<string>;
}

export class InvalidCalendar extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCalendar';
  }
}

const clock = (text: string): number => {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!(minutes >= 0 && minutes <= 1440) || Number(match?.[2]) > 59) throw new InvalidCalendar(`${text} is not a time of day HH:MM`);
  return minutes;
};

const days = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

export interface CalendarDefinition {
  readonly name: string;
  /** e.g. [['09:00', '12:00'], ['13:00', '18:00']]. */
  readonly hours: readonly (readonly [string, string])[];
  readonly weekdays: readonly number[];
  readonly years: readonly HolidayYear[];
}

/** Compiles a calendar from its data; refuses overlapping or empty periods. */
export const businessCalendar = (definition: CalendarDefinition): BusinessCalendar => {
  const periods = definition.hours.map(([from, to]) => ({ from: clock(from), to: clock(to) })).sort((a, b) => a.from - b.from);
  periods.forEach((p, i) => {
    if (p.to <= p.from) throw new InvalidCalendar(`working period ${p.from}-${p.to} is empty`);
    if (i > 0 && p.from < periods[i - 1]!.to) throw new InvalidCalendar('working periods overlap');
  });
  const holidays = new Set(definition.years.flatMap((y) => y.holidays.flatMap((h) => days(h.from, h.to))));
  const workdays = new Set(definition.years.flatMap((y) => y.workdays.map((w) => w.date)));
  return { name: definition.name, periods, weekdays: [...definition.weekdays], holidays, workdays };
};

/** Mainland China office hours: Monday to Friday 09:00–12:00 and 13:00–18:00, with the State Council's holidays. */
export const CHINA_BUSINESS_CALENDAR: BusinessCalendar = businessCalendar({
  name: 'cn-office-hours',
  hours: [
    ['09:00', '12:00'],
    ['13:00', '18:00'],
  ],
  weekdays: [1, 2, 3, 4, 5],
  years: CHINA_PUBLIC_HOLIDAYS,
});

/** Every minute counts: round-the-clock service, and the test calendar (SLA_TEST_TARGETS_SECONDS). */
export const ROUND_THE_CLOCK_CALENDAR: BusinessCalendar = businessCalendar({
  name: 'round-the-clock',
  hours: [['00:00', '24:00']],
  weekdays: [0, 1, 2, 3, 4, 5, 6],
  years: [],
});

/** The local day (days since 1970-01-01 in Asia/Shanghai) of an instant. */
const localDay = (ms: number): number => Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
const dayStartMs = (day: number): number => day * DAY_MS - SHANGHAI_OFFSET_MS;
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Whether the local date (YYYY-MM-DD) is a working day of the calendar. */
export const isWorkingDay = (date: string, calendar: BusinessCalendar): boolean => {
  if (calendar.holidays.has(date)) return false;
  if (calendar.workdays.has(date)) return true;
  return calendar.weekdays.includes(new Date(`${date}T00:00:00Z`).getUTCDay());
};

/** The working periods of one local day as instants [from, to). */
const periodsOf = (day: number, calendar: BusinessCalendar): [number, number][] =>
  isWorkingDay(dateOf(day), calendar) ? calendar.periods.map((p) => [dayStartMs(day) + p.from * MINUTE_MS, dayStartMs(day) + p.to * MINUTE_MS]) : [];

const instant = (value: Date | string): number => {
  const ms = typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${String(value)} is not an instant`);
  return ms;
};

/**
 * The instant at which `minutes` of business time have passed after `start`. Time outside working
 * periods does not count, so a start at night or on a holiday begins at the next working period; an
 * amount that ends exactly at a period's end ends there (18:00, not 09:00 the next working day).
 */
export const addBusinessTime = (start: Date | string, minutes: number, calendar: BusinessCalendar): Date => {
  if (!(minutes >= 0)) throw new RangeError(`business time must be zero or more minutes (got ${minutes})`);
  const from = instant(start);
  let remaining = minutes * MINUTE_MS;
  if (remaining === 0) return new Date(from);
  const first = localDay(from);
  for (let day = first; day < first + MAX_DAYS; day++) {
    for (const [open, close] of periodsOf(day, calendar)) {
      const begin = Math.max(open, from);
      if (begin >= close) continue;
      if (remaining <= close - begin) return new Date(begin + remaining);
      remaining -= close - begin;
    }
  }
  throw new InvalidCalendar(`calendar ${calendar.name} has no working time within ${MAX_DAYS} days`);
};

/** Business minutes between two instants (0 when `b` is not after `a`). */
export const businessMinutesBetween = (a: Date | string, b: Date | string, calendar: BusinessCalendar): number => {
  const from = instant(a);
  const to = instant(b);
  if (to <= from) return 0;
  let total = 0;
  for (let day = localDay(from); day <= localDay(to); day++) {
    for (const [open, close] of periodsOf(day, calendar)) total += Math.max(0, Math.min(close, to) - Math.max(open, from));
  }
  return total / MINUTE_MS;
};
