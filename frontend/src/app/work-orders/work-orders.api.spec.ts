import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { KNOWN_CODES } from './catalogue';
import { queryFromParams } from './work-order-filters';
import { WorkOrdersApi } from './work-orders.api';

const setup = () => {
  TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()] });
  return { api: TestBed.inject(WorkOrdersApi), http: TestBed.inject(HttpTestingController) };
};

describe('work-order API calls', () => {
  it('ask the list with the filters of the address only, and read rows keyed by id or _id', async () => {
    const { api, http } = setup();
    const answer = firstValueFrom(api.list(queryFromParams({ status: 'dispatched', queue: 'provider', page: '2' }, KNOWN_CODES)));
    const request = http.expectOne((r) => r.url === '/api/v1/work-orders');
    expect(request.request.params.keys().sort()).toEqual(['page', 'pageSize', 'queue', 'sort', 'status']);
    expect(request.request.params.get('queue')).toBe('provider');
    request.flush({
      items: [
        { id: 'wo-1', number: 'WO-1' },
        { _id: 'wo-2', number: 'WO-2' },
      ],
      total: 2,
      page: 2,
      pageSize: 20,
    });
    expect((await answer).items.map((o) => o._id)).toEqual(['wo-1', 'wo-2']);
  });

  it('send every step with its own idempotency key to the step path', () => {
    const { api, http } = setup();
    api.step('wo-1', 'receipt/approve', { opinion: '' }).subscribe();
    api.step('wo-1', 'receipt/approve', { opinion: '' }).subscribe();
    const [first, second] = http.match('/api/v1/work-orders/wo-1/receipt/approve');
    expect(first!.request.method).toBe('POST');
    expect(first!.request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(second!.request.headers.get('Idempotency-Key')).not.toBe(first!.request.headers.get('Idempotency-Key'));
  });

  it('read suggestions listed bare or wrapped in items', async () => {
    const { api, http } = setup();
    const wrapped = firstValueFrom(api.dispatchSuggestions('wo-1'));
    http.expectOne('/api/v1/work-orders/wo-1/dispatch-suggestions').flush({ workOrderId: 'wo-1', items: [{ id: 'p1', rank: 1 }] });
    expect((await wrapped).map((s) => s.id)).toEqual(['p1']);
    const bare = firstValueFrom(api.engineerSuggestions('wo-1'));
    http.expectOne('/api/v1/work-orders/wo-1/engineer-suggestions').flush([{ id: 'e1', rank: 1 }]);
    expect((await bare).map((s) => s.id)).toEqual(['e1']);
  });
});
