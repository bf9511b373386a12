import type { DomainEvent } from '../event-sourcing/event';
import type { AccountLockedOutEvent, LoginFailed, LoginOrigin } from './login-attempts';

// ---- Events of an account (stream `Account-<userId>`) ------------------------------------------
// Personal data appears only as ciphertext (`...Encrypted`, AES-GCM by the backend) or as a keyed
// blind index: the event log never holds a plain phone number or name.

/** How a sign-in proved who it was. */
export type LoginMethod = 'password' | 'password+totp' | 'password+recovery-code';

export type AccountRegistered = DomainEvent<
  'AccountRegistered',
  {
    userId: string;
    mobileIndex: string;
    mobileEncrypted: string;
    passwordHash: string;
    displayName: string;
    consent: { termsVersion: string; privacyVersion: string; at: string };
    at: string;
  }
>;
export type LoginSucceeded = DomainEvent<'LoginSucceeded', LoginOrigin & { sessionId: string; method: LoginMethod }>;
export type PasswordChanged = DomainEvent<'PasswordChanged', { passwordHash: string; reason: 'user-request' | 'rehash'; at: string }>;
export type PasswordReset = DomainEvent<'PasswordReset', { passwordHash: string; method: 'sms'; at: string }>;
export type TotpSetupStarted = DomainEvent<'TotpSetupStarted', { secretEncrypted: string; at: string }>;
export type TotpConfirmed = DomainEvent<'TotpConfirmed', { step: number; recoveryCodeHashes: string[]; at: string }>;
export type TotpStepAccepted = DomainEvent<'TotpStepAccepted', { step: number; at: string }>;
export type RecoveryCodeConsumed = DomainEvent<'RecoveryCodeConsumed', { index: number; at: string }>;
export type MfaDisabled = DomainEvent<'MfaDisabled', { at: string }>;
export type MfaRequirementSet = DomainEvent<'MfaRequirementSet', { required: boolean; at: string }>;
/**
 * Something the account holds requires a second factor: `source` names it (`enterprise:<id>` for an
 * enterprise role), `reason` says why (`role:admin`). Each source is recorded once, and lifted on its own.
 */
export type MfaRequirementImposed = DomainEvent<'MfaRequirementImposed', { source: string; reason: string; at: string }>;
/** The source no longer requires MFA (the role was given up); others may still. */
export type MfaRequirementLifted = DomainEvent<'MfaRequirementLifted', { source: string; at: string }>;
export type MobileNumberChanged = DomainEvent<'MobileNumberChanged', { mobileIndex: string; mobileEncrypted: string; previousMobileIndex: string; at: string }>;
export type ProfileUpdated = DomainEvent<'ProfileUpdated', { displayName?: string; realNameEncrypted?: string | null; at: string }>;
export type AccountDisabled = DomainEvent<'AccountDisabled', { reason: string; at: string }>;

/**
 * Failed sign-ins and lockouts were recorded in the account stream until they moved to
 * `AccountLoginAttempts-<userId>` (same types, same shape); the ones already stored here are
 * folded as nothing and never written again.
 */
export type LegacyAccountEvent = LoginFailed | AccountLockedOutEvent;

export type AccountEvent =
  | AccountRegistered
  | LoginSucceeded
  | LegacyAccountEvent
  | PasswordChanged
  | PasswordReset
  | TotpSetupStarted
  | TotpConfirmed
  | TotpStepAccepted
  | RecoveryCodeConsumed
  | MfaDisabled
  | MfaRequirementSet
  | MfaRequirementImposed
  | MfaRequirementLifted
  | MobileNumberChanged
  | ProfileUpdated
  | AccountDisabled;

export const accountStream = (userId: string): string => `Account-${userId}`;
