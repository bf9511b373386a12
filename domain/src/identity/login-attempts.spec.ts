import { specFor } from './given';
import { accountLoginAttemptsStream, loginAttempts, loginAttemptsStream, type LoginAttemptsCommand, type LoginAttemptsEvent } from './login-attempts';
import { LOCKOUT_POLICY } from './login-throttle';

const given = specFor(loginAttempts);
const T0 = Date.parse('2026-11-21T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const origin = (minutes: number) => ({ at: at(minutes), ip: '10.0.0.1', userAgent: 'jest' });

const start = (m: number): LoginAttemptsCommand => ({ type: 'StartLoginAttempt', data: origin(m) });
const attempted = (m: number): LoginAttemptsEvent => ({ type: 'LoginAttempted', data: origin(m) });
const failed = (m: number, reason: 'wrong-password' | 'unknown-account' | 'locked-out' = 'wrong-password'): LoginAttemptsEvent => ({
  type: 'LoginFailed',
  data: { ...origin(m), reason },
});
const lockedOut = (m: number, until: number, lockouts = 1): LoginAttemptsEvent => ({ type: 'AccountLockedOut', data: { at: at(m), until: at(until), lockouts } });
const cleared = (m: number): LoginAttemptsEvent => ({ type: 'LoginThrottleCleared', data: { at: at(m), sessionId: 's' } });
/** `n` wrong passwords, one a minute from minute `from`: each attempt, then its failure. */
const wrongPasswords = (n: number, from = 0): LoginAttemptsEvent[] => Array.from({ length: n }, (_, i) => [attempted(from + i), failed(from + i)]).flat();

describe('Sign-in attempts (lockout)', () => {
  it('lets a check run and counts it before its outcome is known', () => {
    given([]).when(start(0)).then([attempted(0)]);
  });

  it('starts the lockout with the last check the window allows: 15 minutes from the fifth', () => {
    given(wrongPasswords(4)).when(start(4)).then([attempted(4), lockedOut(4, 19)]);
  });

  it('refuses a check while checks that have not finished yet fill the window: racing guesses cannot outnumber the policy', () => {
    // Five attempts let through, none of them finished: the decision does not wait for their outcomes.
    const inFlight = [0, 0, 0, 0].map(attempted);
    const fifth = given(inFlight).when(start(0)).events();
    expect(fifth).toEqual([attempted(0), lockedOut(0, 15)]);
    given([...inFlight, ...fifth]).when(start(0)).then([failed(0, 'locked-out')]);
  });

  it('refuses every check while locked out and records the refusal, which does not prolong the lockout', () => {
    const locked = [...wrongPasswords(4), attempted(4), lockedOut(4, 19), failed(4)];
    given(locked).when(start(10)).then([failed(10, 'locked-out')]);
    given([...locked, failed(10, 'locked-out'), failed(11, 'locked-out')]).when(start(19)).then([attempted(19)]);
  });

  it('does not lock out when the attempts are spread beyond the window', () => {
    given(wrongPasswords(4)).when(start(16)).then([attempted(16)]);
  });

  it('forgets earlier attempts and lockouts after a success', () => {
    given([...wrongPasswords(4), attempted(4), lockedOut(4, 19), cleared(4)]).when(start(5)).then([attempted(5)]);
    given([...wrongPasswords(4), cleared(4)]).when(start(5)).then([attempted(5)]);
  });

  it('doubles the lockout when attempts go on after one, up to a day', () => {
    const history = [lockedOut(0, 15, 1), ...wrongPasswords(4, 21)];
    given(history).when(start(25)).then([attempted(25), lockedOut(25, 55, 2)]);
    const maxMinutes = LOCKOUT_POLICY.maxLockMs / 60_000;
    given([lockedOut(0, 15, 9), ...wrongPasswords(4, 21)]).when(start(25)).then([attempted(25), lockedOut(25, 25 + maxMinutes, 10)]);
  });

  it('records outcomes as they are, for the audit trail', () => {
    given([attempted(0)])
      .when({ type: 'RecordLoginFailure', data: { ...origin(0), reason: 'wrong-second-factor' } })
      .then([{ type: 'LoginFailed', data: { ...origin(0), reason: 'wrong-second-factor' } }]);
    given([attempted(0)]).when({ type: 'ClearLoginThrottle', data: { at: at(0), sessionId: 's' } }).then([cleared(0)]);
  });

  it('reads the attempts of unknown numbers stored before, in the same shape: a running lockout still holds', () => {
    const before = [...[0, 1, 2, 3, 4].map((m) => failed(m, 'unknown-account')), lockedOut(4, 19)];
    given(before).when(start(10)).then([failed(10, 'locked-out')]);
    given(before).when(start(19)).then([attempted(19)]);
  });

  it('throttles an unknown number by the same rule and events as an account, so that lockouts do not reveal which numbers exist', () => {
    const unknown = Array.from({ length: 4 }, (_, i) => [attempted(i), failed(i, 'unknown-account')]).flat();
    given(unknown).when(start(4)).then([attempted(4), lockedOut(4, 19)]);
    expect(loginAttemptsStream('IDX')).toBe('LoginAttempts-IDX');
    expect(accountLoginAttemptsStream('u1')).toBe('AccountLoginAttempts-u1');
  });
});
