import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditIntegrityApi } from './audit-integrity.api';
import { isFinished, type VerificationRun } from './audit-integrity.model';

describe('audit integrity API', () => {
  let api: AuditIntegrityApi;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(AuditIntegrityApi);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('signs a digest and starts a verification, each with its own idempotency key', async () => {
    const signed = firstValueFrom(api.signDigest());
    const sign = backend.expectOne('/api/v1/audit/digests');
    expect(sign.request.method).toBe('POST');
    const signKey = sign.request.headers.get('Idempotency-Key');
    sign.flush({ digestId: 'd1', position: 7 });
    await expect(signed).resolves.toMatchObject({ digestId: 'd1' });
    const started = firstValueFrom(api.startVerification());
    const verify = backend.expectOne('/api/v1/audit/verifications');
    expect(verify.request.method).toBe('POST');
    expect(verify.request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(verify.request.headers.get('Idempotency-Key')).not.toBe(signKey);
    verify.flush({ id: 'v1', state: 'waiting', progress: 0 });
    await expect(started).resolves.toMatchObject({ id: 'v1' });
  });

  it('pages digests, downloads one as a file and polls a run by id', async () => {
    const page = firstValueFrom(api.digests(2, 50));
    const list = backend.expectOne((r) => r.url === '/api/v1/audit/digests');
    expect([list.request.params.get('page'), list.request.params.get('pageSize')]).toEqual(['2', '50']);
    list.flush({ items: [], total: 0, page: 2, pageSize: 50 });
    await page;
    const file = firstValueFrom(api.downloadDigest('a/b'));
    const download = backend.expectOne('/api/v1/audit/digests/a%2Fb');
    expect(download.request.responseType).toBe('blob');
    download.flush(new Blob(['{}']));
    await expect(file).resolves.toBeInstanceOf(Blob);
    const run = firstValueFrom(api.verification('v 1'));
    backend.expectOne('/api/v1/audit/verifications/v%201').flush({ id: 'v 1', state: 'running', progress: 40 });
    await expect(run).resolves.toMatchObject({ progress: 40 });
  });

  it('counts a run finished once it passed, broke or could not run', () => {
    const run = (state: VerificationRun['state']) => ({ state }) as VerificationRun;
    expect(['waiting', 'running', 'passed', 'broken', 'error'].map((s) => isFinished(run(s as VerificationRun['state'])))).toEqual([false, false, true, true, true]);
  });
});
