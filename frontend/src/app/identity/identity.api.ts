import { Injectable, inject } from '@angular/core';
import { type Observable, map } from 'rxjs';
import { RestClient } from '../core/api/rest-client';
import type { LoginAnswer, MyAccount, SecondFactor, TokenGrant } from '../core/auth/auth.model';
import type { LoginLogEntry, OutboxMessage, RegisterRequest, SessionView, SmsPurpose, TotpSetup } from './identity.model';

// Refusals the forms explain next to the fields themselves (no global snack bar for them).
const FORM_STATUSES = [400, 401, 403, 409, 429];

/** The identity endpoints of /api/v1/auth and /api/v1/me. */
@Injectable({ providedIn: 'root' })
export class IdentityApi {
  private readonly rest = inject(RestClient);

  requestSmsCode(phone: string, purpose: SmsPurpose): Observable<{ expiresInSeconds: number }> {
    return this.rest.post('/api/v1/auth/sms-codes', { phone, purpose }, { anonymous: true, handledErrorStatuses: FORM_STATUSES });
  }

  register(request: RegisterRequest): Observable<{ userId: string; displayName: string }> {
    return this.rest.post('/api/v1/auth/register', request, { anonymous: true, handledErrorStatuses: FORM_STATUSES });
  }

  login(phone: string, password: string): Observable<LoginAnswer> {
    return this.rest.post('/api/v1/auth/login', { phone, password }, { anonymous: true, handledErrorStatuses: FORM_STATUSES });
  }

  loginWithSecondFactor(mfaToken: string, factor: SecondFactor): Observable<TokenGrant> {
    return this.rest.post('/api/v1/auth/login/mfa', { mfaToken, ...factor }, { anonymous: true, handledErrorStatuses: FORM_STATUSES });
  }

  resetPassword(phone: string, smsCode: string, newPassword: string): Observable<void> {
    return this.rest.post(
      '/api/v1/auth/password-reset',
      { phone, smsCode, newPassword },
      { anonymous: true, handledErrorStatuses: FORM_STATUSES },
    );
  }

  updateProfile(change: { displayName?: string; realName?: string }): Observable<MyAccount> {
    return this.rest.patch('/api/v1/me', change, { handledErrorStatuses: [400] });
  }

  stepUp(password: string, factor: SecondFactor | null): Observable<{ steppedUpUntil: string }> {
    return this.rest.post(
      '/api/v1/auth/step-up',
      { password, ...factor },
      { handledErrorStatuses: FORM_STATUSES, checksCredentials: true },
    );
  }

  changePassword(currentPassword: string, newPassword: string): Observable<{ endedSessions: number }> {
    return this.rest.post(
      '/api/v1/me/password',
      { currentPassword, newPassword },
      { handledErrorStatuses: FORM_STATUSES, checksCredentials: true },
    );
  }

  /** Erases my personal data (step-up first); the backend ends every session of the account. */
  erasePersonalData(): Observable<{ userId: string; erasedAt: string; endedSessions: number }> {
    return this.rest.post('/api/v1/me/personal-data/erasure', { confirm: 'erase my personal data' }, { handledErrorStatuses: FORM_STATUSES });
  }

  startTotp(): Observable<TotpSetup> {
    return this.rest.post('/api/v1/me/mfa/totp', {}, { handledErrorStatuses: [403] });
  }

  confirmTotp(code: string): Observable<string[]> {
    return this.rest
      .post<{ recoveryCodes: string[] }>(
        '/api/v1/me/mfa/totp/confirm',
        { code },
        { handledErrorStatuses: FORM_STATUSES, checksCredentials: true },
      )
      .pipe(map((r) => r.recoveryCodes));
  }

  disableMfa(factor: SecondFactor): Observable<void> {
    return this.rest.delete('/api/v1/me/mfa', { body: factor, handledErrorStatuses: FORM_STATUSES, checksCredentials: true });
  }

  loginLog(limit: number): Observable<LoginLogEntry[]> {
    return this.rest.get<{ entries: LoginLogEntry[] }>('/api/v1/me/login-log', { params: { limit } }).pipe(map((r) => r.entries));
  }

  sessions(): Observable<SessionView[]> {
    return this.rest.get<{ sessions: SessionView[] }>('/api/v1/auth/sessions').pipe(map((r) => r.sessions));
  }

  endSession(id: string): Observable<void> {
    return this.rest.delete(`/api/v1/auth/sessions/${encodeURIComponent(id)}`);
  }

  /**
   * The development SMS outbox, read with the operations (admin) token: 401/403 without a valid one,
   * 404 outside development — the caller turns those into "paste the token" and "not here".
   */
  smsOutbox(adminToken: string | null, background: boolean): Observable<OutboxMessage[]> {
    return this.rest
      .get<{ messages: OutboxMessage[] }>('/api/v1/dev/sms-outbox', {
        anonymous: true,
        background,
        headers: adminToken === null ? {} : { Authorization: `Bearer ${adminToken}` },
        handledErrorStatuses: [401, 403, 404],
      })
      .pipe(map((r) => r.messages));
  }
}
