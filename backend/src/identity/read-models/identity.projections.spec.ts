import { eventLog } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';
import { accountsProjection, loginLogProjection, sessionsProjection, type IdentityEvent } from './identity.projections';

const origin = { ip: '1.1.1.1', userAgent: 'x' };

describe('identity read models', () => {
  it('accounts: one row per account, by blind index, with MFA and profile state', async () => {
    const log = eventLog<IdentityEvent>();
    await projectionSpec(accountsProjection)
      .given(
        log.record('Account-u1', {
          type: 'AccountRegistered',
          data: {
            userId: 'u1',
            mobileIndex: 'IDX',
            mobileEncrypted: 'enc:v1:x',
            passwordHash: '$argon2id$x',
            displayName: 'Li',
            consent: { termsVersion: 't1', privacyVersion: 'p1', at: 't0' },
            at: 't0',
          },
        }),
        log.record('Account-u1', { type: 'TotpConfirmed', data: { step: 1, recoveryCodeHashes: [], at: 't1' } }),
        log.record('Account-u1', { type: 'ProfileUpdated', data: { realNameEncrypted: 'enc:v1:n', at: 't2' } }),
        log.record('Account-u1', { type: 'LoginSucceeded', data: { ...origin, at: 't3', sessionId: 's', method: 'password' } }),
        // A lockout of an unknown number (same event type, other stream) makes no account row.
        log.record('LoginAttempts-IDX-2', { type: 'AccountLockedOut', data: { at: 't4', until: 't5', lockouts: 1 } }),
      )
      .then([
        {
          _id: 'u1',
          scope: { tenants: [], regions: [] },
          mobileIndex: 'IDX',
          mobileEncrypted: 'enc:v1:x',
          displayName: 'Li',
          realNameEncrypted: 'enc:v1:n',
          status: 'active',
          mfaEnabled: true,
          mfaRequired: false,
          registeredAt: 't0',
          passwordChangedAt: 't0',
          lastLoginAt: 't3',
          lockedUntil: null,
          consent: { termsVersion: 't1', privacyVersion: 'p1', at: 't0' },
        },
      ]);
  });

  const registeredAs = (userId: string, mobileIndex: string) =>
    ({
      type: 'AccountRegistered',
      data: { userId, mobileIndex, mobileEncrypted: 'enc:v1:x', passwordHash: '$argon2id$x', displayName: 'Li', consent: { termsVersion: 't1', privacyVersion: 'p1', at: 't0' }, at: 't0' },
    }) as const;

  it('accounts: the sources that require MFA, each once, until lifted', async () => {
    const log = eventLog<IdentityEvent>();
    const imposed = (source: string) => log.record('Account-u3', { type: 'MfaRequirementImposed', data: { source, reason: 'role:admin', at: 't1' } });
    await projectionSpec(accountsProjection)
      .given(
        log.record('Account-u3', registeredAs('u3', 'IDX3')),
        imposed('enterprise:e1'),
        imposed('enterprise:e2'),
        imposed('enterprise:e1'),
        log.record('Account-u3', { type: 'MfaRequirementLifted', data: { source: 'enterprise:e2', at: 't2' } }),
      )
      .then([expect.objectContaining({ _id: 'u3', mfaRequired: false, mfaRequiredBy: ['enterprise:e1'] })]);
  });

  it('accounts: locked until the lockout recorded with the sign-in attempts, unlocked by the next sign-in', async () => {
    const log = eventLog<IdentityEvent>();
    const registered = log.record('Account-u2', registeredAs('u2', 'IDX2'));
    const locked = log.record('AccountLoginAttempts-u2', { type: 'AccountLockedOut', data: { at: 't1', until: 't9', lockouts: 1 } });
    // An unknown number's stream whose blind index happens to read like the user id makes no change.
    const unknownLocked = log.record('LoginAttempts-u2', { type: 'AccountLockedOut', data: { at: 't1', until: 't8', lockouts: 1 } });
    await projectionSpec(accountsProjection).given(registered, locked, unknownLocked).thenRow('u2', expect.objectContaining({ lockedUntil: 't9' }));
    const success = log.record('Account-u2', { type: 'LoginSucceeded', data: { ...origin, at: 't9', sessionId: 's', method: 'password' } });
    await projectionSpec(accountsProjection).given(registered, locked, success).thenRow('u2', expect.objectContaining({ lockedUntil: null, lastLoginAt: 't9' }));
  });

  it('accounts: a rehash keeps the date the password was last changed', async () => {
    const log = eventLog<IdentityEvent>();
    const registered = log.record('Account-u3', registeredAs('u3', 'IDX3'));
    const rehash = log.record('Account-u3', { type: 'PasswordChanged', data: { passwordHash: '$h', reason: 'rehash', at: 't5' } });
    await projectionSpec(accountsProjection).given(registered, rehash).thenRow('u3', expect.objectContaining({ passwordChangedAt: 't0' }));
    const change = log.record('Account-u3', { type: 'PasswordChanged', data: { passwordHash: '$h2', reason: 'user-request', at: 't6' } });
    await projectionSpec(accountsProjection).given(registered, rehash, change).thenRow('u3', expect.objectContaining({ passwordChangedAt: 't6' }));
  });

  it('sessions: started, active, ended', async () => {
    const log = eventLog<IdentityEvent>();
    await projectionSpec(sessionsProjection)
      .given(
        log.stream('Session-s1', [
          {
            type: 'SessionStarted',
            data: { sessionId: 's1', familyId: 's1', userId: 'u1', ip: 'a', userAgent: 'ua', issuedAt: 't0', idleTimeoutSeconds: 900, absoluteExpiresAt: 't9', refreshTokenHash: 'h' },
          },
          { type: 'SessionActivityRecorded', data: { ip: 'b', at: 't1' } },
          { type: 'SessionEnded', data: { reason: 'logout', at: 't2' } },
        ]),
      )
      .thenRow('s1', expect.objectContaining({ userId: 'u1', ip: 'b', lastActiveAt: 't1', status: 'ended', endedAt: 't2', endReason: 'logout' }));
  });

  it('login_log: known accounts by user, unknown numbers by blind index only', async () => {
    const log = eventLog<IdentityEvent>();
    const known = log.record('AccountLoginAttempts-u1', { type: 'LoginFailed', data: { ...origin, at: 't0', reason: 'wrong-password' } });
    // Failed sign-ins stored in the account stream before they had a stream of their own.
    const legacy = log.record('Account-u1', { type: 'LoginFailed', data: { ...origin, at: 't0', reason: 'wrong-password' } });
    // A check let through is no outcome: it leaves no row.
    const attempted = log.record('AccountLoginAttempts-u1', { type: 'LoginAttempted', data: { ...origin, at: 't0' } });
    const unknown = log.record('LoginAttempts-IDX-2', { type: 'LoginFailed', data: { ...origin, at: 't1', reason: 'unknown-account' } });
    const success = log.record('Account-u1', { type: 'LoginSucceeded', data: { ...origin, at: 't2', sessionId: 's1', method: 'password+totp' } });
    const entry = { scope: { tenants: [], regions: [] }, ip: '1.1.1.1', userAgent: 'x' };
    await projectionSpec(loginLogProjection)
      .given(known, legacy, attempted, unknown, success)
      .then(
        [
          { ...entry, _id: known.eventId, userId: 'u1', mobileIndex: null, at: 't0', result: 'failure', reason: 'wrong-password', method: null, sessionId: null },
          { ...entry, _id: legacy.eventId, userId: 'u1', mobileIndex: null, at: 't0', result: 'failure', reason: 'wrong-password', method: null, sessionId: null },
          { ...entry, _id: unknown.eventId, userId: null, mobileIndex: 'IDX-2', at: 't1', result: 'failure', reason: 'unknown-account', method: null, sessionId: null },
          { ...entry, _id: success.eventId, userId: 'u1', mobileIndex: null, at: 't2', result: 'success', reason: null, method: 'password+totp', sessionId: 's1' },
        ].sort((a, b) => a._id.localeCompare(b._id)),
      );
  });
});
