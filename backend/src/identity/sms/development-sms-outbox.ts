import type { SmsMessage, SmsSender } from './sms-sender.port';

export interface OutboxEntry extends SmsMessage {
  readonly sentAt: string;
}

/**
 * Keeps messages in memory instead of sending them, so that development and tests can read the codes
 * (GET /api/v1/dev/sms-outbox, never in production). Nothing is logged: the codes are secrets.
 */
export class DevelopmentSmsOutbox implements SmsSender {
  readonly kind = 'development-outbox';
  private readonly entries: OutboxEntry[] = [];

  constructor(
    private readonly now: () => Date,
    private readonly capacity = 200,
  ) {}

  async send(message: SmsMessage): Promise<void> {
    this.entries.unshift({ ...message, sentAt: this.now().toISOString() });
    this.entries.length = Math.min(this.entries.length, this.capacity);
  }

  /** Newest first. */
  list(): readonly OutboxEntry[] {
    return [...this.entries];
  }
}
