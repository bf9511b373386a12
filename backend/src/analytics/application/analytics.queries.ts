import { Inject, Injectable } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  childLevelOf,
  metricOf,
  metricsOf,
  regionLevelOf,
  regionOfCounty,
  regionPathOf,
  sumMeasures,
  type AnalyticsMeasures,
  type AnalyticsMetric,
} from '@kuaige/domain';
import type { Filter, ReadModelStore, Row } from '@kuaige/projections';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { ReadSide } from '../../event-sourcing/read-side';
import { RollupRunner } from './rollup-runner';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { divisionTree } from '../../tenancy/division-data';
import { analyticsOrdersProjection } from '../read-models/analytics-facts.projection';
import {
  ANALYTICS_COUNTY_COLLECTION,
  ANALYTICS_ENGINEERS_COLLECTION,
  ANALYTICS_PARTIES_COLLECTION,
  ANALYTICS_REGIONS_COLLECTION,
  ANALYTICS_TENANTS_COLLECTION,
  AnalyticsRollup,
  daysOfMonth,
  isPartyLevel,
  monthOfDay,
  type AnalyticsCountyRow,
  type AnalyticsEngineerRow,
  type AnalyticsPartyRow,
  type AnalyticsRegionRow,
  type AnalyticsTenantRow,
  type RegionCut,
} from '../read-models/analytics-rollup';

// ---- Analytics queries: the rows the actor may read, summed as the dashboard asks -----------------
// Operators read the roll-ups of a region (their own jurisdiction unless they name one inside it),
// and a province's or the nation's party rows for its breakdowns by party; enterprises, and operators asking about one enterprise, read the county rows, which carry the
// enterprises of their orders. The actor's CASL filter (report:read) is joined under $and either way,
// so a region or enterprise outside it answers empty, never another scope's numbers.

export interface AnalyticsFilters {
  /** China calendar days, YYYY-MM-DD, both included. */
  readonly from?: string;
  readonly to?: string;
  readonly regionCode?: string;
  readonly enterpriseId?: string;
  readonly deviceType?: string;
  readonly faultType?: string;
}

export const ANALYTICS_GRANULARITIES = ['day', 'week', 'month'] as const;
export type AnalyticsGranularity = (typeof ANALYTICS_GRANULARITIES)[number];
export const ANALYTICS_DIMENSIONS = ['region', 'deviceType', 'faultType', 'requester', 'provider', 'manufacturer'] as const;
export type AnalyticsDimension = (typeof ANALYTICS_DIMENSIONS)[number];

export interface AnalyticsOverview {
  readonly regionCode: string | null;
  /** The region asked about and its ancestors, the nation first, named (empty without a region). */
  readonly regionPath: readonly { readonly code: string; readonly name: string }[];
  readonly metrics: Record<AnalyticsMetric, number | null>;
  readonly responseHistogram: readonly number[];
  readonly repairHistogram: readonly number[];
}
export interface SeriesPoint {
  readonly period: string;
  readonly value: number | null;
  readonly requests: number;
}
export interface BreakdownItem {
  readonly key: string;
  readonly label: string;
  readonly value: number | null;
  readonly requests: number;
}
export interface EngineerPerformance {
  readonly engineerId: string;
  readonly name: string;
  readonly providerId: string | null;
  readonly providerName: string | null;
  readonly metrics: Record<AnalyticsMetric, number | null>;
}

export class GetAnalyticsOverview extends Query<AnalyticsOverview> {
  constructor(readonly actor: Actor, readonly filters: AnalyticsFilters) {
    super();
  }
}
export class GetAnalyticsSeries extends Query<SeriesPoint[]> {
  constructor(readonly actor: Actor, readonly metric: AnalyticsMetric, readonly granularity: AnalyticsGranularity, readonly filters: AnalyticsFilters) {
    super();
  }
}
export class GetAnalyticsBreakdown extends Query<BreakdownItem[]> {
  constructor(readonly actor: Actor, readonly dimension: AnalyticsDimension, readonly metric: AnalyticsMetric, readonly filters: AnalyticsFilters) {
    super();
  }
}
export class GetEngineerPerformance extends Query<EngineerPerformance[]> {
  constructor(readonly actor: Actor, readonly filters: AnalyticsFilters) {
    super();
  }
}

const chunks = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += LISTED_DAYS) out.push(items.slice(i, i + LISTED_DAYS));
  return out;
};

