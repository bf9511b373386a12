import type { AccountEvent, LoginAttemptsEvent, LoginFailed, LoginSucceeded, SessionEvent } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, type Projection, type Row } from '@kuaige/projections';

// Read models of identity. Like the events, they hold personal data only encrypted or blind-indexed.
// Identity rows belong to no tenant: scope is empty, and only the account's own user may read them.

/** Every event the identity read models follow: accounts, sessions, and attempts on unknown numbers. */
export type IdentityEvent = AccountEvent | SessionEvent | LoginAttemptsEvent;

const NO_SCOPE = { tenants: [], regions: [] };
const idOf = (event: RecordedEvent): string => event.streamId.slice(event.streamId.indexOf('-') + 1);
const patch = (e: RecordedEvent, fields: Omit<Row, '_id'>) => row(idOf(e), (current) => (current ? { ...current, ...fields } : null));
/** Streams of one account: its own, and its sign-in attempts (failed logins were in the former until they moved). */
const ofAccount = (event: RecordedEvent): boolean => event.streamId.startsWith('Account-') || event.streamId.startsWith('AccountLoginAttempts-');

/** `accounts`: one row per account, found by the blind index of its mobile number. */
export const accountsProjection = projection<IdentityEvent>('accounts', {
  // 2: a rehash no longer restarts passwordChangedAt (rows rebuilt from the log).
  version: 2,
  indexes: [{ name: 'by_mobile_index', key: { mobileIndex: 1 }, unique: true }],
  on: {
    AccountRegistered: (e) =>
      row(idOf(e), () => ({
        _id: idOf(e),
        scope: NO_SCOPE,
        mobileIndex: e.data.mobileIndex,
        mobileEncrypted: e.data.mobileEncrypted,
        displayName: e.data.displayName,
        realNameEncrypted: null,
        status: 'active',
        mfaEnabled: false,
        mfaRequired: false,
        registeredAt: e.data.at,
        passwordChangedAt: e.data.at,
        lastLoginAt: null,
        lockedUntil: null,
        consent: e.data.consent,
      })),
    LoginSucceeded: (e) => patch(e, { lastLoginAt: e.data.at, lockedUntil: null }),
    // Lockouts of unknown numbers (LoginAttempts streams) have no account row.
    AccountLockedOut: (e) => (ofAccount(e) ? patch(e, { lockedUntil: e.data.until }) : null),
    // A rehash re-encodes the same password: its age goes on.
    PasswordChanged: (e) => (e.data.reason === 'rehash' ? null : patch(e, { passwordChangedAt: e.data.at })),
    PasswordReset: (e) => patch(e, { passwordChangedAt: e.data.at }),
    TotpConfirmed: (e) => patch(e, { mfaEnabled: true }),
    MfaDisabled: (e) => patch(e, { mfaEnabled: false }),
    MfaRequirementSet: (e) => patch(e, { mfaRequired: e.data.required }),
    // Sources that require MFA besides the account's own flag (privileged roles); rows older than them have none.
    MfaRequirementImposed: (e) =>
      row(idOf(e), (current) => {
        const sources = ((current?.['mfaRequiredBy'] as string[] | undefined) ?? []).filter((s) => s !== e.data.source);
        return current && { ...current, mfaRequiredBy: [...sources, e.data.source] };
      }),
    MfaRequirementLifted: (e) =>
      row(idOf(e), (current) => current && { ...current, mfaRequiredBy: ((current['mfaRequiredBy'] as string[] | undefined) ?? []).filter((s) => s !== e.data.source) }),
    MobileNumberChanged: (e) => patch(e, { mobileIndex: e.data.mobileIndex, mobileEncrypted: e.data.mobileEncrypted }),
    ProfileUpdated: (e) =>
      patch(e, {
        ...(e.data.displayName !== undefined ? { displayName: e.data.displayName } : {}),
        ...(e.data.realNameEncrypted !== undefined ? { realNameEncrypted: e.data.realNameEncrypted } : {}),
      }),
    AccountDisabled: (e) => patch(e, { status: 'disabled' }),
  },
});

/** `sessions`: one row per session, listed per user (device, address, start, last activity, end). */
export const sessionsProjection = projection<IdentityEvent>('sessions', {
  version: 1,
  indexes: [{ name: 'by_user', key: { userId: 1, startedAt: -1 } }],
  on: {
    SessionStarted: (e) =>
      row(idOf(e), () => ({
        _id: idOf(e),
        scope: NO_SCOPE,
        userId: e.data.userId,
        ip: e.data.ip,
        userAgent: e.data.userAgent,
        startedAt: e.data.issuedAt,
        lastActiveAt: e.data.issuedAt,
        idleTimeoutSeconds: e.data.idleTimeoutSeconds,
        absoluteExpiresAt: e.data.absoluteExpiresAt,
        status: 'active',
        endedAt: null,
        endReason: null,
      })),
    RefreshTokenRotated: (e) => patch(e, { lastActiveAt: e.data.at, ip: e.data.ip }),
    SessionActivityRecorded: (e) => patch(e, { lastActiveAt: e.data.at, ip: e.data.ip }),
    SessionSteppedUp: (e) => patch(e, { lastActiveAt: e.data.at }),
    SessionEnded: (e) => patch(e, { status: 'ended', endedAt: e.data.at, endReason: e.data.reason }),
  },
});

/** `login_log`: every sign-in attempt with time, address, device and outcome (ID-2, MLPS 8.1.4.1b). */
export const loginLogProjection = projection<IdentityEvent>('login_log', {
  version: 1,
  collection: 'login_log',
  indexes: [
    { name: 'by_user', key: { userId: 1, at: -1 } },
    { name: 'by_mobile_index', key: { mobileIndex: 1, at: -1 } },
  ],
  on: {
    LoginSucceeded: (e) => logRow(e, { result: 'success', reason: null, method: e.data.method, sessionId: e.data.sessionId }),
    LoginFailed: (e) => logRow(e, { result: 'failure', reason: e.data.reason, method: null, sessionId: null }),
  },
});

type Outcome = { result: 'success' | 'failure'; reason: string | null; method: string | null; sessionId: string | null };

const logRow = (e: RecordedEvent<LoginSucceeded | LoginFailed>, outcome: Outcome) => {
  const known = ofAccount(e);
  return row(e.eventId, () => ({
    _id: e.eventId,
    scope: NO_SCOPE,
    userId: known ? idOf(e) : null,
    // Unknown numbers are logged by their blind index only.
    mobileIndex: known ? null : idOf(e),
    at: e.data.at,
    ip: e.data.ip,
    userAgent: e.data.userAgent,
    ...outcome,
  }));
};

/** The identity read models, registered in PRODUCT_PROJECTIONS. */
export const IDENTITY_PROJECTIONS: readonly Projection[] = [accountsProjection, sessionsProjection, loginLogProjection];
