import { REGION_LEVELS, addCost, costOfSettlement, regionOfCounty, regionPathOf, regionRowKey, type CostMeasures, type RegionLevel } from '@kuaige/domain';
import { CHECKPOINTS, POSITION_FIELD, visibleRows, type CheckpointDocument, type ReadModelStore, type Row } from '@kuaige/projections';
import { analyticsSettlementsProjection, type AnalyticsSettlementRow } from './analytics-cost-facts.projection';
import { replaceAll } from './analytics-rollup';

// ---- The cost rows: re-summed from the settlement facts, rolled up from the county rows ----------
// The same two stages as the order rows (analytics-rollup.ts), kept apart so that each can change on
// its own: after the settlement facts moved on, every cost row a changed settlement is (or was) filed
// under is summed again from the facts, and the roll-ups of those rows' days and kinds again from the
// county rows. A re-sum replaces a row by what the facts say: a re-priced or cancelled settlement
// replaces its contribution exactly, and a run after a crash half-way writes the same rows.

export const ANALYTICS_COST_COUNTY_COLLECTION = 'analytics_cost_county';
export const ANALYTICS_COST_REGIONS_COLLECTION = 'analytics_cost_regions';
const STATE_COLLECTION = '_analytics_cost_rollup';
const STATE_ID = 'rollup';
/** Raise it when the rows' shape or meaning changes: every row is then summed again. */
const ROLLUP_VERSION = 1;
const CHUNK = 500;

type Scope = { readonly tenants: readonly string[]; readonly regions: readonly string[] };

/** day × county × equipment user × manufacturer × provider × device type × fault type. */
export interface CostCountyRow extends Row {
  readonly _id: string;
  readonly day: string;
  readonly countyCode: string;
  readonly equipmentUserId: string;
  readonly manufacturerId: string | null;
  readonly providerId: string;
  readonly deviceType: string;
  readonly faultType: string;
  readonly m: CostMeasures;
  readonly scope: Scope;
}

/** level × region × day × device type × fault type, over every enterprise: for operators of the region. */
export interface CostRegionRow extends Row {
  readonly _id: string;
  readonly level: RegionLevel;
  readonly regionCode: string;
  readonly parentCode: string;
  readonly day: string;
  readonly deviceType: string;
  readonly faultType: string;
  readonly m: CostMeasures;
  readonly scope: Scope;
}

export const ANALYTICS_COST_INDEXES = {
  [ANALYTICS_COST_COUNTY_COLLECTION]: [
    { name: 'by_day', key: { day: 1 } },
    { name: 'by_day_kind', key: { day: 1, deviceType: 1, faultType: 1 } },
  ],
  [ANALYTICS_COST_REGIONS_COLLECTION]: [
    { name: 'by_region_day', key: { level: 1, regionCode: 1, day: 1 } },
    { name: 'by_parent_day', key: { level: 1, parentCode: 1, day: 1 } },
  ],
} as const;

interface RollupState extends Row {
  readonly position: number;
  readonly collection: string;
  readonly version: number;
}

const chunks = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
};

/** Sums settlement facts into county rows keyed as the facts file themselves (unfiled facts are passed over). */
export const sumSettlements = (facts: readonly AnalyticsSettlementRow[], rows = new Map<string, CostCountyRow>()): Map<string, CostCountyRow> => {
  for (const f of facts) {
    if (f.costRow === null || !f.order || !f.settlement) continue;
    const m = costOfSettlement(f.settlement);
    const current = rows.get(f.costRow);
    const s = f.settlement;
    rows.set(f.costRow, {
      _id: f.costRow,
      day: f.order.day,
      countyCode: f.order.countyCode,
      equipmentUserId: s.equipmentUserId,
      manufacturerId: s.manufacturerId,
      providerId: s.providerId,
      deviceType: f.order.deviceType,
      faultType: f.order.faultType,
      m: current ? addCost(current.m, m) : m,
      scope: {
        tenants: [...new Set([s.equipmentUserId, s.manufacturerId, s.providerId].filter((t): t is string => typeof t === 'string'))],
        regions: regionPathOf(f.order.countyCode),
      },
    });
  }
  return rows;
};

/** The roll-up rows of cost county rows: the county itself and each level above it. */
export const rollUpCosts = (countyRows: Iterable<CostCountyRow>, wanted?: ReadonlySet<string>): Map<string, CostRegionRow> => {
  const rows = new Map<string, CostRegionRow>();
  for (const c of countyRows) {
    for (const level of REGION_LEVELS) {
      const regionCode = regionOfCounty(c.countyCode, level);
      const id = regionRowKey(level, regionCode, c.day, c.deviceType, c.faultType);
      if (wanted && !wanted.has(id)) continue;
      const current = rows.get(id);
      const path = regionPathOf(regionCode);
      rows.set(id, {
        _id: id,
        level,
        regionCode,
        parentCode: path[1] ?? '',
        day: c.day,
        deviceType: c.deviceType,
        faultType: c.faultType,
        m: current ? addCost(current.m, c.m) : c.m,
        scope: { tenants: [], regions: path },
      });
    }
  }
  return rows;
};

