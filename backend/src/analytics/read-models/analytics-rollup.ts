import {
  REGION_LEVELS,
  addMeasures,
  measuresOfOrder,
  regionOfCounty,
  regionPathOf,
  regionRowKey,
  type AnalyticsMeasures,
  type RegionLevel,
} from '@kuaige/domain';
import { CHECKPOINTS, POSITION_FIELD, visibleRows, type CheckpointDocument, type Filter, type ReadModelStore, type Row, type WriteOperation } from '@kuaige/projections';
import { analyticsOrdersProjection, type AnalyticsOrderRow } from './analytics-facts.projection';

// ---- The analytics rows: re-summed from the order facts, rolled up from the county rows ----------
// After the facts projection moved on, the rows the changed orders are (or were) filed under are
// summed again from the facts, and the roll-ups of those county rows again from the county rows. A
// re-sum replaces a row by what the facts say, so running it twice, or after a crash half-way, leaves
// the same rows: the state document moves only after the rows are written.

export const ANALYTICS_COUNTY_COLLECTION = 'analytics_county';
export const ANALYTICS_REGIONS_COLLECTION = 'analytics_regions';
export const ANALYTICS_ENGINEERS_COLLECTION = 'analytics_engineers';
const STATE_COLLECTION = '_analytics_rollup';
const STATE_ID = 'rollup';
/** Raise it when the rows' shape or meaning changes: every row is then summed again. */
const ROLLUP_VERSION = 1;
const CHUNK = 500;

type Scope = { readonly tenants: readonly string[]; readonly regions: readonly string[] };

/** day × county × requester × owner × manufacturer × provider × device type × fault type. */
export interface AnalyticsCountyRow extends Row {
  readonly _id: string;
  readonly day: string;
  readonly countyCode: string;
  readonly requesterId: string;
  readonly ownerId: string | null;
  readonly manufacturerId: string | null;
  readonly providerId: string | null;
  readonly deviceType: string;
  readonly faultType: string;
  readonly m: AnalyticsMeasures;
  readonly scope: Scope;
}

/** level × region × day × device type × fault type, over every enterprise: for operators of the region. */
export interface AnalyticsRegionRow extends Row {
  readonly _id: string;
  readonly level: RegionLevel;
  readonly regionCode: string;
  /** The region one level up ('' for the nation). */
  readonly parentCode: string;
  readonly day: string;
  readonly deviceType: string;
  readonly faultType: string;
  readonly m: AnalyticsMeasures;
  readonly scope: Scope;
}

/** day × county × provider × engineer × device type: an engineer's workload and quality. */
export interface AnalyticsEngineerRow extends Row {
  readonly _id: string;
  readonly day: string;
  readonly countyCode: string;
  readonly providerId: string | null;
  /** The engineer; named like the work-order rows' field, which personal permissions match on. */
  readonly assigneeId: string;
  readonly deviceType: string;
  readonly m: AnalyticsMeasures;
  readonly scope: Scope;
}

export const ANALYTICS_INDEXES = {
  [ANALYTICS_COUNTY_COLLECTION]: [
    { name: 'by_day', key: { day: 1 } },
    { name: 'by_day_kind', key: { day: 1, deviceType: 1, faultType: 1 } },
  ],
  [ANALYTICS_REGIONS_COLLECTION]: [
    { name: 'by_region_day', key: { level: 1, regionCode: 1, day: 1 } },
    { name: 'by_parent_day', key: { level: 1, parentCode: 1, day: 1 } },
  ],
  [ANALYTICS_ENGINEERS_COLLECTION]: [
    { name: 'by_day', key: { day: 1 } },
    { name: 'by_engineer_day', key: { assigneeId: 1, day: 1 } },
  ],
} as const;

interface RollupState extends Row {
  readonly position: number;
  readonly collection: string;
  readonly version: number;
}

const uniq = (values: readonly (string | null)[]): string[] => [...new Set(values.filter((v): v is string => typeof v === 'string'))];

const chunks = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
};

