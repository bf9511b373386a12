import { deciderSpec } from '@kuaige/testkit';
import {
  DEFAULT_PREFERENCES,
  InvalidQuietHours,
  NotYourNotification,
  UnknownTimeZone,
  chosenChannels,
  notification,
  notificationInbox,
  notificationPreferences,
  quietHoursEnd,
} from './notification';
import type { NotificationPreferencesChanged, NotificationRaised } from './notification.events';

const at = '2026-12-01T08:00:00.000Z';
const raised: NotificationRaised = {
  type: 'NotificationRaised',
  data: {
    notificationId: 'n1',
    recipientId: 'u1',
    eventType: 'EngineerAssigned',
    templateKey: 'work-order.engineer-assigned',
    language: 'zh-CN',
    title: '新任务',
    body: '工单 WO-1 已派给您',
    subject: { kind: 'work-order', id: 'wo1', label: 'WO-1' },
    channels: ['sms', 'email'],
    holdUntil: null,
    sourceEventId: 'e1',
    at,
  },
};

describe('a notification', () => {
  const given = deciderSpec(notification);

  it('is raised once: raising it again decides nothing', () => {
    given([]).when({ type: 'RaiseNotification', data: raised.data }).then([raised]);
    given([raised]).when({ type: 'RaiseNotification', data: raised.data }).then([]);
  });

  it('is read by its recipient once, and by nobody else', () => {
    const read = { type: 'MarkNotificationRead' as const, data: { notificationId: 'n1', by: 'u1', at } };
    given([raised]).when(read).then([{ type: 'NotificationRead', data: { notificationId: 'n1', recipientId: 'u1', at } }]);
    given([raised, { type: 'NotificationRead', data: { notificationId: 'n1', recipientId: 'u1', at } }]).when(read).then([]);
    given([raised]).when({ ...read, data: { ...read.data, by: 'u2' } }).thenThrows(NotYourNotification);
    given([]).when(read).thenThrows(NotYourNotification);
  });

  it('records each channel’s delivery once: after it is sent, neither another send nor a failure is recorded', () => {
    const sent = { type: 'RecordNotificationDelivery' as const, data: { notificationId: 'n1', channel: 'sms' as const, attempts: 2, at } };
    const delivered = { type: 'NotificationDelivered' as const, data: sent.data };
    given([raised]).when(sent).then([delivered]);
    given([raised, delivered]).when(sent).then([]);
    given([raised, delivered]).when({ type: 'RecordNotificationFailure', data: { notificationId: 'n1', channel: 'sms', attempts: 3, error: 'x', final: false, at } }).then([]);
  });

  it('keeps a failed attempt pending until the final one, and records a skipped channel once', () => {
    const failed = { type: 'NotificationDeliveryFailed' as const, data: { notificationId: 'n1', channel: 'email' as const, attempts: 1, error: '421 try later', final: false, at } };
    given([raised]).when({ type: 'RecordNotificationFailure', data: failed.data }).then([failed]);
    // A retry after a failure still sends: the failure was not final.
    given([raised, failed]).when({ type: 'RecordNotificationDelivery', data: { notificationId: 'n1', channel: 'email', attempts: 2, at } }).then([
      { type: 'NotificationDelivered', data: { notificationId: 'n1', channel: 'email', attempts: 2, at } },
    ]);
    const skipped = { type: 'NotificationDeliverySkipped' as const, data: { notificationId: 'n1', channel: 'email' as const, reason: 'no-address' as const, at } };
    given([raised]).when({ type: 'SkipNotificationDelivery', data: { notificationId: 'n1', channel: 'email', at } }).then([skipped]);
    given([raised, skipped]).when({ type: 'SkipNotificationDelivery', data: { notificationId: 'n1', channel: 'email', at } }).then([]);
  });

  it('records nothing for a channel it was not raised with, or before it is raised', () => {
    const inAppOnly: NotificationRaised = { ...raised, data: { ...raised.data, channels: [] } };
    given([inAppOnly]).when({ type: 'RecordNotificationDelivery', data: { notificationId: 'n1', channel: 'sms', attempts: 1, at } }).then([]);
    given([]).when({ type: 'RecordNotificationDelivery', data: { notificationId: 'n1', channel: 'sms', attempts: 1, at } }).then([]);
  });
});

