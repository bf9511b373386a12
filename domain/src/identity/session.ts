import { IllegalTransition, type Command, type Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import { RefreshTokenRefused, SessionNotActive } from './identity.errors';

// ---- Events (stream `Session-<sessionId>`) --------------------------------------------------------
// A session is one sign-in on one device, and one refresh-token family: every refresh hands out the
// next generation; presenting an earlier one means the token was copied, and the family is revoked.

export type SessionEndReason =
  | 'logout'
  | 'logout-all'
  | 'revoked'
  | 'password-changed'
  | 'password-reset'
  | 'disabled'
  | 'idle'
  | 'absolute'
  | 'refresh-token-reused';

export type SessionStarted = DomainEvent<
  'SessionStarted',
  {
    sessionId: string;
    familyId: string;
    userId: string;
    ip: string;
    userAgent: string;
    issuedAt: string;
    idleTimeoutSeconds: number;
    absoluteExpiresAt: string;
    refreshTokenHash: string;
  }
>;
export type RefreshTokenRotated = DomainEvent<'RefreshTokenRotated', { generation: number; refreshTokenHash: string; ip: string; at: string }>;
export type SessionActivityRecorded = DomainEvent<'SessionActivityRecorded', { ip: string; at: string }>;
export type SessionSteppedUp = DomainEvent<'SessionSteppedUp', { until: string; at: string }>;
export type RefreshTokenReuseDetected = DomainEvent<'RefreshTokenReuseDetected', { generation: number; ip: string; at: string }>;
export type SessionEnded = DomainEvent<'SessionEnded', { reason: SessionEndReason; at: string }>;
/**
 * Where the session acts: an enterprise it is a member of, or an operator node it is staff of (null:
 * neither). Access tokens carry it as a claim; checking the membership is the switcher's, not the session's.
 */
export interface ActingContext {
  readonly kind: 'enterprise' | 'operator';
  readonly id: string;
}
export type ActingContextSwitched = DomainEvent<'ActingContextSwitched', { context: ActingContext | null; at: string }>;

export type SessionEvent =
  | SessionStarted
  | RefreshTokenRotated
  | SessionActivityRecorded
  | SessionSteppedUp
  | RefreshTokenReuseDetected
  | SessionEnded
  | ActingContextSwitched;

export const sessionStream = (sessionId: string): string => `Session-${sessionId}`;

// ---- Commands --------------------------------------------------------------------------------------

export type StartSession = Command<'StartSession', Omit<SessionStarted['data'], 'issuedAt'> & { at: string }>;
/** A refresh: `presentedTokenHash` is the hash of the token the client sent, `nextTokenHash` of the one to hand out. */
export type RefreshSession = Command<'RefreshSession', { presentedTokenHash: string; nextTokenHash: string; ip: string; at: string }>;
/** An authenticated request: refuses an ended or expired session and keeps "last active" to the minute. */
export type RecordSessionActivity = Command<'RecordSessionActivity', { ip: string; at: string }>;
export type StepUpSession = Command<'StepUpSession', { until: string; at: string }>;
export type EndSession = Command<'EndSession', { reason: SessionEndReason; at: string }>;
export type SwitchActingContext = Command<'SwitchActingContext', { context: ActingContext | null; at: string }>;

export type SessionCommand = StartSession | RefreshSession | RecordSessionActivity | StepUpSession | EndSession | SwitchActingContext;

// ---- State -------------------------------------------------------------------------------------------

export interface OpenSession {
  readonly status: 'active' | 'ended';
  readonly sessionId: string;
  readonly userId: string;
  readonly issuedAt: string;
  readonly lastActiveAt: string;
  readonly idleTimeoutSeconds: number;
  readonly absoluteExpiresAt: string;
  /** Refresh-token hashes by generation; the last one is current. */
  readonly tokenHashes: readonly string[];
  readonly steppedUpUntil: string | null;
  readonly endReason: SessionEndReason | null;
  readonly actingContext: ActingContext | null;
}

export type SessionState = { readonly status: 'none' } | OpenSession;

/** Activity is written at most once a minute: "last active" needs no finer grain, and the stream stays short. */
export const ACTIVITY_GRANULARITY_MS = 60_000;

/** Why a session that has not been ended is nonetheless over at `at`, or null while it is alive. */
export const expiryAt = (s: OpenSession, at: string): 'idle' | 'absolute' | null => {
  const now = Date.parse(at);
  if (now >= Date.parse(s.absoluteExpiresAt)) return 'absolute';
  if (now - Date.parse(s.lastActiveAt) >= s.idleTimeoutSeconds * 1000) return 'idle';
  return null;
};

// ---- Logic ---------------------------------------------------------------------------------------------

const open = (state: SessionState, command: string): OpenSession => {
  if (state.status === 'none') throw new IllegalTransition('none', command);
  if (state.status === 'ended') throw new SessionNotActive(state.endReason ?? 'ended');
  return state;
};

const ended = (reason: SessionEndReason, at: string): SessionEnded => ({ type: 'SessionEnded', data: { reason, at } });

const decide = (command: SessionCommand, state: SessionState): SessionEvent[] => {
  switch (command.type) {
    case 'StartSession': {
      if (state.status !== 'none') throw new IllegalTransition(state.status, command.type);
      const { at, ...rest } = command.data;
      return [{ type: 'SessionStarted', data: { ...rest, issuedAt: at } }];
    }
    case 'RefreshSession': {
      const s = open(state, command.type);
      const { presentedTokenHash, nextTokenHash, ip, at } = command.data;
      const expired = expiryAt(s, at);
      if (expired) return [ended(expired, at)];
      const generation = s.tokenHashes.lastIndexOf(presentedTokenHash);
      if (generation < 0) throw new RefreshTokenRefused();
      if (generation < s.tokenHashes.length - 1) {
        return [{ type: 'RefreshTokenReuseDetected', data: { generation, ip, at } }, ended('refresh-token-reused', at)];
      }
      return [{ type: 'RefreshTokenRotated', data: { generation: generation + 1, refreshTokenHash: nextTokenHash, ip, at } }];
    }
    case 'RecordSessionActivity': {
      const s = open(state, command.type);
      const expired = expiryAt(s, command.data.at);
      if (expired) return [ended(expired, command.data.at)];
      const quiet = Date.parse(command.data.at) - Date.parse(s.lastActiveAt);
      return quiet >= ACTIVITY_GRANULARITY_MS ? [{ type: 'SessionActivityRecorded', data: command.data }] : [];
    }
    case 'StepUpSession': {
      const s = open(state, command.type);
      const expired = expiryAt(s, command.data.at);
      if (expired) return [ended(expired, command.data.at)];
      return [{ type: 'SessionSteppedUp', data: command.data }];
    }
    case 'SwitchActingContext': {
      const s = open(state, command.type);
      const expired = expiryAt(s, command.data.at);
      if (expired) return [ended(expired, command.data.at)];
      const { context } = command.data;
      const same = context === null ? s.actingContext === null : s.actingContext?.kind === context.kind && s.actingContext.id === context.id;
      return same ? [] : [{ type: 'ActingContextSwitched', data: command.data }];
    }
    case 'EndSession':
      // Ending twice is harmless: logout-all and a password reset may both reach one session.
      if (state.status !== 'active') return [];
      return [ended(command.data.reason, command.data.at)];
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
};

const evolve = (state: SessionState, event: SessionEvent): SessionState => {
  if (event.type === 'SessionStarted') {
    const d = event.data;
    return {
      status: 'active',
      sessionId: d.sessionId,
      userId: d.userId,
      issuedAt: d.issuedAt,
      lastActiveAt: d.issuedAt,
      idleTimeoutSeconds: d.idleTimeoutSeconds,
      absoluteExpiresAt: d.absoluteExpiresAt,
      tokenHashes: [d.refreshTokenHash],
      steppedUpUntil: null,
      endReason: null,
      actingContext: null,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'RefreshTokenRotated':
      return { ...state, lastActiveAt: event.data.at, tokenHashes: [...state.tokenHashes, event.data.refreshTokenHash] };
    case 'SessionActivityRecorded':
      return { ...state, lastActiveAt: event.data.at };
    case 'SessionSteppedUp':
      return { ...state, lastActiveAt: event.data.at, steppedUpUntil: event.data.until };
    case 'RefreshTokenReuseDetected':
      return state;
    case 'ActingContextSwitched':
      return { ...state, lastActiveAt: event.data.at, actingContext: event.data.context };
    case 'SessionEnded':
      return { ...state, status: 'ended', endReason: event.data.reason };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

/** One signed-in device: refresh-token rotation with reuse detection, idle and absolute expiry, step-up. */
export const session: Decider<SessionCommand, SessionEvent, SessionState> = {
  initialState: () => ({ status: 'none' }),
  decide,
  evolve,
};
