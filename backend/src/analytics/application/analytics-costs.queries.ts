import { Inject, Injectable } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  COST_TOTALS,
  COST_TOTALS_SHOWN,
  addCostTotals,
  averageFen,
  costTotalsOf,
  emptyCostTotals,
  regionLevelOf,
  regionPathOf,
  sumCost,
  type CostMeasures,
  type CostSide,
  type CostTotal,
} from '@kuaige/domain';
import type { Filter, ReadModelStore } from '@kuaige/projections';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { ReadSide } from '../../event-sourcing/read-side';
import { RollupRunner } from './rollup-runner';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { divisionTree } from '../../tenancy/division-data';
import { analyticsSettlementsProjection } from '../read-models/analytics-cost-facts.projection';
import {
  ANALYTICS_COST_COUNTY_COLLECTION,
  ANALYTICS_COST_REGIONS_COLLECTION,
  AnalyticsCostRollup,
  type CostCountyRow,
  type CostRegionRow,
} from '../read-models/analytics-cost-rollup';
import type { AnalyticsFilters, AnalyticsGranularity } from './analytics.queries';

// ---- Cost analytics: settlements' money, in the rows the actor may read ----------------------------
// Operators read the cost roll-ups of a region (their own unless they name one inside it) and see every
// side of a settlement; enterprises, and operators asking about one enterprise, read the county rows,
// and an enterprise sees its own side of each: a provider what it charged and earned, an equipment user
// what it was charged, a manufacturer its warranty share. The actor's CASL filter (report:read) is
// joined under $and every time, so a region or enterprise outside it answers empty.

/** Every total in fen (integers), counts as counts; null where the reader's side does not show it. */
export type CostTotals = Record<CostTotal, number | null> & {
  /** Charged per settlement in force (per completed, settled order), rounded half-up to the fen. */
  readonly averageFen: number | null;
};
export interface CostPeriod {
  readonly period: string;
  readonly totals: CostTotals;
}
export interface CostBreakdownItem {
  readonly key: string;
  readonly label: string;
  readonly totals: CostTotals;
}
export interface AnalyticsCosts {
  readonly regionCode: string | null;
  readonly regionPath: readonly { readonly code: string; readonly name: string }[];
  readonly totals: CostTotals;
  readonly trend: readonly CostPeriod[];
  readonly byDeviceType: readonly CostBreakdownItem[];
  readonly byFaultType: readonly CostBreakdownItem[];
  readonly byProvider: readonly CostBreakdownItem[];
}

export class GetAnalyticsCosts extends Query<AnalyticsCosts> {
  constructor(readonly actor: Actor, readonly granularity: AnalyticsGranularity, readonly filters: AnalyticsFilters) {
    super();
  }
}

/** Where the cost roll-up runs: on demand in ROLE=all (reads see their writes), on a timer in ROLE=projector. */
@Injectable()
export class AnalyticsCostRows extends RollupRunner {
  constructor(
    @Inject(READ_MODEL_STORE) readonly store: ReadModelStore,
    @Inject(APP_CONFIG) config: AppConfig,
    readSide: ReadSide,
    freshness: ReadModelFreshness,
  ) {
    super(config, readSide, freshness, new AnalyticsCostRollup(store), analyticsSettlementsProjection.name, 'AnalyticsCostRows');
  }
}

// The day filter and periods follow the order dashboards' (analytics.queries.ts), whose reader is being
// reshaped on its own: kept here so the cost queries do not depend on its internals.
const MAX_LISTED_DAYS = 200;

const daysBetween = (from: string, to: string): string[] | null => {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    if (days.length === MAX_LISTED_DAYS) return null;
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
};

const dayFilter = (f: AnalyticsFilters): Filter[] => {
  const listed = f.from && f.to ? daysBetween(f.from, f.to) : null;
  return [
    ...(listed ? [{ day: { $in: listed } }] : [...(f.from ? [{ day: { $gte: f.from } }] : []), ...(f.to ? [{ day: { $lte: f.to } }] : [])]),
    ...(f.deviceType ? [{ deviceType: f.deviceType }] : []),
    ...(f.faultType ? [{ faultType: f.faultType }] : []),
  ];
};

const weekOf = (day: string): string => {
  const date = new Date(`${day}T00:00:00Z`);
  return new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
};

const periodOf = (day: string, granularity: AnalyticsGranularity): string =>
  granularity === 'day' ? day : granularity === 'week' ? weekOf(day) : day.slice(0, 7);

const regionName = (code: string): string => {
  if (code === 'CN') return '全国';
  const divisions = divisionTree();
  return divisions.has(code) ? divisions.node(code).name : code;
};

type Sided = { readonly day: string; readonly deviceType: string; readonly faultType: string; readonly providerId?: string; readonly m: CostMeasures; readonly side: CostSide };

/** An enterprise's side of a county row: it is one of the row's parties (its scope says so). */
const sideOf = (r: CostCountyRow, enterpriseId: string | null): CostSide =>
  r.providerId === enterpriseId ? 'provider' : r.equipmentUserId === enterpriseId ? 'equipment-user' : 'manufacturer';

