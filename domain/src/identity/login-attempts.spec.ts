import { deciderSpec } from '@kuaige/testkit';
import { accountLoginAttemptsStream, loginAttempts, loginAttemptsStream, type LoginAttemptsCommand, type LoginAttemptsEvent, type LoginFailureReason } from './login-attempts';
import { LOCKOUT_POLICY, retryAfterRefusal } from './login-throttle';

const given = deciderSpec(loginAttempts);
const T0 = Date.parse('2026-11-21T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const origin = (minutes: number) => ({ at: at(minutes), ip: '10.0.0.1', userAgent: 'jest' });

const start = (m: number): LoginAttemptsCommand => ({ type: 'StartLoginAttempt', data: origin(m) });
const fail = (m: number, reason: LoginFailureReason = 'wrong-password'): LoginAttemptsCommand => ({ type: 'RecordLoginFailure', data: { ...origin(m), reason } });
const attempted = (m: number): LoginAttemptsEvent => ({ type: 'LoginAttempted', data: origin(m) });
const failed = (m: number, reason: LoginFailureReason = 'wrong-password'): LoginAttemptsEvent => ({ type: 'LoginFailed', data: { ...origin(m), reason } });
const refused = (m: number) => failed(m, 'locked-out');
const passed = (m: number): LoginAttemptsEvent => ({ type: 'LoginCheckPassed', data: origin(m) });
const lockedOut = (m: number, until: number, lockouts = 1): LoginAttemptsEvent => ({ type: 'AccountLockedOut', data: { at: at(m), until: at(until), lockouts } });
const cleared = (m: number): LoginAttemptsEvent => ({ type: 'LoginThrottleCleared', data: { at: at(m), sessionId: 's' } });
/** `n` wrong passwords, one a minute from minute `from`: each check let through, then its failure. */
const wrongPasswords = (n: number, from = 0): LoginAttemptsEvent[] => Array.from({ length: n }, (_, i) => [attempted(from + i), failed(from + i)]).flat();
const fold = (events: LoginAttemptsEvent[]) => events.reduce(loginAttempts.evolve, loginAttempts.initialState());

describe('Sign-in attempts (lockout)', () => {
  it('lets a check run before its outcome is known', () => {
    given([]).when(start(0)).then([attempted(0)]);
  });

  it('locks out for 15 minutes on the fifth failure within 15 minutes', () => {
    given([...wrongPasswords(4), attempted(4)])
      .when(fail(4))
      .then([failed(4), lockedOut(4, 19)]);
  });

  it('refuses a check while the running ones could still bring the lockout: racing guesses cannot run more checks than failures allowed', () => {
    // Five checks let through at once, none finished yet: a sixth is refused without waiting for them.
    const running = [0, 0, 0, 0, 0].map(attempted);
    given(running).when(start(0)).then([refused(0)]);
    given([...wrongPasswords(3), attempted(3)]).when(start(3)).then([attempted(3)]);
    given([...wrongPasswords(3), attempted(3), attempted(3)]).when(start(3)).then([refused(3)]);
    // Refused while not yet locked: try again when the lockout the running checks may bring would end.
    expect(retryAfterRefusal(fold(running), Date.parse(at(0)))).toBe(Date.parse(at(15)));
  });

  it('lets checks run again as soon as the running ones pass', () => {
    const running = [0, 0, 0, 0, 0].map(attempted);
    given([...running, passed(0)]).when(start(0)).then([attempted(0)]);
  });

  it('refuses every check while locked out and records the refusal, which does not prolong the lockout', () => {
    const locked = [...wrongPasswords(4), attempted(4), failed(4), lockedOut(4, 19)];
    given(locked).when(start(10)).then([refused(10)]);
    expect(retryAfterRefusal(fold(locked), Date.parse(at(10)))).toBe(Date.parse(at(19)));
    given([...locked, refused(10), refused(11)]).when(start(19)).then([attempted(19)]);
  });

  it('does not lock out when the failures are spread beyond the window', () => {
    given([...wrongPasswords(4), attempted(16)]).when(fail(16)).then([failed(16)]);
  });

  it('does not count failures that are not guesses, nor checks that passed', () => {
    given([...wrongPasswords(4), attempted(5)]).when(fail(5, 'disabled')).then([failed(5, 'disabled')]);
    given([...wrongPasswords(4), attempted(5), passed(5)]).when(start(6)).then([attempted(6)]);
  });

  it('counts failed second factors like wrong passwords', () => {
    given([...wrongPasswords(4), attempted(5)])
      .when(fail(5, 'wrong-second-factor'))
      .then([failed(5, 'wrong-second-factor'), lockedOut(5, 20)]);
  });

  it('forgets earlier failures and lockouts after a sign-in', () => {
    given([...wrongPasswords(4), cleared(4), attempted(5)]).when(fail(5)).then([failed(5)]);
    given([...wrongPasswords(5), lockedOut(4, 19), cleared(4)]).when(start(5)).then([attempted(5)]);
  });

  it('doubles the lockout when failures go on after one, up to a day', () => {
    given([lockedOut(0, 15, 1), ...wrongPasswords(4, 21), attempted(25)])
      .when(fail(25))
      .then([failed(25), lockedOut(25, 55, 2)]);
    const maxMinutes = LOCKOUT_POLICY.maxLockMs / 60_000;
    given([lockedOut(0, 15, 9), ...wrongPasswords(4, 21), attempted(25)])
      .when(fail(25))
      .then([failed(25), lockedOut(25, 25 + maxMinutes, 10)]);
  });

  it('stops counting a check that never finished once it is out of the window', () => {
    const crashed = [0, 0, 0, 0, 0].map(attempted);
    given(crashed).when(start(15)).then([attempted(15)]);
  });

  it('reads the failures of unknown numbers stored before checks were recorded: they still count', () => {
    const before = [0, 1, 2, 3].map((m) => failed(m, 'unknown-account'));
    given(before).when(fail(4, 'unknown-account')).then([failed(4, 'unknown-account'), lockedOut(4, 19)]);
    given([...before, failed(4, 'unknown-account'), lockedOut(4, 19)]).when(start(10)).then([refused(10)]);
  });

  it('throttles an unknown number by the same rule and events as an account, so that lockouts do not reveal which numbers exist', () => {
    const unknown = Array.from({ length: 4 }, (_, i) => [attempted(i), failed(i, 'unknown-account')]).flat();
    given([...unknown, attempted(4)]).when(fail(4, 'unknown-account')).then([failed(4, 'unknown-account'), lockedOut(4, 19)]);
    expect(loginAttemptsStream('IDX')).toBe('LoginAttempts-IDX');
    expect(accountLoginAttemptsStream('u1')).toBe('AccountLoginAttempts-u1');
  });
});
