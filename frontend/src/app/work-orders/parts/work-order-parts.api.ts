import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { FORM_STATUSES, idempotent, queryOf } from '../../core/api/idempotency';
import { RestClient } from '../../core/api/rest-client';
import type { MissingPartsBody, MyStock, WorkOrderParts } from './work-order-parts.model';

/** Parts and work orders: the engineer's van stock, what an order used, 缺件申请. */
@Injectable({ providedIn: 'root' })
export class WorkOrderPartsApi {
  private readonly rest = inject(RestClient);

  myStock(query: { q?: string; available?: boolean; page?: number; pageSize?: number }): Observable<MyStock> {
    return this.rest.get<MyStock>('/api/v1/inventory/my-stock', {
      params: queryOf({ q: query.q || null, available: query.available ? 'true' : null, page: query.page ?? null, pageSize: query.pageSize ?? null }),
    });
  }

  used(workOrderId: string): Observable<WorkOrderParts> {
    return this.rest.get<WorkOrderParts>(`/api/v1/work-orders/${encodeURIComponent(workOrderId)}/parts`);
  }

  requestMissing(workOrderId: string, body: MissingPartsBody): Observable<{ purchaseRequestId: string }> {
    return this.rest.post(`/api/v1/work-orders/${encodeURIComponent(workOrderId)}/missing-parts`, body, { headers: idempotent(), handledErrorStatuses: FORM_STATUSES });
  }
}
