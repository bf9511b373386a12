import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, catchError, forkJoin, map, of } from 'rxjs';
import { GraphqlClient } from '../core/api/graphql-client';
import { RestClient } from '../core/api/rest-client';
import { OperatorToken } from './operator-token';
import type { PlatformFacts, Readiness } from './platform-status.model';

const PLATFORM_QUERY = `
  query PlatformStatus {
    platform { name detailed version node role environment startedAt uptimeSeconds adapters { name kind up critical detail } }
  }
`;

interface ReadyBody {
  readonly status?: string;
  readonly waitingFor?: readonly string[];
}

const toReadiness = (body: ReadyBody | null | undefined, ok: boolean): Readiness => ({
  ready: ok && (body?.waitingFor?.length ?? 0) === 0,
  waitingFor: body?.waitingFor ?? [],
});

/** Asks the backend how it is: platform facts over GraphQL, readiness from REST /ready. */
@Injectable({ providedIn: 'root' })
export class PlatformStatusApi {
  private readonly graphql = inject(GraphqlClient);
  private readonly rest = inject(RestClient);
  private readonly operator = inject(OperatorToken);

  /** The platform facts; readiness is null when only /ready failed. `background` hides the progress bar. */
  load(background: boolean): Observable<{ platform: PlatformFacts; readiness: Readiness | null }> {
    return forkJoin({
      platform: this.graphql
        .request<{ platform: PlatformFacts }>(PLATFORM_QUERY, undefined, { background, headers: this.operator.headers() })
        .pipe(map((data) => data.platform)),
      readiness: this.readiness(background),
    });
  }

  private readiness(background: boolean): Observable<Readiness | null> {
    // 503 is /ready's normal answer while start-up work runs: it is data, not an error to announce.
    return this.rest.get<ReadyBody>('/ready', { background, handledErrorStatuses: [503], headers: this.operator.headers() }).pipe(
      map((body) => toReadiness(body, true)),
      catchError((error: unknown) =>
        of(error instanceof HttpErrorResponse && error.status === 503 ? toReadiness(error.error as ReadyBody | null, false) : null),
      ),
    );
  }
}
