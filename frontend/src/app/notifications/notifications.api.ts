import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { FORM_STATUSES, idempotent } from '../core/api/idempotency';
import { RestClient } from '../core/api/rest-client';
import type { InboxPage, NotificationPreferences, PreferencesChange, WorkOrderNotice } from './notifications.model';

export const NOTIFICATION_STREAM_URL = '/api/v1/me/notifications/stream';

/** The notification routes under /api/v1/me, and a work order's delivery state. */
@Injectable({ providedIn: 'root' })
export class NotificationsApi {
  private readonly rest = inject(RestClient);

  inbox(page: number, pageSize: number, unreadOnly: boolean): Observable<InboxPage> {
    return this.rest.get<InboxPage>('/api/v1/me/notifications', { params: { page, pageSize, ...(unreadOnly ? { unread: 'true' } : {}) } });
  }

  unreadCount(): Observable<{ unread: number }> {
    return this.rest.get<{ unread: number }>('/api/v1/me/notifications/unread-count', { background: true });
  }

  markRead(id: string): Observable<{ id: string; readAt: string | null }> {
    return this.rest.post(`/api/v1/me/notifications/${id}/read`, {}, { headers: idempotent() });
  }

  markAllRead(): Observable<{ unread: number }> {
    return this.rest.post('/api/v1/me/notifications/read-all', {}, { headers: idempotent() });
  }

  preferences(): Observable<NotificationPreferences> {
    return this.rest.get<NotificationPreferences>('/api/v1/me/notification-preferences');
  }

  changePreferences(change: PreferencesChange): Observable<NotificationPreferences> {
    return this.rest.put<NotificationPreferences>('/api/v1/me/notification-preferences', change, { headers: idempotent(), handledErrorStatuses: FORM_STATUSES });
  }

  workOrderNotices(workOrderId: string): Observable<{ items: WorkOrderNotice[] }> {
    return this.rest.get(`/api/v1/work-orders/${workOrderId}/notifications`);
  }
}
