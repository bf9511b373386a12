import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { visibleRows, publicRow, type Filter, type ReadModelStore, type SortSpec } from '@kuaige/projections';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { inScope, type Actor } from '../../tenancy/api/authorization';
import {
  EXPERT_CHAT_MESSAGES_COLLECTION,
  EXPERT_HELPS_COLLECTION,
  EXPERTS_COLLECTION,
  type ExpertChatMessageRow,
  type ExpertHelpRow,
  type ExpertRow,
} from '../read-models/expert-help.projections';

// ---- Reads of expert help: the directory, a help and its chat, a party's inbox and earnings ----------

/** Display names of the given accounts (only ids the reader already holds are looked up). */
export async function namesOf(store: ReadModelStore, ids: readonly string[]): Promise<Record<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return {};
  const rows = await store.collection('accounts').find({ _id: { $in: unique } });
  return Object.fromEntries(rows.filter((r) => typeof r['displayName'] === 'string').map((r) => [String(r._id), String(r['displayName'])]));
}

export type ExpertHelpView = Omit<ExpertHelpRow, 'scope' | '_id'> & {
  readonly id: string;
  readonly engineerName: string | null;
  readonly expertName: string | null;
};

export const helpViewOf = (row: ExpertHelpRow, names: Record<string, string>): ExpertHelpView => {
  const { _id, scope: _scope, ...rest } = publicRow(row);
  return { id: _id, ...rest, engineerName: names[row.engineerId] ?? null, expertName: names[row.expertId] ?? null };
};

export class GetExpertHelp extends Query<ExpertHelpView> {
  constructor(readonly row: ExpertHelpRow) {
    super();
  }
}

@QueryHandler(GetExpertHelp)
export class GetExpertHelpHandler implements IQueryHandler<GetExpertHelp> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}
  async execute({ row }: GetExpertHelp): Promise<ExpertHelpView> {
    return helpViewOf(row, await namesOf(this.store, [row.engineerId, row.expertId]));
  }
}

export interface ChatMessageView {
  readonly messageId: string;
  readonly seq: number;
  readonly authorId: string;
  readonly text: string | null;
  readonly imageBlobIds: readonly string[];
  readonly postedAt: string;
}

export const MAX_MESSAGES_PAGE = 200;

export class ListExpertChatMessages extends Query<{ items: ChatMessageView[]; readUpTo: ExpertHelpRow['readUpTo']; lastSeq: number; hasMore: boolean }> {
  constructor(
    readonly help: ExpertHelpRow,
    readonly after: number,
    readonly limit: number,
  ) {
    super();
  }
}

@QueryHandler(ListExpertChatMessages)
export class ListExpertChatMessagesHandler implements IQueryHandler<ListExpertChatMessages> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}
  async execute({ help, after, limit }: ListExpertChatMessages) {
    const rows = await this.store
      .collection<ExpertChatMessageRow>(EXPERT_CHAT_MESSAGES_COLLECTION)
      .find({ $and: [{ helpId: help._id }, { seq: { $gt: after } }, visibleRows] }, { sort: { helpId: 1, seq: 1 }, limit: limit + 1 });
    const items = rows.slice(0, limit).map((r) => ({ messageId: String(r['messageId']), seq: r.seq, authorId: r.authorId, text: r.text, imageBlobIds: r.imageBlobIds, postedAt: r.postedAt }));
    return { items, readUpTo: help.readUpTo, lastSeq: help.messageCount, hasMore: rows.length > limit };
  }
}

export interface Paged<T> {
  readonly items: T[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export class ListMyExpertHelps extends Query<Paged<ExpertHelpView>> {
  constructor(
    readonly userId: string,
    readonly role: 'expert' | 'engineer',
    readonly status: string | undefined,
    readonly page: number,
    readonly pageSize: number,
  ) {
    super();
  }
}

@QueryHandler(ListMyExpertHelps)
export class ListMyExpertHelpsHandler implements IQueryHandler<ListMyExpertHelps> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}
  async execute({ userId, role, status, page, pageSize }: ListMyExpertHelps): Promise<Paged<ExpertHelpView>> {
    const key = role === 'expert' ? 'expertId' : 'engineerId';
    const filter: Filter = { $and: [{ [key]: userId }, ...(status ? [{ status }] : []), visibleRows] };
    const helps = this.store.collection<ExpertHelpRow>(EXPERT_HELPS_COLLECTION);
    const [rows, total] = await Promise.all([helps.find(filter, { sort: { [key]: 1, requestedAt: -1 }, skip: (page - 1) * pageSize, limit: pageSize }), helps.count(filter)]);
    const names = await namesOf(this.store, rows.flatMap((r) => [r.engineerId, r.expertId]));
    return { items: rows.map((r) => helpViewOf(r, names)), total, page, pageSize };
  }
}

