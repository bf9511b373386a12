import { Inject, Injectable } from '@nestjs/common';
import { BadRequestException } from '@nestjs/common';
import { chinaDateOf, type ReportTable } from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import type { ExportCell, ExportColumn, ExportLocale, ExportSource } from '../../exports/export-source';
import { Clock } from '../../identity/clock';
import { NotFoundInScope, scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { visibleReport } from '../read-models/report.queries';
import { REPORT_RUNS_COLLECTION, type ReportRunRow } from '../read-models/reports.projections';
import { ReportTables } from './report-tables';

// ---- Export kind `custom-report`: a saved report run now, or the snapshot of one of its runs --------
// A report's columns depend on its definition and, split by a second dimension, on the data, which
// only a read in the actor's scope knows: prepare() (awaited by the export job before columns()) or
// count() reads the table once and keeps it for the params object of that export, so the columns
// match the rows written.

export type CustomReportExportParams = { readonly reportId: string; readonly runId?: undefined } | { readonly runId: string; readonly reportId?: undefined };

const ID = /^[A-Za-z0-9_-]{1,64}$/;

const refuse = (field: string, rule: string, message: string): never => {
  throw new BadRequestException({ statusCode: 400, message, errors: [{ field, rule, message }] });
};

interface Resolved {
  readonly title: string;
  readonly table: ReportTable;
  readonly locale: ExportLocale;
}

@Injectable()
export class CustomReportExport implements ExportSource<CustomReportExportParams> {
  readonly kind = 'custom-report';
  readonly permission = 'report:export' as const;
  private readonly resolved = new WeakMap<CustomReportExportParams, Resolved>();

  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly tables: ReportTables,
    private readonly clock: Clock,
  ) {}

  parse(params: unknown): CustomReportExportParams {
    if (typeof params !== 'object' || params === null || Array.isArray(params)) return refuse('params', 'isObject', 'params must be { reportId } or { runId }');
    const { reportId, runId, ...rest } = params as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) refuse(`params.${extra}`, 'whitelistValidation', `params.${extra} is not a parameter of this export`);
    if ((reportId === undefined) === (runId === undefined)) return refuse('params.reportId', 'exactlyOne', 'name either params.reportId or params.runId');
    const [field, value] = reportId !== undefined ? ['params.reportId', reportId] : ['params.runId', runId];
    if (typeof value !== 'string' || !ID.test(value)) refuse(field, 'matches', `${field} must be an id`);
    return reportId !== undefined ? { reportId: reportId as string } : { runId: runId as string };
  }

  title(params: CustomReportExportParams, locale: ExportLocale): string {
    return this.resolved.get(params)?.title ?? (locale === 'zh-CN' ? '自定义报表' : 'Custom report');
  }

  columns(params: CustomReportExportParams): readonly ExportColumn[] {
    const table = this.resolved.get(params)?.table;
    if (!table) return [];
    return table.columns.map((c) => ({ key: c.key, header: c.label, type: c.kind === 'measure' ? ('number' as const) : ('text' as const), width: c.kind === 'measure' ? 14 : 24 }));
  }

  async prepare(params: CustomReportExportParams, actor: Actor, locale: ExportLocale): Promise<void> {
    await this.resolve(params, actor, locale);
  }

  async count(params: CustomReportExportParams, actor: Actor): Promise<number | null> {
    return (await this.resolve(params, actor, 'zh-CN')).table.rows.length;
  }

  async *rows(params: CustomReportExportParams, actor: Actor, locale: ExportLocale): AsyncIterable<Readonly<Record<string, ExportCell>>> {
    const { table } = await this.resolve(params, actor, locale);
    for (const r of table.rows) yield r;
  }

  /** The table in the actor's scope: the report run now, or the snapshot of a run made for the actor. */
  private async resolve(params: CustomReportExportParams, actor: Actor, locale: ExportLocale): Promise<Resolved> {
    const known = this.resolved.get(params);
    if (known && known.locale === locale) return known;
    let resolved: Resolved;
    if (params.reportId !== undefined) {
      const report = await visibleReport(this.store, actor, params.reportId);
      resolved = { title: report.name, table: await this.tables.table(actor, report.definition, chinaDateOf(this.clock.now().toISOString()), locale), locale };
    } else {
      const run = await this.store
        .collection<ReportRunRow>(REPORT_RUNS_COLLECTION)
        .findOne(scopedFilter(actor, 'read', 'Report', { $and: [visibleRows, { _id: params.runId, forUserId: actor.userId }] }));
      if (!run) throw new NotFoundInScope('Report', 'params.runId');
      resolved = { title: `${run.reportName} ${chinaDateOf(run.dueAt)}`, table: run.table, locale };
    }
    this.resolved.set(params, resolved);
    return resolved;
  }
}
