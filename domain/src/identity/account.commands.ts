import type { Command } from '../event-sourcing/decider';

// ---- Commands of an account. Time always comes in the command (`at`, ISO 8601). ------------------
// Secrets are checked by the backend (argon2, TOTP, HMAC); the rules here decide what that means.

type Origin = {
  at: string;
  ip: string;
  userAgent: string;
};

/** The second factor the backend verified: a TOTP time step, or the slot of a recovery code. */
export type SecondFactor = { kind: 'totp'; step: number } | { kind: 'recovery-code'; index: number };

export type RegisterAccount = Command<
  'RegisterAccount',
  {
    userId: string;
    mobileIndex: string;
    mobileEncrypted: string;
    passwordHash: string;
    displayName: string;
    termsVersion: string;
    privacyVersion: string;
    at: string;
  }
>;
/**
 * The password matched and the attempt was let through (`loginAttempts`); with MFA on,
 * `secondFactor` must be given too. A second factor already spent makes it record nothing.
 */
export type RecordLogin = Command<'RecordLogin', Origin & { sessionId: string; secondFactor?: SecondFactor }>;
/** `rehash`: the same password re-encoded at current costs; it does not restart the password's age. */
export type ChangePassword = Command<'ChangePassword', { passwordHash: string; reason: 'user-request' | 'rehash'; at: string }>;
export type ResetPassword = Command<'ResetPassword', { passwordHash: string; at: string }>;
export type StartTotpSetup = Command<'StartTotpSetup', { secretEncrypted: string; at: string }>;
export type ConfirmTotp = Command<'ConfirmTotp', { step: number; recoveryCodeHashes: string[]; at: string }>;
/** A second factor proved for a critical operation (step-up, disabling MFA). */
export type UseSecondFactor = Command<'UseSecondFactor', { factor: SecondFactor; at: string }>;
export type DisableMfa = Command<'DisableMfa', { factor: SecondFactor; at: string }>;
export type SetMfaRequirement = Command<'SetMfaRequirement', { required: boolean; at: string }>;
/** A privileged role (or anything else named by `source`) requires MFA of this account. */
export type RequireMfa = Command<'RequireMfa', { source: string; reason: string; at: string }>;
export type LiftMfaRequirement = Command<'LiftMfaRequirement', { source: string; at: string }>;
/** The backend proved the new number by SMS and claimed it. */
export type ChangeMobileNumber = Command<'ChangeMobileNumber', { mobileIndex: string; mobileEncrypted: string; at: string }>;
export type UpdateProfile = Command<'UpdateProfile', { displayName?: string; realNameEncrypted?: string | null; at: string }>;
export type DisableAccount = Command<'DisableAccount', { reason: string; at: string }>;

export type AccountCommand =
  | RegisterAccount
  | RecordLogin
  | ChangePassword
  | ResetPassword
  | StartTotpSetup
  | ConfirmTotp
  | UseSecondFactor
  | DisableMfa
  | SetMfaRequirement
  | RequireMfa
  | LiftMfaRequirement
  | ChangeMobileNumber
  | UpdateProfile
  | DisableAccount;
