import { Inject, Optional } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore, RecordedEvent, Upcasters } from '@kuaige/eventsourcing';
import { publicRow, TOTAL_CAP, visibleRows, type Filter, type Projection, type ReadModelCollection, type ReadModelStore, type SortSpec } from '@kuaige/projections';

export { TOTAL_CAP };
import { SECURITY_LOG_CATEGORY } from '@kuaige/domain';
import { EVENT_STORE, UPCASTERS } from '../../../event-sourcing/aggregate-streams';
import { READ_MODEL_STORE } from '../../../event-sourcing/event-sourcing.tokens';
import { PRODUCT_PROJECTIONS } from '../../../event-sourcing/read-side';
import { scopedFilter, type Actor } from '../../../tenancy/api/authorization';
import type { Page } from '../../../tenancy/read-models/tenancy.queries';
import { AUDIT_ENTRIES_COLLECTION, fieldsOf, type AuditEntryFields, type AuditEntryRow, type AuditResult } from './audit-entries.projection';
import { readModelDiff, redactSecrets, type RowDiff } from './read-model-diff';

// ---- The audit trail's queries on the QueryBus: every read joins the actor's filter under $and ---

export const AUDIT_SORTS = ['-position', 'position'] as const;
export type AuditSort = (typeof AUDIT_SORTS)[number];

export interface AuditSearch {
  readonly actor?: string;
  readonly enterpriseId?: string;
  readonly nodeId?: string;
  /** A whole stream id (`WorkOrder-…`), or a category (`WorkOrder`). */
  readonly stream?: string;
  readonly type?: string;
  readonly result?: AuditResult;
  /** ISO 8601 bounds of `at`, inclusive from, exclusive to. */
  readonly from?: string;
  readonly to?: string;
  readonly sort?: AuditSort;
}

/** An entry as the API shows it. */
export type AuditEntryView = AuditEntryFields & { readonly id: string };

export const viewOf = (stored: AuditEntryRow): AuditEntryView => {
  const { _id, scope: _scope, ...rest } = fieldsOf(publicRow(stored) as AuditEntryRow) as AuditEntryFields & { _id: string; scope: unknown };
  return { id: _id, ...rest };
};

/**
 * Totals are counted up to this many matches and no further: at a million entries an exact count costs
 * as much as reading them all. Beyond it `totalCapped` says so, and the pages go on by cursor.
 */

/** A page of entries: by `page` (skip, within TOTAL_CAP) or after a cursor (the last position seen). */
export type AuditPage = Page<AuditEntryView> & { readonly totalCapped: boolean; readonly nextCursor: number | null };

/** `after` bounds the position in the order of the sort: the next page starts past the cursor, no skip. */
export const afterCursor = (filter: Filter, sort: SortSpec, after: number | undefined): Filter =>
  after === undefined ? filter : { $and: [filter, { position: sort['position'] === 1 ? { $gt: after } : { $lt: after } }] };

/** The number of matches, exact up to TOTAL_CAP, else TOTAL_CAP + 1 (a count that stops there). */
const cappedCount = (rows: ReadModelCollection<AuditEntryRow>, filter: Filter): Promise<number> => rows.count(filter, { limit: TOTAL_CAP + 1 });

/** One page and its capped total, as the search API and the bench read them. */
export const readPage = async (
  rows: ReadModelCollection<AuditEntryRow>,
  filter: Filter,
  sort: SortSpec,
  { page, pageSize, after }: { page: number; pageSize: number; after?: number },
): Promise<AuditPage> => {
  const skip = after === undefined ? (page - 1) * pageSize : 0;
  const [found, total] = await Promise.all([rows.find(afterCursor(filter, sort, after), { sort, skip, limit: pageSize + 1 }), cappedCount(rows, filter)]);
  const items = found.slice(0, pageSize);
  return {
    items: items.map(viewOf),
    total: Math.min(total, TOTAL_CAP),
    totalCapped: total > TOTAL_CAP,
    page: after === undefined ? page : 1,
    pageSize,
    nextCursor: found.length > pageSize ? items[items.length - 1]!.position : null,
  };
};

export const filterOf = (q: AuditSearch): Filter => ({
  ...(q.actor ? { actor: q.actor } : {}),
  ...(q.enterpriseId ? { enterpriseId: q.enterpriseId } : {}),
  ...(q.nodeId ? { nodeId: q.nodeId } : {}),
  ...(q.stream ? (q.stream.includes('-') ? { stream: q.stream } : { category: q.stream }) : {}),
  ...(q.type ? { type: q.type } : {}),
  ...(q.result ? { result: q.result } : {}),
  ...(q.from || q.to ? { at: { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lt: q.to } : {}) } } : {}),
});

const sortOf = (sort: AuditSort = '-position'): SortSpec => ({ position: sort === 'position' ? 1 : -1 });

export const scopedEntries = (actor: Actor, filter: Filter): Filter => ({ $and: [visibleRows, scopedFilter(actor, 'read', 'AuditLog', filter)] });

export class SearchAuditEntries extends Query<AuditPage> {
  constructor(
    readonly actor: Actor,
    readonly search: AuditSearch,
    readonly page: number,
    readonly pageSize: number,
    /** The `nextCursor` of the previous page: read on from there instead of skipping. */
    readonly after?: number,
  ) {
    super();
  }
}

