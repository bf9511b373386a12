/** A notification as the inbox and the live stream carry it. */
export interface InboxItem {
  readonly id: string;
  readonly eventType: string;
  readonly templateKey: string;
  readonly title: string;
  readonly body: string;
  readonly subject: { readonly kind: 'work-order' | 'expert-help' | 'low-stock' | 'report'; readonly id: string; readonly label: string } | null;
  readonly createdAt: string;
  readonly readAt: string | null;
  readonly position: number;
}

export interface InboxPage {
  readonly items: readonly InboxItem[];
  readonly total: number;
  readonly unread: number;
  readonly page: number;
  readonly pageSize: number;
}

export type ExternalChannel = 'sms' | 'email';

export interface NotificationPreferences {
  readonly choices: Readonly<Record<string, Partial<Record<ExternalChannel, boolean>>>>;
  readonly quietHours: { readonly start: string; readonly end: string } | null;
  readonly timeZone: string;
  readonly language: 'zh-CN' | 'en';
  /** Masked, or null when none is on file. */
  readonly email: string | null;
  readonly eventTypes: readonly { readonly eventType: string; readonly defaultChannels: readonly ExternalChannel[] }[];
}

export interface PreferencesChange {
  readonly choices: Record<string, Partial<Record<ExternalChannel, boolean>>>;
  readonly quietHours: { start: string; end: string } | null;
  readonly timeZone?: string;
  readonly language?: 'zh-CN' | 'en';
  /** Omitted: keep the address on file; null: remove it. */
  readonly email?: string | null;
}

export type DeliveryState = 'pending' | 'sent' | 'failed' | 'skipped';

/** Who was told about a work order, by which channel, in which state. */
export interface WorkOrderNotice {
  readonly id: string;
  readonly recipient: { readonly userId: string; readonly displayName: string };
  readonly eventType: string;
  readonly title: string;
  readonly createdAt: string;
  readonly readAt: string | null;
  readonly holdUntil: string | null;
  readonly deliveries: readonly { readonly channel: ExternalChannel; readonly state: DeliveryState; readonly attempts: number; readonly at: string | null; readonly error: string | null }[];
}