/** The order rows' roll-up, run where the projector runs (RollupRunner). */
@Injectable()
export class AnalyticsRows extends RollupRunner {
  constructor(
    @Inject(READ_MODEL_STORE) readonly store: ReadModelStore,
    @Inject(APP_CONFIG) config: AppConfig,
    readSide: ReadSide,
    freshness: ReadModelFreshness,
  ) {
    super(config, readSide, freshness, new AnalyticsRollup(store), analyticsOrdersProjection.name, 'AnalyticsRows');
  }
}

type MeasuredRow = { readonly day: string; readonly m: AnalyticsMeasures };
type KindedRow = MeasuredRow & { readonly deviceType: string; readonly faultType: string };

/** Days of one query's `$in`: equality is what reaches the indexes, and the planner takes at most 256 ranges. */
const LISTED_DAYS = 200;

const daysBetween = (from: string, to: string): string[] => {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
};

/** The whole months and the single days a query reads. */
export interface Periods {
  readonly months: readonly string[];
  readonly days: readonly string[];
}

/**
 * The periods a query reads between `from` and `to`: every day, or, where month rows may stand in
 * (`months`), each month the range covers whole plus the days at both ends. Null without both
 * bounds: the day rows are then read by range.
 */
export const periodsOf = (f: AnalyticsFilters, months: boolean): Periods | null => {
  if (!f.from || !f.to) return null;
  const days = daysBetween(f.from, f.to);
  if (!months) return { months: [], days };
  const byMonth = new Map<string, string[]>();
  for (const day of days) {
    const month = monthOfDay(day);
    const list = byMonth.get(month);
    if (list) list.push(day);
    else byMonth.set(month, [day]);
  }
  const whole = [...byMonth].filter(([month, list]) => list.length === daysOfMonth(month).length).map(([month]) => month);
  return { months: whole, days: days.filter((day) => !whole.includes(monthOfDay(day))) };
};

const rangeOf = (f: AnalyticsFilters): Filter[] => [...(f.from ? [{ day: { $gte: f.from } }] : []), ...(f.to ? [{ day: { $lte: f.to } }] : [])];

const kindFilter = (f: AnalyticsFilters): Filter[] => [...(f.deviceType ? [{ deviceType: f.deviceType }] : []), ...(f.faultType ? [{ faultType: f.faultType }] : [])];

/** The region the question is about: the one named, else the operator's own (null: wherever the rows are). */
const regionOf = (actor: Actor, f: AnalyticsFilters): string | null => f.regionCode ?? actor.operatorNode?.regionCode ?? null;

const usesRegionRows = (actor: Actor, f: AnalyticsFilters): boolean => actor.operatorNode !== null && !f.enterpriseId;

/** A region an operator names that is not inside its own answers empty, whichever rows would answer it. */
const outsideOf = (actor: Actor, region: string): boolean => actor.operatorNode !== null && !regionPathOf(region).includes(actor.operatorNode.regionCode);

/**
 * The enterprise whose own rows answer the question, or null. Those rows carry that enterprise
 * alone, so they answer exactly what the county rows would only when the actor's enterprise scope,
 * if it has one, is that enterprise (an operator's region scope they carry as the county rows do).
 */
const tenantOf = (actor: Actor, f: AnalyticsFilters): string | null => {
  const asked = f.enterpriseId ?? (actor.operatorNode ? null : actor.enterpriseId);
  if (!asked) return null;
  return actor.enterpriseId === null || actor.enterpriseId === asked ? asked : null;
};

/** The smallest cut of the roll-ups that keeps the kinds a question filters or groups by; null for both (the county rows answer). */
const cutFor = (f: AnalyticsFilters, by?: 'deviceType' | 'faultType'): RegionCut | null => {
  const device = Boolean(f.deviceType) || by === 'deviceType';
  const fault = Boolean(f.faultType) || by === 'faultType';
  return device ? (fault ? null : 'd') : fault ? 'f' : 't';
};

/** Monday of the ISO week of a day. */
const weekOf = (day: string): string => {
  const date = new Date(`${day}T00:00:00Z`);
  const shift = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - shift * 86_400_000).toISOString().slice(0, 10);
};

const periodOf = (day: string, granularity: AnalyticsGranularity): string =>
  granularity === 'day' ? day : granularity === 'week' ? weekOf(day) : day.slice(0, 7);

