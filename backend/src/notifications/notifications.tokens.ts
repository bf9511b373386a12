/** Injection tokens of the notification channels' ports. */
export const EMAIL_SENDER = Symbol('EMAIL_SENDER');
export const NOTIFICATION_SMS = Symbol('NOTIFICATION_SMS');
export const NOTIFICATION_SETTINGS = Symbol('NOTIFICATION_SETTINGS');