/** Rows summed per side, then each side's totals added: what each side is shown adds up across rows. */
const totalsOf = (rows: readonly Sided[]): CostTotals => {
  const bySide = new Map<CostSide, CostMeasures[]>();
  for (const r of rows) {
    const list = bySide.get(r.side);
    if (list) list.push(r.m);
    else bySide.set(r.side, [r.m]);
  }
  let sum = emptyCostTotals();
  const shown = new Set<CostTotal>(bySide.size === 0 ? COST_TOTALS : []);
  for (const [side, list] of bySide) {
    sum = addCostTotals(sum, costTotalsOf(sumCost(list), side));
    for (const t of COST_TOTALS_SHOWN[side]) shown.add(t);
  }
  const totals = Object.fromEntries(COST_TOTALS.map((t) => [t, shown.has(t) ? sum[t] : null])) as Record<CostTotal, number | null>;
  return { ...totals, averageFen: shown.has('chargedFen') ? averageFen(sum.chargedFen, sum.settlements) : null };
};

const groupTotals = (rows: readonly Sided[], keyOf: (r: Sided) => string): Map<string, CostTotals> => {
  const groups = new Map<string, Sided[]>();
  for (const r of rows) {
    const key = keyOf(r);
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  return new Map([...groups].map(([key, list]) => [key, totalsOf(list)]));
};

const ranked = (groups: Map<string, CostTotals>, label: (key: string) => string): CostBreakdownItem[] =>
  [...groups]
    .map(([key, totals]) => ({ key, label: label(key), totals }))
    .sort((a, b) => (b.totals.chargedFen ?? 0) - (a.totals.chargedFen ?? 0) || a.key.localeCompare(b.key));

@Injectable()
export class AnalyticsCostReader {
  constructor(private readonly rows: AnalyticsCostRows) {}

  private get store(): ReadModelStore {
    return this.rows.store;
  }

  private countyRows(actor: Actor, f: AnalyticsFilters, region: string | null): Promise<CostCountyRow[]> {
    const and = [...dayFilter(f), ...(region && region !== 'CN' ? [{ 'scope.regions': region }] : []), ...(f.enterpriseId ? [{ 'scope.tenants': f.enterpriseId }] : [])];
    return this.store.collection<CostCountyRow>(ANALYTICS_COST_COUNTY_COLLECTION).find(scopedFilter(actor, 'read', 'Report', and.length ? { $and: and } : {}));
  }

  async costs(actor: Actor, granularity: AnalyticsGranularity, f: AnalyticsFilters): Promise<AnalyticsCosts> {
    await this.rows.fresh();
    const region = f.regionCode ?? actor.operatorNode?.regionCode ?? null;
    const operator = actor.operatorNode !== null;
    const sided = (r: CostCountyRow): Sided => ({ ...r, side: operator ? 'all' : sideOf(r, actor.enterpriseId) });
    let rows: Sided[];
    let providerRows: Sided[];
    if (operator && !f.enterpriseId && region) {
      const filter = { $and: [{ level: regionLevelOf(region), regionCode: region }, ...dayFilter(f)] };
      const regionRows = await this.store.collection<CostRegionRow>(ANALYTICS_COST_REGIONS_COLLECTION).find(scopedFilter(actor, 'read', 'Report', filter));
      rows = regionRows.map((r) => ({ ...r, side: 'all' }));
      providerRows = (await this.countyRows(actor, f, region)).map(sided);
    } else {
      rows = (await this.countyRows(actor, f, f.regionCode ?? null)).map(sided);
      providerRows = rows;
    }
    const providers = groupTotals(providerRows, (r) => r.providerId ?? '-');
    const names = await this.enterpriseNames([...providers.keys()]);
    return {
      regionCode: region,
      regionPath: region ? regionPathOf(region).reverse().map((code) => ({ code, name: regionName(code) })) : [],
      totals: totalsOf(rows),
      trend: [...groupTotals(rows, (r) => periodOf(r.day, granularity))].sort(([a], [b]) => a.localeCompare(b)).map(([period, totals]) => ({ period, totals })),
      byDeviceType: ranked(groupTotals(rows, (r) => r.deviceType), (key) => key),
      byFaultType: ranked(groupTotals(rows, (r) => r.faultType), (key) => key),
      byProvider: ranked(providers, (key) => names.get(key) ?? key),
    };
  }

  // Only ids taken from rows the actor may read are named, so no name leaks beyond its scope.
  private async enterpriseNames(ids: readonly string[]): Promise<Map<string, string>> {
    const wanted = ids.filter((id) => id !== '-');
    if (wanted.length === 0) return new Map();
    const rows = await this.store.collection('enterprises').find({ _id: { $in: wanted } });
    return new Map(rows.filter((r) => typeof r['name'] === 'string').map((r) => [r._id, r['name'] as string]));
  }
}

@QueryHandler(GetAnalyticsCosts)
export class GetAnalyticsCostsHandler implements IQueryHandler<GetAnalyticsCosts> {
  constructor(private readonly reader: AnalyticsCostReader) {}
  execute({ actor, granularity, filters }: GetAnalyticsCosts) {
    return this.reader.costs(actor, granularity, filters);
  }
}

export const ANALYTICS_COST_QUERY_HANDLERS = [AnalyticsCostRows, AnalyticsCostReader, GetAnalyticsCostsHandler];
