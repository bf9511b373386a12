import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { chinaDateOf, type ReportDefinition, type ReportTable } from '@kuaige/domain';
import { publicRow, visibleRows, type Filter, type ReadModelStore } from '@kuaige/projections';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { NotFoundInScope, scopedFilter, type Actor } from '../../tenancy/api/authorization';
import type { ReportLocale } from '../application/report-labels';
import { ReportTables } from '../application/report-tables';
import { reportPartyKey, REPORT_RUNS_COLLECTION, REPORTS_COLLECTION, type ReportRow, type ReportRunRow } from './reports.projections';

// ---- Reading reports: mine and those shared with me, their tables, their runs --------------------------
// CASL's report:read filter keeps a report inside its party; inside it, a private report is its owner's
// (and its party admins', who may change it), a shared one everybody's. Another party's report, or a
// private one of a colleague, answers 404 as if it did not exist. A table is computed for the caller,
// in the caller's scope, whoever saved the report.

/** Admins of the party: enterprise admins and operator admins change any report of it. */
export const isPartyAdmin = (actor: Actor): boolean => actor.roles.includes(actor.enterpriseId !== null ? 'admin' : 'operator-admin');

export const actorPartyKey = (actor: Actor): string =>
  actor.enterpriseId !== null ? reportPartyKey({ kind: 'enterprise', id: actor.enterpriseId }) : reportPartyKey({ kind: 'operator', id: actor.operatorNode?.id ?? '' });

/** The reports the actor sees: its party's, and of those its own, the shared ones, or all when an admin. */
export const visibleReports = (actor: Actor, filter: Filter = {}): Filter => {
  const party = actorPartyKey(actor);
  const mine = isPartyAdmin(actor) ? { partyKey: party } : { $or: [{ partyKey: party, ownerId: actor.userId }, { partyKey: party, visibility: 'shared' }] };
  return scopedFilter(actor, 'read', 'Report', { $and: [visibleRows, mine, filter] });
};

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface ReportView {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly definition: ReportDefinition;
  readonly ownerId: string;
  readonly ownerName: string | null;
  readonly visibility: ReportRow['visibility'];
  readonly schedule: ReportRow['schedule'];
  readonly recipients: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly mine: boolean;
  /** The caller may change it: its owner, or an admin of its party. */
  readonly editable: boolean;
}

export class GetReports extends Query<{ items: ReportView[]; total: number; page: number; pageSize: number }> {
  constructor(readonly actor: Actor, readonly search: { q?: string; page?: number; pageSize?: number }) {
    super();
  }
}
export class GetReport extends Query<ReportView> {
  constructor(readonly actor: Actor, readonly reportId: string) {
    super();
  }
}
export class GetReportResult extends Query<ReportTable> {
  constructor(readonly actor: Actor, readonly reportId: string, readonly locale: ReportLocale) {
    super();
  }
}
export class PreviewReport extends Query<ReportTable> {
  constructor(readonly actor: Actor, readonly definition: ReportDefinition, readonly locale: ReportLocale) {
    super();
  }
}
export class GetReportRuns extends Query<{ items: unknown[]; total: number; page: number; pageSize: number }> {
  constructor(readonly actor: Actor, readonly reportId: string, readonly page: { page?: number; pageSize?: number }) {
    super();
  }
}

/** The report row the actor sees, or 404. */
export const visibleReport = async (store: ReadModelStore, actor: Actor, reportId: string): Promise<ReportRow> => {
  const row = await store.collection<ReportRow>(REPORTS_COLLECTION).findOne(visibleReports(actor, { _id: reportId }));
  if (!row) throw new NotFoundInScope('Report');
  return row;
};

const names = async (store: ReadModelStore, userIds: readonly string[]): Promise<Map<string, string>> => {
  if (userIds.length === 0) return new Map();
  const rows = await store.collection('accounts').find({ $and: [{ _id: { $in: [...new Set(userIds)] } }, visibleRows] });
  return new Map(rows.filter((r) => typeof r['displayName'] === 'string').map((r) => [String(r._id), r['displayName'] as string]));
};

