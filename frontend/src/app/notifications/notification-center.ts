import { DestroyRef, Injectable, effect, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { AuthSession } from '../core/auth/auth-session';
import { LiveStreams, type EventStreamHandle, type StreamMessage, type StreamState } from '../core/live/event-stream';
import { NOTIFICATION_STREAM_URL, NotificationsApi } from './notifications.api';
import type { InboxItem } from './notifications.model';

const LATEST = 5;

/**
 * The signed-in user's notifications as the shell shows them: the unread count and the newest few,
 * kept current by the live stream (which resumes after the last message it saw). The count is asked
 * again whenever the stream (re)opens, so that read marks made elsewhere while it was down show too.
 */
@Injectable({ providedIn: 'root' })
export class NotificationCenter {
  private readonly api = inject(NotificationsApi);
  private readonly live = inject(LiveStreams);
  private readonly session = inject(AuthSession);
  private stream: EventStreamHandle | null = null;
  private readonly arrivedListeners = new Set<(item: InboxItem) => void>();

  readonly unread = signal(0);
  readonly latest = signal<readonly InboxItem[]>([]);
  readonly state = signal<StreamState>('closed');

  constructor() {
    effect(() => {
      const signedIn = this.session.signedIn();
      if (signedIn && !this.stream) this.open();
      if (!signedIn && this.stream) this.close();
    });
    inject(DestroyRef).onDestroy(() => this.close());
  }

  /** Heard for each notification as it arrives (the inbox page prepends it). */
  onArrival(listener: (item: InboxItem) => void): () => void {
    this.arrivedListeners.add(listener);
    return () => this.arrivedListeners.delete(listener);
  }

  /** The count and newest few from the server (after marking read, or when the bell opens). */
  async refresh(): Promise<void> {
    try {
      const page = await firstValueFrom(this.api.inbox(1, LATEST, false));
      this.unread.set(page.unread);
      this.latest.set(page.items);
    } catch {
      // The bell keeps what it had; the next stream event or opening tries again.
    }
  }

  async markRead(item: InboxItem): Promise<void> {
    if (item.readAt) return;
    await firstValueFrom(this.api.markRead(item.id));
    this.latest.update((items) => items.map((i) => (i.id === item.id ? { ...i, readAt: new Date().toISOString() } : i)));
    this.unread.update((n) => Math.max(0, n - 1));
  }

  async markAllRead(): Promise<void> {
    const { unread } = await firstValueFrom(this.api.markAllRead());
    this.unread.set(unread);
    this.latest.update((items) => items.map((i) => (i.readAt ? i : { ...i, readAt: new Date().toISOString() })));
  }

  private open(): void {
    this.stream = this.live.open(NOTIFICATION_STREAM_URL, {
      message: (m) => this.onMessage(m),
      state: (s) => {
        this.state.set(s);
        if (s === 'open') void this.refresh();
      },
    });
  }

  private close(): void {
    this.stream?.close();
    this.stream = null;
    this.unread.set(0);
    this.latest.set([]);
  }

  private onMessage(message: StreamMessage): void {
    if (message.event === 'notification') {
      const item = message.data as InboxItem;
      if (this.latest().some((i) => i.id === item.id)) return;
      this.unread.update((n) => n + 1);
      this.latest.update((items) => [item, ...items].slice(0, LATEST));
      for (const listener of this.arrivedListeners) listener(item);
    } else if (message.event === 'read') {
      void this.refresh();
    }
  }
}

/** Where a notification leads in the console. */
export const linkOf = (item: Pick<InboxItem, 'subject'>): string[] | null => {
  if (item.subject?.kind === 'work-order') return ['/work-orders', item.subject.id];
  // The expert is no party of the order: an expert help's notice opens its chat.
  if (item.subject?.kind === 'expert-help') return ['/expert-help', item.subject.id];
  if (item.subject?.kind === 'low-stock') return ['/purchasing', 'low-stock'];
  // A scheduled report's run: the report, whose page lists its runs.
  if (item.subject?.kind === 'report') return ['/analytics/reports', item.subject.id];
  return null;
};
