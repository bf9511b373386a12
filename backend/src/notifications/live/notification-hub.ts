import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NotificationEvent, NotificationInboxEvent } from '@kuaige/domain';
import type { EventStore, RecordedEvent, Subscription } from '@kuaige/eventsourcing';
import { publicRow, visibleRows, type ReadModelStore } from '@kuaige/projections';
import { APP_CONFIG } from '../../config/config.module';
import { roleRuns, type AppConfig } from '../../config/config';
import { EVENT_STORE } from '../../event-sourcing/aggregate-streams';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { closeAllSseStreams, type SseMessage, type SseSource } from '../../http/sse';
import { NOTIFICATIONS_COLLECTION, type NotificationRow } from '../read-models/notifications.projections';

/** What the inbox shows of a notification (its deliveries are for the sender's side). */
export const inboxItem = (row: NotificationRow) => {
  const { _id, recipientId: _r, deliveries: _d, pendingChannels: _p, subjectId: _s, holdUntil: _h, ...rest } = publicRow(row);
  return { id: _id, ...rest };
};

interface Addressed {
  readonly recipientId: string;
  readonly message: SseMessage;
}

const RECENT = 5_000;
const REPLAY_LIMIT = 200;

/**
 * Live notifications for the users connected to this process: one subscription to the event log from
 * its head (any role, any store), fanned out by recipient. A message's id is the event's global
 * position. Replay reads the inbox read model, and a window of recent live messages covers what the
 * read model has not projected yet, so that a reconnect right after a message still finds it.
 */
@Injectable()
export class NotificationHub implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationHub');
  private readonly listeners = new Map<string, Set<(message: SseMessage) => void>>();
  private readonly recent: Addressed[] = [];
  private subscription: Subscription | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!roleRuns(this.config.role).api) return;
    const head = await this.events.headPosition();
    this.subscription = this.events.subscribeToAll((event) => this.onEvent(event as RecordedEvent<NotificationEvent | NotificationInboxEvent>), {
      after: head,
      filter: { categories: ['Notification', 'NotificationInbox'] },
      onDrop: (error) => this.logger.warn({ err: error }, 'live notification subscription dropped; resubscribing'),
    });
    this.subscription.done.catch((error: Error) => this.logger.error({ err: error }, 'live notification subscription stopped'));
  }

  // Before the HTTP server closes: it waits for open responses, and a live stream never ends by itself.
  beforeApplicationShutdown(): void {
    closeAllSseStreams();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }

  /** Connected streams (all users) on this process. */
  get connections(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  /** The live stream of one user's inbox. */
  sourceFor(userId: string): SseSource {
    return {
      replay: (afterId) => this.replay(userId, afterId),
      subscribe: (listener) => {
        const set = this.listeners.get(userId) ?? new Set();
        set.add(listener);
        this.listeners.set(userId, set);
        return () => {
          set.delete(listener);
          if (set.size === 0) this.listeners.delete(userId);
        };
      },
    };
  }

  private async replay(userId: string, afterId: string | undefined): Promise<SseMessage[]> {
    if (afterId === undefined) return [];
    const after = Number(afterId);
    const rows = await this.store
      .collection<NotificationRow>(NOTIFICATIONS_COLLECTION)
      .find({ $and: [{ recipientId: userId, position: { $gt: after } }, visibleRows] }, { sort: { position: 1 }, limit: REPLAY_LIMIT });
    const byId = new Map<string, SseMessage>(rows.map((row) => [String(row.position), { id: String(row.position), event: 'notification', data: inboxItem(row) }]));
    for (const entry of this.recent) if (entry.recipientId === userId && Number(entry.message.id) > after) byId.set(entry.message.id, entry.message);
    return [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id));
  }

  private onEvent(event: RecordedEvent<NotificationEvent | NotificationInboxEvent>): void {
    const addressed = this.messageOf(event);
    if (!addressed) return;
    this.recent.push(addressed);
    if (this.recent.length > RECENT) this.recent.splice(0, this.recent.length - RECENT);
    for (const listener of this.listeners.get(addressed.recipientId) ?? []) listener(addressed.message);
  }

  private messageOf(event: RecordedEvent<NotificationEvent | NotificationInboxEvent>): Addressed | null {
    const id = String(event.position);
    const e = { type: event.type, data: event.data } as NotificationEvent | NotificationInboxEvent;
    switch (e.type) {
      case 'NotificationRaised': {
        const d = e.data;
        const item = { id: d.notificationId, eventType: d.eventType, templateKey: d.templateKey, title: d.title, body: d.body, subject: d.subject, createdAt: d.at, readAt: null, position: event.position };
        return { recipientId: d.recipientId, message: { id, event: 'notification', data: item } };
      }
      case 'NotificationRead':
        return { recipientId: e.data.recipientId, message: { id, event: 'read', data: { ids: [e.data.notificationId] } } };
      case 'NotificationsReadUpTo':
        return { recipientId: e.data.recipientId, message: { id, event: 'read', data: { upTo: e.data.upTo } } };
      default:
        return null;
    }
  }
}