/** Up to `limit` entries of the search (for exports), plus whether more matched. */
export class AuditEntriesForExport extends Query<{ items: AuditEntryView[]; total: number }> {
  constructor(
    readonly actor: Actor,
    readonly search: AuditSearch,
    readonly limit: number,
  ) {
    super();
  }
}

export interface AuditEntryDetail {
  readonly entry: AuditEntryView;
  readonly event: {
    readonly eventId: string;
    readonly type: string;
    readonly streamId: string;
    readonly revision: number;
    readonly position: number;
    readonly recordedAt: string;
    readonly hash: string;
    readonly data: unknown;
    readonly metadata: unknown;
  };
  /** What the event changed in the read models of its entity. */
  readonly diff: readonly RowDiff[];
}

export class GetAuditEntry extends Query<AuditEntryDetail | null> {
  constructor(
    readonly actor: Actor,
    readonly entryId: string,
  ) {
    super();
  }
}

/** The entity's whole history, oldest first, as far as the actor may see it. */
export class GetEntityHistory extends Query<Page<AuditEntryView>> {
  constructor(
    readonly actor: Actor,
    readonly stream: string,
    readonly page: number,
    readonly pageSize: number,
  ) {
    super();
  }
}

abstract class AuditReads {
  constructor(@Inject(READ_MODEL_STORE) protected readonly store: ReadModelStore) {}
  protected get rows() {
    return this.store.collection<AuditEntryRow>(AUDIT_ENTRIES_COLLECTION);
  }
  protected async page(filter: Filter, sort: SortSpec, page: number, pageSize: number): Promise<Page<AuditEntryView>> {
    const [rows, total] = await Promise.all([
      this.rows.find(filter, { sort, skip: (page - 1) * pageSize, limit: pageSize }),
      this.rows.count(filter),
    ]);
    return { items: rows.map(viewOf), total, page, pageSize };
  }
}

@QueryHandler(SearchAuditEntries)
export class SearchAuditEntriesHandler extends AuditReads implements IQueryHandler<SearchAuditEntries> {
  execute({ actor, search, page, pageSize, after }: SearchAuditEntries) {
    return readPage(this.rows, scopedEntries(actor, filterOf(search)), sortOf(search.sort), { page, pageSize, ...(after !== undefined ? { after } : {}) });
  }
}

@QueryHandler(AuditEntriesForExport)
export class AuditEntriesForExportHandler extends AuditReads implements IQueryHandler<AuditEntriesForExport> {
  async execute({ actor, search, limit }: AuditEntriesForExport) {
    const filter = scopedEntries(actor, filterOf(search));
    const [rows, total] = await Promise.all([this.rows.find(filter, { sort: sortOf(search.sort), limit }), this.rows.count(filter)]);
    return { items: rows.map(viewOf), total };
  }
}

@QueryHandler(GetEntityHistory)
export class GetEntityHistoryHandler extends AuditReads implements IQueryHandler<GetEntityHistory> {
  execute({ actor, stream, page, pageSize }: GetEntityHistory) {
    return this.page(scopedEntries(actor, { stream }), { position: 1 }, page, pageSize);
  }
}

@QueryHandler(GetAuditEntry)
export class GetAuditEntryHandler extends AuditReads implements IQueryHandler<GetAuditEntry> {
  constructor(
    @Inject(READ_MODEL_STORE) store: ReadModelStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Optional() @Inject(UPCASTERS) private readonly upcasters?: Upcasters,
  ) {
    super(store);
  }

  /** The product's projections (read-side.ts), whose pure handlers rebuild the entity's rows. */
  private projections(): readonly Projection[] {
    return PRODUCT_PROJECTIONS;
  }

  async execute({ actor, entryId }: GetAuditEntry): Promise<AuditEntryDetail | null> {
    const found = await this.rows.findOne(scopedEntries(actor, { _id: entryId }));
    if (!found) return null;
    const upcast = (e: RecordedEvent) => (this.upcasters ? this.upcasters.apply(e) : e);
    // Security streams feed no read model: only the event itself is read.
    const security = found.category === SECURITY_LOG_CATEGORY;
    const read = await this.events.readStream(
      found.stream,
      security ? { fromRevision: found.revision, maxCount: 1 } : { maxCount: found.revision + 1 },
    );
    const events = read.map(upcast);
    const target = events.find((e) => e.eventId === found._id);
    if (!target) return null;
    const earlier = events.filter((e) => e.revision < target.revision);
    const diff = security
      ? []
      : await readModelDiff(
          earlier,
          target,
          this.projections().filter((p) => p.collection !== AUDIT_ENTRIES_COLLECTION),
        );
    return {
      entry: viewOf(found),
      event: {
        eventId: target.eventId,
        type: target.type,
        streamId: target.streamId,
        revision: target.revision,
        position: target.position,
        recordedAt: target.recordedAt,
        hash: target.hash,
        data: redactSecrets(target.data),
        metadata: target.metadata,
      },
      diff,
    };
  }
}

export const AUDIT_QUERY_HANDLERS = [
  SearchAuditEntriesHandler,
  AuditEntriesForExportHandler,
  GetEntityHistoryHandler,
  GetAuditEntryHandler,
];
