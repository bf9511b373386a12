import type { RecordedEvent } from '@kuaige/domain';
import type { Row, RowChange } from '@kuaige/projections';
import { accountsProjection, loginLogProjection, sessionsProjection } from './identity.projections';

let position = 0;
const recorded = (streamId: string, type: string, data: Record<string, unknown>): RecordedEvent => ({
  eventId: `e${++position}`,
  streamId,
  revision: 0,
  position,
  type,
  data,
  recordedAt: '2026-11-21T08:00:00.000Z',
  hash: '0'.repeat(64),
  metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { userId: 'u1' }, tenantIds: [], jurisdiction: [], schemaVersion: 1, occurredAt: '2026-11-21T08:00:00.000Z' },
});

/** Given events, then the row they make (row changes only). */
const project = (p: typeof accountsProjection, events: RecordedEvent[], id: string): Row | null => {
  let current: Row | null = null;
  for (const e of events) {
    const change = p.handlers[e.type]?.(e) as RowChange | null | undefined;
    if (change && change.id === id) current = change.apply(current);
  }
  return current;
};

describe('identity read models', () => {
  it('accounts: one row per account, by blind index, with MFA and profile state', () => {
    const row = project(
      accountsProjection,
      [
        recorded('Account-u1', 'AccountRegistered', { mobileIndex: 'IDX', mobileEncrypted: 'enc:v1:x', displayName: 'Li', consent: {}, at: 't0' }),
        recorded('Account-u1', 'TotpConfirmed', { step: 1, recoveryCodeHashes: [], at: 't1' }),
        recorded('Account-u1', 'ProfileUpdated', { realNameEncrypted: 'enc:v1:n', at: 't2' }),
        recorded('Account-u1', 'LoginSucceeded', { at: 't3', ip: '1.1.1.1', userAgent: 'x', sessionId: 's', method: 'password' }),
      ],
      'u1',
    );
    expect(row).toMatchObject({ _id: 'u1', mobileIndex: 'IDX', mfaEnabled: true, realNameEncrypted: 'enc:v1:n', displayName: 'Li', lastLoginAt: 't3' });
  });

  it('accounts: locked until the lockout recorded with the sign-in attempts, unlocked by the next sign-in', () => {
    const registered = recorded('Account-u2', 'AccountRegistered', { mobileIndex: 'IDX2', mobileEncrypted: 'enc:v1:x', displayName: 'Li', consent: {}, at: 't0' });
    const locked = recorded('AccountLoginAttempts-u2', 'AccountLockedOut', { at: 't1', until: 't9', lockouts: 1 });
    const unknownLocked = recorded('LoginAttempts-u2', 'AccountLockedOut', { at: 't1', until: 't8', lockouts: 1 });
    expect(project(accountsProjection, [registered, locked, unknownLocked], 'u2')).toMatchObject({ lockedUntil: 't9' });
    const success = recorded('Account-u2', 'LoginSucceeded', { at: 't9', ip: 'a', userAgent: 'ua', sessionId: 's', method: 'password' });
    expect(project(accountsProjection, [registered, locked, success], 'u2')).toMatchObject({ lockedUntil: null, lastLoginAt: 't9' });
  });

  it('accounts: a rehash keeps the date the password was last changed', () => {
    const registered = recorded('Account-u3', 'AccountRegistered', { mobileIndex: 'IDX3', mobileEncrypted: 'enc:v1:x', displayName: 'Li', consent: {}, at: 't0' });
    const rehash = recorded('Account-u3', 'PasswordChanged', { passwordHash: '$h', reason: 'rehash', at: 't5' });
    expect(project(accountsProjection, [registered, rehash], 'u3')).toMatchObject({ passwordChangedAt: 't0' });
    const change = recorded('Account-u3', 'PasswordChanged', { passwordHash: '$h2', reason: 'user-request', at: 't6' });
    expect(project(accountsProjection, [registered, rehash, change], 'u3')).toMatchObject({ passwordChangedAt: 't6' });
  });

  it('sessions: started, active, ended', () => {
    const events = [
      recorded('Session-s1', 'SessionStarted', { userId: 'u1', ip: 'a', userAgent: 'ua', issuedAt: 't0', idleTimeoutSeconds: 900, absoluteExpiresAt: 't9' }),
      recorded('Session-s1', 'SessionActivityRecorded', { ip: 'b', at: 't1' }),
      recorded('Session-s1', 'SessionEnded', { reason: 'logout', at: 't2' }),
    ];
    expect(project(sessionsProjection, events, 's1')).toMatchObject({ userId: 'u1', ip: 'b', lastActiveAt: 't1', status: 'ended', endReason: 'logout' });
  });

  it('login_log: known accounts by user, unknown numbers by blind index only', () => {
    const known = recorded('AccountLoginAttempts-u1', 'LoginFailed', { at: 't0', ip: 'a', userAgent: 'ua', reason: 'wrong-password' });
    const legacy = recorded('Account-u1', 'LoginFailed', { at: 't0', ip: 'a', userAgent: 'ua', reason: 'wrong-password' });
    const unknown = recorded('LoginAttempts-IDX-2', 'LoginFailed', { at: 't1', ip: 'a', userAgent: 'ua', reason: 'unknown-account' });
    expect(project(loginLogProjection, [known], known.eventId)).toMatchObject({ userId: 'u1', mobileIndex: null, result: 'failure', reason: 'wrong-password' });
    expect(project(loginLogProjection, [legacy], legacy.eventId)).toMatchObject({ userId: 'u1', mobileIndex: null, result: 'failure', reason: 'wrong-password' });
    expect(project(loginLogProjection, [unknown], unknown.eventId)).toMatchObject({ userId: null, mobileIndex: 'IDX-2' });
    // The check let through is no outcome: it leaves no row.
    expect(loginLogProjection.handlers['LoginAttempted']).toBeUndefined();
  });
});
