/** The session part of a token answer. */
export interface SessionInfo {
  readonly id: string;
  readonly startedAt: string;
  readonly absoluteExpiresAt: string;
  readonly idleTimeoutSeconds: number;
}

/** What /login, /login/mfa and /refresh answer once the user is signed in. */
export interface TokenGrant {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
  readonly refreshToken: string;
  readonly session: SessionInfo;
  readonly mfaRequired?: false;
  readonly passwordChangeDue?: boolean;
  readonly mfaEnrollmentRequired?: boolean;
}

/** The first step of a sign-in of an account with a second factor. */
export interface MfaChallenge {
  readonly mfaRequired: true;
  readonly mfaToken: string;
  readonly expiresIn: number;
}

export type LoginAnswer = TokenGrant | MfaChallenge;

/** GET /api/v1/me: the signed-in account, personal data masked by the backend. */
export interface MyAccount {
  readonly userId: string;
  readonly phone: string;
  readonly displayName: string;
  readonly realName: string | null;
  readonly mfa: { readonly enabled: boolean; readonly pending: boolean; readonly required: boolean; readonly recoveryCodesLeft: number };
  readonly passwordChangedAt: string | null;
  readonly passwordChangeDue: boolean;
  readonly session: { readonly id: string; readonly steppedUpUntil: string | null };
}

/** A second factor: an authenticator code or one of the recovery codes. */
export type SecondFactor = { readonly code: string } | { readonly recoveryCode: string };
