import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ENGINEER_CAPACITY, type Ratings } from '@kuaige/domain';
import { publicRow, visibleRows, type Filter, type ReadModelStore, type SortSpec } from '@kuaige/projections';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { placeName } from '../../tenancy/division-data';
import { engineerProfileId, type EngineerProfileRow, type ProviderProfileRow } from '../read-models/dispatch.projections';
import { DispatchFacts } from './dispatch-facts';

// ---- Profiles as people read them: the stored profile with what is joined when read --------------

export const PROFILE_COLLECTIONS = ['provider_profiles', 'engineer_profiles'];

const rating = (r: Ratings | undefined) => ({ count: r?.count ?? 0, mean: r && r.count > 0 ? Math.round((r.sum / r.count) * 10) / 10 : null });

export interface ProviderProfileView {
  readonly enterpriseId: string;
  readonly name: string;
  /** False until the provider saved its profile: the fields are then empty defaults for the form. */
  readonly configured: boolean;
  readonly deviceTypes: readonly string[];
  readonly faultTypes: readonly string[];
  readonly serviceRegions: readonly { readonly code: string; readonly name: string }[];
  readonly base: { readonly lat: number; readonly lng: number } | null;
  readonly capacity: number | null;
  readonly openOrders: number;
  readonly certifiedEngineers: number;
  readonly rating: { readonly count: number; readonly mean: number | null };
  readonly updatedAt: string | null;
}

export class GetProviderProfile extends Query<ProviderProfileView> {
  constructor(
    readonly enterpriseId: string,
    readonly enterpriseName: string,
  ) {
    super();
  }
}

@QueryHandler(GetProviderProfile)
export class GetProviderProfileHandler implements IQueryHandler<GetProviderProfile, ProviderProfileView> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly facts: DispatchFacts,
  ) {}
  async execute({ enterpriseId, enterpriseName }: GetProviderProfile): Promise<ProviderProfileView> {
    await this.facts.caughtUp(PROFILE_COLLECTIONS);
    const row = await this.store.collection<ProviderProfileRow>('provider_profiles').findOne({ $and: [{ _id: enterpriseId }, visibleRows] });
    const [open, ratings, certified] = await Promise.all([
      this.facts.openOrders('providerId', [enterpriseId]),
      this.facts.ratings('providerId', [enterpriseId]),
      this.certifiedCount(enterpriseId),
    ]);
    return {
      enterpriseId,
      name: row?.name ?? enterpriseName,
      configured: row !== null,
      deviceTypes: row?.deviceTypes ?? [],
      faultTypes: row?.faultTypes ?? [],
      serviceRegions: (row?.serviceRegions ?? []).map((code) => ({ code, name: code === 'CN' ? '全国' : placeName(code) })),
      base: row?.base ?? null,
      capacity: row?.capacity ?? null,
      openOrders: open.get(enterpriseId) ?? 0,
      certifiedEngineers: certified,
      rating: rating(ratings.get(enterpriseId)),
      updatedAt: row?.updatedAt ?? null,
    };
  }

  private async certifiedCount(enterpriseId: string): Promise<number> {
    const engineers = await this.store.collection('engineer_profiles').find({ $and: [{ enterpriseId }, visibleRows] }, { projection: { userId: 1 } });
    return (await this.facts.certifiedEngineers(engineers.map((e) => String(e['userId'])))).size;
  }
}

export interface EngineerProfileView {
  readonly enterpriseId: string;
  readonly userId: string;
  readonly name: string | null;
  readonly configured: boolean;
  readonly deviceTypes: readonly string[];
  readonly faultTypes: readonly string[];
  readonly fields: readonly string[];
  readonly level: string | null;
  readonly yearsOfExperience: number | null;
  readonly base: { readonly lat: number; readonly lng: number } | null;
  readonly available: boolean;
  /** An approved engineer certification (ID-7, the operators' decision). */
  readonly certified: boolean;
  readonly openOrders: number;
  readonly capacity: number;
  readonly rating: { readonly count: number; readonly mean: number | null };
  readonly updatedAt: string | null;
}

