import { createTransport, type Transporter } from 'nodemailer';

/** One e-mail to one address. */
export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /**
   * Derived from the notification and channel: the same on every retry, so a receiving system that
   * deduplicates by Message-ID sees a resend after a crash as the same message.
   */
  readonly messageId: string;
}

/** Sends e-mail through a provider; the embedded default keeps it in a development outbox instead. */
export interface EmailSender {
  readonly kind: string;
  send(message: EmailMessage): Promise<void>;
}

export interface OutboxEmail extends EmailMessage {
  readonly sentAt: string;
}

/** Keeps e-mail in memory (newest first) where no SMTP server is configured: development and tests. */
export class DevelopmentEmailOutbox implements EmailSender {
  readonly kind = 'development-outbox';
  private readonly entries: OutboxEmail[] = [];

  constructor(private readonly capacity = 200) {}

  async send(message: EmailMessage): Promise<void> {
    this.entries.unshift({ ...message, sentAt: new Date().toISOString() });
    this.entries.length = Math.min(this.entries.length, this.capacity);
  }

  list(): readonly OutboxEmail[] {
    return [...this.entries];
  }
}

export interface SmtpSettings {
  /** smtp://user:password@host:port or smtps://… (implicit TLS); the password may be URL-encoded. */
  readonly url: string;
  /** The From header, e.g. `快鸽服务云 <noreply@example.com>`. */
  readonly from: string;
  /** Longest wait for the server at each step (connect, greeting, each command). */
  readonly timeoutMs?: number;
}

/**
 * E-mail over SMTP with nodemailer. A message counts as sent only when the server has answered the
 * message data with 2xx; anything else rejects, and the delivery job retries.
 */
export class SmtpEmailSender implements EmailSender {
  readonly kind = 'smtp';
  private readonly transport: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    const timeout = settings.timeoutMs ?? 30_000;
    // nodemailer reads host, port, TLS and credentials from `url`; the timeouts keep a stalled server from holding a job forever.
    this.transport = createTransport({ url: settings.url, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout } as Parameters<typeof createTransport>[0]);
  }

  async send(message: EmailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.settings.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      messageId: message.messageId,
    });
  }

  close(): void {
    this.transport.close();
  }
}
