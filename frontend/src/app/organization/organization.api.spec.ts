import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OrganizationApi } from './organization.api';

describe('enterprise administration API', () => {
  let api: OrganizationApi;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(OrganizationApi);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('addresses everything under the active enterprise', async () => {
    const departments = firstValueFrom(api.departments('e 1'));
    backend
      .expectOne('/api/v1/enterprises/e%201/departments')
      .flush({ items: [{ id: 'd1', name: '销售部', parentId: null, memberCount: 0 }] });
    await expect(departments).resolves.toHaveLength(1);
  });

  it('moves a department to the top level with an explicit null parent', async () => {
    const moved = firstValueFrom(api.updateDepartment('e1', 'd2', { parentId: null }));
    const request = backend.expectOne('/api/v1/enterprises/e1/departments/d2');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ parentId: null });
    expect(request.request.headers.has('Idempotency-Key')).toBe(true);
    request.flush({ id: 'd2' });
    await moved;
  });

  it('pages employees by the filters chosen', async () => {
    const page = firstValueFrom(api.members('e1', { status: 'active', departmentId: '', q: '', page: 3, pageSize: 10 }));
    const request = backend.expectOne((r) => r.url === '/api/v1/enterprises/e1/members');
    expect(request.request.params.toString()).toBe('status=active&page=3&pageSize=10');
    request.flush({ items: [], total: 25, page: 3, pageSize: 10 });
    await expect(page).resolves.toMatchObject({ total: 25 });
  });

  it('imports a sheet as base64 in JSON and returns the row-by-row report', async () => {
    const report = firstValueFrom(api.importMembers('e1', 'staff.csv', 'YQ=='));
    const request = backend.expectOne('/api/v1/enterprises/e1/members/import');
    expect(request.request.body).toEqual({ fileName: 'staff.csv', contentBase64: 'YQ==' });
    request.flush({ imported: 1, rejected: [{ row: 3, field: 'phone', rule: 'mainlandMobile', message: 'not a mobile number' }] });
    await expect(report).resolves.toMatchObject({ imported: 1, rejected: [{ row: 3 }] });
  });

  it('exports in the chosen format with headings in the console language, as a file', async () => {
    const file = firstValueFrom(api.exportMembers('e1', 'xlsx', 'en'));
    const request = backend.expectOne((r) => r.url === '/api/v1/enterprises/e1/members/export');
    expect(request.request.params.get('format')).toBe('xlsx');
    expect(request.request.params.get('language')).toBe('en');
    expect(request.request.responseType).toBe('blob');
    request.flush(new Blob(['x']));
    await expect(file).resolves.toBeInstanceOf(Blob);
  });

  it('replaces a member’s overrides as a whole with PUT', async () => {
    const saved = firstValueFrom(api.saveOverrides('e1', 'u1', [{ permission: 'department:read', effect: 'deny' }]));
    const request = backend.expectOne('/api/v1/enterprises/e1/members/u1/overrides');
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({ overrides: [{ permission: 'department:read', effect: 'deny' }] });
    request.flush({ overrides: [] });
    await saved;
  });
});
