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
export const ANALYTICS_TENANTS_COLLECTION = 'analytics_tenants';
export const ANALYTICS_PARTIES_COLLECTION = 'analytics_parties';
const STATE_COLLECTION = '_analytics_rollup';
const STATE_ID = 'rollup';
/** Raise it when the rows' shape or meaning changes: every row is then summed again. */
const ROLLUP_VERSION = 3;
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

/**
 * Which kind a roll-up row keeps: `t` neither (the totals), `d` the device type, `f` the fault
 * type. A dashboard reads the smallest cut that answers it. A county has only `t`, and no cut keeps
 * both kinds: those questions read the county rows, whose index leads with day, device and fault
 * type (a county's rows by kind are few per day, and so are a day's rows of one device and fault type).
 */
export type RegionCut = 't' | 'd' | 'f';
/** A row of one day, or of a whole month (read only by `$in` over months, never by a range of days). */
export type Grain = 'day' | 'month';
const grainOf = (period: string): Grain => (period.length === 7 ? 'month' : 'day');

/**
 * level × region × period × (device type) × (fault type), over every enterprise: for operators of
 * the region. The period is a China day (YYYY-MM-DD) or a whole month (YYYY-MM); a kind the cut
 * drops is ''.
 */
export interface AnalyticsRegionRow extends Row {
  readonly _id: string;
  readonly level: RegionLevel;
  readonly regionCode: string;
  /** The region one level up ('' for the nation). */
  readonly parentCode: string;
  readonly cut: RegionCut;
  readonly grain: Grain;
  /** A day, or a month (YYYY-MM) for the month rows. */
  readonly day: string;
  readonly deviceType: string;
  readonly faultType: string;
  readonly m: AnalyticsMeasures;
  readonly scope: Scope;
}

/**
 * enterprise × county × month (YYYY-MM), every kind summed: an enterprise's own totals over whole
 * months (the days at both ends of a range come from the county rows).
 */
export interface AnalyticsTenantRow extends Row {
  readonly _id: string;
  readonly tenantId: string;
  readonly countyCode: string;
  /** YYYY-MM. */
  readonly day: string;
  readonly m: AnalyticsMeasures;
  readonly scope: Scope;
}

/** The parties a work order names, as the breakdowns by party group them. */
export const PARTY_ROLES = ['requester', 'provider', 'manufacturer'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];
/**
 * The levels whose party rows are kept. Below a province a region's county rows are few enough to
 * group by party as they are read; a province's or the nation's are not (tens of thousands a month).
 */
export const PARTY_LEVELS = ['province', 'nation'] as const satisfies readonly RegionLevel[];
export type PartyLevel = (typeof PARTY_LEVELS)[number];
export const isPartyLevel = (level: RegionLevel): level is PartyLevel => (PARTY_LEVELS as readonly RegionLevel[]).includes(level);

/**
 * role × party × level × region × period, every kind summed: a province's or the nation's
 * breakdowns by requester, provider or manufacturer (the operations board's provider ranking). The
 * party is '-' where the order names none (not yet dispatched, no manufacturer), as the breakdowns say.
 */
