import { Injectable } from '@nestjs/common';
import { notificationPreferences, notificationPreferencesStream, type NotificationPreferences } from '@kuaige/domain';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { PersonalData } from '../../identity/personal-data';

/** The entity and field the e-mail address is encrypted under (bound to the user). */
export const EMAIL_FIELD = ['notification-preferences', 'email'] as const;

/** A user's notification preferences, folded from `NotificationPreferences-<userId>` (defaults when none). */
@Injectable()
export class PreferencesReader {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly personal: PersonalData,
  ) {}

  async of(userId: string): Promise<NotificationPreferences> {
    return (await this.streams.load(notificationPreferencesStream(userId), notificationPreferences)).state;
  }

  /** The user's e-mail address in plain text, or null. */
  async email(userId: string): Promise<string | null> {
    const { emailEncrypted } = await this.of(userId);
    return emailEncrypted === null ? null : this.personal.decryptOf(EMAIL_FIELD[0], userId, EMAIL_FIELD[1], emailEncrypted);
  }

  encryptEmail(userId: string, email: string): string {
    return this.personal.encryptOf(EMAIL_FIELD[0], userId, EMAIL_FIELD[1], email);
  }
}
