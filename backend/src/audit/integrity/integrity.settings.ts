import { ConfigError } from '../../config/config';

/** Intervals that fall on the clock (a digest at :00, :15, … or every few hours from midnight, China time). */
export const DIGEST_INTERVALS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440] as const;

export interface IntegritySettings {
  /** How often the schedule signs a digest of the head (AUDIT_DIGEST_EVERY_MINUTES, default 60). */
  readonly digestEveryMinutes: number;
  /** The same as a cron pattern (with seconds) on Asia/Shanghai time. */
  readonly digestPattern: string;
}

/**
 * A cron pattern rather than a plain interval: digests land at times an auditor can predict, and the
 * schedule does not run at start-up (a plain interval would, walking the whole log while the process
 * starts, on every restart).
 */
const patternOf = (minutes: number): string =>
  minutes < 60 ? `0 */${minutes} * * * *` : minutes === 1440 ? '0 0 0 * * *' : `0 0 */${minutes / 60} * * *`;

/** Reads the integrity settings; AUDIT_SIGNING_KEY is read by the keyring itself (never kept here). */
export function loadIntegritySettings(env: Record<string, string | undefined>): IntegritySettings {
  const text = env['AUDIT_DIGEST_EVERY_MINUTES']?.trim();
  const minutes = text === undefined || text === '' ? 60 : Number(text);
  if (!(DIGEST_INTERVALS as readonly number[]).includes(minutes)) {
    throw new ConfigError('AUDIT_DIGEST_EVERY_MINUTES', `must be one of ${DIGEST_INTERVALS.join(', ')} (minutes that fall on the clock)`, text);
  }
  return { digestEveryMinutes: minutes, digestPattern: patternOf(minutes) };
}
