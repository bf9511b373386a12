import { Injectable, signal } from '@angular/core';

const KEY = 'kuaige.status.adminToken';

// Kept for the browser tab only (sessionStorage): the token operates the platform, so it should not
// outlive the session on a shared machine. Storage that throws (privacy modes) just means no memory.
const read = (): string | null => {
  try {
    return globalThis.sessionStorage?.getItem(KEY) ?? null;
  } catch {
    return null;
  }
};
const write = (token: string | null): void => {
  try {
    if (token === null) globalThis.sessionStorage?.removeItem(KEY);
    else globalThis.sessionStorage?.setItem(KEY, token);
  } catch {
    /* not remembered: it still applies until the page is left */
  }
};

/** The admin token an operator entered on the status page, sent to /health-style endpoints for their details. */
@Injectable({ providedIn: 'root' })
export class OperatorToken {
  private readonly current = signal<string | null>(read());
  readonly token = this.current.asReadonly();

  set(token: string): void {
    const trimmed = token.trim();
    this.current.set(trimmed || null);
    write(trimmed || null);
  }

  clear(): void {
    this.current.set(null);
    write(null);
  }

  /** The Authorization header carrying it, or none. */
  headers(): Record<string, string> | undefined {
    const token = this.current();
    return token ? { Authorization: `Bearer ${token}` } : undefined;
  }
}
