import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { RestClient } from '../core/api/rest-client';
import { FORM_STATUSES, idempotent } from '../core/api/idempotency';

export type CommentVisibility = 'internal' | 'shared';

export interface WorkOrderComment {
  readonly id: string;
  readonly authorId: string;
  readonly authorName: string | null;
  readonly party: { readonly kind: 'enterprise' | 'operator'; readonly id: string };
  readonly text: string;
  readonly mentions: readonly string[];
  readonly mentionNames: readonly (string | null)[];
  readonly blobIds: readonly string[];
  readonly visibility: CommentVisibility;
  readonly at: string;
  readonly mine: boolean;
}

export interface CommentThread {
  readonly items: readonly WorkOrderComment[];
  readonly mentionable: readonly { readonly userId: string; readonly name: string | null; readonly party: string }[];
}

export interface NewComment {
  readonly text: string;
  readonly visibility: CommentVisibility;
  readonly mentions: readonly string[];
  readonly photos: readonly { blobId: string; mediaType: string; size: number }[];
}

const id = encodeURIComponent;

@Injectable({ providedIn: 'root' })
export class CommentsApi {
  private readonly rest = inject(RestClient);

  thread(workOrderId: string): Observable<CommentThread> {
    return this.rest.get(`/api/v1/work-orders/${id(workOrderId)}/comments`, { handledErrorStatuses: [403, 404] });
  }

  post(workOrderId: string, comment: NewComment): Observable<CommentThread> {
    return this.rest.post(`/api/v1/work-orders/${id(workOrderId)}/comments`, comment, { headers: idempotent(), handledErrorStatuses: [...FORM_STATUSES, 403, 404] });
  }
}
