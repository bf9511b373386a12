// Where the refresh token lives, and why there.
//
// The access token stays in memory only: it is what every request carries, and nothing that outlives
// the page (storage, cookies) needs it. The refresh token is kept in sessionStorage as well as memory:
// - it survives a reload of the tab, so reloading does not sign the user out;
// - it dies with the tab and is not shared with other tabs. The backend rotates refresh tokens and
//   ends the whole session when an earlier one is presented again, so two tabs sharing one token
//   (localStorage) would race and sign each other out;
// - unlike a cookie it is never sent by the browser on its own, so there is no CSRF surface.
// An XSS could read it, as it could read a memory token through the page; the CSP is the defence.
// Storage can be unavailable (privacy modes): then the session simply ends with the page.

const KEY = 'kuaige.refreshToken';

/** Reads the refresh token kept for this tab, or null. */
export function readRefreshToken(): string | null {
  try {
    return globalThis.sessionStorage?.getItem(KEY) ?? null;
  } catch {
    return null;
  }
}

/** Keeps (or, with null, forgets) the refresh token for this tab. */
export function writeRefreshToken(token: string | null): void {
  try {
    if (token === null) globalThis.sessionStorage?.removeItem(KEY);
    else globalThis.sessionStorage?.setItem(KEY, token);
  } catch {
    /* not kept: the session ends with the page */
  }
}
