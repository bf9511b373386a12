import type { DomainEvent } from '../event-sourcing/event';

// ---- Events of notifications ------------------------------------------------------------------
// `Notification-<notificationId>`: one notification to one user, raised by a rule from another
// context's event (never from inside that context's command), then read and delivered per channel.
// `NotificationInbox-<userId>`: "mark all read". `NotificationPreferences-<userId>`: what to send how.

export const NOTIFICATION_CHANNELS = ['in-app', 'sms', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
/** The channels that leave the platform: each is a delivery with its own record. */
export type ExternalChannel = Exclude<NotificationChannel, 'in-app'>;
export const EXTERNAL_CHANNELS: readonly ExternalChannel[] = ['sms', 'email'];

export const NOTIFICATION_LANGUAGES = ['zh-CN', 'en'] as const;
export type NotificationLanguage = (typeof NOTIFICATION_LANGUAGES)[number];

/** What the notification is about, for the link in the inbox. */
export interface NotificationSubject {
  /** A work order, or an expert help (whose expert is no party of the work order it is for). */
  readonly kind: 'work-order' | 'expert-help' | 'low-stock' | 'report';
  readonly id: string;
  /** The human reference (the work order's number, also for an expert help on it). */
  readonly label: string;
}

export type NotificationRaised = DomainEvent<
  'NotificationRaised',
  {
    notificationId: string;
    recipientId: string;
    /** The triggering event's type: the preference key. */
    eventType: string;
    templateKey: string;
    language: NotificationLanguage;
    title: string;
    body: string;
    subject: NotificationSubject | null;
    /** External channels to deliver on, after the recipient's preferences (in-app is always kept). */
    channels: readonly ExternalChannel[];
    /** End of the recipient's quiet hours when raised within them: SMS and e-mail wait until then. */
    holdUntil: string | null;
    sourceEventId: string;
    at: string;
  }
>;
export type NotificationRead = DomainEvent<'NotificationRead', { notificationId: string; recipientId: string; at: string }>;
export type NotificationDelivered = DomainEvent<'NotificationDelivered', { notificationId: string; channel: ExternalChannel; attempts: number; at: string }>;
export type NotificationDeliveryFailed = DomainEvent<
  'NotificationDeliveryFailed',
  { notificationId: string; channel: ExternalChannel; attempts: number; error: string; final: boolean; at: string }
>;
/** Nothing to send to: the recipient has no number or no address for the channel. */
export type NotificationDeliverySkipped = DomainEvent<'NotificationDeliverySkipped', { notificationId: string; channel: ExternalChannel; reason: 'no-address'; at: string }>;

export type NotificationEvent = NotificationRaised | NotificationRead | NotificationDelivered | NotificationDeliveryFailed | NotificationDeliverySkipped;

export type NotificationsReadUpTo = DomainEvent<'NotificationsReadUpTo', { recipientId: string; upTo: string; at: string }>;
export type NotificationInboxEvent = NotificationsReadUpTo;

/** Per event type, which channels the user wants; absent entries fall back to the rule's default. */
export type ChannelChoices = Readonly<Record<string, Partial<Readonly<Record<ExternalChannel, boolean>>>>>;

export interface QuietHours {
  /** Local wall-clock `HH:MM`; the window may run past midnight (22:00–08:00). */
  readonly start: string;
  readonly end: string;
}

export type NotificationPreferencesChanged = DomainEvent<
  'NotificationPreferencesChanged',
  {
    userId: string;
    choices: ChannelChoices;
    quietHours: QuietHours | null;
    timeZone: string;
    language: NotificationLanguage;
    /** The e-mail address, encrypted by the backend's field encryption; null when none is given. */
    emailEncrypted: string | null;
    at: string;
  }
>;
export type NotificationPreferencesEvent = NotificationPreferencesChanged;

export const notificationStream = (notificationId: string): string => `Notification-${notificationId}`;
export const notificationInboxStream = (userId: string): string => `NotificationInbox-${userId}`;
export const notificationPreferencesStream = (userId: string): string => `NotificationPreferences-${userId}`;
