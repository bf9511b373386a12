import { Injectable, inject } from '@angular/core';
import { type Observable, map } from 'rxjs';
import { FORM_STATUSES, idempotent, queryOf } from '../core/api/idempotency';
import { RestClient } from '../core/api/rest-client';
import type { Page } from '../shared/table/page';
import type {
  CertificationApplication,
  Division,
  Enterprise,
  EnterpriseQuery,
  EnterpriseRegistration,
  EnterpriseSummary,
  OperatorNode,
  OperatorNodeChange,
  OperatorNodeDraft,
  MyQualifications,
  RealNameApplication,
  StaffRole,
  StoredBlob,
  TreeItem,
  Verification,
  VerificationQuery,
  VerificationSummary,
} from './tenancy.model';

/** The tenancy endpoints: operator tree and nodes, enterprises, verification reviews. */
@Injectable({ providedIn: 'root' })
export class TenancyApi {
  private readonly rest = inject(RestClient);

  divisions(parent: string | null): Observable<readonly Division[]> {
    return this.rest
      .get<{ items: readonly Division[] }>('/api/v1/divisions', { params: queryOf({ parent }) })
      .pipe(map((answer) => answer.items));
  }

  treeRoot(): Observable<TreeItem> {
    return this.rest.get<{ root: TreeItem }>('/api/v1/operator-tree').pipe(map((answer) => answer.root));
  }

  treeChildren(parent: string): Observable<readonly TreeItem[]> {
    return this.rest
      .get<{ items: readonly TreeItem[] }>('/api/v1/operator-tree', { params: { parent } })
      .pipe(map((answer) => answer.items));
  }

  operatorNode(id: string): Observable<OperatorNode> {
    return this.rest.get(`/api/v1/operator-nodes/${encodeURIComponent(id)}`);
  }

  createOperatorNode(draft: OperatorNodeDraft): Observable<{ id: string }> {
    return this.rest.post('/api/v1/operator-nodes', draft, { headers: idempotent(), handledErrorStatuses: FORM_STATUSES });
  }

  updateOperatorNode(id: string, change: OperatorNodeChange): Observable<OperatorNode> {
    return this.rest.patch(`/api/v1/operator-nodes/${encodeURIComponent(id)}`, change, {
      headers: idempotent(),
      handledErrorStatuses: FORM_STATUSES,
    });
  }

  suspendOperatorNode(id: string, reason: string): Observable<unknown> {
    return this.rest.post(`/api/v1/operator-nodes/${encodeURIComponent(id)}/suspend`, { reason }, { headers: idempotent() });
  }

  reactivateOperatorNode(id: string): Observable<unknown> {
    return this.rest.post(`/api/v1/operator-nodes/${encodeURIComponent(id)}/reactivate`, {}, { headers: idempotent() });
  }

  appointStaff(id: string, phone: string, roles: readonly StaffRole[]): Observable<unknown> {
    return this.rest.post(
      `/api/v1/operator-nodes/${encodeURIComponent(id)}/staff`,
      { phone, roles },
      {
        headers: idempotent(),
        handledErrorStatuses: FORM_STATUSES,
      },
    );
  }

  /** Uploads a file as the raw request body, typed by the file's own media type. */
  uploadBlob(file: Blob): Observable<StoredBlob> {
    return this.rest.post('/api/v1/blobs', file, {
      headers: { ...idempotent(), 'Content-Type': file.type || 'application/octet-stream' },
      handledErrorStatuses: [400, 413, 415],
    });
  }

  blob(blobId: string): Observable<Blob> {
    // The preview says itself that a document cannot be shown.
    return this.rest.getBlob(`/api/v1/blobs/${encodeURIComponent(blobId)}`, { handledErrorStatuses: [403, 404] });
  }

  registerEnterprise(registration: EnterpriseRegistration): Observable<{ id: string }> {
    return this.rest.post('/api/v1/enterprises', registration, { headers: idempotent(), handledErrorStatuses: FORM_STATUSES });
  }

  enterprises(query: EnterpriseQuery): Observable<Page<EnterpriseSummary>> {
    return this.rest.get('/api/v1/enterprises', { params: queryOf({ ...query }) });
  }

  enterprise(id: string): Observable<Enterprise> {
    return this.rest.get(`/api/v1/enterprises/${encodeURIComponent(id)}`);
  }

  approveEnterprise(id: string, opinion: string): Observable<unknown> {
    return this.rest.post(`/api/v1/enterprises/${encodeURIComponent(id)}/approve`, opinion ? { opinion } : {}, {
      headers: idempotent(),
      handledErrorStatuses: FORM_STATUSES,
    });
  }

  rejectEnterprise(id: string, opinion: string): Observable<unknown> {
    return this.rest.post(
      `/api/v1/enterprises/${encodeURIComponent(id)}/reject`,
      { opinion },
      {
        headers: idempotent(),
        handledErrorStatuses: FORM_STATUSES,
      },
    );
  }

  directory(q: string): Observable<readonly Pick<EnterpriseSummary, 'id' | 'name' | 'type'>[]> {
    return this.rest
      .get<{ items: readonly Pick<EnterpriseSummary, 'id' | 'name' | 'type'>[] }>('/api/v1/enterprises/directory', {
        params: queryOf({ q }),
      })
      .pipe(map((answer) => answer.items));
  }

  requestToJoin(enterpriseId: string): Observable<unknown> {
    return this.rest.post(
      `/api/v1/enterprises/${encodeURIComponent(enterpriseId)}/join-requests`,
      {},
      {
        headers: idempotent(),
        handledErrorStatuses: [409],
      },
    );
  }

  verificationReviews(query: VerificationQuery): Observable<Page<VerificationSummary>> {
    return this.rest.get('/api/v1/verification-reviews', { params: queryOf({ ...query }) });
  }

  verificationReview(id: string): Observable<Verification> {
    return this.rest.get(`/api/v1/verification-reviews/${encodeURIComponent(id)}`);
  }

  approveVerification(id: string, opinion: string): Observable<unknown> {
    return this.rest.post(`/api/v1/verification-reviews/${encodeURIComponent(id)}/approve`, opinion ? { opinion } : {}, {
      headers: idempotent(),
      handledErrorStatuses: FORM_STATUSES,
    });
  }

  rejectVerification(id: string, opinion: string): Observable<unknown> {
    return this.rest.post(
      `/api/v1/verification-reviews/${encodeURIComponent(id)}/reject`,
      { opinion },
      {
        headers: idempotent(),
        handledErrorStatuses: FORM_STATUSES,
      },
    );
  }

  myQualifications(): Observable<MyQualifications> {
    return this.rest.get('/api/v1/me/qualifications');
  }

  applyForRealName(application: RealNameApplication): Observable<unknown> {
    return this.rest.post('/api/v1/me/real-name', application, { headers: idempotent(), handledErrorStatuses: FORM_STATUSES });
  }

  applyForCertification(application: CertificationApplication): Observable<unknown> {
    return this.rest.post('/api/v1/me/certifications', application, { headers: idempotent(), handledErrorStatuses: FORM_STATUSES });
  }
}
