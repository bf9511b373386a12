import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TenancyApi } from './tenancy.api';

describe('tenancy API', () => {
  let api: TenancyApi;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(TenancyApi);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('asks for the review queue with the chosen filters and page, leaving out empty filters', async () => {
    const page = firstValueFrom(api.enterprises({ status: 'pending-review', type: '', q: '机械', page: 2, pageSize: 50 }));
    const request = backend.expectOne((r) => r.url === '/api/v1/enterprises');
    expect(request.request.params.keys().sort()).toEqual(['page', 'pageSize', 'q', 'status']);
    expect(request.request.params.get('q')).toBe('机械');
    expect(request.request.params.get('page')).toBe('2');
    request.flush({ items: [], total: 0, page: 2, pageSize: 50 });
    await expect(page).resolves.toMatchObject({ total: 0, page: 2 });
  });

  it('sends every state change with its own Idempotency-Key', async () => {
    const first = firstValueFrom(api.rejectEnterprise('e1', '执照模糊'));
    const second = firstValueFrom(api.rejectEnterprise('e1', '执照模糊'));
    const [a, b] = backend.match('/api/v1/enterprises/e1/reject');
    expect(a!.request.body).toEqual({ opinion: '执照模糊' });
    const keys = [a!.request.headers.get('Idempotency-Key'), b!.request.headers.get('Idempotency-Key')];
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[0]).not.toBe(keys[1]);
    a!.flush({});
    b!.flush({});
    await Promise.all([first, second]);
  });

  it('leaves an empty opinion out of an approval', async () => {
    const done = firstValueFrom(api.approveVerification('v1', ''));
    const request = backend.expectOne('/api/v1/verification-reviews/v1/approve');
    expect(request.request.body).toEqual({});
    request.flush({});
    await done;
  });

  it('uploads a licence as the raw file body typed by its media type', async () => {
    const file = new File([new Uint8Array([0x25, 0x50, 0x44, 0x46])], 'licence.pdf', { type: 'application/pdf' });
    const stored = firstValueFrom(api.uploadBlob(file));
    const request = backend.expectOne('/api/v1/blobs');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toBe(file);
    expect(request.request.headers.get('Content-Type')).toBe('application/pdf');
    request.flush({ blobId: 'b1', mediaType: 'application/pdf', size: 4, sha256: 'x' });
    await expect(stored).resolves.toMatchObject({ blobId: 'b1', size: 4 });
  });

  it('reads divisions below a parent, and the provinces without one', async () => {
    const provinces = firstValueFrom(api.divisions(null));
    const top = backend.expectOne((r) => r.url === '/api/v1/divisions');
    expect(top.request.params.has('parent')).toBe(false);
    top.flush({ items: [{ code: '44', name: '广东省', level: 'province' }] });
    await expect(provinces).resolves.toEqual([{ code: '44', name: '广东省', level: 'province' }]);

    const cities = firstValueFrom(api.divisions('44'));
    backend.expectOne('/api/v1/divisions?parent=44').flush({ items: [] });
    await expect(cities).resolves.toEqual([]);
  });

  it('reads the tree root and the children of a division', async () => {
    const root = firstValueFrom(api.treeRoot());
    backend.expectOne('/api/v1/operator-tree').flush({ root: { code: '440305', name: '南山区' } });
    await expect(root).resolves.toMatchObject({ code: '440305' });
    const children = firstValueFrom(api.treeChildren('44'));
    backend.expectOne('/api/v1/operator-tree?parent=44').flush({ items: [{ code: '4403' }] });
    await expect(children).resolves.toEqual([{ code: '4403' }]);
  });
});
