import { ConfigError } from '../config/config';
import { parseKeyList, type KeyList } from './crypto/key-list';

/** Settings of sign-in and sessions, read once from the environment at start-up. */
export interface IdentityConfig {
  /** A session without activity for this long ends (SESSION_IDLE_MINUTES). */
  readonly sessionIdleMinutes: number;
  /** A session ends this long after sign-in, however active (SESSION_ABSOLUTE_HOURS). */
  readonly sessionAbsoluteHours: number;
  /** Lifetime of an access token (ACCESS_TOKEN_MINUTES). */
  readonly accessTokenMinutes: number;
  /** Periodic password change after this many days; 0 = off (PASSWORD_MAX_AGE_DAYS). */
  readonly passwordMaxAgeDays: number;
  /** Signing keys of access tokens, first current (ACCESS_TOKEN_KEYS); null = derived from the field keyring. */
  readonly accessTokenKeys: KeyList | null;
  /** Requests per minute and client address to /api/v1/auth/* (AUTH_RATE_LIMIT_PER_MINUTE). */
  readonly authRequestsPerMinute: number;
  /** Sign-in attempts per 15 minutes and client address (LOGIN_ATTEMPTS_PER_IP). */
  readonly loginAttemptsPerIp: number;
  /** SMS codes per hour and client address (SMS_CODES_PER_IP_PER_HOUR). */
  readonly smsCodesPerIpPerHour: number;
  /** Versions of the terms of service and privacy policy a registration consents to. */
  readonly termsVersion: string;
  readonly privacyVersion: string;
  /** Issuer shown in authenticator apps (MFA_ISSUER). */
  readonly mfaIssuer: string;
}

type Env = Record<string, string | undefined>;

const present = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
};

const integer = (env: Env, name: string, fallback: number, min: number, max: number): number => {
  const v = present(env, name);
  if (v === undefined) return fallback;
  if (!/^\d{1,9}$/.test(v) || Number(v) < min || Number(v) > max) throw new ConfigError(name, `must be an integer from ${min} to ${max}`, v);
  return Number(v);
};

const label = (env: Env, name: string, fallback: string): string => {
  const v = present(env, name) ?? fallback;
  if (!/^[\p{L}\p{N} ._-]{1,40}$/u.test(v) || v.includes(':')) throw new ConfigError(name, 'must be 1-40 letters, digits, spaces, . _ or -', v);
  return v;
};

/** Reads and validates the identity settings; throws ConfigError naming the first bad variable. */
export const loadIdentityConfig = (env: Env = process.env): IdentityConfig => {
  const sessionIdleMinutes = integer(env, 'SESSION_IDLE_MINUTES', 15, 1, 1440);
  const sessionAbsoluteHours = integer(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 720);
  if (sessionIdleMinutes > sessionAbsoluteHours * 60)
    throw new ConfigError('SESSION_IDLE_MINUTES', 'must not exceed SESSION_ABSOLUTE_HOURS × 60', String(sessionIdleMinutes));
  const keysText = present(env, 'ACCESS_TOKEN_KEYS');
  return {
    sessionIdleMinutes,
    sessionAbsoluteHours,
    accessTokenMinutes: integer(env, 'ACCESS_TOKEN_MINUTES', 15, 1, 60),
    passwordMaxAgeDays: integer(env, 'PASSWORD_MAX_AGE_DAYS', 0, 0, 3650),
    accessTokenKeys: keysText
      ? parseKeyList('ACCESS_TOKEN_KEYS', keysText, { id: /^[A-Za-z0-9_-]{1,16}$/, idRule: '1-16 letters, digits, _ or -', minBytes: 32, maxBytes: 64 })
      : null,
    authRequestsPerMinute: integer(env, 'AUTH_RATE_LIMIT_PER_MINUTE', 60, 1, 100_000),
    loginAttemptsPerIp: integer(env, 'LOGIN_ATTEMPTS_PER_IP', 50, 1, 100_000),
    smsCodesPerIpPerHour: integer(env, 'SMS_CODES_PER_IP_PER_HOUR', 20, 1, 100_000),
    termsVersion: label(env, 'TERMS_VERSION', '2026-01'),
    privacyVersion: label(env, 'PRIVACY_VERSION', '2026-01'),
    mfaIssuer: label(env, 'MFA_ISSUER', 'Kuaige Service Cloud'),
  };
};