export const countyRowOf = (id: string, f: AnalyticsOrderRow, m: AnalyticsMeasures): AnalyticsCountyRow => ({
  _id: id,
  day: f.day,
  countyCode: f.countyCode,
  requesterId: f.requesterId,
  ownerId: f.ownerId,
  manufacturerId: f.manufacturerId,
  providerId: f.providerId,
  deviceType: f.deviceType,
  faultType: f.faultType,
  m,
  scope: { tenants: uniq([f.requesterId, f.ownerId, f.manufacturerId, f.providerId]), regions: regionPathOf(f.countyCode) },
});

export const engineerRowOf = (id: string, f: AnalyticsOrderRow, m: AnalyticsMeasures): AnalyticsEngineerRow => ({
  _id: id,
  day: f.day,
  countyCode: f.countyCode,
  providerId: f.providerId,
  assigneeId: f.engineerId ?? '',
  deviceType: f.deviceType,
  m,
  scope: { tenants: uniq([f.providerId]), regions: regionPathOf(f.countyCode) },
});

/** Sums the facts into rows of one kind (added to `rows`, when given), keyed as the facts file themselves. */
export const sumFacts = <R extends Row>(
  facts: readonly AnalyticsOrderRow[],
  keyOf: (f: AnalyticsOrderRow) => string | null,
  rowOf: (id: string, f: AnalyticsOrderRow, m: AnalyticsMeasures) => R,
  rows = new Map<string, R>(),
): Map<string, R> => {
  for (const f of facts) {
    const key = keyOf(f);
    if (key === null) continue;
    const current = rows.get(key);
    const m = measuresOfOrder(f);
    rows.set(key, rowOf(key, f, current ? addMeasures(current['m'] as AnalyticsMeasures, m) : m));
  }
  return rows;
};

/** The roll-up rows of county rows: one per level above a county and at the county itself. */
export const rollUp = (countyRows: Iterable<AnalyticsCountyRow>, wanted?: ReadonlySet<string>): Map<string, AnalyticsRegionRow> => {
  const rows = new Map<string, AnalyticsRegionRow>();
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
        m: current ? addMeasures(current.m, c.m) : c.m,
        scope: { tenants: [], regions: path },
      });
    }
  }
  return rows;
};

/** The roll-up keys a county row key (`c|day|county|…|deviceType|faultType`) contributes to. */
const regionKeysOfCountyKey = (key: string): string[] => {
  const parts = key.split('|');
  const [day, county, deviceType, faultType] = [parts[1]!, parts[2]!, parts[7]!, parts[8]!];
  return REGION_LEVELS.map((level) => regionRowKey(level, regionOfCounty(county, level), day, deviceType, faultType));
};

/** Replaces the rows with these ids by what was summed; ids summed to nothing are removed. */
const replaceAll = <R extends Row>(ids: Iterable<string>, rows: ReadonlyMap<string, R>): WriteOperation<Row>[] =>
  [...ids].map((id) => {
    const next = rows.get(id);
    return next ? { replaceOne: { filter: { _id: id }, replacement: next, upsert: true } } : { deleteOne: { filter: { _id: id } } };
  });

