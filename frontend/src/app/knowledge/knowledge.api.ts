import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { RestClient } from '../core/api/rest-client';
import { FORM_STATUSES, idempotent, queryOf } from '../core/api/idempotency';
import type { Page } from '../shared/table/page';
import type { KnowledgeContent, KnowledgeDraft, KnowledgeEntry, KnowledgeListItem, KnowledgeQuery, KnowledgeSuggestion } from './knowledge.model';

const id = encodeURIComponent;

/** The knowledge base: search, entries and their review (WO-13). */
@Injectable({ providedIn: 'root' })
export class KnowledgeApi {
  private readonly rest = inject(RestClient);

  search(query: Partial<KnowledgeQuery>): Observable<Page<KnowledgeListItem>> {
    return this.rest.get('/api/v1/knowledge/entries', { params: queryOf({ ...query }) });
  }

  entry(entryId: string): Observable<KnowledgeEntry> {
    return this.rest.get(`/api/v1/knowledge/entries/${id(entryId)}`, { handledErrorStatuses: [403, 404] });
  }

  draft(content: KnowledgeContent & { workOrderId?: string }): Observable<KnowledgeEntry> {
    return this.rest.post('/api/v1/knowledge/entries', content, { headers: idempotent(), handledErrorStatuses: [...FORM_STATUSES, 403, 404] });
  }

  revise(entryId: string, content: KnowledgeContent): Observable<KnowledgeEntry> {
    return this.rest.put(`/api/v1/knowledge/entries/${id(entryId)}`, content, { headers: idempotent(), handledErrorStatuses: [...FORM_STATUSES, 403, 404] });
  }

  step(entryId: string, step: 'propose' | 'approve' | 'reject' | 'publish' | 'retire', body: object = {}): Observable<KnowledgeEntry> {
    return this.rest.post(`/api/v1/knowledge/entries/${id(entryId)}/${step}`, body, { headers: idempotent(), handledErrorStatuses: [...FORM_STATUSES, 403, 404] });
  }

  suggestions(workOrderId: string): Observable<{ items: KnowledgeSuggestion[] }> {
    return this.rest.get(`/api/v1/work-orders/${id(workOrderId)}/knowledge-suggestions`, { handledErrorStatuses: [403, 404] });
  }

  draftFromWorkOrder(workOrderId: string): Observable<KnowledgeDraft> {
    return this.rest.get(`/api/v1/work-orders/${id(workOrderId)}/knowledge-draft`, { handledErrorStatuses: [403, 404] });
  }
}
