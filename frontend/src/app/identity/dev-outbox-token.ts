import { Injectable, signal } from '@angular/core';

const KEY = 'kuaige.devOutboxToken';

/**
 * The operations token the developer pasted to read the SMS outbox. Kept in sessionStorage: it
 * survives a reload of the tab but not the browser session, and no other tab or origin sees it.
 */
@Injectable({ providedIn: 'root' })
export class DevOutboxToken {
  private readonly state = signal<string | null>(read());
  readonly value = this.state.asReadonly();

  set(token: string): void {
    this.state.set(token);
    write(token);
  }

  forget(): void {
    this.state.set(null);
    write(null);
  }
}

// Storage can be switched off (privacy settings): then the token lives only as long as the page.
function read(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

function write(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, token);
  } catch {
    // see read()
  }
}
