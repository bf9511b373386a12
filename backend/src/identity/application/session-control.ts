import { Injectable } from '@nestjs/common';
import { expiryAt, session, sessionStream, SessionNotActive, type OpenSession, type SessionEndReason } from '@kuaige/domain';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { Clock } from '../clock';
import { AccessTokens, InvalidAccessTokenError } from '../tokens/access-tokens';
import { Accounts } from './accounts';
import { NotAuthenticated, SessionNotFound } from './auth.errors';
import { systemContext } from './command-context';

/** Who is calling: set by the auth guard on every authenticated request. */
export interface Caller {
  readonly userId: string;
  readonly sessionId: string;
  readonly ip: string;
  readonly userAgent: string;
  readonly steppedUpUntil: string | null;
}

/** Checks sessions on every request, and ends them: one, all, or all but the current one. */
@Injectable()
export class SessionControl {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly accounts: Accounts,
    private readonly tokens: AccessTokens,
    private readonly clock: Clock,
  ) {}

  /**
   * The caller of a bearer token: the token must verify, and its session must still be open and
   * neither idle nor past its absolute end (checked here, on every request, not only on refresh).
   */
  async authenticate(bearer: string, ip: string, userAgent: string): Promise<Caller> {
    const now = this.clock.now();
    let sub: string;
    let sid: string | undefined;
    try {
      ({ sub, sid } = this.tokens.verify(bearer, 'access', Math.floor(now.getTime() / 1000)));
    } catch (error) {
      if (error instanceof InvalidAccessTokenError) throw new NotAuthenticated('the access token is not valid; refresh it or sign in again');
      throw error;
    }
    if (sid === undefined) throw new NotAuthenticated();
    const stream = sessionStream(sid);
    let { state } = await this.streams.load(stream, session);
    if (state.status !== 'active' || state.userId !== sub) throw new NotAuthenticated('the session has ended; sign in again');
    // A disabled account loses every session at once, also one whose end was not recorded yet.
    if ((await this.accounts.load(sub)).status === 'disabled') {
      await this.end(sub, sid, 'disabled', ip).catch(() => false);
      throw new NotAuthenticated('the account is disabled');
    }
    const due = now.getTime() - Date.parse(state.lastActiveAt) >= 60_000 || expiryAt(state, now.toISOString()) !== null;
    if (due) {
      try {
        const result = await this.streams.handle(stream, { type: 'RecordSessionActivity', data: { ip, at: now.toISOString() } }, session, systemContext(sub, ip, now));
        if (result.eventTypes.includes('SessionEnded')) throw new NotAuthenticated('the session has expired; sign in again');
      } catch (error) {
        if (error instanceof SessionNotActive) throw new NotAuthenticated('the session has ended; sign in again');
        throw error;
      }
      state = (await this.streams.load(stream, session)).state;
      if (state.status !== 'active') throw new NotAuthenticated('the session has ended; sign in again');
    }
    return { userId: sub, sessionId: sid, ip, userAgent, steppedUpUntil: state.steppedUpUntil };
  }

  /** Ends one of the user's own sessions; another user's session is "not found". */
  async endOwn(caller: Caller, sessionId: string, reason: SessionEndReason): Promise<void> {
    const { state } = await this.streams.load(sessionStream(sessionId), session);
    if (state.status === 'none' || state.userId !== caller.userId) throw new SessionNotFound();
    await this.end(caller.userId, sessionId, reason, caller.ip);
  }

  /** Ends every session of the user that may still be alive, except `keep`. */
  async endAll(userId: string, reason: SessionEndReason, ip: string, keep?: string): Promise<number> {
    const account = await this.accounts.loadRegistered(userId);
    if (account === null) return 0;
    let ended = 0;
    for (const id of this.possiblyAlive(account.sessions)) {
      if (id !== keep && (await this.end(userId, id, reason, ip))) ended++;
    }
    return ended;
  }

  async sessionState(sessionId: string): Promise<OpenSession | null> {
    const { state } = await this.streams.load(sessionStream(sessionId), session);
    return state.status === 'none' ? null : state;
  }

  private async end(userId: string, sessionId: string, reason: SessionEndReason, ip: string): Promise<boolean> {
    const now = this.clock.now();
    const result = await this.streams.handle(sessionStream(sessionId), { type: 'EndSession', data: { reason, at: now.toISOString() } }, session, systemContext(userId, ip, now));
    return result.eventTypes.includes('SessionEnded');
  }

  // Sessions older than the longest absolute lifetime cannot be alive; no need to visit them.
  private possiblyAlive(sessions: readonly { sessionId: string; at: string }[]): string[] {
    const horizon = this.clock.now().getTime() - 721 * 3_600_000;
    return sessions.filter((s) => Date.parse(s.at) >= horizon).map((s) => s.sessionId);
  }
}
