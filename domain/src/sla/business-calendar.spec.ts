import {
  addBusinessTime,
  businessCalendar,
  businessMinutesBetween,
  CHINA_BUSINESS_CALENDAR as cn,
  InvalidCalendar,
  isWorkingDay,
  ROUND_THE_CLOCK_CALENDAR,
} from './business-calendar';
import { CHINA_PUBLIC_HOLIDAYS } from './china-public-holidays';

/** A wall-clock time in Asia/Shanghai, e.g. sh('2026-09-30 16:00'). */
const sh = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const add = (local: string, minutes: number) => addBusinessTime(sh(local), minutes, cn);

describe('business calendar (Asia/Shanghai, Mon–Fri 09:00–12:00 and 13:00–18:00, State Council holidays)', () => {
  describe('addBusinessTime', () => {
    it('skips the lunch break', () => {
      expect(add('2026-03-10 11:30', 60)).toEqual(sh('2026-03-10 13:30'));
      expect(add('2026-03-09 12:20', 30)).toEqual(sh('2026-03-09 13:30'));
    });

    it('ends at the close of the day when the time runs out exactly there, not next morning', () => {
      expect(add('2026-03-10 17:00', 60)).toEqual(sh('2026-03-10 18:00'));
      expect(add('2026-03-09 09:00', 180)).toEqual(sh('2026-03-09 12:00'));
    });

    it('starts counting at the next working period when it starts outside working hours', () => {
      expect(add('2026-03-09 07:00', 60)).toEqual(sh('2026-03-09 10:00'));
      expect(add('2026-03-09 19:00', 30)).toEqual(sh('2026-03-10 09:30'));
      expect(add('2026-03-07 20:00', 60)).toEqual(sh('2026-03-09 10:00')); // Saturday evening → Monday
    });

    it('crosses National Day 2026 and works its adjusted Saturday (10-10)', () => {
      // Wed 09-30 16:00–18:00 = 120; 10-01…10-07 off; Thu 10-08 480; Fri 10-09 480; Sat 10-10 is worked: 360 → 16:00.
      expect(add('2026-09-30 16:00', 24 * 60)).toEqual(sh('2026-10-10 16:00'));
      expect(add('2026-09-30 17:00', 60)).toEqual(sh('2026-09-30 18:00'));
      expect(add('2026-09-30 18:00', 1)).toEqual(sh('2026-10-08 09:01'));
    });

    it('works the adjusted Sunday before National Day 2026 (09-20)', () => {
      expect(add('2026-09-18 17:00', 120)).toEqual(sh('2026-09-20 10:00'));
    });

    it('crosses the 2025 Spring Festival and its adjusted Sunday (01-26)', () => {
      expect(add('2025-01-25 10:00', 60)).toEqual(sh('2025-01-26 10:00'));
      expect(add('2025-01-27 17:00', 120)).toEqual(sh('2025-02-05 10:00'));
    });

    it('treats the first of May 2025 to the fifth as off and 2025-04-27 (Sunday) as worked', () => {
      expect(add('2025-04-30 17:00', 120)).toEqual(sh('2025-05-06 10:00'));
      expect(add('2025-04-26 09:00', 60)).toEqual(sh('2025-04-27 10:00'));
    });

    it('treats days beyond the published years as ordinary weekdays and weekends (2027 is not published)', () => {
      expect(CHINA_PUBLIC_HOLIDAYS.map((y) => y.year)).toEqual([2025, 2026]);
      // 2027-01-01 is a Friday; until its notice is added it counts as a working day.
      expect(add('2026-12-31 17:00', 120)).toEqual(sh('2027-01-01 10:00'));
    });

    it('adds nothing for zero minutes and refuses negative ones', () => {
      expect(add('2026-03-07 20:00', 0)).toEqual(sh('2026-03-07 20:00'));
      expect(() => add('2026-03-09 09:00', -1)).toThrow(RangeError);
    });

    it('counts every minute on the round-the-clock calendar', () => {
      expect(addBusinessTime(sh('2026-10-01 23:30'), 90, ROUND_THE_CLOCK_CALENDAR)).toEqual(sh('2026-10-02 01:00'));
    });
  });

  describe('businessMinutesBetween', () => {
    it('counts only working time', () => {
      expect(businessMinutesBetween(sh('2026-03-09 11:00'), sh('2026-03-09 14:00'), cn)).toBe(120);
      expect(businessMinutesBetween(sh('2026-09-30 16:00'), sh('2026-10-10 16:00'), cn)).toBe(24 * 60);
      expect(businessMinutesBetween(sh('2026-10-01 09:00'), sh('2026-10-07 18:00'), cn)).toBe(0);
    });

    it('is zero when the end is not after the start', () => {
      expect(businessMinutesBetween(sh('2026-03-09 14:00'), sh('2026-03-09 11:00'), cn)).toBe(0);
    });

    it('is the inverse of addBusinessTime', () => {
      let seed = 20261201;
      const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
      const base = sh('2025-01-01 00:00').getTime();
      for (let i = 0; i < 300; i++) {
        const start = new Date(base + next(700 * 24 * 60) * 60_000);
        const minutes = next(6000);
        expect({ start, minutes: businessMinutesBetween(start, addBusinessTime(start, minutes, cn), cn) }).toEqual({ start, minutes });
      }
    });
  });

  it('knows holidays, adjusted working days and ordinary weekends', () => {
    expect(isWorkingDay('2026-10-01', cn)).toBe(false);
    expect(isWorkingDay('2026-10-10', cn)).toBe(true); // Saturday, worked
    expect(isWorkingDay('2026-10-11', cn)).toBe(false); // ordinary Sunday
    expect(isWorkingDay('2026-10-12', cn)).toBe(true);
  });

  it('refuses overlapping or empty working periods', () => {
    const define = (hours: [string, string][]) => () => businessCalendar({ name: 'x', hours, weekdays: [1], years: [] });
    expect(define([['09:00', '12:00'], ['11:00', '13:00']])).toThrow(InvalidCalendar);
    expect(define([['12:00', '12:00']])).toThrow(InvalidCalendar);
    expect(define([['9:00', '12:00']])).toThrow(InvalidCalendar);
  });
});
