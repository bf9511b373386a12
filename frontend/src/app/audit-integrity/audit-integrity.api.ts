import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { RestClient } from '../core/api/rest-client';
import { idempotent } from '../core/api/idempotency';
import type { Page } from '../shared/table/page';
import type { AuditDigest, IntegrityState, PublicSigningKey, VerificationRun } from './audit-integrity.model';

/** Signed digests, verification runs and the public signing keys (#12). */
@Injectable({ providedIn: 'root' })
export class AuditIntegrityApi {
  private readonly rest = inject(RestClient);

  state(): Observable<IntegrityState> {
    return this.rest.get('/api/v1/audit/verifications');
  }

  digests(page: number, pageSize: number): Observable<Page<AuditDigest>> {
    return this.rest.get('/api/v1/audit/digests', { params: { page, pageSize } });
  }

  /** The self-contained digest file, to keep outside the system. */
  downloadDigest(digestId: string): Observable<Blob> {
    return this.rest.getBlob(`/api/v1/audit/digests/${encodeURIComponent(digestId)}`, { handledErrorStatuses: [404] });
  }

  signDigest(): Observable<AuditDigest> {
    return this.rest.post('/api/v1/audit/digests', {}, { headers: idempotent(), handledErrorStatuses: [409] });
  }

  startVerification(): Observable<VerificationRun> {
    return this.rest.post('/api/v1/audit/verifications', {}, { headers: idempotent() });
  }

  verification(id: string): Observable<VerificationRun> {
    return this.rest.get(`/api/v1/audit/verifications/${encodeURIComponent(id)}`);
  }

  keys(): Observable<{ keys: PublicSigningKey[] }> {
    return this.rest.get('/api/v1/audit/keys');
  }
}
