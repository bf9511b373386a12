import { RuleViolation, type Decider } from '../event-sourcing/decider';
import type { MarkAllNotificationsRead, NotificationCommand, NotificationPreferencesCommand } from './notification.commands';
import type {
  ChannelChoices,
  ExternalChannel,
  NotificationEvent,
  NotificationInboxEvent,
  NotificationLanguage,
  NotificationPreferencesEvent,
  QuietHours,
} from './notification.events';

// ---- One notification (stream `Notification-<id>`) ------------------------------------------------
// Raised once; read once by its recipient; each external channel ends delivered or skipped exactly
// once. Commands come from reactions and jobs that may run again, so a command with nothing left to
// do decides no events rather than failing.

export type DeliveryState = 'pending' | 'sent' | 'failed' | 'skipped';

export interface DeliveryRecord {
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly at: string | null;
  readonly error: string | null;
}

export interface NotificationState {
  readonly raised: boolean;
  readonly recipientId: string | null;
  readonly readAt: string | null;
  /** SMS and e-mail wait until then (the recipient's quiet hours). */
  readonly holdUntil: string | null;
  readonly deliveries: Readonly<Partial<Record<ExternalChannel, DeliveryRecord>>>;
}

/** Only its recipient reads a notification; the API answers 404 so as not to tell others it exists. */
export class NotYourNotification extends RuleViolation {
  readonly field = 'notificationId';
  constructor() {
    super('exists', 'no such notification');
    this.name = 'NotYourNotification';
  }
}

const initialNotification = (): NotificationState => ({ raised: false, recipientId: null, readAt: null, holdUntil: null, deliveries: {} });

const withDelivery = (state: NotificationState, channel: ExternalChannel, record: DeliveryRecord): NotificationState => ({
  ...state,
  deliveries: { ...state.deliveries, [channel]: record },
});

/** Sent or skipped: no later attempt may send it again. */
const done = (state: NotificationState, channel: ExternalChannel) => {
  const record = state.deliveries[channel];
  return record === undefined || record.state === 'sent' || record.state === 'skipped';
};