export interface ExpertEarnings {
  readonly currency: 'CNY';
  readonly totalFen: number;
  readonly closedHelps: number;
  /** Newest month first; months in China time. */
  readonly months: readonly { readonly month: string; readonly feeFen: number; readonly helps: number }[];
  readonly rating: number | null;
  readonly ratingCount: number;
  readonly recentRatings: readonly { readonly helpId: string; readonly score: number; readonly comment: string; readonly at: string; readonly engineerName: string | null }[];
}

/** An expert closes a few helps a day at most: a year of them is read in one go. */
const MAX_EARNING_ROWS = 5_000;

export class GetMyExpertEarnings extends Query<ExpertEarnings> {
  constructor(readonly expertId: string) {
    super();
  }
}

@QueryHandler(GetMyExpertEarnings)
export class GetMyExpertEarningsHandler implements IQueryHandler<GetMyExpertEarnings> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}
  async execute({ expertId }: GetMyExpertEarnings): Promise<ExpertEarnings> {
    const rows = await this.store
      .collection<ExpertHelpRow>(EXPERT_HELPS_COLLECTION)
      .find({ $and: [{ expertId }, { status: 'closed' }, visibleRows] }, { sort: { expertId: 1, requestedAt: -1 }, limit: MAX_EARNING_ROWS });
    const months = new Map<string, { feeFen: number; helps: number }>();
    for (const r of rows) {
      const m = months.get(r.closedMonth ?? '') ?? { feeFen: 0, helps: 0 };
      months.set(r.closedMonth ?? '', { feeFen: m.feeFen + r.feeFen, helps: m.helps + 1 });
    }
    const ratedRows = rows.filter((r) => r.rating !== null).sort((a, b) => b.rating!.at.localeCompare(a.rating!.at));
    const names = await namesOf(this.store, ratedRows.slice(0, 20).map((r) => r.engineerId));
    const me = await this.store.collection<ExpertRow>(EXPERTS_COLLECTION).findOne({ $and: [{ _id: expertId }, visibleRows] });
    return {
      currency: 'CNY',
      totalFen: rows.reduce((sum, r) => sum + r.feeFen, 0),
      closedHelps: rows.length,
      months: [...months.entries()].sort(([a], [b]) => b.localeCompare(a)).map(([month, m]) => ({ month, ...m })),
      rating: me?.rating ?? null,
      ratingCount: me?.ratingCount ?? 0,
      recentRatings: ratedRows.slice(0, 20).map((r) => ({ helpId: r._id, score: r.rating!.score, comment: r.rating!.comment, at: r.rating!.at, engineerName: names[r.engineerId] ?? null })),
    };
  }
}

export interface ExpertView {
  readonly id: string;
  readonly name: string | null;
  readonly fields: readonly string[];
  readonly years: number;
  readonly countyCode: string;
  readonly certifiedSince: string | null;
  readonly tariffFen: number | null;
  readonly available: boolean;
  readonly bio: string;
  readonly openHelps: number;
  readonly closedHelps: number;
  readonly rating: number | null;
  readonly ratingCount: number;
}

const expertViewOf = (r: ExpertRow, names: Record<string, string>): ExpertView => ({
  id: r._id,
  name: names[r._id] ?? null,
  fields: r.fields,
  years: r.years,
  countyCode: r.countyCode,
  certifiedSince: r.certifiedSince,
  tariffFen: r.tariffFen,
  available: r.available && r.tariffFen !== null,
  bio: r.bio,
  openHelps: r.openHelps,
  closedHelps: r.closedHelps,
  rating: r.rating,
  ratingCount: r.ratingCount,
});

export type ExpertSort = 'rating' | 'fee' | 'experience' | 'workload';
const SORTS: Record<ExpertSort, SortSpec> = {
  rating: { ratingRank: -1, ratingCount: -1, _id: 1 },
  fee: { tariffFen: 1, ratingRank: -1, _id: 1 },
  experience: { years: -1, ratingRank: -1, _id: 1 },
  workload: { openHelps: 1, ratingRank: -1, _id: 1 },
};

export interface ExpertSearch {
  readonly field?: string;
  readonly maxFeeFen?: number;
  readonly minRating?: number;
  readonly available?: boolean;
  readonly q?: string;
  readonly sort: ExpertSort;
  readonly page: number;
  readonly pageSize: number;
}

