/** A text message to one mobile number. */
export interface SmsMessage {
  /** 11-digit mainland number. */
  readonly to: string;
  readonly text: string;
}

/** Sends SMS through a provider. The embedded default keeps them in a development outbox instead. */
export interface SmsSender {
  readonly kind: string;
  send(message: SmsMessage): Promise<void>;
}
