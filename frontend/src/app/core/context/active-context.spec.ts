import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthSession } from '../auth/auth-session';
import { authInterceptor } from '../auth/auth.interceptor';
import type { TokenGrant } from '../auth/auth.model';
import { ActiveContext } from './active-context';
import { ContextApi } from './context.api';

const grant: TokenGrant = {
  accessToken: 'token-personal',
  tokenType: 'Bearer',
  expiresIn: 900,
  refreshToken: 'refresh-1',
  session: { id: 's1', startedAt: '', absoluteExpiresAt: '', idleTimeoutSeconds: 900 },
};
const acme = { kind: 'enterprise' as const, id: 'e-acme', name: '艾克米机械', roles: ['admin'], status: 'active' };
const nanshan = { kind: 'operator' as const, id: 'n-nanshan', name: '南山区运营中心', roles: ['operator-admin'], status: 'active' };

describe('active context', () => {
  let backend: HttpTestingController;
  let session: AuthSession;
  let context: ActiveContext;

  const flushContext = (active: typeof acme | typeof nanshan | null, permissions: string[]) => {
    backend.expectOne('/api/v1/me/contexts').flush({ active, available: [acme, nanshan] });
    backend.expectOne('/api/v1/me/permissions').flush({ permissions });
  };

  beforeEach(async () => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    session = TestBed.inject(AuthSession);
    context = TestBed.inject(ActiveContext);
    const established = session.establish(grant);
    backend.expectOne('/api/v1/me').flush({ displayName: 'Ada' });
    await established;
    TestBed.tick();
  });

  afterEach(() => backend.verify());

  it('loads contexts and permissions when the session starts', async () => {
    flushContext(acme, ['department:read', 'role:read']);
    await context.whenReady();
    expect(context.active()).toEqual(acme);
    expect(context.available()).toHaveLength(2);
    expect(context.can('department:read')).toBe(true);
    expect(context.can('operator-node:read')).toBe(false);
  });

  it('switching replaces the access token, keeps the refresh token, reloads permissions and the page', async () => {
    flushContext(acme, ['department:read']);
    await context.whenReady();
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);

    const switched = context.choose(nanshan);
    const post = backend.expectOne('/api/v1/me/context');
    expect(post.request.body).toEqual({ kind: 'operator', id: 'n-nanshan' });
    expect(post.request.headers.get('Authorization')).toBe('Bearer token-personal');
    post.flush({ accessToken: 'token-nanshan', expiresIn: 900, active: nanshan });
    await Promise.resolve();
    await Promise.resolve();
    flushContext(nanshan, ['operator-node:read']);
    await switched;

    expect(session.token()).toBe('token-nanshan');
    expect(sessionStorage.getItem('kuaige.refreshToken')).toBe('refresh-1');
    expect(context.active()).toEqual(nanshan);
    expect(context.can('operator-node:read')).toBe(true);
    expect(context.can('department:read')).toBe(false);
    // The page on screen is left and entered again, so it reads its data in the new context.
    expect(navigate).toHaveBeenCalledTimes(2);

    const next = firstValueFrom(TestBed.inject(HttpClient).get('/api/v1/operator-tree'));
    const call = backend.expectOne('/api/v1/operator-tree');
    expect(call.request.headers.get('Authorization')).toBe('Bearer token-nanshan');
    call.flush({ root: {} });
    await next;
  });

  it('keeps the current context when the switch is refused', async () => {
    flushContext(acme, ['department:read']);
    await context.whenReady();
    const switched = context.choose(nanshan);
    backend
      .expectOne('/api/v1/me/context')
      .flush({ statusCode: 404, message: 'no such context' }, { status: 404, statusText: 'Not Found' });
    await expect(switched).rejects.toMatchObject({ status: 404 });
    expect(session.token()).toBe('token-personal');
    expect(context.active()).toEqual(acme);
  });
});

describe('context API', () => {
  let api: ContextApi;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(ContextApi);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('reads permissions from an object or a bare list', async () => {
    const wrapped = firstValueFrom(api.permissions());
    backend.expectOne('/api/v1/me/permissions').flush({ permissions: ['department:read'] });
    await expect(wrapped).resolves.toEqual(['department:read']);
    const bare = firstValueFrom(api.permissions());
    backend.expectOne('/api/v1/me/permissions').flush(['role:read']);
    await expect(bare).resolves.toEqual(['role:read']);
  });
});
