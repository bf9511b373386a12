import type { DeliveryState, ExternalChannel, NotificationEvent, NotificationInboxEvent, NotificationSubject } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, updateMany, type Projection, type Row } from '@kuaige/projections';

// ---- Read models of notifications ---------------------------------------------------------------
// `notifications`: one row per notification, read by its recipient (inbox, unread count, the live
// stream's replay) and by the parties of the work order it is about (who was told, how, when).

export const NOTIFICATIONS_COLLECTION = 'notifications';

export interface DeliveryEntry {
  readonly channel: ExternalChannel;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly at: string | null;
  readonly error: string | null;
}

export interface NotificationRow extends Row {
  readonly _id: string;
  readonly recipientId: string;
  readonly eventType: string;
  readonly templateKey: string;
  readonly title: string;
  readonly body: string;
  readonly subject: NotificationSubject | null;
  /** The subject's id alone, so that "the notifications of this work order" runs on an index. */
  readonly subjectId: string | null;
  readonly createdAt: string;
  readonly readAt: string | null;
  /** Global position of NotificationRaised: the live stream's message id, so replay and live agree. */
  readonly position: number;
  readonly holdUntil: string | null;
  readonly deliveries: readonly DeliveryEntry[];
  /** Channels still to deliver: the start-up sweep queues their jobs again. */
  readonly pendingChannels: readonly ExternalChannel[];
}

const delivery = (e: RecordedEvent<NotificationEvent>, channel: ExternalChannel, entry: Omit<DeliveryEntry, 'channel'>) =>
  row<NotificationRow>(e.data.notificationId, (current) => {
    if (!current) return null;
    const deliveries = current.deliveries.map((d) => (d.channel === channel ? { channel, ...entry } : d));
    return { ...current, deliveries, pendingChannels: deliveries.filter((d) => d.state === 'pending').map((d) => d.channel) };
  });

export const notificationsProjection = projection<NotificationEvent | NotificationInboxEvent, NotificationRow>(NOTIFICATIONS_COLLECTION, {
  version: 1,
  indexes: [
    { name: 'by_recipient', key: { recipientId: 1, position: -1 } },
    { name: 'by_recipient_unread', key: { recipientId: 1, readAt: 1 } },
    { name: 'by_subject', key: { subjectId: 1, position: 1 } },
    { name: 'by_pending', key: { pendingChannels: 1 } },
  ],
  on: {
    NotificationRaised: (e) =>
      row<NotificationRow>(e.data.notificationId, (current) =>
        current ?? {
          _id: e.data.notificationId,
          recipientId: e.data.recipientId,
          eventType: e.data.eventType,
          templateKey: e.data.templateKey,
          title: e.data.title,
          body: e.data.body,
          subject: e.data.subject,
          subjectId: e.data.subject?.id ?? null,
          createdAt: e.data.at,
          readAt: null,
          position: e.position,
          holdUntil: e.data.holdUntil,
          deliveries: e.data.channels.map((channel) => ({ channel, state: 'pending', attempts: 0, at: null, error: null })),
          pendingChannels: [...e.data.channels],
        },
      ),
    NotificationRead: (e) => row<NotificationRow>(e.data.notificationId, (current) => current && { ...current, readAt: current.readAt ?? e.data.at }),
    NotificationDelivered: (e) => delivery(e, e.data.channel, { state: 'sent', attempts: e.data.attempts, at: e.data.at, error: null }),
    NotificationDeliveryFailed: (e) => delivery(e, e.data.channel, { state: e.data.final ? 'failed' : 'pending', attempts: e.data.attempts, at: e.data.at, error: e.data.error }),
    NotificationDeliverySkipped: (e) => delivery(e, e.data.channel, { state: 'skipped', attempts: 0, at: e.data.at, error: 'no-address' }),
    NotificationsReadUpTo: (e) => updateMany({ recipientId: e.data.recipientId, readAt: null, createdAt: { $lte: e.data.upTo } }, { $set: { readAt: e.data.at } }),
  },
});

/** The read models of notifications, registered in PRODUCT_PROJECTIONS. */
export const NOTIFICATIONS_PROJECTIONS: readonly Projection[] = [notificationsProjection];
