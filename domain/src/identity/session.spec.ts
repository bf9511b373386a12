import { deciderSpec } from '@kuaige/testkit';
import { IllegalTransition } from '../event-sourcing/decider';
import { RefreshTokenRefused, SessionNotActive } from './identity.errors';
import { session, type SessionEvent } from './session';

const given = deciderSpec(session);
const T0 = Date.parse('2026-11-21T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

const started: SessionEvent = {
  type: 'SessionStarted',
  data: {
    sessionId: 's1',
    familyId: 's1',
    userId: 'u1',
    ip: '10.0.0.1',
    userAgent: 'jest',
    issuedAt: at(0),
    idleTimeoutSeconds: 15 * 60,
    absoluteExpiresAt: at(12 * 60),
    refreshTokenHash: 'h0',
  },
};
const rotated = (generation: number, hash: string, minutes: number): SessionEvent => ({
  type: 'RefreshTokenRotated',
  data: { generation, refreshTokenHash: hash, ip: '10.0.0.1', at: at(minutes) },
});
const refresh = (presented: string, next: string, minutes: number) =>
  ({ type: 'RefreshSession', data: { presentedTokenHash: presented, nextTokenHash: next, ip: '10.0.0.1', at: at(minutes) } }) as const;

describe('Session', () => {
  it('rotates the refresh token to the next generation', () => {
    given([started]).when(refresh('h0', 'h1', 5)).then([rotated(1, 'h1', 5)]);
    given([started, rotated(1, 'h1', 5)]).when(refresh('h1', 'h2', 6)).then([rotated(2, 'h2', 6)]);
  });

  it('revokes the whole family when an earlier generation is presented again', () => {
    given([started, rotated(1, 'h1', 5)])
      .when(refresh('h0', 'hx', 6))
      .then([
        { type: 'RefreshTokenReuseDetected', data: { generation: 0, ip: '10.0.0.1', at: at(6) } },
        { type: 'SessionEnded', data: { reason: 'refresh-token-reused', at: at(6) } },
      ]);
  });

  it('refuses a token of no generation without ending the session', () => {
    given([started]).when(refresh('nope', 'h1', 1)).thenThrows(RefreshTokenRefused);
  });

  it('ends on idle: no activity for the idle timeout', () => {
    given([started]).when(refresh('h0', 'h1', 15)).then([{ type: 'SessionEnded', data: { reason: 'idle', at: at(15) } }]);
    given([started, { type: 'SessionActivityRecorded', data: { ip: 'x', at: at(10) } }])
      .when({ type: 'RecordSessionActivity', data: { ip: 'x', at: at(24) } })
      .then([{ type: 'SessionActivityRecorded', data: { ip: 'x', at: at(24) } }]);
  });

  it('ends at the absolute expiry however active it is', () => {
    const busy = Array.from({ length: 60 }, (_, i) => rotated(i + 1, `h${i + 1}`, (i + 1) * 12));
    given([started, ...busy]).when(refresh('h60', 'h61', 12 * 60)).then([{ type: 'SessionEnded', data: { reason: 'absolute', at: at(720) } }]);
  });

  it('records activity at most once a minute', () => {
    given([started]).when({ type: 'RecordSessionActivity', data: { ip: 'x', at: at(0.5) } }).then([]);
    given([started])
      .when({ type: 'RecordSessionActivity', data: { ip: 'x', at: at(1) } })
      .then([{ type: 'SessionActivityRecorded', data: { ip: 'x', at: at(1) } }]);
  });

  it('refuses everything but ending once ended; ending twice does nothing', () => {
    const ended: SessionEvent = { type: 'SessionEnded', data: { reason: 'logout', at: at(1) } };
    given([started, ended]).when(refresh('h0', 'h1', 2)).thenThrows(SessionNotActive);
    given([started, ended]).when({ type: 'RecordSessionActivity', data: { ip: 'x', at: at(2) } }).thenThrows(SessionNotActive);
    given([started, ended]).when({ type: 'EndSession', data: { reason: 'logout-all', at: at(2) } }).then([]);
    given([]).when({ type: 'StepUpSession', data: { until: at(5), at: at(0) } }).thenThrows(IllegalTransition);
  });

  it('steps up until the given time', () => {
    given([started])
      .when({ type: 'StepUpSession', data: { until: at(6), at: at(1) } })
      .then([{ type: 'SessionSteppedUp', data: { until: at(6), at: at(1) } }]);
  });

  it('switches the acting context of a live session; the same context again records nothing', () => {
    const context = { kind: 'enterprise' as const, id: 'e1' };
    const switched: SessionEvent = { type: 'ActingContextSwitched', data: { context, at: at(1) } };
    given([started]).when({ type: 'SwitchActingContext', data: { context, at: at(1) } }).then([switched]);
    given([started, switched]).when({ type: 'SwitchActingContext', data: { context: { ...context }, at: at(2) } }).then([]);
    given([started, switched])
      .when({ type: 'SwitchActingContext', data: { context: { kind: 'operator', id: 'e1' }, at: at(2) } })
      .then([{ type: 'ActingContextSwitched', data: { context: { kind: 'operator', id: 'e1' }, at: at(2) } }]);
    given([started]).when({ type: 'SwitchActingContext', data: { context: null, at: at(1) } }).then([]);
    given([started])
      .when({ type: 'SwitchActingContext', data: { context, at: at(16) } })
      .then([{ type: 'SessionEnded', data: { reason: 'idle', at: at(16) } }]);
    given([started, { type: 'SessionEnded', data: { reason: 'logout', at: at(1) } }])
      .when({ type: 'SwitchActingContext', data: { context, at: at(2) } })
      .thenThrows(SessionNotActive);
  });
});
