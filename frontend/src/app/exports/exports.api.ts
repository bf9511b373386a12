import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { FORM_STATUSES, idempotent } from '../core/api/idempotency';
import { RestClient } from '../core/api/rest-client';

export type ExportFormat = 'xlsx' | 'csv' | 'pdf';
export type ExportStatus = 'running' | 'completed' | 'failed' | 'expired';

export interface ExportItem {
  id: string;
  kind: string;
  format: ExportFormat;
  title: string;
  status: ExportStatus;
  rows: number;
  expectedRows: number | null;
  percent: number | null;
  size: number | null;
  fileName: string | null;
  reason: string | null;
  requestedAt: string;
  completedAt: string | null;
  expiresAt: string | null;
}

export interface ExportPage {
  items: ExportItem[];
  total: number;
  page: number;
  pageSize: number;
}

export const exportEventsUrl = (id: string) => `/api/v1/exports/${id}/events`;

/** The export routes: start one, my list, one's file. */
@Injectable({ providedIn: 'root' })
export class ExportsApi {
  private readonly rest = inject(RestClient);

  start(kind: string, format: ExportFormat, params: Record<string, unknown>, locale: string): Observable<ExportItem> {
    return this.rest.post<ExportItem>('/api/v1/exports', { kind, format, params, locale }, { headers: idempotent(), handledErrorStatuses: FORM_STATUSES });
  }

  list(page: number, pageSize: number): Observable<ExportPage> {
    return this.rest.get<ExportPage>('/api/v1/exports', { params: { page, pageSize } });
  }

  file(id: string): Observable<Blob> {
    return this.rest.getBlob(`/api/v1/exports/${id}/file`);
  }
}
