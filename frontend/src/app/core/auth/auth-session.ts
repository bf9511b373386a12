import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { requestContext } from '../api/request-context';
import type { MyAccount, TokenGrant } from './auth.model';
import { readRefreshToken, writeRefreshToken } from './token-store';

/** Why the user lands on the sign-in page without having asked to sign out. */
export type SignOutReason = 'expired' | 'signed-out';

/** The signed-in user: tokens (see token-store.ts for where they live), the account, refresh and sign-out. */
@Injectable({ providedIn: 'root' })
export class AuthSession {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly accessToken = signal<string | null>(null);
  private readonly account = signal<MyAccount | null>(null);
  private refreshToken: string | null = readRefreshToken();
  private refreshing: Promise<string | null> | null = null;
  private restoring: Promise<boolean> | null = null;
  private expiring = false;

  /** The signed-in account (masked personal data), once loaded. */
  readonly user = this.account.asReadonly();
  readonly signedIn = computed(() => this.accessToken() !== null);

  /** The access token to send, or null when signed out. */
  token(): string | null {
    return this.accessToken();
  }

  /**
   * Resumes the session kept for this tab (after a reload) once; later calls wait for the same answer.
   * Guards await it, so no signed-in page asks the backend before the token is back.
   */
  restore(): Promise<boolean> {
    this.restoring ??= (async () => {
      if (!this.refreshToken || this.accessToken()) return this.signedIn();
      const token = await this.refresh().catch(() => null);
      if (token) await this.loadAccount().catch(() => null);
      return token !== null;
    })();
    return this.restoring;
  }

  /** Starts the session a sign-in granted and loads the account. */
  async establish(grant: TokenGrant): Promise<void> {
    this.keep(grant);
    this.restoring = Promise.resolve(true);
    await this.loadAccount();
  }

  /**
   * Takes the access token of another acting context (enterprise or operator node). The refresh token
   * stays: the backend keeps the chosen context in the session, so a later refresh stays in it.
   */
  adoptAccessToken(accessToken: string): void {
    this.accessToken.set(accessToken);
  }

  /** Reads the account again (after a profile or security change). */
  async loadAccount(): Promise<MyAccount> {
    const account = await firstValueFrom(this.http.get<MyAccount>('/api/v1/me'));
    this.account.set(account);
    return account;
  }

  /**
   * A fresh access token after `stale` was refused: the one another request already obtained, or a new
   * one. Refreshes are single-flight because the backend treats a refresh token presented twice as
   * stolen and ends the session. Null when the session cannot be renewed.
   */
  renewAfter(stale: string): Promise<string | null> {
    const current = this.accessToken();
    if (current && current !== stale) return Promise.resolve(current);
    return this.refresh();
  }

  /** Exchanges the refresh token for new tokens, once at a time; null when the backend refuses it. */
  refresh(): Promise<string | null> {
    this.refreshing ??= this.exchange().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** Signs out here and at the backend, then shows the sign-in page. */
  async signOut(): Promise<void> {
    if (this.accessToken()) {
      // The session ends locally whatever the backend answers: the user asked to leave.
      await firstValueFrom(
        this.http.post('/api/v1/auth/logout', {}, { context: requestContext({ handledErrorStatuses: [401, 0] }) }),
      ).catch(() => undefined);
    }
    this.clear();
    await this.router.navigate(['/login'], { queryParams: { reason: 'signed-out' satisfies SignOutReason } });
  }

  /** The backend no longer accepts this session: forget it and ask the user to sign in again. */
  expire(): void {
    // Parallel calls all fail the same way: the first one sends the user to sign in.
    if (this.expiring) return;
    this.expiring = true;
    this.clear();
    const returnUrl = this.router.url.startsWith('/login') ? undefined : this.router.url;
    void this.router.navigate(['/login'], { queryParams: { reason: 'expired' satisfies SignOutReason, returnUrl } });
  }

  private async exchange(): Promise<string | null> {
    const refreshToken = this.refreshToken;
    if (!refreshToken) return null;
    try {
      const grant = await firstValueFrom(
        this.http.post<TokenGrant>(
          '/api/v1/auth/refresh',
          { refreshToken },
          { context: requestContext({ background: true, anonymous: true, handledErrorStatuses: [400, 401] }) },
        ),
      );
      this.keep(grant);
      return grant.accessToken;
    } catch (error) {
      // Refused: the session ended (logout elsewhere, expiry, reuse). Other failures (offline) keep
      // the tokens so that a later attempt can still succeed.
      if (error instanceof HttpErrorResponse && (error.status === 401 || error.status === 400)) {
        this.clear();
        return null;
      }
      throw error;
    }
  }

  private keep(grant: TokenGrant): void {
    this.expiring = false;
    this.accessToken.set(grant.accessToken);
    this.refreshToken = grant.refreshToken;
    writeRefreshToken(grant.refreshToken);
  }

  private clear(): void {
    this.accessToken.set(null);
    this.account.set(null);
    this.refreshToken = null;
    this.restoring = Promise.resolve(false);
    writeRefreshToken(null);
  }
}
