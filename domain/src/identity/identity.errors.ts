import { IllegalTransition, RuleViolation } from '../event-sourcing/decider';

// ---- Refusals of the identity rules; the backend maps each name to an HTTP status --------------

/** Too many failed sign-ins: no login is accepted until `until`. */
export class AccountLockedOut extends RuleViolation {
  constructor(readonly until: string) {
    super('account-locked-out', 'too many failed sign-ins; try again later');
    this.name = 'AccountLockedOut';
  }
}

/** The account was disabled by staff: it cannot sign in or act. */
export class AccountDisabledError extends RuleViolation {
  constructor() {
    super('account-disabled', 'this account is disabled');
    this.name = 'AccountDisabledError';
  }
}

/** The mobile number already belongs to an account. */
export class MobileNumberTaken extends RuleViolation {
  constructor() {
    super('mobile-number-taken', 'this mobile number cannot be registered');
    this.name = 'MobileNumberTaken';
  }
}

/** A one-time code (TOTP step or recovery code) was already used, or does not exist. */
export class OneTimeCodeRefused extends RuleViolation {
  constructor(reason: string) {
    super('one-time-code-refused', `the code is not valid: ${reason}`);
    this.name = 'OneTimeCodeRefused';
  }
}

/** Another SMS code for this number was sent too recently. */
export class SmsCodeTooSoon extends RuleViolation {
  constructor(readonly retryAfterSeconds: number) {
    super('sms-code-too-soon', `a code was sent to this number recently; try again in ${retryAfterSeconds} s`);
    this.name = 'SmsCodeTooSoon';
  }
}

/** The SMS code is wrong, expired, used, or none was sent. */
export class SmsCodeRefused extends RuleViolation {
  constructor() {
    super('sms-code-refused', 'the SMS code is wrong or expired; request a new one');
    this.name = 'SmsCodeRefused';
  }
}

/** The session ended or expired; its tokens are worthless. */
export class SessionNotActive extends RuleViolation {
  constructor(readonly reason: string) {
    super('session-not-active', `the session has ended (${reason}); sign in again`);
    this.name = 'SessionNotActive';
  }
}

/** A refresh token that belongs to no generation of the session. */
export class RefreshTokenRefused extends RuleViolation {
  constructor() {
    super('refresh-token-refused', 'the refresh token is not valid; sign in again');
    this.name = 'RefreshTokenRefused';
  }
}

/** The password matched, and the account signs in with a second factor too: the first step is done. */
export class SecondFactorRequired extends IllegalTransition {
  constructor() {
    super('mfa-enabled', 'RecordLogin without a second factor');
    this.name = 'SecondFactorRequired';
  }
}
