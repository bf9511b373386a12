import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
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
import type { Filter, ReadModelStore } from '@kuaige/projections';
import { APP_CONFIG } from '../../config/config.module';
import { roleRuns, type AppConfig } from '../../config/config';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { ReadSide } from '../../event-sourcing/read-side';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { divisionTree } from '../../tenancy/division-data';
import { analyticsOrdersProjection } from '../read-models/analytics-facts.projection';
import {
  ANALYTICS_COUNTY_COLLECTION,
  ANALYTICS_ENGINEERS_COLLECTION,
  ANALYTICS_REGIONS_COLLECTION,
  AnalyticsRollup,
  type AnalyticsCountyRow,
  type AnalyticsEngineerRow,
  type AnalyticsRegionRow,
} from '../read-models/analytics-rollup';

// ---- Analytics queries: the rows the actor may read, summed as the dashboard asks -----------------
// Operators read the roll-ups of a region (their own jurisdiction unless they name one inside it);
// enterprises, and operators asking about one enterprise, read the county rows, which carry the
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

const REFRESH_EVERY_MS = 5_000;

/**
 * The roll-up runs where the projector runs. A process that also serves the API (ROLE=all) sums the
 * rows when a query asks, after the facts caught up with what was written before it: reads see their
 * own writes, and nothing changes the rows between requests. A projector without the API (ROLE=
 * projector) sums them on a timer for the API processes, whose rows are as fresh as it made them.
 */
@Injectable()
export class AnalyticsRows implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AnalyticsRows');
  private readonly rollup: AnalyticsRollup;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(READ_MODEL_STORE) readonly store: ReadModelStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly readSide: ReadSide,
    private readonly freshness: ReadModelFreshness,
  ) {
    this.rollup = new AnalyticsRollup(store);
  }

  onApplicationBootstrap(): void {
    if (roleRuns(this.config.role).api) return;
    this.timer = setInterval(() => {
      if (this.readSide.projector) this.rollup.refresh().catch((e: unknown) => this.logger.error({ err: e }, 'analytics roll-up'));
    }, REFRESH_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async fresh(): Promise<void> {
    if (!this.readSide.projector || !roleRuns(this.config.role).api) return;
    await this.freshness.caughtUp([analyticsOrdersProjection.name]);
    await this.rollup.refresh();
  }
}

type MeasuredRow = { readonly day: string; readonly m: AnalyticsMeasures };

/** Ranges this long or shorter are asked for day by day: equality is what reaches the indexes. */
const MAX_LISTED_DAYS = 200;

const daysBetween = (from: string, to: string): string[] | null => {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    if (days.length === MAX_LISTED_DAYS) return null;
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
};

const dayRange = (f: AnalyticsFilters): Filter[] => {
  const listed = f.from && f.to ? daysBetween(f.from, f.to) : null;
  if (listed) return [{ day: { $in: listed } }];
  return [...(f.from ? [{ day: { $gte: f.from } }] : []), ...(f.to ? [{ day: { $lte: f.to } }] : [])];
};

const dayFilter = (f: AnalyticsFilters): Filter[] => [
  ...dayRange(f),
  ...(f.deviceType ? [{ deviceType: f.deviceType }] : []),
  ...(f.faultType ? [{ faultType: f.faultType }] : []),
];

/** The region the question is about: the one named, else the operator's own (null: wherever the rows are). */
const regionOf = (actor: Actor, f: AnalyticsFilters): string | null => f.regionCode ?? actor.operatorNode?.regionCode ?? null;

const usesRegionRows = (actor: Actor, f: AnalyticsFilters): boolean => actor.operatorNode !== null && !f.enterpriseId;

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

@Injectable()
export class AnalyticsReader {
  constructor(private readonly rows: AnalyticsRows) {}

  private get store(): ReadModelStore {
    return this.rows.store;
  }

  /** Rows of one region (the roll-up) or the scoped county rows, for totals, series and kinds. */
  async totalsRows(actor: Actor, f: AnalyticsFilters): Promise<MeasuredRow[]> {
    await this.rows.fresh();
    const region = regionOf(actor, f);
    if (usesRegionRows(actor, f) && region) {
      const filter = { $and: [{ level: regionLevelOf(region), regionCode: region }, ...dayFilter(f)] };
      return this.store.collection<AnalyticsRegionRow>(ANALYTICS_REGIONS_COLLECTION).find(scopedFilter(actor, 'read', 'Report', filter));
    }
    return this.countyRows(actor, f);
  }

  async countyRows(actor: Actor, f: AnalyticsFilters, fresh = false): Promise<AnalyticsCountyRow[]> {
    if (fresh) await this.rows.fresh();
    const region = f.regionCode ?? null;
    const filter = {
      $and: [...dayFilter(f), ...(region && region !== 'CN' ? [{ 'scope.regions': region }] : []), ...(f.enterpriseId ? [{ 'scope.tenants': f.enterpriseId }] : [])],
    };
    return this.store.collection<AnalyticsCountyRow>(ANALYTICS_COUNTY_COLLECTION).find(scopedFilter(actor, 'read', 'Report', filter.$and.length ? filter : {}));
  }

  async overview(actor: Actor, f: AnalyticsFilters): Promise<AnalyticsOverview> {
    const m = sumMeasures((await this.totalsRows(actor, f)).map((r) => r.m));
    const region = regionOf(actor, f);
    const regionPath = region ? regionPathOf(region).reverse().map((code) => ({ code, name: regionName(code) })) : [];
    return { regionCode: region, regionPath, metrics: metricsOf(m), responseHistogram: m.response, repairHistogram: m.repair };
  }

  async series(actor: Actor, metric: AnalyticsMetric, granularity: AnalyticsGranularity, f: AnalyticsFilters): Promise<SeriesPoint[]> {
    const groups = groupBy(await this.totalsRows(actor, f), (r) => periodOf(r.day, granularity));
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
      if (usesRegionRows(actor, f) && region) {
        await this.rows.fresh();
        const filter = child === level ? { level, regionCode: region } : { level: child, parentCode: region };
        const rows = await this.store
          .collection<AnalyticsRegionRow>(ANALYTICS_REGIONS_COLLECTION)
          .find(scopedFilter(actor, 'read', 'Report', { $and: [filter, ...dayFilter(f)] }));
        groups = groupBy(rows, (r) => r.regionCode);
      } else {
        groups = groupBy(await this.countyRows(actor, f, true), (r) => regionOfCounty(r.countyCode, child));
      }
      label = regionName;
    } else if (dimension === 'deviceType' || dimension === 'faultType') {
      groups = groupBy((await this.totalsRows(actor, f)) as (MeasuredRow & { deviceType: string; faultType: string })[], (r) => r[dimension]);
    } else {
      const field = dimension === 'requester' ? 'requesterId' : dimension === 'provider' ? 'providerId' : 'manufacturerId';
      groups = groupBy(await this.countyRows(actor, { ...f, regionCode: region ?? undefined }, true), (r) => r[field] ?? '-');
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
    const filter = {
      $and: [
        ...dayFilter({ from: f.from, to: f.to, deviceType: f.deviceType }),
        ...(region && region !== 'CN' ? [{ 'scope.regions': region }] : []),
        ...(f.enterpriseId ? [{ 'scope.tenants': f.enterpriseId }] : []),
      ],
    };
    const rows = await this.store.collection<AnalyticsEngineerRow>(ANALYTICS_ENGINEERS_COLLECTION).find(scopedFilter(actor, 'read', 'Report', filter.$and.length ? filter : {}));
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