/** Joins names, certifications, workload and ratings onto profile rows (or empty defaults). */
const engineerViews = async (facts: DispatchFacts, rows: readonly (EngineerProfileRow | { enterpriseId: string; userId: string })[]): Promise<EngineerProfileView[]> => {
  const userIds = rows.map((r) => r.userId);
  const [names, certified, open, ratings] = await Promise.all([
    facts.names(userIds),
    facts.certifiedEngineers(userIds),
    facts.openOrders('assigneeId', userIds),
    facts.ratings('assigneeId', userIds),
  ]);
  return rows.map((r) => {
    const p = '_id' in r ? (publicRow(r) as EngineerProfileRow) : null;
    return {
      enterpriseId: r.enterpriseId,
      userId: r.userId,
      name: names.get(r.userId) ?? null,
      configured: p !== null,
      deviceTypes: p?.deviceTypes ?? [],
      faultTypes: p?.faultTypes ?? [],
      fields: p?.fields ?? [],
      level: p?.level ?? null,
      yearsOfExperience: p?.yearsOfExperience ?? null,
      base: p?.base ?? null,
      available: p?.available ?? false,
      certified: certified.has(r.userId),
      openOrders: open.get(r.userId) ?? 0,
      capacity: ENGINEER_CAPACITY,
      rating: rating(ratings.get(r.userId)),
      updatedAt: p?.updatedAt ?? null,
    };
  });
};

export class GetEngineerProfile extends Query<EngineerProfileView> {
  constructor(
    readonly enterpriseId: string,
    readonly userId: string,
  ) {
    super();
  }
}

@QueryHandler(GetEngineerProfile)
export class GetEngineerProfileHandler implements IQueryHandler<GetEngineerProfile, EngineerProfileView> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly facts: DispatchFacts,
  ) {}
  async execute({ enterpriseId, userId }: GetEngineerProfile): Promise<EngineerProfileView> {
    await this.facts.caughtUp(PROFILE_COLLECTIONS);
    const row = await this.store.collection<EngineerProfileRow>('engineer_profiles').findOne({ $and: [{ _id: engineerProfileId(enterpriseId, userId) }, visibleRows] });
    return (await engineerViews(this.facts, [row ?? { enterpriseId, userId }]))[0]!;
  }
}

export interface EngineerSearch {
  readonly skill?: string;
  readonly level?: string;
  readonly region?: string;
  readonly enterpriseId?: string;
  readonly q?: string;
  readonly certified?: boolean;
  readonly available?: boolean;
  readonly sort: 'experience' | 'updated';
  readonly page: number;
  readonly pageSize: number;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Beyond this many name matches or certification candidates a search is narrowed by its other filters only. */
const JOIN_LIMIT = 5_000;

/** A page of engineer profiles the access filter lets through (STAFF-1: skills, level, fields, certifications, workload). */
export class SearchEngineers extends Query<{ items: EngineerProfileView[]; total: number; page: number; pageSize: number }> {
  constructor(
    readonly access: Filter,
    readonly search: EngineerSearch,
  ) {
    super();
  }
}

@QueryHandler(SearchEngineers)
export class SearchEngineersHandler implements IQueryHandler<SearchEngineers> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly facts: DispatchFacts,
  ) {}
  async execute({ access, search }: SearchEngineers) {
    await this.facts.caughtUp(PROFILE_COLLECTIONS);
    const collection = this.store.collection<EngineerProfileRow>('engineer_profiles');
    const own: Filter[] = [visibleRows, access];
    if (search.skill) own.push({ skills: search.skill });
    if (search.level) own.push({ level: search.level });
    if (search.region) own.push({ 'scope.regions': search.region });
    if (search.enterpriseId) own.push({ enterpriseId: search.enterpriseId });
    if (search.available !== undefined) own.push({ available: search.available });
    if (search.q) {
      const pattern = escapeRegex(search.q.trim());
      const named = await this.store
        .collection('accounts')
        .find({ $and: [visibleRows, { displayName: { $regex: pattern, $options: 'i' } }] }, { projection: { _id: 1 }, limit: JOIN_LIMIT });
      own.push({ $or: [{ fields: { $regex: pattern, $options: 'i' } }, { userId: { $in: named.map((a) => a._id) } }] });
    }
    if (search.certified !== undefined) {
      const candidates = await collection.find({ $and: own }, { projection: { userId: 1 }, limit: JOIN_LIMIT });
      const certified = [...(await this.facts.certifiedEngineers(candidates.map((c) => c.userId)))];
      own.push({ userId: search.certified ? { $in: certified } : { $nin: certified } });
    }
    const query = { $and: own };
    const sort: SortSpec = search.sort === 'updated' ? { updatedAt: -1, _id: 1 } : { yearsOfExperience: -1, _id: 1 };
    const [rows, total] = await Promise.all([
      collection.find(query, { sort, skip: (search.page - 1) * search.pageSize, limit: search.pageSize }),
      collection.count(query),
    ]);
    return { items: await engineerViews(this.facts, rows), total, page: search.page, pageSize: search.pageSize };
  }
}

export const PROFILE_QUERY_HANDLERS = [GetProviderProfileHandler, GetEngineerProfileHandler, SearchEngineersHandler];
