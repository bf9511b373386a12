// ---- Failed-login throttling: the rule behind every `LoginAttempts` stream -----------------------
//
// Accounts and unknown numbers are throttled by the very same rule, so that a lockout answer cannot
// tell an attacker whether a number is registered.

/** 5 failures within 15 min lock for 15 min; each further lockout before a success doubles it, up to a day. */
export const LOCKOUT_POLICY = Object.freeze({
  maxFailures: 5,
  windowMs: 15 * 60_000,
  firstLockMs: 15 * 60_000,
  maxLockMs: 24 * 60 * 60_000,
});

export interface LoginThrottle {
  /** Epoch ms of the failures since the last success or lockout, newest last (at most maxFailures). */
  readonly recentFailures: readonly number[];
  /** Epoch ms at which the checks let through but not yet finished started, oldest first. */
  readonly checksRunning: readonly number[];
  readonly lockedUntil: number | null;
  /** Lockouts since the last successful login: the next one lasts twice as long. */
  readonly lockouts: number;
}

export const NO_THROTTLE: LoginThrottle = Object.freeze({ recentFailures: [], checksRunning: [], lockedUntil: null, lockouts: 0 });

/** True while a lockout runs at `at` (epoch ms). */
export const isLockedOut = (t: LoginThrottle, at: number): boolean => t.lockedUntil !== null && at < t.lockedUntil;

const inWindow = (times: readonly number[], at: number): number => times.filter((time) => at - time < LOCKOUT_POLICY.windowMs).length;

/**
 * True when one more check may run at `at`: not locked out, and the failures plus the checks still
 * running stay under the limit — every running check might yet fail, so racing guesses cannot run
 * more checks than failures the policy allows. A check that never finished stops counting after the window.
 */
export const mayStartCheck = (t: LoginThrottle, at: number): boolean =>
  !isLockedOut(t, at) && inWindow(t.recentFailures, at) + inWindow(t.checksRunning, at) < LOCKOUT_POLICY.maxFailures;

const lockDuration = (lockouts: number): number => Math.min(LOCKOUT_POLICY.firstLockMs * 2 ** (lockouts - 1), LOCKOUT_POLICY.maxLockMs);

/** The lockout (until, count) a counted failure at `at` triggers, or null. */
export const lockoutAfterFailure = (t: LoginThrottle, at: number): { until: number; lockouts: number } | null => {
  if (isLockedOut(t, at) || inWindow(t.recentFailures, at) + 1 < LOCKOUT_POLICY.maxFailures) return null;
  return { until: at + lockDuration(t.lockouts + 1), lockouts: t.lockouts + 1 };
};

/** When to try again after a check was refused at `at`: the lockout's end, or the end of the one the running checks may bring. */
export const retryAfterRefusal = (t: LoginThrottle, at: number): number => (isLockedOut(t, at) ? t.lockedUntil! : at + lockDuration(t.lockouts + 1));

/** Failures that count towards a lockout; attempts refused because of one do not extend it. */
export const COUNTED_FAILURES: readonly string[] = ['unknown-account', 'wrong-password', 'wrong-second-factor', 'second-factor-replayed'];

// Checks that never finished (a crash between the check and its outcome) are dropped once out of the window.
export const throttleAfterCheckStarted = (t: LoginThrottle, at: number): LoginThrottle => ({
  ...t,
  checksRunning: [...t.checksRunning.filter((started) => at - started < LOCKOUT_POLICY.windowMs), at],
});

/** A check finished: the oldest running one stops counting as running (failures recorded before checks were tracked finish none). */
export const throttleAfterCheckFinished = (t: LoginThrottle, failedAt: number | null): LoginThrottle => ({
  ...t,
  checksRunning: t.checksRunning.slice(1),
  recentFailures: failedAt === null ? t.recentFailures : [...t.recentFailures, failedAt].slice(-LOCKOUT_POLICY.maxFailures),
});

export const throttleAfterLockout = (t: LoginThrottle, until: number, lockouts: number): LoginThrottle => ({ ...t, recentFailures: [], lockedUntil: until, lockouts });
