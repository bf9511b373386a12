import { HttpClient, type HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { type RequestOptions, requestContext } from './request-context';

type QueryValue = string | number | boolean;

export interface RestOptions extends RequestOptions {
  readonly params?: HttpParams | Record<string, QueryValue | readonly QueryValue[]>;
  /** Extra headers, e.g. the operations token of an anonymous call (the session's bearer is added by the interceptor). */
  readonly headers?: Record<string, string>;
}

/** Typed REST calls to the backend (same origin; the dev server proxies). Failures arrive as HttpErrorResponse. */
@Injectable({ providedIn: 'root' })
export class RestClient {
  private readonly http = inject(HttpClient);

  get<T>(path: string, options: RestOptions = {}): Observable<T> {
    return this.http.get<T>(path, { params: options.params, headers: options.headers, context: requestContext(options) });
  }

  post<T>(path: string, body: unknown, options: RestOptions = {}): Observable<T> {
    return this.http.post<T>(path, body, { params: options.params, headers: options.headers, context: requestContext(options) });
  }

  patch<T>(path: string, body: unknown, options: RestOptions = {}): Observable<T> {
    return this.http.patch<T>(path, body, { params: options.params, headers: options.headers, context: requestContext(options) });
  }

  put<T>(path: string, body: unknown, options: RestOptions = {}): Observable<T> {
    return this.http.put<T>(path, body, { params: options.params, headers: options.headers, context: requestContext(options) });
  }

  /** GET of a file (an export, an uploaded document) as a Blob. */
  getBlob(path: string, options: RestOptions = {}): Observable<Blob> {
    return this.http.get(path, {
      params: options.params,
      headers: options.headers,
      responseType: 'blob',
      context: requestContext(options),
    });
  }

  /** DELETE, with a body where the endpoint wants proof (e.g. a code to switch MFA off). */
  delete<T>(path: string, options: RestOptions & { readonly body?: unknown } = {}): Observable<T> {
    return this.http.delete<T>(path, {
      params: options.params,
      headers: options.headers,
      body: options.body,
      context: requestContext(options),
    });
  }
}
