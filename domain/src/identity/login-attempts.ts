import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import { evolveThrottle, failedLoginEvents, NO_THROTTLE, type LoginThrottle } from './login-throttle';

// ---- Sign-in attempts for numbers without an account (stream `LoginAttempts-<blind index>`) -------
// Recorded for the audit trail, and throttled exactly like an account so that lockout answers are
// the same whether or not the number is registered.

export type UnknownLoginFailed = DomainEvent<'LoginFailed', { at: string; ip: string; userAgent: string; reason: 'unknown-account' | 'locked-out' }>;
export type UnknownLoginLockedOut = DomainEvent<'AccountLockedOut', { at: string; until: string; lockouts: number }>;
export type LoginAttemptsEvent = UnknownLoginFailed | UnknownLoginLockedOut;

export type RecordUnknownLogin = Command<'RecordUnknownLogin', { at: string; ip: string; userAgent: string }>;

export const loginAttemptsStream = (mobileIndex: string): string => `LoginAttempts-${mobileIndex}`;

/** Failed sign-ins against a number nobody registered. */
export const loginAttempts: Decider<RecordUnknownLogin, LoginAttemptsEvent, LoginThrottle> = {
  initialState: () => NO_THROTTLE,
  decide: (command, throttle) => failedLoginEvents(throttle, command.data, 'unknown-account'),
  evolve: (throttle, event) => evolveThrottle(throttle, event),
};
