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

/** A thing of another user, or none: answered 404 alike. */
export class SessionNotFound extends Error {
  constructor() {
    super('no such session');
    this.name = 'SessionNotFound';
  }
}
