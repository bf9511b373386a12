import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { RestClient } from '../core/api/rest-client';
import { FORM_STATUSES, idempotent } from '../core/api/idempotency';

export interface VisitSlot {
  readonly start: string;
  readonly end: string;
}

export interface Appointment {
  readonly workOrderId: string;
  readonly status: 'none' | 'proposed' | 'confirmed' | 'reschedule-requested';
  readonly round: number;
  readonly slots: readonly VisitSlot[];
  readonly place?: string;
  readonly engineerId?: string | null;
  readonly confirmed?: VisitSlot | null;
  readonly remindAt?: string | null;
  readonly remindedAt?: string | null;
  readonly history: readonly { readonly round: number; readonly kind: string; readonly reason: string | null; readonly at: string }[];
  readonly actions: readonly ('propose' | 'confirm' | 'reschedule')[];
}

export interface ReturnVisit {
  readonly workOrderId: string;
  readonly status: 'none' | 'scheduled' | 'recorded';
  readonly dueAt?: string;
  readonly outcome?: 'resolved' | 'recurring' | 'unreachable' | null;
  readonly satisfaction?: number | null;
  readonly note?: string;
  readonly recordedAt?: string | null;
  readonly actions: readonly 'record'[];
}

const id = encodeURIComponent;
const WRITE = { handledErrorStatuses: [...FORM_STATUSES, 403, 404] };

/** Visit appointments (WO-16) and return visits (WO-15) of a work order. */
@Injectable({ providedIn: 'root' })
export class VisitsApi {
  private readonly rest = inject(RestClient);

  appointment(workOrderId: string): Observable<Appointment> {
    return this.rest.get(`/api/v1/work-orders/${id(workOrderId)}/appointment`, { handledErrorStatuses: [403, 404] });
  }

  propose(workOrderId: string, body: { slots: VisitSlot[]; place: string }): Observable<Appointment> {
    return this.rest.post(`/api/v1/work-orders/${id(workOrderId)}/appointment/proposals`, body, { headers: idempotent(), ...WRITE });
  }

  confirm(workOrderId: string, slotStart: string): Observable<Appointment> {
    return this.rest.post(`/api/v1/work-orders/${id(workOrderId)}/appointment/confirm`, { slotStart }, { headers: idempotent(), ...WRITE });
  }

  reschedule(workOrderId: string, reason: string): Observable<Appointment> {
    return this.rest.post(`/api/v1/work-orders/${id(workOrderId)}/appointment/reschedule-request`, { reason }, { headers: idempotent(), ...WRITE });
  }

  returnVisit(workOrderId: string): Observable<ReturnVisit> {
    return this.rest.get(`/api/v1/work-orders/${id(workOrderId)}/return-visit`, { handledErrorStatuses: [403, 404] });
  }

  recordReturnVisit(workOrderId: string, body: { outcome: string; satisfaction?: number; note: string }): Observable<ReturnVisit> {
    return this.rest.post(`/api/v1/work-orders/${id(workOrderId)}/return-visit`, body, { headers: idempotent(), ...WRITE });
  }
}

/** A `datetime-local` value (the browser's wall clock) as an instant with its offset. */
export const instantOfLocal = (local: string): string => {
  const date = new Date(local);
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${local.length === 16 ? `${local}:00` : local}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
};