export interface AnalyticsPartyRow extends Row {
  readonly _id: string;
  readonly role: PartyRole;
  readonly partyId: string;
  readonly level: PartyLevel;
  readonly regionCode: string;
  readonly grain: Grain;
  /** A day, or a month (YYYY-MM) for the month rows. */
  readonly day: string;
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
    { name: 'by_region_cut_day', key: { level: 1, regionCode: 1, cut: 1, grain: 1, day: 1 } },
    { name: 'by_parent_cut_day', key: { level: 1, parentCode: 1, cut: 1, grain: 1, day: 1 } },
  ],
  [ANALYTICS_TENANTS_COLLECTION]: [{ name: 'by_tenant_month', key: { tenantId: 1, day: 1 } }],
  [ANALYTICS_PARTIES_COLLECTION]: [
    { name: 'by_region_role_day', key: { level: 1, regionCode: 1, role: 1, grain: 1, day: 1 } },
    // The catch-up re-sums one party's month from its day rows.
    { name: 'by_party_day', key: { partyId: 1, role: 1, level: 1, regionCode: 1, grain: 1, day: 1 } },
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

const CUTS: readonly RegionCut[] = ['t', 'd', 'f'];
const cutsAt = (level: RegionLevel): readonly RegionCut[] => (level === 'county' ? ['t'] : CUTS);
const keepsDevice = (cut: RegionCut): boolean => cut === 'd';
const keepsFault = (cut: RegionCut): boolean => cut === 'f';
const cutOf = (deviceType: string, faultType: string): RegionCut => (deviceType ? 'd' : faultType ? 'f' : 't');

/** The month (YYYY-MM) of a day. */
export const monthOfDay = (day: string): string => day.slice(0, 7);

/** The days of a month (YYYY-MM), in order. */
export const daysOfMonth = (month: string): string[] => {
  const days: string[] = [];
  for (let t = Date.parse(`${month}-01T00:00:00Z`); new Date(t).toISOString().startsWith(month); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
};

const addInto = <R extends { readonly m: AnalyticsMeasures }>(rows: Map<string, R>, id: string, m: AnalyticsMeasures, make: (m: AnalyticsMeasures) => R): void => {
  const current = rows.get(id);
  rows.set(id, make(current ? addMeasures(current.m, m) : m));
};

/** A row a source adds its measures to: its id, and how to make it from the summed measures. */
interface Target<R> {
  readonly id: string;
  readonly make: (m: AnalyticsMeasures) => R;
}

/** Each source's measures summed into the rows it targets (only the `wanted` ones, when given). */
const sumInto = <S extends { readonly m: AnalyticsMeasures }, R extends { readonly m: AnalyticsMeasures }>(
  sources: Iterable<S>,
  targetsOf: (source: S) => readonly Target<R>[],
  wanted?: ReadonlySet<string>,
): Map<string, R> => {
  const rows = new Map<string, R>();
  for (const source of sources) {
    for (const { id, make } of targetsOf(source)) if (!wanted || wanted.has(id)) addInto(rows, id, source.m, make);
  }
  return rows;
};

const regionRow = (level: RegionLevel, regionCode: string, cut: RegionCut, day: string, deviceType: string, faultType: string) => {
  const path = regionPathOf(regionCode);
  const id = regionRowKey(level, regionCode, day, keepsDevice(cut) ? deviceType : '', keepsFault(cut) ? faultType : '');
  return {
    id,
    make: (m: AnalyticsMeasures): AnalyticsRegionRow => ({
      _id: id,
      level,
      regionCode,
      parentCode: path[1] ?? '',
      cut,
      grain: grainOf(day),
      day,
      deviceType: keepsDevice(cut) ? deviceType : '',
      faultType: keepsFault(cut) ? faultType : '',
      m,
      scope: { tenants: [], regions: path },
    }),
  };
};

/** The roll-up day rows of county rows: every level above a county and the county itself, each cut. */
export const rollUp = (countyRows: Iterable<AnalyticsCountyRow>, wanted?: ReadonlySet<string>): Map<string, AnalyticsRegionRow> =>
  sumInto(countyRows, (c) => REGION_LEVELS.flatMap((level) => cutsAt(level).map((cut) => regionRow(level, regionOfCounty(c.countyCode, level), cut, c.day, c.deviceType, c.faultType))), wanted);

/** The month rows of roll-up day rows: each region, cut and kinds summed over the days of a month. */
export const rollUpMonths = (dayRows: Iterable<AnalyticsRegionRow>, wanted?: ReadonlySet<string>): Map<string, AnalyticsRegionRow> =>
  sumInto(dayRows, (r) => (r.grain === 'day' ? [regionRow(r.level, r.regionCode, r.cut, monthOfDay(r.day), r.deviceType, r.faultType)] : []), wanted);

const tenantRowKey = (tenantId: string, countyCode: string, month: string): string => ['n', tenantId, countyCode, month].join('|');

/** Each enterprise's month rows per county: every county row it is a party to (requester, owner, manufacturer, provider). */
export const rollUpTenants = (countyRows: Iterable<AnalyticsCountyRow>, wanted?: ReadonlySet<string>): Map<string, AnalyticsTenantRow> =>
  sumInto(
    countyRows,
    (c) =>
      c.scope.tenants.map((tenantId) => {
        const month = monthOfDay(c.day);
        const id = tenantRowKey(tenantId, c.countyCode, month);
        return { id, make: (m: AnalyticsMeasures): AnalyticsTenantRow => ({ _id: id, tenantId, countyCode: c.countyCode, day: month, m, scope: { tenants: [tenantId], regions: c.scope.regions } }) };
      }),
    wanted,
  );

/** The party of a role a county row names ('-' for none). */
const partyOf = (c: Pick<AnalyticsCountyRow, 'requesterId' | 'providerId' | 'manufacturerId'>, role: PartyRole): string =>
  (role === 'requester' ? c.requesterId : role === 'provider' ? c.providerId : c.manufacturerId) ?? '-';

const partyRow = (role: PartyRole, partyId: string, level: PartyLevel, regionCode: string, day: string) => {
  const id = ['p', role, partyId, level, regionCode, day].join('|');
  return {
    id,
    make: (m: AnalyticsMeasures): AnalyticsPartyRow => ({ _id: id, role, partyId, level, regionCode, grain: grainOf(day), day, m, scope: { tenants: [], regions: regionPathOf(regionCode) } }),
  };
};

/** The party day rows of county rows: each role's party in the county's province and in the nation. */
export const rollUpParties = (countyRows: Iterable<AnalyticsCountyRow>, wanted?: ReadonlySet<string>): Map<string, AnalyticsPartyRow> =>
  sumInto(countyRows, (c) => PARTY_ROLES.flatMap((role) => PARTY_LEVELS.map((level) => partyRow(role, partyOf(c, role), level, regionOfCounty(c.countyCode, level), c.day))), wanted);

/** The month rows of party day rows: each party, role and region summed over the days of a month. */
export const rollUpPartyMonths = (dayRows: Iterable<AnalyticsPartyRow>, wanted?: ReadonlySet<string>): Map<string, AnalyticsPartyRow> =>
  sumInto(dayRows, (r) => (r.grain === 'day' ? [partyRow(r.role, r.partyId, r.level, r.regionCode, monthOfDay(r.day))] : []), wanted);

interface CountyKey {
  readonly day: string;
  readonly county: string;
  readonly requesterId: string;
  readonly manufacturerId: string;
  readonly providerId: string;
  readonly tenants: readonly string[];
  readonly deviceType: string;
  readonly faultType: string;
}

/** A county row key (`c|day|county|requester|owner|manufacturer|provider|deviceType|faultType`) read back ('-' for none). */
const parseCountyKey = (key: string): CountyKey => {
  const parts = key.split('|');
  return {
    day: parts[1]!,
    county: parts[2]!,
    requesterId: parts[3]!,
    manufacturerId: parts[5]!,
    providerId: parts[6]!,
    tenants: uniq(parts.slice(3, 7).filter((p) => p !== '-')),
    deviceType: parts[7]!,
    faultType: parts[8]!,
  };
};

/** The party day row keys a county row contributes to. */
const partyKeysOf = (k: CountyKey): string[] =>
  PARTY_ROLES.flatMap((role) => PARTY_LEVELS.map((level) => partyRow(role, partyOf(k, role), level, regionOfCounty(k.county, level), k.day).id));

/** The roll-up day row keys a county row contributes to. */
const regionKeysOf = (k: CountyKey): string[] =>
  REGION_LEVELS.flatMap((level) => cutsAt(level).map((cut) => regionRow(level, regionOfCounty(k.county, level), cut, k.day, k.deviceType, k.faultType).id));

/** Replaces the rows with these ids by what was summed; ids summed to nothing are removed. */
export const replaceAll = <R extends Row>(ids: Iterable<string>, rows: ReadonlyMap<string, R>): WriteOperation<Row>[] =>
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
    const regionMonths = rollUpMonths(regions.values());
    const tenants = rollUpTenants(county.values());
    const parties = rollUpParties(county.values());
    const partyMonths = rollUpPartyMonths(parties.values());
    await this.write(ANALYTICS_COUNTY_COLLECTION, county.keys(), county);
    await this.write(ANALYTICS_ENGINEERS_COLLECTION, engineers.keys(), engineers);
    await this.write(ANALYTICS_REGIONS_COLLECTION, regions.keys(), regions);
    await this.write(ANALYTICS_REGIONS_COLLECTION, regionMonths.keys(), regionMonths);
    await this.write(ANALYTICS_TENANTS_COLLECTION, tenants.keys(), tenants);
    await this.write(ANALYTICS_PARTIES_COLLECTION, parties.keys(), parties);
    await this.write(ANALYTICS_PARTIES_COLLECTION, partyMonths.keys(), partyMonths);
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

    // Each roll-up day row is summed from every county row of its day, not patched; then each month
    // row from the day rows of its month. The keys come from the county keys, so a row summed to
    // nothing is removed.
    const parsed = countyKeys.map(parseCountyKey);
    const regionKeys = new Set(parsed.flatMap(regionKeysOf));
    const tenantKeys = new Set(parsed.flatMap((k) => k.tenants.map((t) => tenantRowKey(t, k.county, monthOfDay(k.day)))));
    const countyRows = this.store.collection<AnalyticsCountyRow>(ANALYTICS_COUNTY_COLLECTION);
    const partyKeys = new Set(parsed.flatMap(partyKeysOf));
    const regions = new Map<string, AnalyticsRegionRow>();
    const parties = new Map<string, AnalyticsPartyRow>();
    for (const day of new Set(parsed.map((k) => k.day))) {
      const ofDay = await countyRows.find({ day });
      for (const [id, r] of rollUp(ofDay, regionKeys)) regions.set(id, r);
      for (const [id, r] of rollUpParties(ofDay, partyKeys)) parties.set(id, r);
    }
    await this.write(ANALYTICS_REGIONS_COLLECTION, regionKeys, regions);
    await this.write(ANALYTICS_PARTIES_COLLECTION, partyKeys, parties);

    const regionRows = this.store.collection<AnalyticsRegionRow>(ANALYTICS_REGIONS_COLLECTION);
    const monthKeys = new Set<string>();
    const monthSlices = new Map<string, Filter>();
    for (const id of regionKeys) {
      const [, level, regionCode, day, deviceType, faultType] = id.split('|') as [string, RegionLevel, string, string, string, string];
      const month = monthOfDay(day);
      const monthKey = regionRowKey(level, regionCode, month, deviceType, faultType);
      monthKeys.add(monthKey);
      monthSlices.set(monthKey, { level, regionCode, cut: cutOf(deviceType, faultType), grain: 'day', day: { $in: daysOfMonth(month) }, deviceType, faultType });
    }
    const months = new Map<string, AnalyticsRegionRow>();
    for (const filter of monthSlices.values()) for (const [id, r] of rollUpMonths(await regionRows.find(filter), monthKeys)) months.set(id, r);
    await this.write(ANALYTICS_REGIONS_COLLECTION, monthKeys, months);

    const partyRows = this.store.collection<AnalyticsPartyRow>(ANALYTICS_PARTIES_COLLECTION);
    const partyMonthKeys = new Set<string>();
    const partySlices = new Map<string, Filter>();
    for (const id of partyKeys) {
      const [, role, partyId, level, regionCode, day] = id.split('|') as [string, PartyRole, string, PartyLevel, string, string];
      const month = monthOfDay(day);
      const monthKey = partyRow(role, partyId, level, regionCode, month).id;
      partyMonthKeys.add(monthKey);
      partySlices.set(monthKey, { partyId, role, level, regionCode, grain: 'day', day: { $in: daysOfMonth(month) } });
    }
    const partyMonths = new Map<string, AnalyticsPartyRow>();
    for (const filter of partySlices.values()) for (const [id, r] of rollUpPartyMonths(await partyRows.find(filter), partyMonthKeys)) partyMonths.set(id, r);
    await this.write(ANALYTICS_PARTIES_COLLECTION, partyMonthKeys, partyMonths);

    // An enterprise's month row is summed from its county rows of that month (its share of them).
    const tenants = new Map<string, AnalyticsTenantRow>();
    const tenantSlices = new Map<string, { tenantId: string; filter: Filter }>();
    for (const id of tenantKeys) {
      const [, tenantId, , month] = id.split('|') as [string, string, string, string];
      tenantSlices.set(`${tenantId}|${month}`, { tenantId, filter: { 'scope.tenants': tenantId, day: { $in: daysOfMonth(month) } } });
    }
    // A slice holds whole sums only for its own enterprise: the other parties of its rows are summed by their own slices.
    for (const { tenantId, filter } of tenantSlices.values()) {
      for (const [id, r] of rollUpTenants(await countyRows.find(filter), tenantKeys)) if (r.tenantId === tenantId) tenants.set(id, r);
    }
    await this.write(ANALYTICS_TENANTS_COLLECTION, tenantKeys, tenants);
  }

  private async write<R extends Row>(collection: string, ids: Iterable<string>, rows: ReadonlyMap<string, R>): Promise<void> {
    for (const ops of chunks(replaceAll(ids, rows))) await this.store.collection(collection).bulkWrite(ops);
  }
}
