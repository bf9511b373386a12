import type { ReportDefinition, ReportEvent, ReportParty, ReportRunEvent, ReportSchedule, ReportTable, ReportVisibility } from '@kuaige/domain';
import { projection, row, type Projection, type Row } from '@kuaige/projections';

// ---- Saved reports and their scheduled runs -----------------------------------------------------------
// A report row is filed under its owner's party alone (the enterprise, or exactly the node's region),
// so CASL's report:read reaches it only inside that party; `partyKey` and `visibility` then say which
// of the party's people see it. A run row is filed the same way and names the one person it was for.

export const REPORTS_COLLECTION = 'reports';
export const REPORT_RUNS_COLLECTION = 'report_runs';

type Scope = { readonly tenants: readonly string[]; readonly regions: readonly string[] };

export interface ReportRow extends Row {
  readonly _id: string;
  readonly name: string;
  readonly definition: ReportDefinition;
  readonly ownerId: string;
  readonly party: ReportParty;
  /** `enterprise:<id>` or `operator:<nodeId>`. */
  readonly partyKey: string;
  readonly visibility: ReportVisibility;
  readonly schedule: ReportSchedule | null;
  readonly recipients: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly scope: Scope;
}

export interface ReportRunRow extends Row {
  readonly _id: string;
  readonly reportId: string;
  readonly reportName: string;
  readonly dueAt: string;
  readonly ranAt: string;
  readonly forUserId: string;
  readonly table: ReportTable;
  readonly scope: Scope;
}

export const reportPartyKey = (party: { kind: 'enterprise' | 'operator'; id: string }): string => `${party.kind}:${party.id}`;

const changed = (patch: (r: ReportRow) => Partial<ReportRow>) => (e: { data: { reportId: string; at: string } }) =>
  row<ReportRow>(e.data.reportId, (r) => r && { ...r, ...patch(r), updatedAt: e.data.at });

export const reportsProjection = projection<ReportEvent, ReportRow>(REPORTS_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_owner', key: { ownerId: 1, updatedAt: -1 } },
    { name: 'by_party', key: { partyKey: 1, visibility: 1, updatedAt: -1 } },
  ],
  on: {
    ReportCreated: (e) =>
      row<ReportRow>(e.data.reportId, () => ({
        _id: e.data.reportId,
        name: e.data.definition.name,
        definition: e.data.definition,
        ownerId: e.data.ownerId,
        party: e.data.party,
        partyKey: reportPartyKey(e.data.party),
        visibility: 'private',
        schedule: null,
        recipients: [],
        createdAt: e.data.at,
        updatedAt: e.data.at,
        scope: { tenants: [...e.metadata.tenantIds], regions: [...e.metadata.jurisdiction] },
      })),
    ReportUpdated: (e) => changed(() => ({ name: e.data.definition.name, definition: e.data.definition }))(e),
    ReportShared: changed(() => ({ visibility: 'shared' })),
    ReportUnshared: changed(() => ({ visibility: 'private' })),
    ReportScheduled: (e) => changed(() => ({ schedule: e.data.schedule, recipients: e.data.recipients }))(e),
    ReportUnscheduled: changed(() => ({ schedule: null, recipients: [] })),
    ReportDeleted: (e) => row<ReportRow>(e.data.reportId, () => null),
  },
});

export const reportRunsProjection = projection<ReportRunEvent, ReportRunRow>(REPORT_RUNS_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [{ name: 'by_report', key: { reportId: 1, forUserId: 1, dueAt: -1 } }],
  on: {
    ReportRunRecorded: (e) =>
      row<ReportRunRow>(e.data.runId, () => ({
        _id: e.data.runId,
        reportId: e.data.reportId,
        reportName: e.data.reportName,
        dueAt: e.data.dueAt,
        ranAt: e.data.ranAt,
        forUserId: e.data.forUserId,
        table: e.data.table,
        scope: { tenants: [...e.metadata.tenantIds], regions: [...e.metadata.jurisdiction] },
      })),
  },
});

export const REPORTS_PROJECTIONS: readonly Projection[] = [reportsProjection, reportRunsProjection];
