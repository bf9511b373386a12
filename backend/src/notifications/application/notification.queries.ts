import { Inject } from '@nestjs/common';
import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  DEFAULT_PREFERENCES,
  notification,
  notificationInbox,
  notificationInboxStream,
  notificationPreferences,
  notificationPreferencesStream,
  notificationStream,
  NotYourNotification,
  type Actor,
  type ChannelChoices,
  type ExternalChannel,
  type NotificationLanguage,
  type QuietHours,
} from '@kuaige/domain';
import { publicRow, visibleRows, type ReadModelStore } from '@kuaige/projections';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import type { ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { maskEmail } from '../channels/mask-email';
import { NOTIFICATION_RULES } from '../rules';
import { inboxItem } from '../live/notification-hub';
import { NOTIFICATIONS_COLLECTION, type NotificationRow } from '../read-models/notifications.projections';
import { PreferencesReader } from './notification-preferences';

// ---- The inbox, preferences and delivery state, for the recipient and for the work order's parties --

export interface InboxPage {
  readonly items: readonly ReturnType<typeof inboxItem>[];
  readonly total: number;
  readonly unread: number;
  readonly page: number;
  readonly pageSize: number;
}

const unreadOf = (store: ReadModelStore, userId: string) => store.collection<NotificationRow>(NOTIFICATIONS_COLLECTION).count({ $and: [visibleRows, { recipientId: userId, readAt: null }] });

export class GetMyInbox extends Query<InboxPage> {
  constructor(
    readonly userId: string,
    readonly unreadOnly: boolean,
    readonly page: number,
    readonly pageSize: number,
  ) {
    super();
  }
}

@QueryHandler(GetMyInbox)
export class GetMyInboxHandler implements IQueryHandler<GetMyInbox, InboxPage> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly freshness: ReadModelFreshness,
  ) {}

  async execute({ userId, unreadOnly, page, pageSize }: GetMyInbox): Promise<InboxPage> {
    await this.freshness.caughtUp([NOTIFICATIONS_COLLECTION]);
    const rows = this.store.collection<NotificationRow>(NOTIFICATIONS_COLLECTION);
    const query = { $and: [visibleRows, { recipientId: userId }, ...(unreadOnly ? [{ readAt: null }] : [])] };
    const [items, total, unread] = await Promise.all([rows.find(query, { sort: { position: -1 }, skip: (page - 1) * pageSize, limit: pageSize }), rows.count(query), unreadOf(this.store, userId)]);
    return { items: items.map((r) => inboxItem(r)), total, unread, page, pageSize };
  }
}

export class GetMyUnreadCount extends Query<{ unread: number }> {
  constructor(readonly userId: string) {
    super();
  }
}

@QueryHandler(GetMyUnreadCount)
export class GetMyUnreadCountHandler implements IQueryHandler<GetMyUnreadCount, { unread: number }> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly freshness: ReadModelFreshness,
  ) {}

  async execute({ userId }: GetMyUnreadCount) {
    await this.freshness.caughtUp([NOTIFICATIONS_COLLECTION]);
    return { unread: await unreadOf(this.store, userId) };
  }
}

