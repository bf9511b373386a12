import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DevicesApi } from './devices.api';

const query = { type: 'elevator', status: '', project: '二期', region: '', q: '', sort: 'number', page: 2, pageSize: 20 };

describe('device registry API', () => {
  let api: DevicesApi;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(DevicesApi);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('pages the list by the filters chosen, on the server', async () => {
    const page = firstValueFrom(api.list(query));
    const request = backend.expectOne((r) => r.url === '/api/v1/devices');
    expect(request.request.params.toString()).toBe(`page=2&pageSize=20&type=elevator&project=${encodeURIComponent('二期')}&sort=number`);
    request.flush({ items: [], total: 21, page: 2, pageSize: 20 });
    await expect(page).resolves.toMatchObject({ total: 21 });
  });

  it('exports with the list’s filters but not its page, in the console’s language', async () => {
    const file = firstValueFrom(api.exportDevices('csv', 'zh-CN', query));
    const request = backend.expectOne((r) => r.url === '/api/v1/devices/export');
    expect(request.request.params.toString()).toBe(`type=elevator&project=${encodeURIComponent('二期')}&format=csv&language=zh-CN`);
    expect(request.request.responseType).toBe('blob');
    request.flush(new Blob(['x']));
    await file;
  });

  it('sends changes with an idempotency key, and the public request to the token’s route', async () => {
    const saved = firstValueFrom(api.update('d 1', { publicRequests: true }));
    const patch = backend.expectOne('/api/v1/devices/d%201');
    expect(patch.request.method).toBe('PATCH');
    expect(patch.request.body).toEqual({ publicRequests: true });
    expect(patch.request.headers.has('Idempotency-Key')).toBe(true);
    patch.flush({ id: 'd 1' });
    await saved;
    const sent = firstValueFrom(api.submitPublicRequest('tok', { contact: { name: '张师傅', phone: '13800138000' }, faultType: 'other', description: '设备异响' }));
    const post = backend.expectOne('/api/v1/public/devices/tok/requests');
    expect(post.request.body).toEqual({ contact: { name: '张师傅', phone: '13800138000' }, faultType: 'other', description: '设备异响' });
    post.flush({ workOrderId: 'w1', number: 'WO-20261201-ABCDEF' });
    await expect(sent).resolves.toEqual({ workOrderId: 'w1', number: 'WO-20261201-ABCDEF' });
  });
});
