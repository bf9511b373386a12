import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  DISPATCH_WEIGHTS,
  isEngineerLevel,
  rankEngineers,
  rankProviders,
  type DeviceType,
  type FaultType,
  type OrderToRank,
  type Priority,
  type RankedCandidate,
  type RankingFactor,
} from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { regionsOf } from '../../tenancy/application/event-scope';
import type { EngineerProfileRow, ProviderProfileRow } from '../read-models/dispatch.projections';
import { DispatchFacts, type WorkOrderListRow } from './dispatch-facts';
import { PROFILE_COLLECTIONS } from './profile.queries';

// ---- Suggestions for one work order: providers for the operator, engineers for the provider ------

export interface SuggestionsView {
  readonly workOrderId: string;
  readonly priority: string;
  /** The weights used for this order's priority (the table in @kuaige/domain). */
  readonly weights: Readonly<Record<RankingFactor, number>>;
  readonly items: readonly RankedCandidate[];
}

/** Providers are searched among those serving the order's area or based in its province. */
const MAX_CANDIDATES = 500;

const orderToRank = async (facts: DispatchFacts, order: WorkOrderListRow): Promise<OrderToRank> => {
  const stream = await facts.orderStream(order._id);
  return {
    deviceType: order.deviceType as DeviceType,
    faultType: order.faultType as FaultType,
    priority: order.priority as Priority,
    jurisdiction: stream.jurisdiction.length > 0 ? stream.jurisdiction : regionsOf(order.countyCode),
    coordinates: stream.coordinates,
    returnedBy: stream.returnedBy,
  };
};

const weightsOf = (priority: string) => DISPATCH_WEIGHTS[priority as Priority] ?? DISPATCH_WEIGHTS.normal;

export class SuggestProviders extends Query<SuggestionsView> {
  constructor(
    readonly order: WorkOrderListRow,
    readonly limit: number,
  ) {
    super();
  }
}

@QueryHandler(SuggestProviders)
export class SuggestProvidersHandler implements IQueryHandler<SuggestProviders, SuggestionsView> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly facts: DispatchFacts,
  ) {}
  async execute({ order, limit }: SuggestProviders): Promise<SuggestionsView> {
    await this.facts.caughtUp(PROFILE_COLLECTIONS);
    const toRank = await orderToRank(this.facts, order);
    const province = toRank.jurisdiction.find((code) => code.length === 2);
    const profiles = await this.store.collection<ProviderProfileRow>('provider_profiles').find(
      {
        $and: [visibleRows, { $or: [{ serviceRegions: { $in: [...toRank.jurisdiction, 'CN'] } }, ...(province ? [{ 'scope.regions': province }] : [])] }],
      },
      { sort: { _id: 1 }, limit: MAX_CANDIDATES },
    );
    const ids = profiles.map((p) => p._id);
    const engineers = await this.store.collection<EngineerProfileRow>('engineer_profiles').find({ $and: [visibleRows, { enterpriseId: { $in: ids } }] }, { projection: { enterpriseId: 1, userId: 1 } });
    const [open, ratings, certified] = await Promise.all([
      this.facts.openOrders('providerId', ids),
      this.facts.ratings('providerId', ids),
      this.facts.certifiedEngineers(engineers.map((e) => e.userId)),
    ]);
    const certifiedBy = new Map<string, number>();
    for (const e of engineers) if (certified.has(e.userId)) certifiedBy.set(e.enterpriseId, (certifiedBy.get(e.enterpriseId) ?? 0) + 1);
    const ranked = rankProviders(
      toRank,
      profiles.map((p) => ({
        id: p._id,
        name: p.name,
        deviceTypes: p.deviceTypes,
        faultTypes: p.faultTypes,
        serviceRegions: p.serviceRegions,
        base: p.base,
        capacity: p.capacity,
        openOrders: open.get(p._id) ?? 0,
        certifiedEngineers: certifiedBy.get(p._id) ?? 0,
        ratings: ratings.get(p._id) ?? { count: 0, sum: 0 },
      })),
    );
    return { workOrderId: order._id, priority: order.priority, weights: weightsOf(order.priority), items: ranked.slice(0, limit) };
  }
}

export class SuggestEngineers extends Query<SuggestionsView> {
  constructor(
    readonly order: WorkOrderListRow,
    readonly providerId: string,
    readonly limit: number,
  ) {
    super();
  }
}

@QueryHandler(SuggestEngineers)
export class SuggestEngineersHandler implements IQueryHandler<SuggestEngineers, SuggestionsView> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly facts: DispatchFacts,
  ) {}
  async execute({ order, providerId, limit }: SuggestEngineers): Promise<SuggestionsView> {
    await this.facts.caughtUp(PROFILE_COLLECTIONS);
    const toRank = await orderToRank(this.facts, order);
    const profiles = await this.store.collection<EngineerProfileRow>('engineer_profiles').find({ $and: [visibleRows, { enterpriseId: providerId }] }, { sort: { _id: 1 }, limit: MAX_CANDIDATES });
    const userIds = profiles.map((p) => p.userId);
    const [names, certified, open, ratings] = await Promise.all([
      this.facts.names(userIds),
      this.facts.certifiedEngineers(userIds),
      this.facts.openOrders('assigneeId', userIds),
      this.facts.ratings('assigneeId', userIds),
    ]);
    const ranked = rankEngineers(
      toRank,
      profiles.map((p) => ({
        id: p.userId,
        name: names.get(p.userId) ?? p.userId,
        deviceTypes: p.deviceTypes,
        faultTypes: p.faultTypes,
        level: isEngineerLevel(p.level) ? p.level : 'junior',
        certified: certified.has(p.userId),
        base: p.base,
        available: p.available,
        openOrders: open.get(p.userId) ?? 0,
        ratings: ratings.get(p.userId) ?? { count: 0, sum: 0 },
      })),
    );
    return { workOrderId: order._id, priority: order.priority, weights: weightsOf(order.priority), items: ranked.slice(0, limit) };
  }
}

export const SUGGESTION_HANDLERS = [SuggestProvidersHandler, SuggestEngineersHandler];
