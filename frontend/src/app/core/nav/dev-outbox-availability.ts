import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { RestClient } from '../api/rest-client';

/**
 * Whether this backend keeps a development SMS outbox (it answers 404 in production, and 401 to a
 * request without the admin token where it exists). Asked once at start-up; the navigation lists the
 * outbox page only when it exists.
 */
@Injectable({ providedIn: 'root' })
export class DevOutboxAvailability {
  private readonly rest = inject(RestClient);
  private readonly state = signal(false);
  readonly available = this.state.asReadonly();

  check(): void {
    // Quiet whatever happens: a missing outbox is the normal production answer, not a problem.
    this.rest
      .get('/api/v1/dev/sms-outbox', { anonymous: true, background: true, handledErrorStatuses: [0, 401, 403, 404, 429, 500, 502, 503] })
      .subscribe({
        next: () => this.state.set(true),
        error: (error: unknown) => {
          if (error instanceof HttpErrorResponse) this.state.set(error.status === 401 || error.status === 403);
        },
      });
  }
}
