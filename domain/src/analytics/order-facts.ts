import { histogramOf, emptyHistogram } from './histogram';
import type { AnalyticsMeasures } from './measures';

// ---- What analytics keeps of one work order, and where its numbers are filed --------------------
// Every number of an order is filed under the China calendar day it was requested on, its device's
// county, its enterprises, device type and fault type: a cohort view, so an order moves between no
// rows as it ages, and yesterday's response times stop changing once yesterday's orders are done.

export interface OrderFacts {
  readonly workOrderId: string;
  /** China calendar day of the request, YYYY-MM-DD. */
  readonly day: string;
  readonly countyCode: string;
  readonly requesterId: string;
  readonly ownerId: string | null;
  readonly manufacturerId: string | null;
  readonly providerId: string | null;
  /** The engineer the order is (or was last) assigned to. */
  readonly engineerId: string | null;
  readonly deviceType: string;
  readonly faultType: string;
  readonly requestedAt: string;
  readonly respondedAt: string | null;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly everCompleted: boolean;
  readonly closed: boolean;
  readonly cancelled: boolean;
  readonly rejected: boolean;
  readonly reopened: number;
  readonly receiptRejected: number;
  readonly userScore: number | null;
  readonly manufacturerScore: number | null;
  /** SLA targets met in time / breached (each target once). */
  readonly slaOnTime: readonly string[];
  readonly slaBreached: readonly string[];
  readonly alarms: number;
  readonly partsQuantity: number;
  readonly partsValueFen: number;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The China (UTC+8, no daylight saving) calendar day of an instant. */
export const chinaDayOf = (instant: string): string => new Date(Date.parse(instant) + CHINA_OFFSET_MS).toISOString().slice(0, 10);

export const minutesBetween = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 60_000;

/** What one order adds to the rows it is filed under. */
export const measuresOfOrder = (f: OrderFacts): AnalyticsMeasures => {
  const completed = f.completedAt !== null;
  return {
    requests: 1,
    cancelled: f.cancelled ? 1 : 0,
    rejected: f.rejected ? 1 : 0,
    completed: completed ? 1 : 0,
    resolved: f.everCompleted ? 1 : 0,
    firstTimeFixed: f.everCompleted && f.reopened === 0 && f.receiptRejected === 0 ? 1 : 0,
    reworked: f.reopened > 0 ? 1 : 0,
    closed: f.closed ? 1 : 0,
    response: f.respondedAt ? histogramOf(minutesBetween(f.requestedAt, f.respondedAt)) : emptyHistogram(),
    repair: f.startedAt && f.completedAt ? histogramOf(minutesBetween(f.startedAt, f.completedAt)) : emptyHistogram(),
    slaOnTime: f.slaOnTime.length,
    slaBreached: f.slaBreached.length,
    alarms: f.alarms,
    userScoreSum: f.userScore ?? 0,
    userScores: f.userScore === null ? 0 : 1,
    manufacturerScoreSum: f.manufacturerScore ?? 0,
    manufacturerScores: f.manufacturerScore === null ? 0 : 1,
    partsQuantity: f.partsQuantity,
    partsValueFen: f.partsValueFen,
  };
};

// ---- Keys of the rows --------------------------------------------------------------------------

const part = (value: string | null): string => value ?? '-';

/** The finest row: day × county × the order's enterprises × device type × fault type. */
export const countyRowKey = (f: OrderFacts): string =>
  ['c', f.day, f.countyCode, f.requesterId, part(f.ownerId), part(f.manufacturerId), part(f.providerId), f.deviceType, f.faultType].join('|');

/** An engineer's row: day × county × provider × engineer × device type; none before an assignment. */
export const engineerRowKey = (f: OrderFacts): string | null =>
  f.engineerId === null ? null : ['e', f.day, f.countyCode, part(f.providerId), f.engineerId, f.deviceType].join('|');

export type RegionLevel = 'county' | 'city' | 'province' | 'nation';
export const REGION_LEVELS: readonly RegionLevel[] = ['county', 'city', 'province', 'nation'];

/** GB/T 2260: a county's code is 6 digits, its city the first 4, its province the first 2; the nation is 'CN'. */
export const regionLevelOf = (code: string): RegionLevel => (code === 'CN' ? 'nation' : code.length === 2 ? 'province' : code.length === 4 ? 'city' : 'county');

/** The region at `level` that a county lies in. */
export const regionOfCounty = (countyCode: string, level: RegionLevel): string =>
  level === 'county' ? countyCode : level === 'city' ? countyCode.slice(0, 4) : level === 'province' ? countyCode.slice(0, 2) : 'CN';

/** A region and its ancestors, nearest first, as the rows' `scope.regions` hold them. */
export const regionPathOf = (code: string): string[] => {
  const level = regionLevelOf(code);
  const from = REGION_LEVELS.indexOf(level);
  return REGION_LEVELS.slice(from).map((l) => regionOfCounty(code, l));
};

/** The level below (null under a county). */
export const childLevelOf = (level: RegionLevel): RegionLevel | null => {
  const index = REGION_LEVELS.indexOf(level);
  return index === 0 ? null : REGION_LEVELS[index - 1]!;
};

/** A roll-up row: level × region × day × device type × fault type, summed over enterprises. */
export const regionRowKey = (level: RegionLevel, regionCode: string, day: string, deviceType: string, faultType: string): string =>
  ['r', level, regionCode, day, deviceType, faultType].join('|');
