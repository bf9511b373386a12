// ---- China's public holidays and their adjusted working days (调休), as data ---------------------
//
// One entry per year, copied from the State Council General Office's notice for that year. A day named
// under `holidays` is off even on a weekday; a day under `workdays` is worked even on a weekend
// (调休上班). Any other day follows the calendar's ordinary week.
//
// 2027: on 2026-12-01 no notice for 2027 was found (the State Council usually publishes it in November
// or December). Days of 2027 and later are therefore ordinary weekdays and weekends until its entry is
// added here — a deadline in early 2027 may fall on a day that turns out to be a holiday.

export interface HolidayPeriod {
  /** The festival, as the notice names it. */
  readonly name: string;
  /** First and last day off, inclusive (YYYY-MM-DD, Asia/Shanghai). */
  readonly from: string;
  readonly to: string;
}

export interface AdjustedWorkday {
  /** A Saturday or Sunday that is worked (YYYY-MM-DD). */
  readonly date: string;
  /** The festival it makes up for. */
  readonly for: string;
}

export interface HolidayYear {
  readonly year: number;
  /** The notice this entry is copied from. */
  readonly source: string;
  readonly publishedOn: string;
  readonly holidays: readonly HolidayPeriod[];
  readonly workdays: readonly AdjustedWorkday[];
}

export const CHINA_PUBLIC_HOLIDAYS: readonly HolidayYear[] = [
  {
    year: 2025,
    source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
    publishedOn: '2024-11-12',
    holidays: [
      { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
      { name: '春节', from: '2025-01-28', to: '2025-02-04' },
      { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
      { name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
      { name: '端午节', from: '2025-05-31', to: '2025-06-02' },
      { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
    ],
    workdays: [
      { date: '2025-01-26', for: '春节' },
      { date: '2025-02-08', for: '春节' },
      { date: '2025-04-27', for: '劳动节' },
      { date: '2025-09-28', for: '国庆节、中秋节' },
      { date: '2025-10-11', for: '国庆节、中秋节' },
    ],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
    publishedOn: '2025-11-04',
    holidays: [
      { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
      { name: '春节', from: '2026-02-15', to: '2026-02-23' },
      { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
      { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
      { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
      { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
      { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
    ],
    workdays: [
      { date: '2026-01-04', for: '元旦' },
      { date: '2026-02-14', for: '春节' },
      { date: '2026-02-28', for: '春节' },
      { date: '2026-05-09', for: '劳动节' },
      { date: '2026-09-20', for: '国庆节' },
      { date: '2026-10-10', for: '国庆节' },
    ],
  },
];