describe('the inbox', () => {
  const given = deciderSpec(notificationInbox);
  const readUpTo = (upTo: string) => ({ type: 'NotificationsReadUpTo' as const, data: { recipientId: 'u1', upTo, at: upTo } });

  it('marks all read up to now, and not again for an earlier instant', () => {
    given([]).when({ type: 'MarkAllNotificationsRead', data: { recipientId: 'u1', at } }).then([readUpTo(at)]);
    given([readUpTo(at)]).when({ type: 'MarkAllNotificationsRead', data: { recipientId: 'u1', at } }).then([]);
    const later = '2026-12-01T09:00:00.000Z';
    given([readUpTo(at)]).when({ type: 'MarkAllNotificationsRead', data: { recipientId: 'u1', at: later } }).then([readUpTo(later)]);
  });
});

describe('preferences', () => {
  const given = deciderSpec(notificationPreferences);
  const change = (data: Partial<NotificationPreferencesChanged['data']> = {}) => ({
    type: 'ChangeNotificationPreferences' as const,
    data: { userId: 'u1', ...DEFAULT_PREFERENCES, choices: { EngineerAssigned: { sms: false } }, quietHours: { start: '22:00', end: '08:00' }, at, ...data },
  });

  it('are changed, and the same preferences again decide nothing', () => {
    const changed = { type: 'NotificationPreferencesChanged' as const, data: change().data };
    given([]).when(change()).then([changed]);
    given([changed]).when(change()).then([]);
  });

  it('refuse malformed quiet hours and unknown time zones', () => {
    given([]).when(change({ quietHours: { start: '24:00', end: '08:00' } })).thenThrows(InvalidQuietHours);
    given([]).when(change({ quietHours: { start: '08:00', end: '08:00' } })).thenThrows(InvalidQuietHours);
    given([]).when(change({ timeZone: 'Mars/Olympus' })).thenThrows(UnknownTimeZone);
  });
});

describe('channel choice and quiet hours', () => {
  it('takes the user’s choice per channel where made, the rule’s default elsewhere', () => {
    expect(chosenChannels(['sms'], 'EngineerAssigned', {})).toEqual(['sms']);
    expect(chosenChannels(['sms'], 'EngineerAssigned', { EngineerAssigned: { sms: false, email: true } })).toEqual(['email']);
    expect(chosenChannels(['sms'], 'EngineerAssigned', { WorkOrderClosed: { sms: false } })).toEqual(['sms']);
  });

  it('holds until the end of quiet hours in the user’s zone, across midnight', () => {
    const night = { start: '22:00', end: '08:00' };
    // 23:30 in Shanghai is 15:30 UTC: held until 08:00 Shanghai, 00:00 UTC the next day.
    expect(quietHoursEnd(new Date('2026-12-01T15:30:00Z'), night, 'Asia/Shanghai')).toBe('2026-12-02T00:00:00.000Z');
    // 07:59 Shanghai: one minute left.
    expect(quietHoursEnd(new Date('2026-12-01T23:59:00Z'), night, 'Asia/Shanghai')).toBe('2026-12-02T00:00:00.000Z');
    // 08:00 Shanghai is outside (the end is exclusive); 21:59 too.
    expect(quietHoursEnd(new Date('2026-12-02T00:00:00Z'), night, 'Asia/Shanghai')).toBeNull();
    expect(quietHoursEnd(new Date('2026-12-01T13:59:00Z'), night, 'Asia/Shanghai')).toBeNull();
    // The same instant in London (UTC+0 in December) is 15:30: not quiet.
    expect(quietHoursEnd(new Date('2026-12-01T15:30:00Z'), night, 'Europe/London')).toBeNull();
    // A window within one day.
    expect(quietHoursEnd(new Date('2026-12-01T05:00:00Z'), { start: '12:00', end: '14:00' }, 'Asia/Shanghai')).toBe('2026-12-01T06:00:00.000Z');
    expect(quietHoursEnd(new Date('2026-12-01T05:00:00Z'), null, 'Asia/Shanghai')).toBeNull();
  });
});
