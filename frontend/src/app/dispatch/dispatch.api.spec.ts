import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DispatchApi } from './dispatch.api';

describe('dispatch API', () => {
  let api: DispatchApi;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(DispatchApi);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('puts the service profile of the provider with an idempotency key', async () => {
    const profile = { deviceTypes: ['cnc-machine'], faultTypes: ['electrical'], serviceRegions: ['4403'], base: null, capacity: 10 };
    const saved = firstValueFrom(api.saveProviderProfile('p 1', profile));
    const request = backend.expectOne('/api/v1/providers/p%201/profile');
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual(profile);
    expect(request.request.headers.has('Idempotency-Key')).toBe(true);
    request.flush({ enterpriseId: 'p 1', configured: true });
    await expect(saved).resolves.toMatchObject({ configured: true });
  });

  it('searches engineers by the filters chosen only', async () => {
    const page = firstValueFrom(api.engineers({ skill: 'cnc-machine', level: '', certified: 'true', q: '', page: 2, pageSize: 20 }));
    const request = backend.expectOne((r) => r.url === '/api/v1/engineers');
    expect(request.request.params.keys().sort()).toEqual(['certified', 'page', 'pageSize', 'skill']);
    expect(request.request.params.get('skill')).toBe('cnc-machine');
    request.flush({ items: [], total: 0, page: 2, pageSize: 20 });
    await expect(page).resolves.toMatchObject({ total: 0 });
  });

  it('addresses an engineer by enterprise and user, and the engineer’s own skills under /me', async () => {
    const profile = firstValueFrom(api.engineerProfile('e1', 'u/1'));
    backend.expectOne('/api/v1/engineers/e1/u%2F1/profile').flush({ userId: 'u/1' });
    await profile;
    const skills = { deviceTypes: ['elevator'], faultTypes: [], fields: ['曳引机'] };
    const mine = firstValueFrom(api.saveMySkills(skills));
    const request = backend.expectOne('/api/v1/me/engineer-profile');
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual(skills);
    request.flush({ fields: ['曳引机'] });
    await expect(mine).resolves.toMatchObject({ fields: ['曳引机'] });
  });
});