const viewOf = (actor: Actor, r: ReportRow, ownerNames: Map<string, string>): ReportView => {
  const row = publicRow(r);
  return {
    id: row._id,
    name: row.name,
    description: row.definition.description,
    definition: row.definition,
    ownerId: row.ownerId,
    ownerName: ownerNames.get(row.ownerId) ?? null,
    visibility: row.visibility,
    schedule: row.schedule,
    recipients: row.recipients,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    mine: row.ownerId === actor.userId,
    editable: row.ownerId === actor.userId || isPartyAdmin(actor),
  };
};

const paging = (p: { page?: number; pageSize?: number }) => {
  const page = p.page ?? 1;
  const pageSize = p.pageSize ?? 20;
  return { page, pageSize, skip: (page - 1) * pageSize };
};

@QueryHandler(GetReports)
export class GetReportsHandler implements IQueryHandler<GetReports> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}
  async execute({ actor, search }: GetReports) {
    const { page, pageSize, skip } = paging(search);
    const filter = visibleReports(actor, search.q ? { name: { $regex: escapeRegex(search.q), $options: 'i' } } : {});
    const rows = this.store.collection<ReportRow>(REPORTS_COLLECTION);
    const [items, total] = await Promise.all([rows.find(filter, { sort: { updatedAt: -1, _id: 1 }, skip, limit: pageSize }), rows.count(filter)]);
    const owners = await names(this.store, items.map((r) => r.ownerId));
    return { items: items.map((r) => viewOf(actor, r, owners)), total, page, pageSize };
  }
}

@QueryHandler(GetReport)
export class GetReportHandler implements IQueryHandler<GetReport> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}
  async execute({ actor, reportId }: GetReport) {
    const row = await visibleReport(this.store, actor, reportId);
    return viewOf(actor, row, await names(this.store, [row.ownerId]));
  }
}

@QueryHandler(GetReportResult)
export class GetReportResultHandler implements IQueryHandler<GetReportResult> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly tables: ReportTables,
    private readonly clock: Clock,
  ) {}
  async execute({ actor, reportId, locale }: GetReportResult) {
    const row = await visibleReport(this.store, actor, reportId);
    return this.tables.table(actor, row.definition, chinaDateOf(this.clock.now().toISOString()), locale);
  }
}

@QueryHandler(PreviewReport)
export class PreviewReportHandler implements IQueryHandler<PreviewReport> {
  constructor(
    private readonly tables: ReportTables,
    private readonly clock: Clock,
  ) {}
  execute({ actor, definition, locale }: PreviewReport) {
    return this.tables.table(actor, definition, chinaDateOf(this.clock.now().toISOString()), locale);
  }
}

@QueryHandler(GetReportRuns)
export class GetReportRunsHandler implements IQueryHandler<GetReportRuns> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}
  async execute({ actor, reportId, page: p }: GetReportRuns) {
    await visibleReport(this.store, actor, reportId);
    const { page, pageSize, skip } = paging(p);
    // Each person's runs were computed in their own scope: a caller lists only the runs made for them.
    const filter = scopedFilter(actor, 'read', 'Report', { $and: [visibleRows, { reportId, forUserId: actor.userId }] });
    const rows = this.store.collection<ReportRunRow>(REPORT_RUNS_COLLECTION);
    const [items, total] = await Promise.all([rows.find(filter, { sort: { dueAt: -1, _id: 1 }, skip, limit: pageSize }), rows.count(filter)]);
    return {
      items: items.map((r) => {
        const { _id, scope: _scope, ...rest } = publicRow(r);
        return { id: _id, ...rest };
      }),
      total,
      page,
      pageSize,
    };
  }
}

export const REPORT_QUERY_HANDLERS = [GetReportsHandler, GetReportHandler, GetReportResultHandler, PreviewReportHandler, GetReportRunsHandler];
