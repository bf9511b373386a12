import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestProblem } from '../api/api-error';
import { errorNoticeInterceptor } from '../api/error-notice.interceptor';
import { ErrorNotifier } from '../api/error-notifier';
import { requestContext } from '../api/request-context';
import { AuthSession } from './auth-session';
import { SessionExpiredError, authInterceptor, tokenExpired } from './auth.interceptor';
import type { TokenGrant } from './auth.model';

/** A JWT-shaped token whose payload says when it expires. */
const jwt = (name: string, expiresInSeconds = 900) =>
  `h.${btoa(JSON.stringify({ sub: name, exp: Math.floor(Date.now() / 1000) + expiresInSeconds })).replace(/=+$/, '')}.sig`;

const grant = (access: string, refresh: string): TokenGrant => ({
  accessToken: access,
  tokenType: 'Bearer',
  expiresIn: 900,
  refreshToken: refresh,
  session: { id: 's1', startedAt: '', absoluteExpiresAt: '', idleTimeoutSeconds: 900 },
});

const unauthorized = { status: 401, statusText: 'Unauthorized' };
const refusal = { statusCode: 401, error: 'Unauthorized', message: 'sign in first', requestId: 'r' };

describe('auth interceptor and session', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let session: AuthSession;
  let notices: RequestProblem[];
  const firstToken = jwt('first');

  beforeEach(async () => {
    sessionStorage.clear();
    notices = [];
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideHttpClient(withInterceptors([errorNoticeInterceptor, authInterceptor])),
        provideHttpClientTesting(),
        { provide: ErrorNotifier, useValue: { notify: vi.fn((p: RequestProblem) => notices.push(p)) } },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    session = TestBed.inject(AuthSession);
    const established = session.establish(grant(firstToken, 'r1'));
    backend.expectOne('/api/v1/me').flush({ displayName: 'Ada', phone: '138****5678' });
    await established;
  });

  afterEach(() => backend.verify());

  it('sends the access token to the backend, but not to public endpoints nor other addresses', async () => {
    const calls = [
      firstValueFrom(http.get('/api/v1/me')),
      firstValueFrom(http.post('/api/v1/auth/login', {}, { context: requestContext({ anonymous: true }) })),
      firstValueFrom(http.get('i18n/zh-CN.json')),
    ];
    const mine = backend.expectOne('/api/v1/me');
    const login = backend.expectOne('/api/v1/auth/login');
    const file = backend.expectOne('i18n/zh-CN.json');
    expect(mine.request.headers.get('Authorization')).toBe(`Bearer ${firstToken}`);
    expect(login.request.headers.has('Authorization')).toBe(false);
    expect(file.request.headers.has('Authorization')).toBe(false);
    for (const request of [mine, login, file]) request.flush({});
    await Promise.all(calls);
  });

  it('keeps the refresh token for this tab only, never the access token', () => {
    expect(sessionStorage.getItem('kuaige.refreshToken')).toBe('r1');
    expect(JSON.stringify({ ...sessionStorage })).not.toContain(firstToken);
    expect(JSON.stringify({ ...localStorage })).not.toContain('r1');
  });

  it('refreshes once for concurrent 401s and retries each call with the new token', async () => {
    const a = firstValueFrom(http.get('/api/v1/a'));
    const b = firstValueFrom(http.get('/api/v1/b'));
    backend.expectOne('/api/v1/a').flush(refusal, unauthorized);
    backend.expectOne('/api/v1/b').flush(refusal, unauthorized);
    await Promise.resolve();

    const refreshes = backend.match('/api/v1/auth/refresh');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.request.body).toEqual({ refreshToken: 'r1' });
    expect(refreshes[0]!.request.headers.has('Authorization')).toBe(false);
    const secondToken = jwt('second');
    refreshes[0]!.flush(grant(secondToken, 'r2'));
    await new Promise((resolve) => setTimeout(resolve));

    for (const url of ['/api/v1/a', '/api/v1/b']) {
      const retry = backend.expectOne(url);
      expect(retry.request.headers.get('Authorization')).toBe(`Bearer ${secondToken}`);
      retry.flush({ ok: url });
    }
    await expect(a).resolves.toEqual({ ok: '/api/v1/a' });
    await expect(b).resolves.toEqual({ ok: '/api/v1/b' });
    expect(sessionStorage.getItem('kuaige.refreshToken')).toBe('r2');
    expect(notices).toEqual([]);
  });

  it('signs out to the sign-in page with a reason when the refresh is refused, without a global error notice', async () => {
    const router = TestBed.inject(Router);
    const navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true);
    const call = firstValueFrom(http.get('/api/v1/auth/sessions'));
    backend.expectOne('/api/v1/auth/sessions').flush(refusal, unauthorized);
    await Promise.resolve();
    backend.expectOne('/api/v1/auth/refresh').flush(refusal, unauthorized);

    await expect(call).rejects.toBeInstanceOf(SessionExpiredError);
    expect(session.signedIn()).toBe(false);
    expect(session.user()).toBeNull();
    expect(sessionStorage.getItem('kuaige.refreshToken')).toBeNull();
    expect(navigate).toHaveBeenCalledTimes(1);
    expect(navigate.mock.calls[0]![0]).toEqual(['/login']);
    expect(navigate.mock.calls[0]![1]?.queryParams).toMatchObject({ reason: 'expired' });
    expect(notices).toEqual([]);
  });

  it('passes a 401 of a password check through while the token is valid: a typo, not an ended session', async () => {
    const call = firstValueFrom(http.post('/api/v1/auth/step-up', {}, { context: requestContext({ checksCredentials: true }) }));
    backend.expectOne('/api/v1/auth/step-up').flush({ ...refusal, message: 'wrong password' }, unauthorized);
    await expect(call).rejects.toMatchObject({ status: 401 });
    backend.expectNone('/api/v1/auth/refresh');
    expect(session.signedIn()).toBe(true);
  });

  it('leaves other failures alone: no refresh for a 403', async () => {
    const call = firstValueFrom(http.post('/api/v1/me/password', {}));
    backend
      .expectOne('/api/v1/me/password')
      .flush({ statusCode: 403, error: 'Forbidden', message: 'step up' }, { status: 403, statusText: 'Forbidden' });
    await expect(call).rejects.toMatchObject({ status: 403 });
    backend.expectNone('/api/v1/auth/refresh');
  });
});

describe('tokenExpired', () => {
  it('reads the expiry of a JWT, with a few seconds of margin, and distrusts what it cannot read', () => {
    expect(tokenExpired(jwt('x', 600))).toBe(false);
    expect(tokenExpired(jwt('x', 2))).toBe(true);
    expect(tokenExpired(jwt('x', -60))).toBe(true);
    expect(tokenExpired('not-a-jwt')).toBe(true);
  });
});