export const notification: Decider<NotificationCommand, NotificationEvent, NotificationState> = {
  initialState: initialNotification,
  decide: (command, state) => {
    switch (command.type) {
      case 'RaiseNotification':
        return state.raised ? [] : [{ type: 'NotificationRaised', data: command.data }];
      case 'MarkNotificationRead':
        if (!state.raised || state.recipientId !== command.data.by) throw new NotYourNotification();
        return state.readAt !== null ? [] : [{ type: 'NotificationRead', data: { notificationId: command.data.notificationId, recipientId: command.data.by, at: command.data.at } }];
      case 'RecordNotificationDelivery':
        return !state.raised || done(state, command.data.channel) ? [] : [{ type: 'NotificationDelivered', data: command.data }];
      case 'RecordNotificationFailure':
        return !state.raised || done(state, command.data.channel) ? [] : [{ type: 'NotificationDeliveryFailed', data: command.data }];
      case 'SkipNotificationDelivery':
        return !state.raised || done(state, command.data.channel) ? [] : [{ type: 'NotificationDeliverySkipped', data: { ...command.data, reason: 'no-address' } }];
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'NotificationRaised':
        return {
          ...state,
          raised: true,
          recipientId: event.data.recipientId,
          holdUntil: event.data.holdUntil,
          deliveries: Object.fromEntries(event.data.channels.map((c) => [c, { state: 'pending', attempts: 0, at: null, error: null } satisfies DeliveryRecord])),
        };
      case 'NotificationRead':
        return { ...state, readAt: event.data.at };
      case 'NotificationDelivered':
        return withDelivery(state, event.data.channel, { state: 'sent', attempts: event.data.attempts, at: event.data.at, error: null });
      case 'NotificationDeliveryFailed':
        return withDelivery(state, event.data.channel, { state: event.data.final ? 'failed' : 'pending', attempts: event.data.attempts, at: event.data.at, error: event.data.error });
      case 'NotificationDeliverySkipped':
        return withDelivery(state, event.data.channel, { state: 'skipped', attempts: 0, at: event.data.at, error: null });
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },
};

// ---- The inbox (stream `NotificationInbox-<userId>`): "mark all read" up to an instant -----------

export interface NotificationInboxState {
  readonly readUpTo: string | null;
}

export const notificationInbox: Decider<MarkAllNotificationsRead, NotificationInboxEvent, NotificationInboxState> = {
  initialState: () => ({ readUpTo: null }),
  decide: (command, state) =>
    state.readUpTo !== null && state.readUpTo >= command.data.at ? [] : [{ type: 'NotificationsReadUpTo', data: { recipientId: command.data.recipientId, upTo: command.data.at, at: command.data.at } }],
  evolve: (_state, event) => ({ readUpTo: event.data.upTo }),
};

// ---- Preferences (stream `NotificationPreferences-<userId>`) --------------------------------------

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const DEFAULT_LANGUAGE: NotificationLanguage = 'zh-CN';

export interface NotificationPreferences {
  readonly choices: ChannelChoices;
  readonly quietHours: QuietHours | null;
  readonly timeZone: string;
  readonly language: NotificationLanguage;
  readonly emailEncrypted: string | null;
}

export const DEFAULT_PREFERENCES: NotificationPreferences = { choices: {}, quietHours: null, timeZone: DEFAULT_TIME_ZONE, language: DEFAULT_LANGUAGE, emailEncrypted: null };

const CLOCK_TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

export class InvalidQuietHours extends RuleViolation {
  readonly field = 'quietHours';
  constructor(message: string) {
    super('clock-time', message);
    this.name = 'InvalidQuietHours';
  }
}

export class UnknownTimeZone extends RuleViolation {
  readonly field = 'timeZone';
  constructor(zone: string) {
    super('time-zone', `${zone} is not an IANA time zone`);
    this.name = 'UnknownTimeZone';
  }
}

/** Whether Intl knows the zone (IANA names such as Asia/Shanghai). */
export const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const notificationPreferences: Decider<NotificationPreferencesCommand, NotificationPreferencesEvent, NotificationPreferences> = {
  initialState: () => DEFAULT_PREFERENCES,
  decide: (command, state) => {
    const { quietHours, timeZone } = command.data;
    if (quietHours && (!CLOCK_TIME.test(quietHours.start) || !CLOCK_TIME.test(quietHours.end))) throw new InvalidQuietHours('quiet hours are HH:MM, 00:00 to 23:59');
    if (quietHours && quietHours.start === quietHours.end) throw new InvalidQuietHours('quiet hours must not start and end at the same time');
    if (!isTimeZone(timeZone)) throw new UnknownTimeZone(timeZone);
    const same =
      JSON.stringify([state.choices, state.quietHours, state.timeZone, state.language, state.emailEncrypted]) ===
      JSON.stringify([command.data.choices, command.data.quietHours, command.data.timeZone, command.data.language, command.data.emailEncrypted]);
    return same ? [] : [{ type: 'NotificationPreferencesChanged', data: command.data }];
  },
  evolve: (_state, event) => ({
    choices: event.data.choices,
    quietHours: event.data.quietHours,
    timeZone: event.data.timeZone,
    language: event.data.language,
    emailEncrypted: event.data.emailEncrypted,
  }),
};

// ---- Channels and quiet hours (pure) -----------------------------------------------------------------

/** The external channels to use: the user's choice per channel where made, else the rule's default. */
export const chosenChannels = (defaults: readonly ExternalChannel[], eventType: string, choices: ChannelChoices): ExternalChannel[] => {
  const chosen = choices[eventType] ?? {};
  return (['sms', 'email'] as const).filter((channel) => chosen[channel] ?? defaults.includes(channel));
};

const minutesOf = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Minutes past local midnight (with seconds as a fraction) of `at` in `timeZone`. */
const localMinutes = (at: Date, timeZone: string): number => {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 60 + part('minute') + part('second') / 60;
};

/**
 * The instant the quiet hours around `at` end, or null when `at` is outside them. The window is
 * start-inclusive and end-exclusive and may wrap past midnight. Zones with daylight saving time may
 * be off by their shift on the night it changes (Asia/Shanghai has none).
 */
export const quietHoursEnd = (at: Date, quietHours: QuietHours | null, timeZone: string): string | null => {
  if (!quietHours) return null;
  const now = localMinutes(at, timeZone);
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return null;
  const remaining = (end - now + 1440) % 1440;
  return new Date(Math.round((at.getTime() + remaining * 60_000) / 1000) * 1000).toISOString();
};
