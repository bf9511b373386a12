import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { FORM_STATUSES, idempotent, queryOf } from '../../core/api/idempotency';
import { RestClient } from '../../core/api/rest-client';
import type { Page } from '../../shared/table/page';
import type { ReportRun, ReportSchedule, ReportTable, ReportView, definitionInput } from './reports.model';

export type ReportInput = ReturnType<typeof definitionInput>;

/** /api/v1/reports: save, share, schedule and run custom reports, always in the caller's own scope. */
@Injectable({ providedIn: 'root' })
export class ReportsApi {
  private readonly rest = inject(RestClient);

  list(q: string, page: number, pageSize: number): Observable<Page<ReportView>> {
    return this.rest.get('/api/v1/reports', { params: queryOf({ q, page, pageSize }) });
  }

  get(id: string): Observable<ReportView> {
    return this.rest.get(`/api/v1/reports/${encodeURIComponent(id)}`, { handledErrorStatuses: [404] });
  }

  preview(definition: ReportInput, lang: string): Observable<ReportTable> {
    return this.rest.post('/api/v1/reports/preview', definition, { params: { lang }, handledErrorStatuses: [400] });
  }

  result(id: string, lang: string): Observable<ReportTable> {
    return this.rest.get(`/api/v1/reports/${encodeURIComponent(id)}/result`, { params: { lang }, handledErrorStatuses: [400, 404] });
  }

  runs(id: string, page = 1, pageSize = 10): Observable<Page<ReportRun>> {
    return this.rest.get(`/api/v1/reports/${encodeURIComponent(id)}/runs`, { params: { page, pageSize } });
  }

  create(definition: ReportInput): Observable<ReportView> {
    return this.rest.post('/api/v1/reports', definition, { headers: idempotent(), handledErrorStatuses: FORM_STATUSES });
  }

  update(id: string, definition: ReportInput): Observable<ReportView> {
    return this.rest.put(`/api/v1/reports/${encodeURIComponent(id)}`, definition, { headers: idempotent(), handledErrorStatuses: FORM_STATUSES });
  }

  remove(id: string): Observable<{ id: string; deleted: true }> {
    return this.rest.delete(`/api/v1/reports/${encodeURIComponent(id)}`, { headers: idempotent() });
  }

  share(id: string, shared: boolean): Observable<ReportView> {
    return this.rest.post(`/api/v1/reports/${encodeURIComponent(id)}/${shared ? 'share' : 'unshare'}`, {}, { headers: idempotent() });
  }

  schedule(id: string, body: { schedule: ReportSchedule; recipients: string[] } | null): Observable<ReportView> {
    return body
      ? this.rest.put(`/api/v1/reports/${encodeURIComponent(id)}/schedule`, body, { headers: idempotent(), handledErrorStatuses: FORM_STATUSES })
      : this.rest.delete(`/api/v1/reports/${encodeURIComponent(id)}/schedule`, { headers: idempotent() });
  }
}
