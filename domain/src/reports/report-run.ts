import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';

// ---- One scheduled run of a report for one person (stream `ReportRun-<runId>`) ---------------------
// The run id is derived from the report, the due instant and the person, so a due time fired twice
// (a retry, a restarted queue, two workers) lands on the same stream, and a second recording of it
// records nothing: each person gets one snapshot, and one notice, per due time.

export interface ReportTableColumn {
  readonly key: string;
  readonly label: string;
  readonly kind: 'dimension' | 'measure';
  /** The measure of a measure column; its column key when split by a second dimension. */
  readonly measure?: string;
  readonly split?: string;
}
export type ReportTableCell = string | number | null;
export interface ReportTable {
  readonly columns: readonly ReportTableColumn[];
  readonly rows: readonly Readonly<Record<string, ReportTableCell>>[];
  readonly totals: Readonly<Record<string, number | null>>;
}

export type ReportRunRecorded = DomainEvent<
  'ReportRunRecorded',
  { runId: string; reportId: string; reportName: string; dueAt: string; ranAt: string; forUserId: string; table: ReportTable }
>;
export type ReportRunEvent = ReportRunRecorded;

export type RecordReportRun = Command<'RecordReportRun', ReportRunRecorded['data']>;
export type ReportRunCommand = RecordReportRun;

export interface ReportRunState {
  readonly recorded: boolean;
}

export const reportRunStream = (runId: string): string => `ReportRun-${runId}`;

export const reportRun: Decider<ReportRunCommand, ReportRunEvent, ReportRunState> = {
  initialState: () => ({ recorded: false }),
  decide: (command, state) => (state.recorded ? [] : [{ type: 'ReportRunRecorded', data: command.data }]),
  evolve: () => ({ recorded: true }),
};
