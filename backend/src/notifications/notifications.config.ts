import { ConfigError } from '../config/config';
import { TEMPLATES, type TemplateKey } from './templates/templates';
import type { AliyunSmsSettings } from './channels/aliyun-sms';
import type { SmtpSettings } from './channels/email-sender';

// ---- Notification channels' configuration, read once at start-up ------------------------------------
// E-mail: SMTP_URL (smtp:// or smtps://, credentials in the URL) and NOTIFICATION_EMAIL_FROM; without
// SMTP_URL e-mail goes to an in-memory development outbox. SMS: NOTIFICATION_SMS_PROVIDER=development
// (default: identity's development outbox) or aliyun with ALIYUN_SMS_* (README.md here).

type Env = Record<string, string | undefined>;

export interface NotificationSettings {
  readonly smtp: SmtpSettings | null;
  readonly sms: { readonly provider: 'development' } | ({ readonly provider: 'aliyun' } & AliyunSmsSettings);
}

const DEFAULT_FROM = '快鸽服务云 <noreply@kuaige.local>';

const required = (env: Env, name: string): string => {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(name, 'must be set when NOTIFICATION_SMS_PROVIDER=aliyun');
  return value;
};

/** `work-order.engineer-assigned=SMS_1,sla.breached=SMS_2`: template codes per template key. */
const templateCodes = (value: string): Partial<Record<TemplateKey, string>> => {
  const codes: Partial<Record<TemplateKey, string>> = {};
  for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, code] = pair.split('=').map((p) => p.trim());
    if (!key || !code || !(key in TEMPLATES) || !/^SMS_\d+$/.test(code)) {
      throw new ConfigError('ALIYUN_SMS_TEMPLATES', 'must be <template key>=SMS_<digits>, comma-separated, with keys of templates.ts', pair);
    }
    codes[key as TemplateKey] = code;
  }
  return codes;
};

/** Reads and validates the settings; throws ConfigError naming the variable. */
export const loadNotificationSettings = (env: Env = process.env): NotificationSettings => {
  const smtpUrl = env['SMTP_URL']?.trim();
  if (smtpUrl && !/^smtps?:\/\/[^/\s]+/.test(smtpUrl)) throw new ConfigError('SMTP_URL', 'must be smtp://[user:password@]host[:port] or smtps://…');
  const smtp = smtpUrl ? { url: smtpUrl, from: env['NOTIFICATION_EMAIL_FROM']?.trim() || DEFAULT_FROM } : null;
  const provider = env['NOTIFICATION_SMS_PROVIDER']?.trim() || 'development';
  if (provider === 'development') return { smtp, sms: { provider } };
  if (provider !== 'aliyun') throw new ConfigError('NOTIFICATION_SMS_PROVIDER', 'must be development or aliyun', provider);
  return {
    smtp,
    sms: {
      provider,
      accessKeyId: required(env, 'ALIYUN_SMS_ACCESS_KEY_ID'),
      accessKeySecret: required(env, 'ALIYUN_SMS_ACCESS_KEY_SECRET'),
      signName: required(env, 'ALIYUN_SMS_SIGN_NAME'),
      templates: templateCodes(required(env, 'ALIYUN_SMS_TEMPLATES')),
      ...(env['ALIYUN_SMS_ENDPOINT']?.trim() ? { endpoint: env['ALIYUN_SMS_ENDPOINT'].trim() } : {}),
    },
  };
};
