import { HttpContext, HttpContextToken } from '@angular/common/http';

/** A request the user did not ask for (polling): it does not drive the global progress bar. */
export const BACKGROUND_REQUEST = new HttpContextToken<boolean>(() => false);

/** Error statuses the caller handles itself (e.g. 503 from /ready): no global error notice. */
export const HANDLED_ERROR_STATUSES = new HttpContextToken<readonly number[]>(() => []);

/** Options shared by the REST and GraphQL clients. */
export interface RequestOptions {
  /** Polling and other background traffic: no progress bar. */
  readonly background?: boolean;
  /** Statuses the caller turns into data or its own message. */
  readonly handledErrorStatuses?: readonly number[];
}

export const requestContext = (options: RequestOptions = {}): HttpContext =>
  new HttpContext().set(BACKGROUND_REQUEST, options.background ?? false).set(HANDLED_ERROR_STATUSES, options.handledErrorStatuses ?? []);
