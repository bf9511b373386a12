import { ConfigError } from '../../config/config';

export interface IntegritySettings {
  /** How often the schedule signs a digest of the head (AUDIT_DIGEST_EVERY_MINUTES, default 60). */
  readonly digestEveryMinutes: number;
}

/** Reads the integrity settings; AUDIT_SIGNING_KEY is read by the keyring itself (never kept here). */
export function loadIntegritySettings(env: Record<string, string | undefined>): IntegritySettings {
  const text = env['AUDIT_DIGEST_EVERY_MINUTES']?.trim();
  if (text === undefined || text === '') return { digestEveryMinutes: 60 };
  const minutes = Number(text);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 10_080) throw new ConfigError('AUDIT_DIGEST_EVERY_MINUTES', 'must be a whole number of minutes from 1 to 10080 (a week)', text);
  return { digestEveryMinutes: minutes };
}
