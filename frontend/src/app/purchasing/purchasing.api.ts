import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { RestClient } from '../core/api/rest-client';
import { FORM_STATUSES, idempotent } from '../core/api/idempotency';
import type { Page } from '../shared/table/page';
import type { ApprovalChain, PurchaseOrder, PurchaseRequest, StockThreshold } from './purchasing.model';

type Params = Record<string, string | number>;
const defined = (params: Record<string, string | number | null | undefined>): Params =>
  Object.fromEntries(Object.entries(params).filter(([, v]) => v !== '' && v !== null && v !== undefined)) as Params;
/** A state-changing request: a fresh key each time, refusals handled by the form that sent it. */
const write = () => ({ headers: idempotent(), handledErrorStatuses: [...FORM_STATUSES, 403, 404] });

/** Low stock and purchasing: thresholds, the approval chain, purchase requests and orders. */
@Injectable({ providedIn: 'root' })
export class PurchasingApi {
  private readonly rest = inject(RestClient);

  thresholds(query: Record<string, string | number | null>): Observable<Page<StockThreshold>> {
    return this.rest.get('/api/v1/inventory/thresholds', { params: defined(query) });
  }
  setThreshold(body: { warehouseId: string; partId: string; minimum: number; reorderQuantity: number }): Observable<StockThreshold> {
    return this.rest.put('/api/v1/inventory/thresholds', body, write());
  }
  chain(): Observable<ApprovalChain> {
    return this.rest.get('/api/v1/purchasing/approval-chain');
  }
  configureChain(bands: { upToFen: number | null; levels: { roles: string[] }[] }[]): Observable<ApprovalChain> {
    return this.rest.put('/api/v1/purchasing/approval-chain', { bands }, write());
  }
  requests(query: Record<string, string | number | null>): Observable<Page<PurchaseRequest>> {
    return this.rest.get('/api/v1/purchasing/requests', { params: defined(query) });
  }
  raise(body: {
    lines: { partId: string; warehouseId: string; quantity: number; estimatedUnitFen: number }[];
    reason: string;
  }): Observable<PurchaseRequest> {
    return this.rest.post('/api/v1/purchasing/requests', body, write());
  }
  approve(id: string, level: number): Observable<PurchaseRequest> {
    return this.rest.post(`/api/v1/purchasing/requests/${encodeURIComponent(id)}/approve`, { level }, write());
  }
  reject(id: string, reason: string): Observable<PurchaseRequest> {
    return this.rest.post(`/api/v1/purchasing/requests/${encodeURIComponent(id)}/reject`, { reason }, write());
  }
  orders(query: Record<string, string | number | null>): Observable<Page<PurchaseOrder>> {
    return this.rest.get('/api/v1/purchasing/orders', { params: defined(query) });
  }
  place(body: {
    purchaseRequestId: string;
    supplier: string;
    lines: { partId: string; warehouseId: string; quantity: number; unitPriceFen: number }[];
  }): Observable<PurchaseOrder> {
    return this.rest.post('/api/v1/purchasing/orders', body, write());
  }
  receive(id: string, lines: { partId: string; warehouseId: string; quantity: number }[]): Observable<PurchaseOrder> {
    return this.rest.post(`/api/v1/purchasing/orders/${encodeURIComponent(id)}/receive`, { lines }, write());
  }
}
