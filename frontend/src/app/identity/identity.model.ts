export type SmsPurpose = 'register' | 'reset-password' | 'change-phone';

export interface RegisterRequest {
  readonly phone: string;
  readonly smsCode: string;
  readonly password: string;
  readonly acceptTerms: true;
  readonly acceptPrivacy: true;
  readonly displayName?: string;
}

/** One live session of mine, as GET /api/v1/auth/sessions lists it. */
export interface SessionView {
  readonly id: string;
  readonly userAgent: string;
  readonly ip: string;
  readonly startedAt: string;
  readonly lastActiveAt: string;
  readonly expiresAt: string;
  readonly current: boolean;
}

/** One sign-in attempt of mine. */
export interface LoginLogEntry {
  readonly at: string;
  readonly ip: string;
  readonly userAgent: string;
  readonly result: 'success' | 'failure';
  readonly reason: string | null;
  readonly method: string | null;
}

export interface TotpSetup {
  readonly secret: string;
  readonly otpauthUri: string;
}

/** A text message the development backend kept instead of sending. */
export interface OutboxMessage {
  readonly to: string;
  readonly text: string;
  readonly sentAt: string;
}