const groupBy = <R extends MeasuredRow>(rows: readonly R[], keyOf: (r: R) => string): Map<string, AnalyticsMeasures> => {
  const groups = new Map<string, AnalyticsMeasures[]>();
  for (const r of rows) {
    const key = keyOf(r);
    const list = groups.get(key);
    if (list) list.push(r.m);
    else groups.set(key, [r.m]);
  }
  return new Map([...groups].map(([key, list]) => [key, sumMeasures(list)]));
};

const regionName = (code: string): string => {
  if (code === 'CN') return '全国';
  const divisions = divisionTree();
  return divisions.has(code) ? divisions.node(code).name : code;
};

/** How a question may read its periods: month rows stand in for whole months unless it groups by day or week. */
interface Reading {
  readonly months: boolean;
  readonly by?: 'deviceType' | 'faultType';
}

@Injectable()
export class AnalyticsReader {
  constructor(private readonly rows: AnalyticsRows) {}

  private get store(): ReadModelStore {
    return this.rows.store;
  }

  /**
   * The actor's rows of `collection` matching `base` in the periods, `$in` by chunks of listed days.
   * Roll-up and enterprise rows (`grained`) hold days and months apart by their `grain`.
   */
  private async find<R extends Row>(actor: Actor, collection: string, base: readonly Filter[], periods: Periods | null, f: AnalyticsFilters, grained = false): Promise<R[]> {
    const grain = (g: 'day' | 'month'): Filter[] => (grained ? [{ grain: g }] : []);
    const queries =
      periods === null
        ? [[...base, ...grain('day'), ...rangeOf(f)]]
        : [
            ...chunks(periods.months).map((list) => [...base, ...grain('month'), { day: { $in: list } }]),
            ...chunks(periods.days).map((list) => [...base, ...grain('day'), { day: { $in: list } }]),
          ];
    const out: R[] = [];
    for (const and of queries) {
      const rows = await this.store.collection<R>(collection).find(scopedFilter(actor, 'read', 'Report', and.length ? { $and: and } : {}));
      for (const r of rows) out.push(r);
    }
    return out;
  }

  /** Roll-up rows of one region (or the children of one, `parentCode`) in the cut the question needs. */
  private regionRows(actor: Actor, f: AnalyticsFilters, where: Filter, cut: RegionCut, months: boolean): Promise<AnalyticsRegionRow[]> {
    const kinds = cut === 'd' && f.deviceType ? [{ deviceType: f.deviceType }] : cut === 'f' && f.faultType ? [{ faultType: f.faultType }] : [];
    return this.find<AnalyticsRegionRow>(actor, ANALYTICS_REGIONS_COLLECTION, [{ ...where, cut }, ...kinds], periodsOf(f, months), f, true);
  }

  /**
   * An enterprise's totals: where month rows may stand in (`months`), its month rows for the whole
   * months and its county rows for the days at both ends; otherwise (a series by day or week) its
   * county rows for every day, since its own rows are kept by month only.
   */
  private async tenantRows(actor: Actor, tenantId: string, f: AnalyticsFilters, monthRows: boolean): Promise<{ readonly countyCode: string; readonly day: string; readonly m: AnalyticsMeasures }[]> {
    const periods = periodsOf(f, monthRows);
    const region = f.regionCode && f.regionCode !== 'CN' ? [{ 'scope.regions': f.regionCode }] : [];
    const months = periods ? await this.find<AnalyticsTenantRow>(actor, ANALYTICS_TENANTS_COLLECTION, [{ tenantId }, ...region], { months: [], days: periods.months }, f) : [];
    const days = await this.find<AnalyticsCountyRow>(actor, ANALYTICS_COUNTY_COLLECTION, [{ 'scope.tenants': tenantId }, ...region], periods && { months: [], days: periods.days }, f);
    return [...months, ...days];
  }

  /** Rows of one region (the roll-up), of one enterprise, or the scoped county rows, for totals, series and kinds. */
  async totalsRows(actor: Actor, f: AnalyticsFilters, reading: Reading = { months: false }): Promise<KindedRow[]> {
    await this.rows.fresh();
    const region = regionOf(actor, f);
    const cut = cutFor(f, reading.by);
    if (usesRegionRows(actor, f) && region) {
      if (outsideOf(actor, region)) return [];
      const level = regionLevelOf(region);
      // A county keeps only its totals; its rows by kind are the county rows, a few per day.
      if (cut === 't' || (cut !== null && level !== 'county')) return this.regionRows(actor, f, { level, regionCode: region }, cut, reading.months);
      return this.countyRows(actor, { ...f, regionCode: region });
    }
    const tenant = tenantOf(actor, f);
    if (tenant && cut === 't') return (await this.tenantRows(actor, tenant, f, reading.months)).map((r) => ({ day: r.day, m: r.m, deviceType: '', faultType: '' }));
    return this.countyRows(actor, f);
  }