/** Keeps the analytics rows in step with `analytics_orders`; run it after the projector moved on. */
export class AnalyticsRollup {
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly store: ReadModelStore) {}

  /** Brings the rows up to the facts projection's checkpoint; concurrent calls run one after another. */
  refresh(): Promise<void> {
    const next = this.running.then(() => this.refreshOnce());
    this.running = next.catch(() => undefined);
    return next;
  }

  private async refreshOnce(): Promise<void> {
    const checkpoint = await this.store.collection<CheckpointDocument>(CHECKPOINTS).findOne({ _id: analyticsOrdersProjection.name });
    if (!checkpoint) return;
    const states = this.store.collection<RollupState>(STATE_COLLECTION);
    const state = await states.findOne({ _id: STATE_ID });
    const facts = this.store.collection<AnalyticsOrderRow>(checkpoint.collection);
    if (!state || state.collection !== checkpoint.collection || state.version !== ROLLUP_VERSION) {
      await this.rebuild(facts.name);
    } else if (checkpoint.position > state.position) {
      await this.catchUp(facts.name, state.position, checkpoint.position);
    } else {
      return;
    }
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
    for (const [name, indexes] of Object.entries(ANALYTICS_INDEXES)) await this.store.collection(name).ensureIndexes(indexes, { scoped: true });
  }

  /** Every row summed again from every fact (first run, a rebuilt facts projection, a new version). */
  private async rebuild(factsCollection: string): Promise<void> {
    for (const name of Object.keys(ANALYTICS_INDEXES)) await this.store.collection(name).drop();
    await this.ensureIndexes();
    const facts = await this.store.collection<AnalyticsOrderRow>(factsCollection).find(visibleRows);
    const county = sumFacts(facts, (f) => f.countyRow, countyRowOf);
    const engineers = sumFacts(facts, (f) => f.engineerRow, engineerRowOf);
    const regions = rollUp(county.values());
    await this.write(ANALYTICS_COUNTY_COLLECTION, county.keys(), county);
    await this.write(ANALYTICS_ENGINEERS_COLLECTION, engineers.keys(), engineers);
    await this.write(ANALYTICS_REGIONS_COLLECTION, regions.keys(), regions);
  }

  /** The rows of orders whose facts changed after `from` (up to `to`) summed again. */
  private async catchUp(factsCollection: string, from: number, to: number): Promise<void> {
    const factRows = this.store.collection<AnalyticsOrderRow>(factsCollection);
    const changed = await factRows.find({ $and: [visibleRows, { [POSITION_FIELD]: { $gt: from, $lte: to } }] });
    if (changed.length === 0) return;
    await this.ensureIndexes();
    const keys = new Set(changed.flatMap((f) => f.filedUnder));
    const countyKeys = [...keys].filter((k) => k.startsWith('c|'));
    const engineerKeys = [...keys].filter((k) => k.startsWith('e|'));

    const county = new Map<string, AnalyticsCountyRow>();
    for (const chunk of chunks(countyKeys)) {
      const summed = sumFacts(await factRows.find({ $and: [visibleRows, { countyRow: { $in: chunk } }] }), (f) => f.countyRow, countyRowOf);
      for (const [id, r] of summed) county.set(id, r);
    }
    const engineers = new Map<string, AnalyticsEngineerRow>();
    for (const chunk of chunks(engineerKeys)) {
      const summed = sumFacts(await factRows.find({ $and: [visibleRows, { engineerRow: { $in: chunk } }] }), (f) => f.engineerRow, engineerRowOf);
      for (const [id, r] of summed) engineers.set(id, r);
    }
    await this.write(ANALYTICS_COUNTY_COLLECTION, countyKeys, county);
    await this.write(ANALYTICS_ENGINEERS_COLLECTION, engineerKeys, engineers);

    // Each roll-up is summed from every county row of its day and kinds, not patched.
    const regionKeys = new Set(countyKeys.flatMap(regionKeysOfCountyKey));
    const slices = new Map<string, Filter>();
    for (const key of countyKeys) {
      const parts = key.split('|');
      slices.set(`${parts[1]}|${parts[7]}|${parts[8]}`, { day: parts[1], deviceType: parts[7], faultType: parts[8] });
    }
    const countyRows = this.store.collection<AnalyticsCountyRow>(ANALYTICS_COUNTY_COLLECTION);
    const regions = new Map<string, AnalyticsRegionRow>();
    for (const filter of slices.values()) {
      for (const [id, r] of rollUp(await countyRows.find(filter), regionKeys)) regions.set(id, r);
    }
    await this.write(ANALYTICS_REGIONS_COLLECTION, regionKeys, regions);
  }

  private async write<R extends Row>(collection: string, ids: Iterable<string>, rows: ReadonlyMap<string, R>): Promise<void> {
    for (const ops of chunks(replaceAll(ids, rows))) await this.store.collection(collection).bulkWrite(ops);
  }
}
