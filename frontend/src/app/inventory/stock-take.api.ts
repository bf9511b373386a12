import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { RestClient } from '../core/api/rest-client';
import { FORM_STATUSES, idempotent } from '../core/api/idempotency';
import type { Page } from '../shared/table/page';
import type { StockTake, StockTakeSummary } from './stock-take.model';

const BASE = '/api/v1/inventory/stock-takes';
const write = () => ({ headers: idempotent(), handledErrorStatuses: [...FORM_STATUSES, 403, 404] });

/** Stock-take sessions: open, count, submit, approve, cancel. */
@Injectable({ providedIn: 'root' })
export class StockTakeApi {
  private readonly rest = inject(RestClient);

  list(query: { status?: string | null; page: number; pageSize: number }): Observable<Page<StockTakeSummary>> {
    const params = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== null && v !== undefined && v !== '')) as Record<string, string | number>;
    return this.rest.get(BASE, { params });
  }
  get(id: string): Observable<StockTake> {
    return this.rest.get(`${BASE}/${encodeURIComponent(id)}`);
  }
  open(body: { warehouseId: string; categoryCode: string | null; note: string }): Observable<StockTake> {
    return this.rest.post(BASE, body, write());
  }
  count(id: string, counts: { partId: string; countedQuantity: number }[]): Observable<StockTake> {
    return this.rest.post(`${BASE}/${encodeURIComponent(id)}/counts`, { counts }, write());
  }
  step(id: string, step: 'submit' | 'approve' | 'cancel', body: object = {}): Observable<StockTake> {
    return this.rest.post(`${BASE}/${encodeURIComponent(id)}/${step}`, body, write());
  }
}
