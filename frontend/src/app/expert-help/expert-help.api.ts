import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { idempotent, queryOf } from '../core/api/idempotency';
import { RestClient } from '../core/api/rest-client';
import type { ChatMessage, Earnings, Expert, ExpertHelp, ExpertQuery, MyExpertProfile, Page, WorkOrderHelp } from './expert-help.model';

const help = (id: string, rest = '') => `/api/v1/expert-help/${encodeURIComponent(id)}${rest}`;

/** REST calls of expert help; every state change carries its own Idempotency-Key. */
@Injectable({ providedIn: 'root' })
export class ExpertHelpApi {
  private readonly rest = inject(RestClient);

  experts(query: ExpertQuery): Observable<Page<Expert>> {
    const { available, ...rest } = query;
    return this.rest.get('/api/v1/experts', { params: queryOf({ ...rest, available: available === undefined ? undefined : String(available) }) });
  }

  ofWorkOrder(workOrderId: string): Observable<{ items: readonly WorkOrderHelp[] }> {
    return this.rest.get(`/api/v1/work-orders/${encodeURIComponent(workOrderId)}/expert-help`);
  }

  ask(workOrderId: string, body: { expertId: string; fieldCode: string; question: string; attachmentBlobIds: string[] }): Observable<ExpertHelp> {
    return this.rest.post(`/api/v1/work-orders/${encodeURIComponent(workOrderId)}/expert-help`, body, { headers: idempotent(), handledErrorStatuses: [400, 403, 409, 422] });
  }

  get(id: string): Observable<ExpertHelp> {
    return this.rest.get(help(id));
  }

  messages(id: string, after = 0): Observable<{ items: readonly ChatMessage[]; readUpTo: ExpertHelp['readUpTo']; lastSeq: number; hasMore: boolean }> {
    return this.rest.get(help(id, '/messages'), { params: { after, limit: 200 } });
  }

  /** `key` is the message's Idempotency-Key: the composer resends a failed message under the same one. */
  post(id: string, body: { text?: string; imageBlobIds?: string[] }, key: string): Observable<ChatMessage> {
    return this.rest.post(help(id, '/messages'), body, { headers: { 'Idempotency-Key': key }, background: true, handledErrorStatuses: [0, 400, 409, 422, 502, 503, 504] });
  }

  read(id: string, upToMessageId: string): Observable<{ readUpTo: ExpertHelp['readUpTo'] }> {
    return this.rest.post(help(id, '/read'), { upToMessageId }, { headers: idempotent(), background: true, handledErrorStatuses: [0, 409, 422, 502, 503, 504] });
  }

  accept(id: string): Observable<ExpertHelp> {
    return this.rest.post(help(id, '/accept'), {}, { headers: idempotent() });
  }

  decline(id: string, reason: string): Observable<ExpertHelp> {
    return this.rest.post(help(id, '/decline'), { reason }, { headers: idempotent() });
  }

  close(id: string, summary: string): Observable<ExpertHelp> {
    return this.rest.post(help(id, '/close'), { summary }, { headers: idempotent() });
  }

  rate(id: string, score: number, comment: string): Observable<ExpertHelp> {
    return this.rest.post(help(id, '/rating'), { score, comment }, { headers: idempotent() });
  }

  mine(role: 'expert' | 'engineer', status: string | null, page: number, pageSize: number): Observable<Page<ExpertHelp>> {
    return this.rest.get('/api/v1/me/expert-help', { params: queryOf({ role, status, page, pageSize }) });
  }

  profile(): Observable<MyExpertProfile> {
    return this.rest.get('/api/v1/me/expert-profile');
  }

  setProfile(body: { tariffFen: number; available: boolean; bio: string }): Observable<MyExpertProfile> {
    return this.rest.put('/api/v1/me/expert-profile', body, { headers: idempotent(), handledErrorStatuses: [400, 409, 422] });
  }

  earnings(): Observable<Earnings> {
    return this.rest.get('/api/v1/me/expert-earnings');
  }

  upload(file: Blob): Observable<{ blobId: string; mediaType: string; size: number }> {
    return this.rest.post('/api/v1/blobs', file, { headers: { ...idempotent(), 'Content-Type': file.type || 'application/octet-stream' }, handledErrorStatuses: [400, 413, 415] });
  }
}
