import { HttpContext, HttpContextToken } from '@angular/common/http';

/** A request the user did not ask for (polling): it does not drive the global progress bar. */
export const BACKGROUND_REQUEST = new HttpContextToken<boolean>(() => false);

/** Error statuses the caller handles itself (e.g. 503 from /ready): no global error notice. */
export const HANDLED_ERROR_STATUSES = new HttpContextToken<readonly number[]>(() => []);

/** A request that must not carry the bearer token nor trigger a refresh (sign-in, refresh itself). */
export const ANONYMOUS_REQUEST = new HttpContextToken<boolean>(() => false);

/**
 * A signed-in call that verifies a password or code (step-up, password change): its 401 means "wrong
 * password or code", not "session over", as long as the access token has not run out.
 */
export const CREDENTIAL_CHECK = new HttpContextToken<boolean>(() => false);

/** Options shared by the REST and GraphQL clients. */
export interface RequestOptions {
  /** Polling and other background traffic: no progress bar. */
  readonly background?: boolean;
  /** Statuses the caller turns into data or its own message. */
  readonly handledErrorStatuses?: readonly number[];
  /** Public endpoints (sign-in, registration): no bearer token, no refresh on 401. */
  readonly anonymous?: boolean;
  /** The call checks a password or code, so a 401 may be the user's typo (see CREDENTIAL_CHECK). */
  readonly checksCredentials?: boolean;
  /** Headers of this call only, e.g. the admin token for the operator details of the status page. */
  readonly headers?: Readonly<Record<string, string>>;
}

export const requestContext = (options: RequestOptions = {}): HttpContext =>
  new HttpContext()
    .set(BACKGROUND_REQUEST, options.background ?? false)
    .set(HANDLED_ERROR_STATUSES, options.handledErrorStatuses ?? [])
    .set(ANONYMOUS_REQUEST, options.anonymous ?? false)
    .set(CREDENTIAL_CHECK, options.checksCredentials ?? false);
