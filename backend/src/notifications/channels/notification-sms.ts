import type { SmsSender } from '../../identity/sms/sms-sender.port';
import type { TemplateKey } from '../templates/templates';

/** A notification as a text message: free text for senders that take it, template and values for those that need them. */
export interface NotificationSmsMessage {
  /** 11-digit mainland number. */
  readonly to: string;
  readonly text: string;
  readonly templateKey: TemplateKey;
  readonly values: Readonly<Record<string, string>>;
  /** Derived from the notification: the provider's own reference for the message (Aliyun's OutId). */
  readonly outId: string;
}

export interface NotificationSms {
  readonly kind: string;
  send(message: NotificationSmsMessage): Promise<void>;
}

/** Through identity's SMS port (its development outbox by default), which takes free text. */
export class TextSms implements NotificationSms {
  constructor(private readonly sender: SmsSender) {}

  get kind(): string {
    return this.sender.kind;
  }

  send(message: NotificationSmsMessage): Promise<void> {
    return this.sender.send({ to: message.to, text: message.text });
  }
}