export class SearchExperts extends Query<Paged<ExpertView>> {
  constructor(
    readonly search: ExpertSearch,
    /** Left out of the results: an engineer does not find themself. */
    readonly callerId: string,
  ) {
    super();
  }
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

@QueryHandler(SearchExperts)
export class SearchExpertsHandler implements IQueryHandler<SearchExperts> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}
  async execute({ search, callerId }: SearchExperts): Promise<Paged<ExpertView>> {
    const conditions: Filter[] = [{ certified: true }, { _id: { $ne: callerId } }, visibleRows];
    if (search.field) conditions.push({ fields: search.field });
    if (search.q) conditions.push({ $or: [{ fields: { $regex: escapeRegex(search.q) } }, { bio: { $regex: escapeRegex(search.q) } }] });
    if (search.maxFeeFen !== undefined) conditions.push({ tariffFen: { $ne: null, $lte: search.maxFeeFen } });
    if (search.minRating !== undefined) conditions.push({ ratingRank: { $gte: search.minRating } });
    if (search.available !== undefined) conditions.push(search.available ? { available: true, tariffFen: { $ne: null } } : { $or: [{ available: false }, { tariffFen: null }] });
    const filter: Filter = { $and: conditions };
    const experts = this.store.collection<ExpertRow>(EXPERTS_COLLECTION);
    const [rows, total] = await Promise.all([
      experts.find(filter, { sort: SORTS[search.sort], skip: (search.page - 1) * search.pageSize, limit: search.pageSize }),
      experts.count(filter),
    ]);
    const names = await namesOf(this.store, rows.map((r) => r._id));
    return { items: rows.map((r) => expertViewOf(r, names)), total, page: search.page, pageSize: search.pageSize };
  }
}

export interface MyExpertProfile extends ExpertView {
  readonly certified: boolean;
  readonly configured: boolean;
}

export class GetMyExpertProfile extends Query<MyExpertProfile> {
  constructor(readonly userId: string) {
    super();
  }
}

@QueryHandler(GetMyExpertProfile)
export class GetMyExpertProfileHandler implements IQueryHandler<GetMyExpertProfile> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}
  async execute({ userId }: GetMyExpertProfile): Promise<MyExpertProfile> {
    const row = await this.store.collection<ExpertRow>(EXPERTS_COLLECTION).findOne({ $and: [{ _id: userId }, visibleRows] });
    const names = await namesOf(this.store, [userId]);
    if (!row)
      return { id: userId, name: names[userId] ?? null, fields: [], years: 0, countyCode: '', certifiedSince: null, tariffFen: null, available: false, bio: '', openHelps: 0, closedHelps: 0, rating: null, ratingCount: 0, certified: false, configured: false };
    return { ...expertViewOf(row, names), available: row.available, certified: row.certified, configured: row.tariffFen !== null };
  }
}

/** What the work order's record shows of its expert helps: to every reader of the order. */
export interface WorkOrderExpertHelp {
  readonly id: string;
  readonly expertId: string;
  readonly expertName: string | null;
  readonly engineerId: string;
  readonly engineerName: string | null;
  readonly fieldCode: string;
  readonly status: ExpertHelpRow['status'];
  readonly requestedAt: string;
  readonly closedAt: string | null;
  readonly summary: string | null;
  /** Only the order's provider sees what the help costs it. */
  readonly feeFen: number | null;
}

export class ListWorkOrderExpertHelps extends Query<{ items: WorkOrderExpertHelp[] }> {
  constructor(
    readonly actor: Actor,
    readonly workOrder: { readonly _id: string; readonly providerId: string | null } & Record<string, unknown>,
  ) {
    super();
  }
}

@QueryHandler(ListWorkOrderExpertHelps)
export class ListWorkOrderExpertHelpsHandler implements IQueryHandler<ListWorkOrderExpertHelps> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}
  async execute({ actor, workOrder }: ListWorkOrderExpertHelps) {
    // Whoever may read the order reads what its helps added to its record.
    inScope(actor, 'read', 'WorkOrder', workOrder);
    const rows = await this.store
      .collection<ExpertHelpRow>(EXPERT_HELPS_COLLECTION)
      .find({ $and: [{ workOrderId: workOrder._id }, visibleRows] }, { sort: { workOrderId: 1, requestedAt: -1 }, limit: 100 });
    const names = await namesOf(this.store, rows.flatMap((r) => [r.engineerId, r.expertId]));
    const provider = actor.enterpriseId !== null && actor.enterpriseId === workOrder.providerId;
    return {
      items: rows.map((r) => ({
        id: r._id,
        expertId: r.expertId,
        expertName: names[r.expertId] ?? null,
        engineerId: r.engineerId,
        engineerName: names[r.engineerId] ?? null,
        fieldCode: r.fieldCode,
        status: r.status,
        requestedAt: r.requestedAt,
        closedAt: r.closedAt,
        summary: r.summary,
        feeFen: provider ? r.feeFen : null,
      })),
    };
  }
}

export const EXPERT_HELP_QUERY_HANDLERS = [
  GetExpertHelpHandler,
  ListExpertChatMessagesHandler,
  ListMyExpertHelpsHandler,
  GetMyExpertEarningsHandler,
  SearchExpertsHandler,
  GetMyExpertProfileHandler,
  ListWorkOrderExpertHelpsHandler,
];
