import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { AuthSession } from './auth-session';

/** Where a signed-in user starts when no other page was asked for. */
export const SIGNED_IN_HOME = '/account/profile';

/** Signed-in pages: others are sent to sign in, and come back here afterwards. */
export const signedInOnly: CanActivateFn = async (_route, state) => {
  const session = inject(AuthSession);
  const router = inject(Router);
  return (await session.restore()) ? true : router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** Sign-in and registration: a signed-in user has nothing to do there. */
export const signedOutOnly: CanActivateFn = async () => {
  const session = inject(AuthSession);
  const router = inject(Router);
  return (await session.restore()) ? router.parseUrl(SIGNED_IN_HOME) : true;
};

/** A return address from the query string, if it is one of ours (never another site). */
export const safeReturnUrl = (value: string | null | undefined): string =>
  value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/login') ? value : SIGNED_IN_HOME;
