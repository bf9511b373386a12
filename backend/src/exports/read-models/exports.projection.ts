import type { ExportEvent, ExportFormat, ExportLanguage } from '@kuaige/domain';
import { projection, row, type Projection, type Row } from '@kuaige/projections';

// ---- Exports: one row per export, read by its requester only -------------------------------------

export const EXPORTS_COLLECTION = 'exports';

export interface ExportRow extends Row {
  readonly _id: string;
  readonly requesterId: string;
  readonly kind: string;
  readonly format: ExportFormat;
  readonly locale: ExportLanguage;
  readonly title: string;
  readonly status: 'running' | 'completed' | 'failed' | 'expired';
  readonly rows: number;
  readonly expectedRows: number | null;
  readonly percent: number | null;
  readonly size: number | null;
  readonly sha256: string | null;
  readonly fileName: string | null;
  readonly mediaType: string | null;
  readonly reason: string | null;
  readonly requestedAt: string;
  readonly completedAt: string | null;
  readonly expiresAt: string | null;
  readonly expiredAt: string | null;
}

export const exportsProjection = projection<ExportEvent, ExportRow>(EXPORTS_COLLECTION, {
  version: 1,
  indexes: [
    { name: 'by_requester', key: { requesterId: 1, requestedAt: -1 } },
    { name: 'by_expiry', key: { status: 1, expiresAt: 1 } },
  ],
  on: {
    ExportRequested: (e) =>
      row<ExportRow>(e.data.exportId, (current) =>
        current ?? {
          _id: e.data.exportId,
          requesterId: e.data.requester.userId,
          kind: e.data.kind,
          format: e.data.format,
          locale: e.data.locale,
          title: e.data.title,
          status: 'running',
          rows: 0,
          expectedRows: e.data.expectedRows,
          percent: e.data.expectedRows === null ? null : 0,
          size: null,
          sha256: null,
          fileName: null,
          mediaType: null,
          reason: null,
          requestedAt: e.data.at,
          completedAt: null,
          expiresAt: null,
          expiredAt: null,
        },
      ),
    ExportProgressed: (e) => row<ExportRow>(e.data.exportId, (current) => current && { ...current, rows: e.data.rows, percent: e.data.percent }),
    ExportCompleted: (e) =>
      row<ExportRow>(
        e.data.exportId,
        (current) =>
          current && {
            ...current,
            status: 'completed',
            rows: e.data.rows,
            percent: 100,
            size: e.data.size,
            sha256: e.data.sha256,
            fileName: e.data.fileName,
            mediaType: e.data.mediaType,
            completedAt: e.data.at,
            expiresAt: e.data.expiresAt,
          },
      ),
    ExportFailed: (e) => row<ExportRow>(e.data.exportId, (current) => current && { ...current, status: 'failed', reason: e.data.reason }),
    ExportExpired: (e) => row<ExportRow>(e.data.exportId, (current) => current && { ...current, status: 'expired', expiredAt: e.data.at }),
  },
});

export const EXPORTS_PROJECTIONS: readonly Projection[] = [exportsProjection];

/** An export as the API shows it. */
export const exportView = (r: ExportRow) => ({
  id: r._id,
  kind: r.kind,
  format: r.format,
  locale: r.locale,
  title: r.title,
  status: r.status,
  rows: r.rows,
  expectedRows: r.expectedRows,
  percent: r.percent,
  size: r.size,
  sha256: r.sha256,
  fileName: r.fileName,
  reason: r.reason,
  requestedAt: r.requestedAt,
  completedAt: r.completedAt,
  expiresAt: r.expiresAt,
});
export type ExportView = ReturnType<typeof exportView>;
