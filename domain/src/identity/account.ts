import { IllegalTransition, type Decider } from '../event-sourcing/decider';
import type { AccountCommand, SecondFactor } from './account.commands';
import type { AccountEvent, LoginMethod } from './account.events';
import { AccountDisabledError, OneTimeCodeRefused, SecondFactorRequired } from './identity.errors';
import type { LoginOrigin } from './login-attempts';

// ---- State ---------------------------------------------------------------------------------------

export type MfaState =
  | { readonly kind: 'off' }
  | { readonly kind: 'pending'; readonly secretEncrypted: string }
  | {
      readonly kind: 'totp';
      readonly secretEncrypted: string;
      /** The latest TOTP step accepted: a code of this step or earlier is a replay. */
      readonly lastAcceptedStep: number;
      /** Hashes of the recovery codes; a used slot is null. */
      readonly recoveryCodes: readonly (string | null)[];
    };

export interface RegisteredAccount {
  readonly status: 'active' | 'disabled';
  readonly userId: string;
  readonly mobileIndex: string;
  readonly mobileEncrypted: string;
  readonly passwordHash: string;
  /** When the password itself last changed (registration, change, reset); a rehash keeps it. */
  readonly passwordChangedAt: string;
  readonly displayName: string;
  readonly realNameEncrypted: string | null;
  readonly mfa: MfaState;
  /** Set on the account itself (SetMfaRequirement); see mfaRequiredOf for whether MFA is required. */
  readonly mfaRequired: boolean;
  /** What else requires MFA of the account (its privileged roles), with why. */
  readonly mfaRequiredBy: readonly { readonly source: string; readonly reason: string }[];
  /** Sessions this account started, oldest first: the ones that may still be alive get ended on reset. */
  readonly sessions: readonly { readonly sessionId: string; readonly at: string }[];
}

export type AccountState = { readonly status: 'unregistered' } | RegisteredAccount;

const registered = (state: AccountState, command: string): RegisteredAccount => {
  if (state.status === 'unregistered') throw new IllegalTransition(state.status, command);
  return state;
};

const active = (state: AccountState, command: string): RegisteredAccount => {
  const account = registered(state, command);
  if (account.status === 'disabled') throw new AccountDisabledError();
  return account;
};

// ---- Logic ---------------------------------------------------------------------------------------

/** The event that spends a second factor, or the reason it cannot be spent. */
const spendFactor = (mfa: MfaState, factor: SecondFactor, at: string): AccountEvent | 'replayed' => {
  if (mfa.kind !== 'totp') return 'replayed';
  if (factor.kind === 'totp') {
    return factor.step > mfa.lastAcceptedStep ? { type: 'TotpStepAccepted', data: { step: factor.step, at } } : 'replayed';
  }
  return mfa.recoveryCodes[factor.index] ? { type: 'RecoveryCodeConsumed', data: { index: factor.index, at } } : 'replayed';
};

const methodOf = (factor: SecondFactor | undefined): LoginMethod =>
  factor === undefined ? 'password' : factor.kind === 'totp' ? 'password+totp' : 'password+recovery-code';

// Lockout is not decided here: the attempt was let through by `loginAttempts` before any check ran.
const decideLogin = (account: RegisteredAccount, origin: LoginOrigin, sessionId: string, factor?: SecondFactor): AccountEvent[] => {
  if (account.mfa.kind === 'totp' && factor === undefined) throw new SecondFactorRequired();
  const spent = factor === undefined ? null : spendFactor(account.mfa, factor, origin.at);
  // Another sign-in spent the code a moment earlier; the caller records the failure with the attempts.
  if (spent === 'replayed') return [];
  const success: AccountEvent = { type: 'LoginSucceeded', data: { ...origin, sessionId, method: methodOf(factor) } };
  return spent === null ? [success] : [spent, success];
};

