import { Injectable, inject } from '@angular/core';
import { type Observable, map } from 'rxjs';
import { idempotent } from '../api/idempotency';
import { RestClient } from '../api/rest-client';
import type { ContextGrant, ContextKind, MyContexts } from './context.model';

/** The acting-context endpoints of /api/v1/me. */
@Injectable({ providedIn: 'root' })
export class ContextApi {
  private readonly rest = inject(RestClient);

  contexts(): Observable<MyContexts> {
    return this.rest.get('/api/v1/me/contexts', { background: true });
  }

  choose(kind: ContextKind, id: string): Observable<ContextGrant> {
    return this.rest.post('/api/v1/me/context', { kind, id }, { headers: idempotent() });
  }

  /** The permissions of the active context ('subject:action'); tolerant of a bare list. */
  permissions(): Observable<readonly string[]> {
    return this.rest
      .get<{ permissions: readonly string[] } | readonly string[]>('/api/v1/me/permissions', { background: true })
      .pipe(map((answer) => (Array.isArray(answer) ? answer : ((answer as { permissions?: readonly string[] }).permissions ?? []))));
  }
}
