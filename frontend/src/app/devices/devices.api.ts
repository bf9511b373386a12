import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { RestClient } from '../core/api/rest-client';
import { FORM_STATUSES, idempotent } from '../core/api/idempotency';
import type { Page } from '../shared/table/page';
import { listParams } from './device-logic';
import type { Device, DeviceImportReport, DeviceQuery, DeviceSubmission, PublicDevice, PublicRequest } from './devices.model';

/** The device registry: list, detail, register and edit, sale and status, import/export, QR labels. */
@Injectable({ providedIn: 'root' })
export class DevicesApi {
  private readonly rest = inject(RestClient);

  list(query: DeviceQuery): Observable<Page<Device>> {
    return this.rest.get('/api/v1/devices', { params: listParams(query) });
  }

  reminders(page: number, pageSize: number): Observable<Page<Device>> {
    return this.rest.get('/api/v1/devices/reminders', { params: { page, pageSize } });
  }

  device(id: string): Observable<Device> {
    return this.rest.get(`/api/v1/devices/${encodeURIComponent(id)}`, { handledErrorStatuses: [404] });
  }

  byQrToken(token: string): Observable<Device> {
    return this.rest.get(`/api/v1/devices/qr/${encodeURIComponent(token)}`, { handledErrorStatuses: [403, 404] });
  }

  register(body: DeviceSubmission): Observable<Device> {
    return this.rest.post('/api/v1/devices', body, { headers: idempotent(), handledErrorStatuses: [...FORM_STATUSES, 403] });
  }

  update(id: string, body: Partial<DeviceSubmission>): Observable<Device> {
    return this.rest.patch(`/api/v1/devices/${encodeURIComponent(id)}`, body, { headers: idempotent(), handledErrorStatuses: [...FORM_STATUSES, 403] });
  }

  sell(id: string, ownerId: string, soldOn: string): Observable<Device> {
    return this.rest.post(`/api/v1/devices/${encodeURIComponent(id)}/sale`, { ownerId, soldOn }, { headers: idempotent(), handledErrorStatuses: [...FORM_STATUSES, 403] });
  }

  setStatus(id: string, status: string): Observable<Device> {
    return this.rest.post(`/api/v1/devices/${encodeURIComponent(id)}/status`, { status }, { headers: idempotent() });
  }

  retire(id: string, reason: string): Observable<Device> {
    return this.rest.post(`/api/v1/devices/${encodeURIComponent(id)}/retire`, { reason }, { headers: idempotent() });
  }

  /** The printable label, as SVG text. */
  label(id: string): Observable<Blob> {
    return this.rest.getBlob(`/api/v1/devices/${encodeURIComponent(id)}/label`);
  }

  importDevices(fileName: string, contentBase64: string): Observable<DeviceImportReport> {
    return this.rest.post('/api/v1/devices/import', { fileName, contentBase64 }, { headers: idempotent(), handledErrorStatuses: [400, 403, 413, 415] });
  }

  exportDevices(format: 'csv' | 'xlsx', language: string, query: DeviceQuery): Observable<Blob> {
    const { page: _page, pageSize: _pageSize, sort: _sort, ...filters } = listParams(query);
    return this.rest.getBlob('/api/v1/devices/export', { params: { ...filters, format, language } });
  }

  /** A request from the public form (no account): the device's holder switched it on. */
  submitPublicRequest(token: string, body: PublicRequest): Observable<{ readonly workOrderId: string; readonly number: string }> {
    return this.rest.post(`/api/v1/public/devices/${encodeURIComponent(token)}/requests`, body, {
      headers: idempotent(),
      handledErrorStatuses: [...FORM_STATUSES, 404, 429],
    });
  }

  publicDevice(token: string): Observable<PublicDevice> {
    return this.rest.get(`/api/v1/public/devices/${encodeURIComponent(token)}`, { handledErrorStatuses: [404, 429] });
  }
}