/** `k|day|county|user|maker|provider|deviceType|faultType` → its day and kinds. */
const sliceOf = (key: string) => {
  const parts = key.split('|');
  return { day: parts[1]!, county: parts[2]!, deviceType: parts[6]!, faultType: parts[7]! };
};

/** Keeps the cost rows in step with `analytics_settlements`; run it after the projector moved on. */
export class AnalyticsCostRollup {
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly store: ReadModelStore) {}

  /** Brings the rows up to the facts projection's checkpoint; concurrent calls run one after another. */
  refresh(): Promise<void> {
    const next = this.running.then(() => this.refreshOnce());
    this.running = next.catch(() => undefined);
    return next;
  }

  private async refreshOnce(): Promise<void> {
    const checkpoint = await this.store.collection<CheckpointDocument>(CHECKPOINTS).findOne({ _id: analyticsSettlementsProjection.name });
    if (!checkpoint) return;
    const states = this.store.collection<RollupState>(STATE_COLLECTION);
    const state = await states.findOne({ _id: STATE_ID });
    if (!state || state.collection !== checkpoint.collection || state.version !== ROLLUP_VERSION) await this.rebuild(checkpoint.collection);
    else if (checkpoint.position > state.position) await this.catchUp(checkpoint.collection, state.position, checkpoint.position);
    else return;
    await states.bulkWrite([
      {
        replaceOne: {
          filter: { _id: STATE_ID },
          replacement: { _id: STATE_ID, position: checkpoint.position, collection: checkpoint.collection, version: ROLLUP_VERSION },
          upsert: true,
        },
      },
    ]);
  }

  private async ensureIndexes(): Promise<void> {
    for (const [name, indexes] of Object.entries(ANALYTICS_COST_INDEXES)) await this.store.collection(name).ensureIndexes(indexes, { scoped: true });
  }

  private async rebuild(factsCollection: string): Promise<void> {
    for (const name of Object.keys(ANALYTICS_COST_INDEXES)) await this.store.collection(name).drop();
    await this.ensureIndexes();
    const facts = await this.store.collection<AnalyticsSettlementRow>(factsCollection).find({ $and: [visibleRows, { costRow: { $ne: null } }] });
    const county = sumSettlements(facts);
    const regions = rollUpCosts(county.values());
    await this.write(ANALYTICS_COST_COUNTY_COLLECTION, county.keys(), county);
    await this.write(ANALYTICS_COST_REGIONS_COLLECTION, regions.keys(), regions);
  }

  private async catchUp(factsCollection: string, from: number, to: number): Promise<void> {
    const factRows = this.store.collection<AnalyticsSettlementRow>(factsCollection);
    const changed = await factRows.find({ $and: [visibleRows, { [POSITION_FIELD]: { $gt: from, $lte: to } }] });
    const countyKeys = [...new Set(changed.flatMap((f) => f.filedUnder))];
    if (countyKeys.length === 0) return;
    await this.ensureIndexes();
    const county = new Map<string, CostCountyRow>();
    for (const chunk of chunks(countyKeys)) sumSettlements(await factRows.find({ $and: [visibleRows, { costRow: { $in: chunk } }] }), county);
    await this.write(ANALYTICS_COST_COUNTY_COLLECTION, countyKeys, county);

    // Each roll-up is summed from every county row of its day and kinds, not patched.
    const regionKeys = new Set<string>();
    const slices = new Map<string, { day: string; deviceType: string; faultType: string }>();
    for (const key of countyKeys) {
      const s = sliceOf(key);
      for (const level of REGION_LEVELS) regionKeys.add(regionRowKey(level, regionOfCounty(s.county, level), s.day, s.deviceType, s.faultType));
      slices.set(`${s.day}|${s.deviceType}|${s.faultType}`, { day: s.day, deviceType: s.deviceType, faultType: s.faultType });
    }
    const countyRows = this.store.collection<CostCountyRow>(ANALYTICS_COST_COUNTY_COLLECTION);
    const regions = new Map<string, CostRegionRow>();
    for (const filter of slices.values()) for (const [id, r] of rollUpCosts(await countyRows.find(filter), regionKeys)) regions.set(id, r);
    await this.write(ANALYTICS_COST_REGIONS_COLLECTION, regionKeys, regions);
  }

  private async write<R extends Row>(collection: string, ids: Iterable<string>, rows: ReadonlyMap<string, R>): Promise<void> {
    for (const ops of chunks(replaceAll(ids, rows))) await this.store.collection(collection).bulkWrite(ops);
  }
}