const decide = (command: AccountCommand, state: AccountState): AccountEvent[] => {
  const { type } = command;
  switch (command.type) {
    case 'RegisterAccount': {
      if (state.status !== 'unregistered') throw new IllegalTransition(state.status, type);
      const { termsVersion, privacyVersion, ...rest } = command.data;
      return [{ type: 'AccountRegistered', data: { ...rest, consent: { termsVersion, privacyVersion, at: rest.at } } }];
    }
    case 'RecordLogin': {
      const { sessionId, secondFactor, ...origin } = command.data;
      return decideLogin(active(state, type), origin, sessionId, secondFactor);
    }
    case 'ChangePassword':
      active(state, type);
      return [{ type: 'PasswordChanged', data: command.data }];
    case 'ResetPassword':
      active(state, type);
      return [{ type: 'PasswordReset', data: { ...command.data, method: 'sms' } }];
    case 'StartTotpSetup': {
      const account = active(state, type);
      if (account.mfa.kind === 'totp') throw new IllegalTransition('mfa-enabled', type);
      return [{ type: 'TotpSetupStarted', data: command.data }];
    }
    case 'ConfirmTotp': {
      const account = active(state, type);
      if (account.mfa.kind !== 'pending') throw new IllegalTransition(`mfa-${account.mfa.kind}`, type);
      return [{ type: 'TotpConfirmed', data: command.data }];
    }
    case 'UseSecondFactor': {
      const spent = spendFactor(active(state, type).mfa, command.data.factor, command.data.at);
      if (spent === 'replayed') throw new OneTimeCodeRefused('already used');
      return [spent];
    }
    case 'DisableMfa': {
      const account = active(state, type);
      if (account.mfa.kind !== 'totp') throw new IllegalTransition(`mfa-${account.mfa.kind}`, type);
      const spent = spendFactor(account.mfa, command.data.factor, command.data.at);
      if (spent === 'replayed') throw new OneTimeCodeRefused('already used');
      return [spent, { type: 'MfaDisabled', data: { at: command.data.at } }];
    }
    case 'SetMfaRequirement': {
      const account = registered(state, type);
      return account.mfaRequired === command.data.required ? [] : [{ type: 'MfaRequirementSet', data: command.data }];
    }
    case 'RequireMfa':
    case 'LiftMfaRequirement': {
      // A role granted to a user id with no account (yet) has no account to require anything of.
      if (state.status === 'unregistered') return [];
      const held = state.mfaRequiredBy.some((r) => r.source === command.data.source);
      if (command.type === 'RequireMfa') return held ? [] : [{ type: 'MfaRequirementImposed', data: command.data }];
      return held ? [{ type: 'MfaRequirementLifted', data: command.data }] : [];
    }
    case 'ChangeMobileNumber': {
      const account = active(state, type);
      if (account.mobileIndex === command.data.mobileIndex) return [];
      return [{ type: 'MobileNumberChanged', data: { ...command.data, previousMobileIndex: account.mobileIndex } }];
    }
    case 'UpdateProfile':
      active(state, type);
      return [{ type: 'ProfileUpdated', data: command.data }];
    case 'DisableAccount': {
      const account = registered(state, type);
      return account.status === 'disabled' ? [] : [{ type: 'AccountDisabled', data: command.data }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
};

const evolveRegistered = (s: RegisteredAccount, event: AccountEvent): RegisteredAccount => {
  switch (event.type) {
    case 'AccountRegistered':
      return s;
    case 'LoginSucceeded':
      return { ...s, sessions: [...s.sessions, { sessionId: event.data.sessionId, at: event.data.at }] };
    case 'LoginFailed':
    case 'AccountLockedOut':
      return s;
    case 'PasswordChanged':
      // A rehash stores the same password at current costs; its age (PASSWORD_MAX_AGE_DAYS) goes on.
      return { ...s, passwordHash: event.data.passwordHash, passwordChangedAt: event.data.reason === 'rehash' ? s.passwordChangedAt : event.data.at };
    case 'PasswordReset':
      return { ...s, passwordHash: event.data.passwordHash, passwordChangedAt: event.data.at };
    case 'TotpSetupStarted':
      return { ...s, mfa: { kind: 'pending', secretEncrypted: event.data.secretEncrypted } };
    case 'TotpConfirmed':
      return s.mfa.kind === 'pending'
        ? { ...s, mfa: { kind: 'totp', secretEncrypted: s.mfa.secretEncrypted, lastAcceptedStep: event.data.step, recoveryCodes: event.data.recoveryCodeHashes } }
        : s;
    case 'TotpStepAccepted':
      return s.mfa.kind === 'totp' ? { ...s, mfa: { ...s.mfa, lastAcceptedStep: Math.max(s.mfa.lastAcceptedStep, event.data.step) } } : s;
    case 'RecoveryCodeConsumed':
      return s.mfa.kind === 'totp'
        ? { ...s, mfa: { ...s.mfa, recoveryCodes: s.mfa.recoveryCodes.map((h, i) => (i === event.data.index ? null : h)) } }
        : s;
    case 'MfaDisabled':
      return { ...s, mfa: { kind: 'off' } };
    case 'MfaRequirementSet':
      return { ...s, mfaRequired: event.data.required };
    case 'MfaRequirementImposed':
      return { ...s, mfaRequiredBy: [...s.mfaRequiredBy, { source: event.data.source, reason: event.data.reason }] };
    case 'MfaRequirementLifted':
      return { ...s, mfaRequiredBy: s.mfaRequiredBy.filter((r) => r.source !== event.data.source) };
    case 'MobileNumberChanged':
      return { ...s, mobileIndex: event.data.mobileIndex, mobileEncrypted: event.data.mobileEncrypted };
    case 'ProfileUpdated':
      return {
        ...s,
        displayName: event.data.displayName ?? s.displayName,
        realNameEncrypted: event.data.realNameEncrypted === undefined ? s.realNameEncrypted : event.data.realNameEncrypted,
      };
    case 'AccountDisabled':
      return { ...s, status: 'disabled' };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

const evolve = (state: AccountState, event: AccountEvent): AccountState => {
  if (event.type === 'AccountRegistered') {
    const d = event.data;
    return {
      status: 'active',
      userId: d.userId,
      mobileIndex: d.mobileIndex,
      mobileEncrypted: d.mobileEncrypted,
      passwordHash: d.passwordHash,
      passwordChangedAt: d.at,
      displayName: d.displayName,
      realNameEncrypted: null,
      mfa: { kind: 'off' },
      mfaRequired: false,
      mfaRequiredBy: [],
      sessions: [],
    };
  }
  return state.status === 'unregistered' ? state : evolveRegistered(state, event);
};

/** The account of one person: sign-ins, password, second factor, profile (failed attempts: `loginAttempts`). */
export const account: Decider<AccountCommand, AccountEvent, AccountState> = {
  initialState: () => ({ status: 'unregistered' }),
  decide,
  evolve,
};

// ---- Whether the account must have, and has, a second factor -------------------------------------

type MfaStanding = Pick<RegisteredAccount, 'mfa' | 'mfaRequired' | 'mfaRequiredBy'>;

/** The account must use a second factor: set on the account, or required by one of its roles. */
export const mfaRequiredOf = (account: MfaStanding): boolean => account.mfaRequired || account.mfaRequiredBy.length > 0;

/**
 * The account may act as its roles allow: MFA is not required of it, or TOTP is set up. A privileged
 * action by an account that fails this is refused until it sets up TOTP (rule `mfa-setup-required`).
 */
export const mfaSatisfied = (account: MfaStanding): boolean => !mfaRequiredOf(account) || account.mfa.kind === 'totp';
