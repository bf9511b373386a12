import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { RestClient } from '../core/api/rest-client';
import { FORM_STATUSES, idempotent } from '../core/api/idempotency';
import type { Page } from '../shared/table/page';
import type { Part, PartCategory, PartImportReport, PartSubmission, StockDocument, StockLevel, StockMovement, StockRecipient, Warehouse } from './inventory.model';

const BASE = '/api/v1/inventory';
type Params = Record<string, string | number>;
const defined = (params: Record<string, string | number | null | undefined>): Params =>
  Object.fromEntries(Object.entries(params).filter(([, v]) => v !== '' && v !== null && v !== undefined)) as Params;
/** A state-changing request: a fresh key each time, refusals handled by the form that sent it. */
const write = () => ({ headers: idempotent(), handledErrorStatuses: [...FORM_STATUSES, 403, 404] });

/** Spare parts: catalogue, warehouses, stock levels, the ledger and the stock documents. */
@Injectable({ providedIn: 'root' })
export class InventoryApi {
  private readonly rest = inject(RestClient);

  categories(): Observable<Page<PartCategory>> {
    return this.rest.get(`${BASE}/categories`);
  }
  createCategory(body: { code: string; name: string; parentCode: string | null }): Observable<PartCategory> {
    return this.rest.post(`${BASE}/categories`, body, write());
  }
  parts(query: Record<string, string | number | null>): Observable<Page<Part>> {
    return this.rest.get(`${BASE}/parts`, { params: defined(query) });
  }
  registerPart(body: PartSubmission): Observable<Part> {
    return this.rest.post(`${BASE}/parts`, body, write());
  }
  updatePart(id: string, body: Partial<PartSubmission>): Observable<Part> {
    return this.rest.patch(`${BASE}/parts/${encodeURIComponent(id)}`, body, write());
  }
  importParts(fileName: string, contentBase64: string): Observable<PartImportReport> {
    return this.rest.post(`${BASE}/parts/import`, { fileName, contentBase64 }, { headers: idempotent(), handledErrorStatuses: [400, 403, 413, 415] });
  }
  exportParts(format: 'csv' | 'xlsx', language: string): Observable<Blob> {
    return this.rest.getBlob(`${BASE}/parts/export`, { params: { format, language } });
  }
  warehouses(): Observable<Page<Warehouse>> {
    return this.rest.get(`${BASE}/warehouses`, { params: { pageSize: 100 } });
  }
  openWarehouse(body: { name: string; kind: string; address: string; bins: string[]; engineerId: string | null }): Observable<Warehouse> {
    return this.rest.post(`${BASE}/warehouses`, body, write());
  }
  stock(query: Record<string, string | number | null>): Observable<Page<StockLevel>> {
    return this.rest.get(`${BASE}/stock`, { params: defined(query) });
  }
  movements(query: Record<string, string | number | null>): Observable<Page<StockMovement>> {
    return this.rest.get(`${BASE}/movements`, { params: defined(query) });
  }
  documents(query: Record<string, string | number | null>): Observable<Page<StockDocument>> {
    return this.rest.get(`${BASE}/documents`, { params: defined(query) });
  }
  receive(body: { warehouseId: string; partId: string; quantity: number; unitCostFen: number; supplier: string }): Observable<StockDocument> {
    return this.rest.post(`${BASE}/receipts`, body, write());
  }
  requestIssue(body: { warehouseId: string; partId: string; quantity: number; recipient: StockRecipient; note: string }): Observable<StockDocument> {
    return this.rest.post(`${BASE}/issues`, body, write());
  }
  transfer(body: { warehouseId: string; partId: string; toWarehouseId: string; quantity: number }): Observable<StockDocument> {
    return this.rest.post(`${BASE}/transfers`, body, write());
  }
  adjust(body: { warehouseId: string; partId: string; delta: number; reason: string }): Observable<StockLevel> {
    return this.rest.post(`${BASE}/adjustments`, body, write());
  }
  returnStock(body: { warehouseId: string; partId: string; quantity: number; reason: string }): Observable<StockLevel> {
    return this.rest.post(`${BASE}/returns`, body, write());
  }
  /** A step of a document: shelve, approve, reject, pick, deliver, cancel, receive (a transfer). */
  step(path: string, body: object = {}): Observable<StockDocument> {
    return this.rest.post(`${BASE}/${path}`, body, write());
  }
}
