import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, map, tap } from 'rxjs';
import { GraphqlRequestError, type GraphqlErrorEntry } from './api-error';
import { ErrorNotifier } from './error-notifier';
import { type RequestOptions, requestContext } from './request-context';

interface GraphqlResponse<T> {
  readonly data?: T | null;
  readonly errors?: readonly GraphqlErrorEntry[];
}

/** POSTs GraphQL operations to /graphql; a response with errors fails with GraphqlRequestError. */
@Injectable({ providedIn: 'root' })
export class GraphqlClient {
  private readonly http = inject(HttpClient);
  private readonly notifier = inject(ErrorNotifier);

  request<T>(document: string, variables?: Record<string, unknown>, options: RequestOptions = {}): Observable<T> {
    return this.http.post<GraphqlResponse<T>>('/graphql', { query: document, variables }, { context: requestContext(options), headers: options.headers }).pipe(
      map((response) => {
        // Partial data with errors is treated as a failure: the console never shows half an answer.
        if (response.errors?.length) throw new GraphqlRequestError(response.errors);
        if (response.data == null) throw new GraphqlRequestError([{ message: 'The server returned no data' }]);
        return response.data;
      }),
      tap({
        error: (error: unknown) => {
          // HTTP failures were already reported by the interceptor; GraphQL errors arrive with 200.
          if (error instanceof GraphqlRequestError) this.notifier.notify({ kind: 'graphql', messages: error.errors.map((e) => e.message) });
        },
      }),
    );
  }
}
