import type { Command } from '../event-sourcing/decider';
import type { ExternalChannel, NotificationPreferencesChanged, NotificationRaised } from './notification.events';

// ---- Commands: the platform's (rules, delivery jobs) and the recipient's --------------------------

export type RaiseNotification = Command<'RaiseNotification', NotificationRaised['data']>;
export type MarkNotificationRead = Command<'MarkNotificationRead', { notificationId: string; by: string; at: string }>;
export type RecordNotificationDelivery = Command<'RecordNotificationDelivery', { notificationId: string; channel: ExternalChannel; attempts: number; at: string }>;
export type RecordNotificationFailure = Command<
  'RecordNotificationFailure',
  { notificationId: string; channel: ExternalChannel; attempts: number; error: string; final: boolean; at: string }
>;
export type SkipNotificationDelivery = Command<'SkipNotificationDelivery', { notificationId: string; channel: ExternalChannel; at: string }>;

export type NotificationCommand = RaiseNotification | MarkNotificationRead | RecordNotificationDelivery | RecordNotificationFailure | SkipNotificationDelivery;

export type MarkAllNotificationsRead = Command<'MarkAllNotificationsRead', { recipientId: string; at: string }>;
export type NotificationInboxCommand = MarkAllNotificationsRead;

export type ChangeNotificationPreferences = Command<'ChangeNotificationPreferences', NotificationPreferencesChanged['data']>;
export type NotificationPreferencesCommand = ChangeNotificationPreferences;
