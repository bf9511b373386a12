import { IllegalTransition, type Command, type Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import type { ActingContext } from '../identity/session';

// ---- An export (stream `Export-<exportId>`): a file written by a job, kept for a set time ----------
// The request records what to export and for whom; the job records coarse progress checkpoints (the
// log is not a progress bar: a checkpoint only when the export moved on by a step), then the file it
// wrote, or why it could not. A retried or restarted job writes the same file again, so completing
// twice with the same bytes records nothing; once the file's time is up it is deleted and the export
// says expired.

export const EXPORT_FORMATS = ['xlsx', 'csv', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_LOCALES = ['zh-CN', 'en'] as const;
export type ExportLanguage = (typeof EXPORT_LOCALES)[number];

/** A checkpoint is recorded when the export moved on by this many percent … */
export const EXPORT_PROGRESS_PERCENT_STEP = 5;
/** … or, when the total is unknown, by this many rows. */
export const EXPORT_PROGRESS_ROWS_STEP = 10_000;

export interface ExportRequester {
  readonly userId: string;
  /** The acting context the export was asked in; the job reads the rows as the requester does there. */
  readonly context: ActingContext | null;
}

export type ExportRequested = DomainEvent<
  'ExportRequested',
  { exportId: string; kind: string; format: ExportFormat; params: unknown; locale: ExportLanguage; title: string; requester: ExportRequester; expectedRows: number | null; at: string }
>;
export type ExportProgressed = DomainEvent<'ExportProgressed', { exportId: string; rows: number; of: number | null; percent: number | null; at: string }>;
export type ExportCompleted = DomainEvent<
  'ExportCompleted',
  { exportId: string; rows: number; size: number; sha256: string; fileName: string; mediaType: string; at: string; expiresAt: string }
>;
export type ExportFailed = DomainEvent<'ExportFailed', { exportId: string; reason: string; at: string }>;
export type ExportExpired = DomainEvent<'ExportExpired', { exportId: string; at: string }>;
export type ExportEvent = ExportRequested | ExportProgressed | ExportCompleted | ExportFailed | ExportExpired;

export type RequestExport = Command<'RequestExport', ExportRequested['data']>;
export type RecordExportProgress = Command<'RecordExportProgress', ExportProgressed['data']>;
export type CompleteExport = Command<'CompleteExport', ExportCompleted['data']>;
export type FailExport = Command<'FailExport', ExportFailed['data']>;
export type ExpireExport = Command<'ExpireExport', ExportExpired['data']>;
export type ExportCommand = RequestExport | RecordExportProgress | CompleteExport | FailExport | ExpireExport;

// ---- State --------------------------------------------------------------------------------------------

export type ExportStatus = 'absent' | 'running' | 'completed' | 'failed' | 'expired';

export type ExportState =
  | { readonly status: 'absent' }
  | { readonly status: 'running'; readonly request: ExportRequested['data']; readonly rows: number; readonly percent: number | null }
  | { readonly status: 'completed'; readonly request: ExportRequested['data']; readonly file: ExportCompleted['data'] }
  | { readonly status: 'failed'; readonly request: ExportRequested['data']; readonly reason: string }
  | { readonly status: 'expired'; readonly request: ExportRequested['data']; readonly file: ExportCompleted['data'] };

// ---- Logic --------------------------------------------------------------------------------------------

/** Whether a progress report moved far enough past the last checkpoint to be recorded. */
const checkpointDue = (state: { rows: number; percent: number | null }, next: RecordExportProgress['data']): boolean => {
  if (next.percent !== null) return next.percent >= (state.percent ?? 0) + EXPORT_PROGRESS_PERCENT_STEP && next.percent < 100;
  return next.rows >= state.rows + EXPORT_PROGRESS_ROWS_STEP;
};

export const exportDecider: Decider<ExportCommand, ExportEvent, ExportState> = {
  initialState: () => ({ status: 'absent' }),
  decide: (command, state) => {
    switch (command.type) {
      case 'RequestExport':
        // The same request again (a retried POST under its key) finds its export and adds nothing.
        return state.status === 'absent' ? [{ type: 'ExportRequested', data: command.data }] : [];
      case 'RecordExportProgress':
        if (state.status === 'absent') throw new IllegalTransition(state.status, command.type);
        // A job still reporting after the end (a retry racing its predecessor) changes nothing.
        if (state.status !== 'running') return [];
        return checkpointDue(state, command.data) ? [{ type: 'ExportProgressed', data: command.data }] : [];
      case 'CompleteExport':
        if (state.status === 'running') return [{ type: 'ExportCompleted', data: command.data }];
        if (state.status === 'completed' && state.file.sha256 === command.data.sha256) return [];
        throw new IllegalTransition(state.status, command.type);
      case 'FailExport':
        if (state.status === 'absent') throw new IllegalTransition(state.status, command.type);
        return state.status === 'running' ? [{ type: 'ExportFailed', data: command.data }] : [];
      case 'ExpireExport':
        if (state.status === 'completed') return [{ type: 'ExportExpired', data: command.data }];
        if (state.status === 'expired') return [];
        throw new IllegalTransition(state.status, command.type);
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'ExportRequested':
        return { status: 'running', request: event.data, rows: 0, percent: event.data.expectedRows === null ? null : 0 };
      case 'ExportProgressed':
        return state.status === 'running' ? { ...state, rows: event.data.rows, percent: event.data.percent } : state;
      case 'ExportCompleted':
        return state.status === 'absent' ? state : { status: 'completed', request: state.request, file: event.data };
      case 'ExportFailed':
        return state.status === 'absent' ? state : { status: 'failed', request: state.request, reason: event.data.reason };
      case 'ExportExpired':
        return state.status === 'completed' ? { status: 'expired', request: state.request, file: state.file } : state;
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },
};

export const exportStream = (exportId: string): string => `Export-${exportId}`;
