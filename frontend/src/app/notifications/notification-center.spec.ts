import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthSession } from '../core/auth/auth-session';
import { LiveStreams, type StreamHandlers } from '../core/live/event-stream';
import { NotificationCenter, linkOf } from './notification-center';
import type { InboxItem } from './notifications.model';

const item = (id: string, readAt: string | null = null): InboxItem => ({
  id,
  eventType: 'EngineerAssigned',
  templateKey: 'work-order.engineer-assigned',
  title: `新任务 ${id}`,
  body: '请及时接受',
  subject: { kind: 'work-order', id: `wo-${id}`, label: `WO-${id}` },
  createdAt: '2026-12-01T08:00:00.000Z',
  readAt,
  position: Number(id.replace(/\D/g, '')) || 1,
});

describe('NotificationCenter', () => {
  let backend: HttpTestingController;
  let center: NotificationCenter;
  let handlers: StreamHandlers | null;
  let opened: string[];
  let closed: number;
  const signedIn = signal(true);

  beforeEach(() => {
    handlers = null;
    opened = [];
    closed = 0;
    signedIn.set(true);
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: AuthSession, useValue: { signedIn, token: () => 't' } },
        // The transport: what the stream would hand over (event-stream.spec.ts proves the real one).
        {
          provide: LiveStreams,
          useValue: {
            open: (url: string, h: StreamHandlers) => {
              opened.push(url);
              handlers = h;
              return { close: () => void closed++, lastEventId: () => undefined };
            },
          },
        },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    center = TestBed.inject(NotificationCenter);
    TestBed.tick();
  });

  afterEach(() => backend.verify());

  it('opens the live stream when signed in, and asks for the count each time it (re)opens', async () => {
    expect(opened).toEqual(['/api/v1/me/notifications/stream']);
    handlers!.state!('open');
    backend.expectOne((r) => r.url === '/api/v1/me/notifications').flush({ items: [item('n1')], total: 1, unread: 1, page: 1, pageSize: 5 });
    await Promise.resolve();
    await Promise.resolve();
    expect(center.unread()).toBe(1);
    expect(center.latest().map((i) => i.id)).toEqual(['n1']);
  });

  it('counts each new notification once and keeps the newest five', () => {
    const heard: string[] = [];
    center.onArrival((i) => heard.push(i.id));
    for (const n of [1, 2, 3, 4, 5, 6]) handlers!.message({ id: String(n), event: 'notification', data: item(`n${n}`) });
    // A replayed message after a reconnect is the same notification: not counted twice.
    handlers!.message({ id: '6', event: 'notification', data: item('n6') });
    expect(center.unread()).toBe(6);
    expect(center.latest().map((i) => i.id)).toEqual(['n6', 'n5', 'n4', 'n3', 'n2']);
    expect(heard).toEqual(['n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
  });

  it('marks one read, and all read, at the backend', async () => {
    handlers!.message({ id: '1', event: 'notification', data: item('n1') });
    handlers!.message({ id: '2', event: 'notification', data: item('n2') });
    const one = center.markRead(center.latest()[0]!);
    const request = backend.expectOne('/api/v1/me/notifications/n2/read');
    expect(request.request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    request.flush({ id: 'n2', readAt: '2026-12-01T08:01:00.000Z' });
    await one;
    expect(center.unread()).toBe(1);
    const all = center.markAllRead();
    backend.expectOne('/api/v1/me/notifications/read-all').flush({ unread: 0 });
    await all;
    expect(center.unread()).toBe(0);
    expect(center.latest().every((i) => i.readAt !== null)).toBe(true);
  });

  it('closes the stream and forgets the count when signed out', () => {
    handlers!.message({ id: '1', event: 'notification', data: item('n1') });
    signedIn.set(false);
    TestBed.tick();
    expect(closed).toBe(1);
    expect(center.unread()).toBe(0);
  });

  it('links a work order’s notification to the work order', () => {
    expect(linkOf(item('n1'))).toEqual(['/work-orders', 'wo-n1']);
    expect(linkOf({ subject: { kind: 'expert-help', id: 'help-1', label: 'WO-1' } })).toEqual(['/expert-help', 'help-1']);
    expect(linkOf({ subject: { kind: 'report', id: 'report-1', label: '月度故障' } })).toEqual(['/analytics/reports', 'report-1']);
    expect(linkOf({ subject: null })).toBeNull();
  });
});
