// ---- Failed-login throttling: the rule behind every `LoginAttempts` stream -----------------------
//
// Accounts and unknown numbers are throttled by the very same rule, so that a lockout answer cannot
// tell an attacker whether a number is registered.

/** 5 attempts within 15 min lock for 15 min; each further lockout before a success doubles it, up to a day. */
export const LOCKOUT_POLICY = Object.freeze({
  maxFailures: 5,
  windowMs: 15 * 60_000,
  firstLockMs: 15 * 60_000,
  maxLockMs: 24 * 60 * 60_000,
});

export interface LoginThrottle {
  /**
   * Epoch ms of the credential checks started since the last success or lockout, newest last (at
   * most maxFailures). A check counts from the moment it starts, before its outcome is known, so
   * that checks racing each other cannot outnumber the policy.
   */
  readonly recentAttempts: readonly number[];
  readonly lockedUntil: number | null;
  /** Lockouts since the last successful login: the next one lasts twice as long. */
  readonly lockouts: number;
}

export const NO_THROTTLE: LoginThrottle = Object.freeze({ recentAttempts: [], lockedUntil: null, lockouts: 0 });

/** True while a lockout runs at `at` (epoch ms). */
export const isLockedOut = (t: LoginThrottle, at: number): boolean => t.lockedUntil !== null && at < t.lockedUntil;

/**
 * The lockout (until, count) that starting a check at `at` triggers, or null. The last check the
 * window allows starts the lockout itself: it still runs, and only its success lifts the lockout.
 */
export const lockoutAfterAttempt = (t: LoginThrottle, at: number): { until: number; lockouts: number } | null => {
  const inWindow = t.recentAttempts.filter((a) => at - a < LOCKOUT_POLICY.windowMs).length + 1;
  if (inWindow < LOCKOUT_POLICY.maxFailures) return null;
  const lockouts = t.lockouts + 1;
  const duration = Math.min(LOCKOUT_POLICY.firstLockMs * 2 ** (lockouts - 1), LOCKOUT_POLICY.maxLockMs);
  return { until: at + duration, lockouts };
};

export const throttleAfterAttempt = (t: LoginThrottle, at: number): LoginThrottle => ({
  ...t,
  recentAttempts: [...t.recentAttempts, at].slice(-LOCKOUT_POLICY.maxFailures),
});

export const throttleAfterLockout = (until: number, lockouts: number): LoginThrottle => ({ recentAttempts: [], lockedUntil: until, lockouts });
