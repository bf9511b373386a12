import { ForbiddenException } from '@nestjs/common';

// ---- Refusals of the sign-in flows (the domain's own refusals live in @kuaige/domain) --------------

/** Unknown number or wrong password: one answer for both, so that nobody learns which numbers exist. */
export class InvalidCredentials extends Error {
  constructor() {
    super('the mobile number or the password is wrong');
    this.name = 'InvalidCredentials';
  }
}

/** The TOTP or recovery code of a sign-in or step-up is wrong or already used. */
export class SecondFactorRefused extends Error {
  constructor() {
    super('the verification code is wrong or already used');
    this.name = 'SecondFactorRefused';
  }
}

/** Too many requests from one client address or for one key. */
export class TooManyRequests extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'too many requests; try again later',
  ) {
    super(message);
    this.name = 'TooManyRequests';
  }
}

/** No valid access token, or its session is over. */
export class NotAuthenticated extends Error {
  constructor(message = 'sign in first') {
    super(message);
    this.name = 'NotAuthenticated';
  }
}

/** The operation is critical: confirm password (and code) at POST /api/v1/auth/step-up first. */
export class StepUpRequired extends Error {
  constructor() {
    super('confirm your identity first (POST /api/v1/auth/step-up); it is valid for 5 minutes');
    this.name = 'StepUpRequired';
  }
}

/**
 * A privileged action by an account whose roles require MFA (mfaSatisfied false): refused with 403,
 * rule `mfa-setup-required`, until the user sets up TOTP (POST /api/v1/me/mfa/totp).
 */
export class MfaSetupRequired extends ForbiddenException {
  constructor() {
    const message = 'your roles require a second factor: set up TOTP first (POST /api/v1/me/mfa/totp), then try again';
    // An HttpException, so that any guard may throw it and get the common error body without a filter.
    super({ statusCode: 403, message, errors: [{ field: 'mfa', rule: 'mfa-setup-required', message }] });
    this.name = 'MfaSetupRequired';
  }
}

/** A thing of another user, or none: answered 404 alike. */
export class SessionNotFound extends Error {
  constructor() {
    super('no such session');
    this.name = 'SessionNotFound';
  }
}
