import { HttpErrorResponse, type HttpHandlerFn, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { ANONYMOUS_REQUEST, CREDENTIAL_CHECK } from '../api/request-context';
import { AuthSession } from './auth-session';

/** The session ended and could not be renewed; the user is on the way to the sign-in page. */
export class SessionExpiredError extends Error {
  constructor() {
    super('The session has ended; sign in again');
    this.name = 'SessionExpiredError';
  }
}

const withBearer = (request: HttpRequest<unknown>, token: string) => request.clone({ setHeaders: { Authorization: `Bearer ${token}` } });

const isUnauthorized = (error: unknown) => error instanceof HttpErrorResponse && error.status === 401;

/** Whether a JWT access token's `exp` has passed (or is about to); unreadable tokens count as expired. */
export function tokenExpired(token: string, now = Date.now()): boolean {
  try {
    const payload = token.split('.')[1] ?? '';
    const { exp } = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return typeof exp !== 'number' || exp * 1000 <= now + 5_000;
  } catch {
    return true;
  }
}

/**
 * Sends the access token with backend calls. A 401 on a call that carried one means the token ran out
 * (or the session ended): refresh once, shared with concurrent calls, and retry; if that fails too the
 * session is over and the user is sent to sign in (calls that check a password or code excepted,
 * while the token is still valid: see CREDENTIAL_CHECK). Fails with SessionExpiredError then, which the
 * global error notice leaves alone (the sign-in page explains).
 */
export const authInterceptor: HttpInterceptorFn = (request, next: HttpHandlerFn) => {
  const session = inject(AuthSession);
  const token = session.token();
  if (request.context.get(ANONYMOUS_REQUEST) || !token || !request.url.startsWith('/api/')) return next(request);
  const expired = () => {
    session.expire();
    return throwError(() => new SessionExpiredError());
  };
  return next(withBearer(request, token)).pipe(
    catchError((error: unknown) => {
      if (!isUnauthorized(error)) return throwError(() => error);
      // A wrong password or code: retrying would count as a second failed attempt towards lockout.
      if (request.context.get(CREDENTIAL_CHECK) && !tokenExpired(token)) return throwError(() => error);
      return from(session.renewAfter(token)).pipe(
        switchMap((fresh) =>
          fresh
            ? next(withBearer(request, fresh)).pipe(
                catchError((retryError: unknown) => (isUnauthorized(retryError) ? expired() : throwError(() => retryError))),
              )
            : expired(),
        ),
      );
    }),
  );
};
