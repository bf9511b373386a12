import type { RecordedEvent } from '@kuaige/domain';
import { projection, row, type Projection, type Row } from '@kuaige/projections';

// Read models of identity. Like the events, they hold personal data only encrypted or blind-indexed.
// Identity rows belong to no tenant: scope is empty, and only the account's own user may read them.

const NO_SCOPE = { tenants: [], regions: [] };
const idOf = (event: RecordedEvent): string => event.streamId.slice(event.streamId.indexOf('-') + 1);
type Data = Record<string, unknown>;
const data = (event: RecordedEvent): Data => event.data as Data;
/** Streams of one account: its own, and its sign-in attempts (failed logins were in the former until they moved). */
const ofAccount = (event: RecordedEvent): boolean => event.streamId.startsWith('Account-') || event.streamId.startsWith('AccountLoginAttempts-');

/** `accounts`: one row per account, found by the blind index of its mobile number. */
export const accountsProjection: Projection = projection('accounts', {
  // 2: a rehash no longer restarts passwordChangedAt (rows rebuilt from the log).
  version: 2,
  indexes: [{ name: 'by_mobile_index', key: { mobileIndex: 1 }, unique: true }],
  on: {
    AccountRegistered: (e) => {
      const d = data(e);
      return row(idOf(e), () => ({
        _id: idOf(e),
        scope: NO_SCOPE,
        mobileIndex: d['mobileIndex'],
        mobileEncrypted: d['mobileEncrypted'],
        displayName: d['displayName'],
        realNameEncrypted: null,
        status: 'active',
        mfaEnabled: false,
        mfaRequired: false,
        registeredAt: d['at'],
        passwordChangedAt: d['at'],
        lastLoginAt: null,
        lockedUntil: null,
        consent: d['consent'],
      }));
    },
    LoginSucceeded: (e) => patch(e, { lastLoginAt: data(e)['at'], lockedUntil: null }),
    AccountLockedOut: (e) => (ofAccount(e) ? patch(e, { lockedUntil: data(e)['until'] }) : null),
    // A rehash re-encodes the same password: its age goes on.
    PasswordChanged: (e) => (data(e)['reason'] === 'rehash' ? null : patch(e, { passwordChangedAt: data(e)['at'] })),
    PasswordReset: (e) => patch(e, { passwordChangedAt: data(e)['at'] }),
    TotpConfirmed: (e) => patch(e, { mfaEnabled: true }),
    MfaDisabled: (e) => patch(e, { mfaEnabled: false }),
    MfaRequirementSet: (e) => patch(e, { mfaRequired: data(e)['required'] }),
    MobileNumberChanged: (e) => patch(e, { mobileIndex: data(e)['mobileIndex'], mobileEncrypted: data(e)['mobileEncrypted'] }),
    ProfileUpdated: (e) => {
      const d = data(e);
      return patch(e, {
        ...(d['displayName'] !== undefined ? { displayName: d['displayName'] } : {}),
        ...(d['realNameEncrypted'] !== undefined ? { realNameEncrypted: d['realNameEncrypted'] } : {}),
      });
    },
    AccountDisabled: (e) => patch(e, { status: 'disabled' }),
  },
});

const patch = (e: RecordedEvent, fields: Data) => row(idOf(e), (current: Row | null) => (current ? { ...current, ...fields } : null));

/** `sessions`: one row per session, listed per user (device, address, start, last activity, end). */
export const sessionsProjection: Projection = projection('sessions', {
  version: 1,
  indexes: [{ name: 'by_user', key: { userId: 1, startedAt: -1 } }],
  on: {
    SessionStarted: (e) => {
      const d = data(e);
      return row(idOf(e), () => ({
        _id: idOf(e),
        scope: NO_SCOPE,
        userId: d['userId'],
        ip: d['ip'],
        userAgent: d['userAgent'],
        startedAt: d['issuedAt'],
        lastActiveAt: d['issuedAt'],
        idleTimeoutSeconds: d['idleTimeoutSeconds'],
        absoluteExpiresAt: d['absoluteExpiresAt'],
        status: 'active',
        endedAt: null,
        endReason: null,
      }));
    },
    RefreshTokenRotated: (e) => sessionPatch(e, { lastActiveAt: data(e)['at'], ip: data(e)['ip'] }),
    SessionActivityRecorded: (e) => sessionPatch(e, { lastActiveAt: data(e)['at'], ip: data(e)['ip'] }),
    SessionSteppedUp: (e) => sessionPatch(e, { lastActiveAt: data(e)['at'] }),
    SessionEnded: (e) => sessionPatch(e, { status: 'ended', endedAt: data(e)['at'], endReason: data(e)['reason'] }),
  },
});

const sessionPatch = (e: RecordedEvent, fields: Data) => row(idOf(e), (current: Row | null) => (current ? { ...current, ...fields } : null));

/** `login_log`: every sign-in attempt with time, address, device and outcome (ID-2, MLPS 8.1.4.1b). */
export const loginLogProjection: Projection = projection('login_log', {
  version: 1,
  collection: 'login_log',
  indexes: [
    { name: 'by_user', key: { userId: 1, at: -1 } },
    { name: 'by_mobile_index', key: { mobileIndex: 1, at: -1 } },
  ],
  on: {
    LoginSucceeded: (e) => logRow(e, 'success'),
    LoginFailed: (e) => logRow(e, 'failure'),
  },
});

const logRow = (e: RecordedEvent, result: 'success' | 'failure') => {
  const d = data(e);
  const known = ofAccount(e);
  return row(e.eventId, () => ({
    _id: e.eventId,
    scope: NO_SCOPE,
    userId: known ? idOf(e) : null,
    // Unknown numbers are logged by their blind index only.
    mobileIndex: known ? null : idOf(e),
    at: d['at'],
    ip: d['ip'],
    userAgent: d['userAgent'],
    result,
    reason: d['reason'] ?? null,
    method: d['method'] ?? null,
    sessionId: d['sessionId'] ?? null,
  }));
};

/** The identity read models, registered in PRODUCT_PROJECTIONS. */
export const IDENTITY_PROJECTIONS: readonly Projection[] = [accountsProjection, sessionsProjection, loginLogProjection];
