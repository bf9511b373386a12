import { Injectable, inject } from '@angular/core';
import { type Observable, map } from 'rxjs';
import { FORM_STATUSES, idempotent, queryOf } from '../core/api/idempotency';
import { RestClient } from '../core/api/rest-client';
import type { Page } from '../shared/table/page';
import { listParams } from './work-order-filters';
import type {
  Attachment,
  DeviceOption,
  RecordBody,
  SlaClock,
  SubmitRequest,
  Suggestion,
  WorkOrderDetail,
  WorkOrderQuery,
  WorkOrderRow,
} from './work-order.model';

const base = '/api/v1/work-orders';
const path = (id: string, step = '') => `${base}/${encodeURIComponent(id)}${step ? `/${step}` : ''}`;

// The read models key rows by `_id`; presented views name it `id`. The console reads either.
const keyed = <T extends { _id: string }>(row: T | (Omit<T, '_id'> & { id: string })): T =>
  ('_id' in row && row._id ? row : { ...row, _id: (row as { id: string }).id }) as T;
const keyedPage = <T extends { _id: string }>(page: Page<T>): Page<T> => ({ ...page, items: page.items.map(keyed) });

// Rankings may come as a bare list or wrapped in {items}: both read the same.
const itemsOf = <T>(answer: readonly T[] | { readonly items: readonly T[] }): readonly T[] =>
  Array.isArray(answer) ? answer : (answer as { items: readonly T[] }).items;

/** The work-order REST API: list, detail, SLA, suggestions, and one POST per step. */
@Injectable({ providedIn: 'root' })
export class WorkOrdersApi {
  private readonly rest = inject(RestClient);

  /** With a party filter, `parties` names those parties (when an order in scope holds them). */
  list(query: WorkOrderQuery): Observable<Page<WorkOrderRow> & { readonly parties?: Readonly<Record<string, string>> }> {
    return this.rest.get<Page<WorkOrderRow> & { parties?: Record<string, string> }>(base, { params: listParams(query) }).pipe(map((page) => ({ ...page, items: page.items.map(keyed) })));
  }

  detail(id: string): Observable<WorkOrderDetail> {
    // A page that shows "not found" itself: no global notice for a 404.
    return this.rest.get<WorkOrderDetail>(path(id), { handledErrorStatuses: [403, 404] }).pipe(map(keyed));
  }

  sla(id: string): Observable<SlaClock> {
    return this.rest.get(path(id, 'sla'), { handledErrorStatuses: [403, 404] });
  }

  dispatchSuggestions(id: string): Observable<readonly Suggestion[]> {
    return this.rest.get<readonly Suggestion[] | { items: readonly Suggestion[] }>(path(id, 'dispatch-suggestions')).pipe(map(itemsOf));
  }

  engineerSuggestions(id: string): Observable<readonly Suggestion[]> {
    return this.rest.get<readonly Suggestion[] | { items: readonly Suggestion[] }>(path(id, 'engineer-suggestions')).pipe(map(itemsOf));
  }

  devices(q: string): Observable<Page<DeviceOption>> {
    return this.rest.get<Page<DeviceOption>>('/api/v1/devices', { params: queryOf({ q, page: 1, pageSize: 20 }) }).pipe(map(keyedPage));
  }

  device(id: string): Observable<DeviceOption> {
    return this.rest.get<DeviceOption>(`/api/v1/devices/${encodeURIComponent(id)}`, { handledErrorStatuses: [403, 404] }).pipe(map(keyed));
  }

  submit(request: SubmitRequest): Observable<{ id?: string; workOrderId?: string; number?: string }> {
    return this.rest.post(base, request, { headers: idempotent(), handledErrorStatuses: FORM_STATUSES });
  }

  /** One step of the flow (`review`, `dispatch`, `receipt/approve` …) with its body. */
  step(id: string, step: string, body: object = {}): Observable<unknown> {
    // A refusal (409 with its reason, 403 not-your-role) shows in the global notice, in the backend's words.
    return this.rest.post(path(id, step), body, { headers: idempotent() });
  }

  editRecord(id: string, recordId: string, body: RecordBody): Observable<unknown> {
    return this.rest.put(path(id, `records/${encodeURIComponent(recordId)}`), body, { headers: idempotent() });
  }

  uploadPhoto(file: Blob): Observable<Attachment> {
    return this.rest.post('/api/v1/blobs', file, {
      headers: { ...idempotent(), 'Content-Type': file.type || 'application/octet-stream' },
      handledErrorStatuses: [400, 413, 415],
    });
  }
}
