import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { RestClient } from '../core/api/rest-client';
import { idempotent } from '../core/api/idempotency';
import type { Page } from '../shared/table/page';
import { searchParams } from './audit-logic';
import type { AuditEntry, AuditEntryDetail, AuditQuery, AuditSearchPage } from './audit.model';

/** The audit trail: search, one entry with its diff, an entity's history, exports. */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly rest = inject(RestClient);
  private readonly http = inject(HttpClient);

  search(query: AuditQuery): Observable<AuditSearchPage> {
    return this.rest.get('/api/v1/audit/entries', { params: searchParams(query), handledErrorStatuses: [400] });
  }

  entry(id: string): Observable<AuditEntryDetail> {
    return this.rest.get(`/api/v1/audit/entries/${encodeURIComponent(id)}`, { handledErrorStatuses: [404] });
  }

  entity(stream: string, page: number, pageSize: number): Observable<Page<AuditEntry>> {
    return this.rest.get(`/api/v1/audit/entities/${encodeURIComponent(stream)}`, {
      params: { page, pageSize },
      handledErrorStatuses: [404],
    });
  }

  /** The search's entries as a file; the backend records the export itself. */
  export(format: 'xlsx' | 'csv', language: string, query: AuditQuery): Observable<Blob> {
    return this.http.post(
      '/api/v1/audit/exports',
      { ...searchParams(query, false), format, language },
      { headers: idempotent(), responseType: 'blob' },
    );
  }
}
