import { createHmac, randomUUID } from 'node:crypto';
import type { TemplateKey } from '../templates/templates';
import type { NotificationSms, NotificationSmsMessage } from './notification-sms';

// ---- Aliyun SMS (阿里云短信服务), SendSms over its RPC-style HTTP API ------------------------------
// Signature version 1.0 (HMAC-SHA1), as documented in "RPC 风格 API 签名机制" / "SendSms":
// sort the parameters by name, percent-encode names and values (RFC 3986: spaces as %20, `*` as %2A,
// `~` kept), join as `k=v&…`, build `GET&%2F&` + encode(that), sign with `AccessKeySecret&`, base64.
// Mainland providers send only registered templates under a registered signature (签名), so the
// adapter maps each template key to a template code.

export interface AliyunSmsSettings {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** The registered signature, e.g. 快鸽服务云. */
  readonly signName: string;
  /** Template code per template key (e.g. `work-order.engineer-assigned` → `SMS_154950909`). */
  readonly templates: Readonly<Partial<Record<TemplateKey, string>>>;
  readonly endpoint?: string;
  readonly regionId?: string;
}

/** RFC 3986 percent-encoding as Aliyun's signature wants it. */
export const aliyunEncode = (value: string): string =>
  encodeURIComponent(value)
    .replace(/[!'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/\*/g, '%2A');

/** The string Aliyun signs for a request with these parameters (Signature excluded). */
export const aliyunStringToSign = (method: 'GET' | 'POST', parameters: Readonly<Record<string, string>>): string => {
  const canonical = Object.keys(parameters)
    .sort()
    .map((key) => `${aliyunEncode(key)}=${aliyunEncode(parameters[key]!)}`)
    .join('&');
  return `${method}&${aliyunEncode('/')}&${aliyunEncode(canonical)}`;
};

export const aliyunSignature = (method: 'GET' | 'POST', parameters: Readonly<Record<string, string>>, accessKeySecret: string): string =>
  createHmac('sha1', `${accessKeySecret}&`).update(aliyunStringToSign(method, parameters)).digest('base64');

/** Aliyun refused the message (its Code and Message), or answered something else than JSON. */
export class AliyunSmsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`Aliyun SMS ${code}: ${message}`);
    this.name = 'AliyunSmsError';
  }
}

export class AliyunSms implements NotificationSms {
  readonly kind = 'aliyun';

  constructor(
    private readonly settings: AliyunSmsSettings,
    private readonly now: () => Date = () => new Date(),
    private readonly nonce: () => string = randomUUID,
  ) {}

  /** The signed query parameters of SendSms for one message. */
  parameters(message: NotificationSmsMessage): Record<string, string> {
    const templateCode = this.settings.templates[message.templateKey];
    if (!templateCode) throw new AliyunSmsError('TemplateNotConfigured', `no template code configured for ${message.templateKey}`);
    const parameters: Record<string, string> = {
      AccessKeyId: this.settings.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      OutId: message.outId,
      PhoneNumbers: message.to,
      RegionId: this.settings.regionId ?? 'cn-hangzhou',
      SignName: this.settings.signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: this.nonce(),
      SignatureVersion: '1.0',
      TemplateCode: templateCode,
      TemplateParam: JSON.stringify(message.values),
      Timestamp: this.now().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
    };
    return { ...parameters, Signature: aliyunSignature('GET', parameters, this.settings.accessKeySecret) };
  }

  async send(message: NotificationSmsMessage): Promise<void> {
    const query = Object.entries(this.parameters(message))
      .map(([k, v]) => `${aliyunEncode(k)}=${aliyunEncode(v)}`)
      .join('&');
    const response = await fetch(`${this.settings.endpoint ?? 'https://dysmsapi.aliyuncs.com'}/?${query}`, { signal: AbortSignal.timeout(15_000) });
    const body = (await response.json().catch(() => null)) as { Code?: string; Message?: string } | null;
    if (!body || body.Code !== 'OK') throw new AliyunSmsError(body?.Code ?? `HTTP ${response.status}`, body?.Message ?? 'unexpected answer');
  }
}