/** I mark one of my notifications read; someone else's is "not found" (NotYourNotification). */
export class MarkMyNotificationRead extends Command<{ id: string; readAt: string | null }> {
  constructor(
    readonly actor: Actor,
    readonly notificationId: string,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

@CommandHandler(MarkMyNotificationRead)
export class MarkMyNotificationReadHandler implements ICommandHandler<MarkMyNotificationRead> {
  constructor(private readonly streams: AggregateStreams) {}

  async execute({ actor, notificationId, client }: MarkMyNotificationRead) {
    // Someone else's (or no) notification is refused before the request is recorded, so that the
    // refusal leaves no trace of the id in the log (the decider refuses it too).
    const { state } = await this.streams.load(notificationStream(notificationId), notification);
    if (!state.raised || state.recipientId !== actor.userId) throw new NotYourNotification();
    const at = new Date();
    const result = await this.streams.handle(
      notificationStream(notificationId),
      { type: 'MarkNotificationRead', data: { notificationId, by: actor.userId, at: at.toISOString() } },
      notification,
      client.context('mark-notification-read', actor, at),
    );
    return { id: notificationId, readAt: result.state.readAt };
  }
}

export class MarkAllMyNotificationsRead extends Command<{ unread: number }> {
  constructor(
    readonly actor: Actor,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

@CommandHandler(MarkAllMyNotificationsRead)
export class MarkAllMyNotificationsReadHandler implements ICommandHandler<MarkAllMyNotificationsRead> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly freshness: ReadModelFreshness,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  async execute({ actor, client }: MarkAllMyNotificationsRead) {
    const at = new Date();
    const result = await this.streams.handle(
      notificationInboxStream(actor.userId),
      { type: 'MarkAllNotificationsRead', data: { recipientId: actor.userId, at: at.toISOString() } },
      notificationInbox,
      client.context('mark-all-notifications-read', actor, at),
    );
    await this.freshness.reached([NOTIFICATIONS_COLLECTION], result.position);
    return { unread: await unreadOf(this.store, actor.userId) };
  }
}

/**
 * The event types a user can choose channels for, with the default channels: where several rules tell
 * different people of one event type, the union (the most any of them gets by default).
 */
export const PREFERENCE_EVENT_TYPES = [
  ...NOTIFICATION_RULES.reduce((all, r) => all.set(r.eventType, [...new Set([...(all.get(r.eventType) ?? []), ...r.channels])]), new Map<string, ExternalChannel[]>()).entries(),
].map(([eventType, channels]) => ({ eventType, defaultChannels: (['sms', 'email'] as const).filter((c) => channels.includes(c)) }));

export interface PreferencesView {
  readonly choices: ChannelChoices;
  readonly quietHours: QuietHours | null;
  readonly timeZone: string;
  readonly language: NotificationLanguage;
  /** Masked; null when none is on file. */
  readonly email: string | null;
  readonly eventTypes: typeof PREFERENCE_EVENT_TYPES;
}

export class GetMyNotificationPreferences extends Query<PreferencesView> {
  constructor(readonly userId: string) {
    super();
  }
}

const viewOf = async (preferences: PreferencesReader, userId: string): Promise<PreferencesView> => {
  const state = await preferences.of(userId);
  const email = await preferences.email(userId);
  return { choices: state.choices, quietHours: state.quietHours, timeZone: state.timeZone, language: state.language, email: email === null ? null : maskEmail(email), eventTypes: PREFERENCE_EVENT_TYPES };
};

@QueryHandler(GetMyNotificationPreferences)
export class GetMyNotificationPreferencesHandler implements IQueryHandler<GetMyNotificationPreferences, PreferencesView> {
  constructor(private readonly preferences: PreferencesReader) {}

  execute({ userId }: GetMyNotificationPreferences) {
    return viewOf(this.preferences, userId);
  }
}

export interface PreferencesChange {
  readonly choices: ChannelChoices;
  readonly quietHours: QuietHours | null;
  readonly timeZone?: string;
  readonly language?: NotificationLanguage;
  /** undefined: keep the address on file; null or '': remove it. */
  readonly email?: string | null;
}

export class ChangeMyNotificationPreferences extends Command<PreferencesView> {
  constructor(
    readonly actor: Actor,
    readonly change: PreferencesChange,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

@CommandHandler(ChangeMyNotificationPreferences)
export class ChangeMyNotificationPreferencesHandler implements ICommandHandler<ChangeMyNotificationPreferences, PreferencesView> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly preferences: PreferencesReader,
  ) {}

  async execute({ actor, change, client }: ChangeMyNotificationPreferences): Promise<PreferencesView> {
    const current = await this.preferences.of(actor.userId);
    const at = new Date();
    const emailEncrypted = change.email === undefined ? current.emailEncrypted : change.email ? this.preferences.encryptEmail(actor.userId, change.email.trim()) : null;
    await this.streams.handle(
      notificationPreferencesStream(actor.userId),
      {
        type: 'ChangeNotificationPreferences',
        data: {
          userId: actor.userId,
          choices: change.choices,
          quietHours: change.quietHours,
          timeZone: change.timeZone ?? current.timeZone ?? DEFAULT_PREFERENCES.timeZone,
          language: change.language ?? current.language,
          emailEncrypted,
          at: at.toISOString(),
        },
      },
      notificationPreferences,
      client.context('change-notification-preferences', actor, at),
    );
    return viewOf(this.preferences, actor.userId);
  }
}

export interface WorkOrderNotice {
  readonly id: string;
  readonly recipient: { readonly userId: string; readonly displayName: string };
  readonly eventType: string;
  readonly title: string;
  readonly createdAt: string;
  readonly readAt: string | null;
  readonly holdUntil: string | null;
  readonly deliveries: NotificationRow['deliveries'];
}

/** Who was told what about one work order, by which channel, when, and in which state (oldest first). */
export class GetWorkOrderNotifications extends Query<{ items: WorkOrderNotice[] }> {
  constructor(readonly workOrderId: string) {
    super();
  }
}

@QueryHandler(GetWorkOrderNotifications)
export class GetWorkOrderNotificationsHandler implements IQueryHandler<GetWorkOrderNotifications> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly freshness: ReadModelFreshness,
  ) {}

  async execute({ workOrderId }: GetWorkOrderNotifications) {
    await this.freshness.caughtUp([NOTIFICATIONS_COLLECTION]);
    const rows = (await this.store.collection<NotificationRow>(NOTIFICATIONS_COLLECTION).find({ $and: [visibleRows, { subjectId: workOrderId }] }, { sort: { position: 1 }, limit: 500 })).map((r) => publicRow(r));
    const accounts = await this.store.collection('accounts').find({ $and: [visibleRows, { _id: { $in: [...new Set(rows.map((r) => r.recipientId))] } }] });
    const names = new Map(accounts.map((a) => [a._id, String(a['displayName'] ?? '')]));
    return {
      items: rows.map((r) => ({
        id: r._id,
        recipient: { userId: r.recipientId, displayName: names.get(r.recipientId) ?? '' },
        eventType: r.eventType,
        title: r.title,
        createdAt: r.createdAt,
        readAt: r.readAt,
        holdUntil: r.holdUntil,
        deliveries: r.deliveries,
      })),
    };
  }
}

export const NOTIFICATION_HANDLERS = [
  GetMyInboxHandler,
  GetMyUnreadCountHandler,
  MarkMyNotificationReadHandler,
  MarkAllMyNotificationsReadHandler,
  GetMyNotificationPreferencesHandler,
  ChangeMyNotificationPreferencesHandler,
  GetWorkOrderNotificationsHandler,
];
