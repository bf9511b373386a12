// ---- Failed-login throttling shared by accounts and by unknown numbers ----------------------------
//
// Unknown numbers are throttled by the very same rule, so that a lockout answer cannot tell an
// attacker whether a number is registered.

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
  readonly lockedUntil: number | null;
  /** Lockouts since the last successful login: the next one lasts twice as long. */
  readonly lockouts: number;
}

export const NO_THROTTLE: LoginThrottle = Object.freeze({ recentFailures: [], lockedUntil: null, lockouts: 0 });

/** True while a lockout runs at `at` (epoch ms). */
export const isLockedOut = (t: LoginThrottle, at: number): boolean => t.lockedUntil !== null && at < t.lockedUntil;

/** The lockout (until, count) a failure at `at` triggers, or null. */
export const lockoutAfterFailure = (t: LoginThrottle, at: number): { until: number; lockouts: number } | null => {
  const inWindow = t.recentFailures.filter((f) => at - f < LOCKOUT_POLICY.windowMs).length + 1;
  if (inWindow < LOCKOUT_POLICY.maxFailures) return null;
  const lockouts = t.lockouts + 1;
  const duration = Math.min(LOCKOUT_POLICY.firstLockMs * 2 ** (lockouts - 1), LOCKOUT_POLICY.maxLockMs);
  return { until: at + duration, lockouts };
};

export const throttleAfterFailure = (t: LoginThrottle, at: number): LoginThrottle => ({
  ...t,
  recentFailures: [...t.recentFailures, at].slice(-LOCKOUT_POLICY.maxFailures),
});

export const throttleAfterLockout = (t: LoginThrottle, until: number, lockouts: number): LoginThrottle => ({
  recentFailures: [],
  lockedUntil: until,
  lockouts,
});

/** Failures that count towards a lockout; attempts refused because of one do not extend it. */
export const COUNTED_FAILURES: readonly string[] = ['unknown-account', 'wrong-password', 'wrong-second-factor', 'second-factor-replayed'];

/**
 * The events of one failed sign-in: the failure itself, and a lockout when it is the last straw.
 * While locked out the attempt is recorded as `locked-out` and changes nothing.
 */
export const failedLoginEvents = <R extends string>(
  throttle: LoginThrottle,
  origin: { at: string; ip: string; userAgent: string },
  reason: R,
) => {
  const at = Date.parse(origin.at);
  if (isLockedOut(throttle, at)) {
    return [{ type: 'LoginFailed' as const, data: { ...origin, reason: 'locked-out' as const } }];
  }
  const failed = { type: 'LoginFailed' as const, data: { ...origin, reason } };
  const lockout = COUNTED_FAILURES.includes(reason) ? lockoutAfterFailure(throttle, at) : null;
  if (lockout === null) return [failed];
  const locked = { type: 'AccountLockedOut' as const, data: { at: origin.at, until: new Date(lockout.until).toISOString(), lockouts: lockout.lockouts } };
  return [failed, locked];
};

/** Folds a recorded failure or lockout into the throttle. */
export const evolveThrottle = (
  throttle: LoginThrottle,
  event: { type: 'LoginFailed'; data: { at: string; reason: string } } | { type: 'AccountLockedOut'; data: { until: string; lockouts: number } },
): LoginThrottle => {
  if (event.type === 'AccountLockedOut') return throttleAfterLockout(throttle, Date.parse(event.data.until), event.data.lockouts);
  return COUNTED_FAILURES.includes(event.data.reason) ? throttleAfterFailure(throttle, Date.parse(event.data.at)) : throttle;
};
