import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { SMS_SENDER } from '../identity/identity.tokens';
import type { SmsSender } from '../identity/sms/sms-sender.port';
import { TenancyModule } from '../tenancy/tenancy.module';
import { MyNotificationsController, WorkOrderNotificationsController } from './api/notifications.controller';
import { NotificationDeliveries } from './application/notification-deliveries';
import { PreferencesReader } from './application/notification-preferences';
import { NotificationRaiser } from './application/notification-raiser';
import { NOTIFICATION_HANDLERS } from './application/notification.queries';
import { NotificationReaction } from './application/notifications-from-events';
import { RecipientLookupService } from './application/recipient-lookups';
import { AliyunSms } from './channels/aliyun-sms';
import { DevelopmentEmailOutbox, SmtpEmailSender } from './channels/email-sender';
import { TextSms } from './channels/notification-sms';
import { NotificationHub } from './live/notification-hub';
import { loadNotificationSettings, type NotificationSettings } from './notifications.config';
import { EMAIL_SENDER, NOTIFICATION_SETTINGS, NOTIFICATION_SMS } from './notifications.tokens';

/**
 * Notifications (PLAT-6): the durable reaction that raises them from other contexts' events by the
 * rules in rules/, delivery jobs for SMS and e-mail, the inbox and its live stream, preferences.
 * Its projection is in NOTIFICATIONS_PROJECTIONS (read-side.ts). See README.md here.
 */
@Module({
  imports: [IdentityModule, TenancyModule],
  controllers: [MyNotificationsController, WorkOrderNotificationsController],
  providers: [
    { provide: NOTIFICATION_SETTINGS, useFactory: () => loadNotificationSettings(process.env) },
    {
      provide: EMAIL_SENDER,
      inject: [NOTIFICATION_SETTINGS],
      useFactory: (settings: NotificationSettings) => (settings.smtp ? new SmtpEmailSender(settings.smtp) : new DevelopmentEmailOutbox()),
    },
    {
      provide: NOTIFICATION_SMS,
      inject: [NOTIFICATION_SETTINGS, SMS_SENDER],
      useFactory: (settings: NotificationSettings, sender: SmsSender) => (settings.sms.provider === 'aliyun' ? new AliyunSms(settings.sms) : new TextSms(sender)),
    },
    RecipientLookupService,
    PreferencesReader,
    NotificationDeliveries,
    NotificationRaiser,
    NotificationReaction,
    NotificationHub,
    ...NOTIFICATION_HANDLERS,
  ],
  exports: [NotificationHub, NotificationDeliveries, EMAIL_SENDER],
})
export class NotificationsModule {}