  async countyRows(actor: Actor, f: AnalyticsFilters, fresh = false): Promise<AnalyticsCountyRow[]> {
    if (fresh) await this.rows.fresh();
    const region = f.regionCode ?? null;
    const base = [...kindFilter(f), ...(region && region !== 'CN' ? [{ 'scope.regions': region }] : []), ...(f.enterpriseId ? [{ 'scope.tenants': f.enterpriseId }] : [])];
    return this.find<AnalyticsCountyRow>(actor, ANALYTICS_COUNTY_COLLECTION, base, periodsOf(f, false), f);
  }

  async overview(actor: Actor, f: AnalyticsFilters): Promise<AnalyticsOverview> {
    const m = sumMeasures((await this.totalsRows(actor, f, { months: true })).map((r) => r.m));
    const region = regionOf(actor, f);
    const regionPath = region ? regionPathOf(region).reverse().map((code) => ({ code, name: regionName(code) })) : [];
    return { regionCode: region, regionPath, metrics: metricsOf(m), responseHistogram: m.response, repairHistogram: m.repair };
  }

  async series(actor: Actor, metric: AnalyticsMetric, granularity: AnalyticsGranularity, f: AnalyticsFilters): Promise<SeriesPoint[]> {
    const groups = groupBy(await this.totalsRows(actor, f, { months: granularity === 'month' }), (r) => periodOf(r.day, granularity));
    return [...groups]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([period, m]) => ({ period, value: metricOf(m, metric), requests: m.requests }));
  }

  async breakdown(actor: Actor, dimension: AnalyticsDimension, metric: AnalyticsMetric, f: AnalyticsFilters): Promise<BreakdownItem[]> {
    const region = regionOf(actor, f);
    let groups: Map<string, AnalyticsMeasures>;
    let label: (key: string) => string = (key) => key;
    if (dimension === 'region') {
      const level = region ? regionLevelOf(region) : 'nation';
      const child = childLevelOf(level) ?? level;
      const cut = cutFor(f);
      const tenant = tenantOf(actor, f);
      if (usesRegionRows(actor, f) && region && outsideOf(actor, region)) {
        groups = new Map();
      } else if (usesRegionRows(actor, f) && region && (cut === 't' || (cut !== null && child !== 'county'))) {
        await this.rows.fresh();
        const where = child === level ? { level, regionCode: region } : { level: child, parentCode: region };
        groups = groupBy(await this.regionRows(actor, f, where, cut, true), (r) => r.regionCode);
      } else if (!usesRegionRows(actor, f) && tenant && cut === 't') {
        await this.rows.fresh();
        groups = groupBy(await this.tenantRows(actor, tenant, f, true), (r) => regionOfCounty(r.countyCode, child));
      } else {
        const asked = usesRegionRows(actor, f) && region ? { ...f, regionCode: region } : f;
        groups = groupBy(await this.countyRows(actor, asked, true), (r) => regionOfCounty(r.countyCode, child));
      }
      label = regionName;
    } else if (dimension === 'deviceType' || dimension === 'faultType') {
      groups = groupBy(await this.totalsRows(actor, f, { months: true, by: dimension }), (r) => r[dimension]);
    } else {
      const level = region ? regionLevelOf(region) : null;
      if (usesRegionRows(actor, f) && region && outsideOf(actor, region)) {
        groups = new Map();
      } else if (usesRegionRows(actor, f) && region && level && isPartyLevel(level) && cutFor(f) === 't') {
        // A province's or the nation's parties: their own rows, by day and whole month.
        await this.rows.fresh();
        const base = [{ level, regionCode: region, role: dimension }];
        groups = groupBy(await this.find<AnalyticsPartyRow>(actor, ANALYTICS_PARTIES_COLLECTION, base, periodsOf(f, true), f, true), (r) => r.partyId);
      } else {
        const field = dimension === 'requester' ? 'requesterId' : dimension === 'provider' ? 'providerId' : 'manufacturerId';
        groups = groupBy(await this.countyRows(actor, { ...f, regionCode: region ?? undefined }, true), (r) => r[field] ?? '-');
      }
      const names = await this.enterpriseNames([...groups.keys()]);
      label = (key) => names.get(key) ?? key;
    }
    return [...groups]
      .map(([key, m]) => ({ key, label: label(key), value: metricOf(m, metric), requests: m.requests }))
      .sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity) || a.key.localeCompare(b.key));
  }

  async engineers(actor: Actor, f: AnalyticsFilters): Promise<EngineerPerformance[]> {
    await this.rows.fresh();
    const region = regionOf(actor, f);
    const base = [
      ...kindFilter({ deviceType: f.deviceType }),
      ...(region && region !== 'CN' ? [{ 'scope.regions': region }] : []),
      ...(f.enterpriseId ? [{ 'scope.tenants': f.enterpriseId }] : []),
    ];
    const rows = await this.find<AnalyticsEngineerRow>(actor, ANALYTICS_ENGINEERS_COLLECTION, base, periodsOf(f, false), f);
    const providerOf = new Map(rows.map((r) => [r.assigneeId, r.providerId]));
    const groups = groupBy(rows, (r) => r.assigneeId);
    const [names, providers] = await Promise.all([this.accountNames([...groups.keys()]), this.enterpriseNames([...new Set([...providerOf.values()].filter((p): p is string => p !== null))])]);
    return [...groups]
      .map(([engineerId, m]) => {
        const providerId = providerOf.get(engineerId) ?? null;
        return { engineerId, name: names.get(engineerId) ?? engineerId, providerId, providerName: providerId ? (providers.get(providerId) ?? null) : null, metrics: metricsOf(m) };
      })
      .sort((a, b) => (b.metrics.requests ?? 0) - (a.metrics.requests ?? 0) || a.engineerId.localeCompare(b.engineerId));
  }

  // Only ids taken from rows the actor may read are named, so no name leaks beyond its scope.
  private async enterpriseNames(ids: readonly string[]): Promise<Map<string, string>> {
    const wanted = ids.filter((id) => id !== '-');
    if (wanted.length === 0) return new Map();
    const rows = await this.store.collection('enterprises').find({ _id: { $in: wanted } });
    return new Map(rows.filter((r) => typeof r['name'] === 'string').map((r) => [r._id, r['name'] as string]));
  }

  private async accountNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.store.collection('accounts').find({ _id: { $in: [...ids] } });
    return new Map(rows.filter((r) => typeof r['displayName'] === 'string').map((r) => [r._id, r['displayName'] as string]));
  }
}

