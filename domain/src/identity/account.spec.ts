import { deciderSpec } from '@kuaige/testkit';
import { IllegalTransition } from '../event-sourcing/decider';
import { account, mfaRequiredOf, mfaSatisfied, type RegisteredAccount } from './account';
import type { AccountCommand } from './account.commands';
import type { AccountEvent } from './account.events';
import { AccountDisabledError, OneTimeCodeRefused, SecondFactorRequired } from './identity.errors';

const given = deciderSpec(account);
const T0 = Date.parse('2026-11-21T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const origin = (minutes: number) => ({ at: at(minutes), ip: '10.0.0.1', userAgent: 'jest' });

const registered: AccountEvent = {
  type: 'AccountRegistered',
  data: {
    userId: 'u1',
    mobileIndex: 'idx',
    mobileEncrypted: 'enc:v1:k:iv:ct',
    passwordHash: '$argon2id$old',
    displayName: 'Li',
    consent: { termsVersion: 't1', privacyVersion: 'p1', at: at(0) },
    at: at(0),
  },
};
const login = (minutes: number, secondFactor?: { kind: 'totp'; step: number } | { kind: 'recovery-code'; index: number }): AccountCommand => ({
  type: 'RecordLogin',
  data: { ...origin(minutes), sessionId: `s${minutes}`, ...(secondFactor ? { secondFactor } : {}) },
});
const mfaOn: AccountEvent[] = [
  { type: 'TotpSetupStarted', data: { secretEncrypted: 'enc:secret', at: at(1) } },
  { type: 'TotpConfirmed', data: { step: 100, recoveryCodeHashes: ['rc1:a', 'rc1:b'], at: at(1) } },
];

describe('Account', () => {
  it('registers once, with consent and the versions agreed to', () => {
    given([])
      .when({
        type: 'RegisterAccount',
        data: {
          userId: 'u1',
          mobileIndex: 'idx',
          mobileEncrypted: 'enc:v1:k:iv:ct',
          passwordHash: '$argon2id$old',
          displayName: 'Li',
          termsVersion: 't1',
          privacyVersion: 'p1',
          at: at(0),
        },
      })
      .then([registered]);
    given([registered]).when({ type: 'RegisterAccount', data: { ...registered.data, termsVersion: 't', privacyVersion: 'p' } }).thenThrows(IllegalTransition);
  });

  it('records a successful password login with its session', () => {
    given([registered]).when(login(1)).then([{ type: 'LoginSucceeded', data: { ...origin(1), sessionId: 's1', method: 'password' } }]);
  });

  it('folds failed sign-ins and lockouts stored here before they had a stream of their own as nothing', () => {
    const legacy: AccountEvent[] = [
      { type: 'LoginFailed', data: { ...origin(1), reason: 'wrong-password' } },
      { type: 'AccountLockedOut', data: { at: at(5), until: at(20), lockouts: 1 } },
    ];
    const fold = (events: AccountEvent[]) => events.reduce(account.evolve, account.initialState());
    expect(fold([registered, ...legacy])).toEqual(fold([registered]));
    given([registered, ...legacy]).when(login(6)).then([{ type: 'LoginSucceeded', data: { ...origin(6), sessionId: 's6', method: 'password' } }]);
  });

  it('asks a second factor once MFA is on, and accepts each TOTP step once', () => {
    given([registered, ...mfaOn]).when(login(2)).thenThrows(SecondFactorRequired);
    given([registered, ...mfaOn])
      .when(login(2, { kind: 'totp', step: 101 }))
      .then([
        { type: 'TotpStepAccepted', data: { step: 101, at: at(2) } },
        { type: 'LoginSucceeded', data: { ...origin(2), sessionId: 's2', method: 'password+totp' } },
      ]);
    const used: AccountEvent = { type: 'TotpStepAccepted', data: { step: 101, at: at(2) } };
    // A replay records nothing here: the sign-in records the failure with the attempts.
    given([registered, ...mfaOn, used]).when(login(3, { kind: 'totp', step: 101 })).then([]);
    // The step accepted when TOTP was confirmed counts too.
    given([registered, ...mfaOn]).when(login(3, { kind: 'totp', step: 100 })).then([]);
  });

  it('accepts a recovery code once', () => {
    given([registered, ...mfaOn])
      .when(login(2, { kind: 'recovery-code', index: 1 }))
      .then([
        { type: 'RecoveryCodeConsumed', data: { index: 1, at: at(2) } },
        { type: 'LoginSucceeded', data: { ...origin(2), sessionId: 's2', method: 'password+recovery-code' } },
      ]);
    const used: AccountEvent = { type: 'RecoveryCodeConsumed', data: { index: 1, at: at(2) } };
    given([registered, ...mfaOn, used])
      .when({ type: 'UseSecondFactor', data: { factor: { kind: 'recovery-code', index: 1 }, at: at(3) } })
      .thenThrows(OneTimeCodeRefused);
  });

  it('sets up TOTP only from off, confirms only a pending set-up, disables with a fresh code', () => {
    given([registered]).when({ type: 'ConfirmTotp', data: { step: 1, recoveryCodeHashes: [], at: at(1) } }).thenThrows(IllegalTransition);
    given([registered, ...mfaOn]).when({ type: 'StartTotpSetup', data: { secretEncrypted: 'x', at: at(2) } }).thenThrows(IllegalTransition);
    given([registered, ...mfaOn])
      .when({ type: 'DisableMfa', data: { factor: { kind: 'totp', step: 100 }, at: at(2) } })
      .thenThrows(OneTimeCodeRefused);
    given([registered, ...mfaOn])
      .when({ type: 'DisableMfa', data: { factor: { kind: 'totp', step: 102 }, at: at(2) } })
      .then([
        { type: 'TotpStepAccepted', data: { step: 102, at: at(2) } },
        { type: 'MfaDisabled', data: { at: at(2) } },
      ]);
  });

  it('keeps the password hash of the latest change or reset', () => {
    const history: AccountEvent[] = [registered, { type: 'PasswordReset', data: { passwordHash: '$new', method: 'sms', at: at(3) } }];
    const state = history.reduce(account.evolve, account.initialState());
    expect(state).toMatchObject({ passwordHash: '$new', passwordChangedAt: at(3) });
  });

  it('keeps the age of the password through a rehash, and restarts it on a change by the user', () => {
    const rehashed: AccountEvent = { type: 'PasswordChanged', data: { passwordHash: '$rehashed', reason: 'rehash', at: at(30) } };
    const fold = (events: AccountEvent[]) => events.reduce(account.evolve, account.initialState());
    expect(fold([registered, rehashed])).toMatchObject({ passwordHash: '$rehashed', passwordChangedAt: at(0) });
    const changed: AccountEvent = { type: 'PasswordChanged', data: { passwordHash: '$mine', reason: 'user-request', at: at(40) } };
    expect(fold([registered, rehashed, changed])).toMatchObject({ passwordHash: '$mine', passwordChangedAt: at(40) });
  });

  it('refuses everything but recording attempts once disabled', () => {
    const disabled: AccountEvent = { type: 'AccountDisabled', data: { reason: 'staff', at: at(1) } };
    given([registered, disabled]).when(login(2)).thenThrows(AccountDisabledError);
    given([registered, disabled]).when({ type: 'UpdateProfile', data: { displayName: 'x', at: at(2) } }).thenThrows(AccountDisabledError);
    given([registered, disabled]).when({ type: 'DisableAccount', data: { reason: 'again', at: at(2) } }).then([]);
  });

  it('moves to a new mobile number, remembering the one it leaves', () => {
    given([registered])
      .when({ type: 'ChangeMobileNumber', data: { mobileIndex: 'idx2', mobileEncrypted: 'enc:2', at: at(1) } })
      .then([{ type: 'MobileNumberChanged', data: { mobileIndex: 'idx2', mobileEncrypted: 'enc:2', previousMobileIndex: 'idx', at: at(1) } }]);
    given([registered]).when({ type: 'ChangeMobileNumber', data: { mobileIndex: 'idx', mobileEncrypted: 'enc:1', at: at(1) } }).then([]);
  });

  it('updates the profile and the MFA requirement', () => {
    given([registered])
      .when({ type: 'UpdateProfile', data: { realNameEncrypted: 'enc:name', at: at(1) } })
      .then([{ type: 'ProfileUpdated', data: { realNameEncrypted: 'enc:name', at: at(1) } }]);
    given([registered])
      .when({ type: 'SetMfaRequirement', data: { required: true, at: at(1) } })
      .then([{ type: 'MfaRequirementSet', data: { required: true, at: at(1) } }]);
  });

  describe('MFA required by what the account holds', () => {
    const admin = { source: 'enterprise:e1', reason: 'role:admin', at: at(1) };
    const imposed: AccountEvent = { type: 'MfaRequirementImposed', data: admin };
    const lifted: AccountEvent = { type: 'MfaRequirementLifted', data: { source: 'enterprise:e1', at: at(2) } };

    it('records each source once, and lifts it only when it was imposed', () => {
      given([registered]).when({ type: 'RequireMfa', data: admin }).then([imposed]);
      given([registered, imposed]).when({ type: 'RequireMfa', data: { ...admin, at: at(3) } }).then([]);
      given([registered, imposed]).when({ type: 'LiftMfaRequirement', data: { source: 'enterprise:e1', at: at(2) } }).then([lifted]);
      given([registered]).when({ type: 'LiftMfaRequirement', data: { source: 'enterprise:e1', at: at(2) } }).then([]);
      given([registered, imposed, lifted]).when({ type: 'RequireMfa', data: admin }).then([imposed]);
    });

    it('asks nothing of a user id that has no account', () => {
      given([]).when({ type: 'RequireMfa', data: admin }).then([]);
      given([]).when({ type: 'LiftMfaRequirement', data: { source: 'enterprise:e1', at: at(2) } }).then([]);
    });

    it('is satisfied only by TOTP while any source, or the account flag, requires it', () => {
      const fold = (events: AccountEvent[]) => events.reduce(account.evolve, account.initialState()) as RegisteredAccount;
      const totp: AccountEvent[] = [
        { type: 'TotpSetupStarted', data: { secretEncrypted: 'enc:s', at: at(3) } },
        { type: 'TotpConfirmed', data: { step: 1, recoveryCodeHashes: ['h'], at: at(3) } },
      ];
      const other: AccountEvent = { type: 'MfaRequirementImposed', data: { source: 'operator:n1', reason: 'role:operator', at: at(1) } };
      expect([mfaRequiredOf(fold([registered])), mfaSatisfied(fold([registered]))]).toEqual([false, true]);
      expect([mfaRequiredOf(fold([registered, imposed])), mfaSatisfied(fold([registered, imposed]))]).toEqual([true, false]);
      expect(mfaSatisfied(fold([registered, imposed, ...totp]))).toBe(true);
      expect(mfaRequiredOf(fold([registered, imposed, other, lifted]))).toBe(true);
      expect(mfaRequiredOf(fold([registered, imposed, lifted]))).toBe(false);
      expect(mfaSatisfied(fold([registered, { type: 'MfaRequirementSet', data: { required: true, at: at(1) } }]))).toBe(false);
    });
  });
});
