import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import {
  COUNTED_FAILURES,
  lockoutAfterFailure,
  mayStartCheck,
  NO_THROTTLE,
  throttleAfterCheckFinished,
  throttleAfterCheckStarted,
  throttleAfterLockout,
  type LoginThrottle,
} from './login-throttle';

// ---- Sign-in attempts: `AccountLoginAttempts-<userId>` and, for numbers nobody registered,
// `LoginAttempts-<blind index>`. One decider and one event vocabulary for both, so that an unknown
// number is throttled and recorded exactly like an account. Only sign-in and step-up read these
// streams: an attacker's guesses never lengthen the streams an authenticated request folds.

/** Why a sign-in failed (recorded, never told to the client in detail). */
export type LoginFailureReason =
  | 'unknown-account'
  | 'wrong-password'
  | 'locked-out'
  | 'disabled'
  | 'wrong-second-factor'
  | 'second-factor-replayed';

/** Where a sign-in attempt came from. */
export type LoginOrigin = {
  readonly at: string;
  readonly ip: string;
  readonly userAgent: string;
};

// ---- Events ----------------------------------------------------------------------------------------

/** A credential check (password, second factor) was let through and is about to run. */
export type LoginAttempted = DomainEvent<'LoginAttempted', LoginOrigin>;
/** A check failed; `locked-out` means it was refused and never ran. */
export type LoginFailed = DomainEvent<'LoginFailed', LoginOrigin & { reason: LoginFailureReason }>;
export type AccountLockedOutEvent = DomainEvent<'AccountLockedOut', { at: string; until: string; lockouts: number }>;
/** A check passed without completing a sign-in: the password before the second factor, or a step-up. */
export type LoginCheckPassed = DomainEvent<'LoginCheckPassed', LoginOrigin>;
/** A sign-in succeeded: earlier failures and lockouts no longer count. */
export type LoginThrottleCleared = DomainEvent<'LoginThrottleCleared', { at: string; sessionId: string }>;

export type LoginAttemptsEvent = LoginAttempted | LoginFailed | AccountLockedOutEvent | LoginCheckPassed | LoginThrottleCleared;

// ---- Commands --------------------------------------------------------------------------------------

/** Asks to run one credential check: let through (`LoginAttempted`) or refused (`LoginFailed` locked-out). */
export type StartLoginAttempt = Command<'StartLoginAttempt', LoginOrigin>;
export type RecordLoginFailure = Command<'RecordLoginFailure', LoginOrigin & { reason: LoginFailureReason }>;
export type RecordLoginCheckPassed = Command<'RecordLoginCheckPassed', LoginOrigin>;
export type ClearLoginThrottle = Command<'ClearLoginThrottle', { at: string; sessionId: string }>;

export type LoginAttemptsCommand = StartLoginAttempt | RecordLoginFailure | RecordLoginCheckPassed | ClearLoginThrottle;

export const loginAttemptsStream = (mobileIndex: string): string => `LoginAttempts-${mobileIndex}`;
export const accountLoginAttemptsStream = (userId: string): string => `AccountLoginAttempts-${userId}`;

// ---- Logic -----------------------------------------------------------------------------------------

// Whether a check may run is decided here, on the state read for the append: the expected revision
// serialises racing attempts, so each one sees every check let through before it.
const decide = (command: LoginAttemptsCommand, throttle: LoginThrottle): LoginAttemptsEvent[] => {
  switch (command.type) {
    case 'StartLoginAttempt':
      return mayStartCheck(throttle, Date.parse(command.data.at))
        ? [{ type: 'LoginAttempted', data: command.data }]
        : [{ type: 'LoginFailed', data: { ...command.data, reason: 'locked-out' } }];
    case 'RecordLoginFailure': {
      const failed: LoginFailed = { type: 'LoginFailed', data: command.data };
      const lockout = COUNTED_FAILURES.includes(command.data.reason) ? lockoutAfterFailure(throttle, Date.parse(command.data.at)) : null;
      if (lockout === null) return [failed];
      return [failed, { type: 'AccountLockedOut', data: { at: command.data.at, until: new Date(lockout.until).toISOString(), lockouts: lockout.lockouts } }];
    }
    case 'RecordLoginCheckPassed':
      return [{ type: 'LoginCheckPassed', data: command.data }];
    case 'ClearLoginThrottle':
      return [{ type: 'LoginThrottleCleared', data: command.data }];
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
};

const evolve = (throttle: LoginThrottle, event: LoginAttemptsEvent): LoginThrottle => {
  switch (event.type) {
    case 'LoginAttempted':
      return throttleAfterCheckStarted(throttle, Date.parse(event.data.at));
    case 'LoginFailed':
      // A refusal never ran a check; any other failure finishes one.
      if (event.data.reason === 'locked-out') return throttle;
      return throttleAfterCheckFinished(throttle, COUNTED_FAILURES.includes(event.data.reason) ? Date.parse(event.data.at) : null);
    case 'LoginCheckPassed':
      return throttleAfterCheckFinished(throttle, null);
    case 'AccountLockedOut':
      return throttleAfterLockout(throttle, Date.parse(event.data.until), event.data.lockouts);
    case 'LoginThrottleCleared':
      return NO_THROTTLE;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

/** Sign-in attempts against one account or one unknown number, and the lockout they lead to. */
export const loginAttempts: Decider<LoginAttemptsCommand, LoginAttemptsEvent, LoginThrottle> = {
  initialState: () => NO_THROTTLE,
  decide,
  evolve,
};

/** True when a `StartLoginAttempt` that decided `events` let the check run. */
export const loginAttemptAllowed = (events: readonly LoginAttemptsEvent[]): boolean => events.some((e) => e.type === 'LoginAttempted');