@QueryHandler(GetAnalyticsOverview)
export class GetAnalyticsOverviewHandler implements IQueryHandler<GetAnalyticsOverview> {
  constructor(private readonly reader: AnalyticsReader) {}
  execute({ actor, filters }: GetAnalyticsOverview) {
    return this.reader.overview(actor, filters);
  }
}

@QueryHandler(GetAnalyticsSeries)
export class GetAnalyticsSeriesHandler implements IQueryHandler<GetAnalyticsSeries> {
  constructor(private readonly reader: AnalyticsReader) {}
  execute({ actor, metric, granularity, filters }: GetAnalyticsSeries) {
    return this.reader.series(actor, metric, granularity, filters);
  }
}

@QueryHandler(GetAnalyticsBreakdown)
export class GetAnalyticsBreakdownHandler implements IQueryHandler<GetAnalyticsBreakdown> {
  constructor(private readonly reader: AnalyticsReader) {}
  execute({ actor, dimension, metric, filters }: GetAnalyticsBreakdown) {
    return this.reader.breakdown(actor, dimension, metric, filters);
  }
}

@QueryHandler(GetEngineerPerformance)
export class GetEngineerPerformanceHandler implements IQueryHandler<GetEngineerPerformance> {
  constructor(private readonly reader: AnalyticsReader) {}
  execute({ actor, filters }: GetEngineerPerformance) {
    return this.reader.engineers(actor, filters);
  }
}

export const ANALYTICS_QUERY_HANDLERS = [AnalyticsRows, AnalyticsReader, GetAnalyticsOverviewHandler, GetAnalyticsSeriesHandler, GetAnalyticsBreakdownHandler, GetEngineerPerformanceHandler];
