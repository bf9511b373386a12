import { Injectable } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { expiryAt, session, sessionStream, SessionNotActive, type ActingContext, type OpenSession, type SessionEndReason } from '@kuaige/domain';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { ClientCommand } from '../../event-sourcing/client-command';
import { Clock } from '../clock';
import { AccessTokens, InvalidAccessTokenError } from '../tokens/access-tokens';
import { Accounts } from './accounts';
import { NotAuthenticated, SessionNotFound } from './auth.errors';
import { stepContext, systemContext } from './command-context';
import { EndSession, RecordSessionActivity } from './session.commands';

/** Who is calling: set by the auth guard on every authenticated request. */
export interface Caller {
  readonly userId: string;
  readonly sessionId: string;
  readonly ip: string;
  readonly userAgent: string;
  readonly steppedUpUntil: string | null;
  /** The acting context the access token claims (null: none chosen); tenancy checks it is still valid. */
  readonly context: ActingContext | null;
}

/** Checks sessions on every request, and ends them: one, all, or all but the current one. */
@Injectable()
export class SessionControl {
  constructor(
    private readonly bus: CommandBus,
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
    let ctx: ActingContext | undefined;
    try {
      ({ sub, sid, ctx } = this.tokens.verify(bearer, 'access', Math.floor(now.getTime() / 1000)));
    } catch (error) {
      if (error instanceof InvalidAccessTokenError) throw new NotAuthenticated('the access token is not valid; refresh it or sign in again');
      throw error;
    }
    if (sid === undefined) throw new NotAuthenticated();
    let { state } = await this.streams.load(sessionStream(sid), session);
    if (state.status !== 'active' || state.userId !== sub) throw new NotAuthenticated('the session has ended; sign in again');
    // A disabled account loses every session at once, also one whose end was not recorded yet.
    if ((await this.accounts.load(sub)).status === 'disabled') {
      await this.end(sub, sid, 'disabled', ip, ClientCommand.fresh()).catch(() => false);
      throw new NotAuthenticated('the account is disabled');
    }
    const due = now.getTime() - Date.parse(state.lastActiveAt) >= 60_000 || expiryAt(state, now.toISOString()) !== null;
    if (due) {
      try {
        const recorded = await this.bus.execute(new RecordSessionActivity(sid, { ip, at: now.toISOString() }, systemContext(sub, ip, now)));
        if (recorded.events.some((e) => e.type === 'SessionEnded')) throw new NotAuthenticated('the session has expired; sign in again');
        state = recorded.state;
      } catch (error) {
        if (error instanceof SessionNotActive) throw new NotAuthenticated('the session has ended; sign in again');
        throw error;
      }
      if (state.status !== 'active') throw new NotAuthenticated('the session has ended; sign in again');
    }
    const context = ctx && (ctx.kind === 'enterprise' || ctx.kind === 'operator') && typeof ctx.id === 'string' ? { kind: ctx.kind, id: ctx.id } : null;
    return { userId: sub, sessionId: sid, ip, userAgent, steppedUpUntil: state.steppedUpUntil, context };
  }

  /** Ends every session of the user that may still be alive, except `keep`; each one is a step of the request. */
  async endAll(userId: string, reason: SessionEndReason, ip: string, client: ClientCommand, keep?: string): Promise<number> {
    const account = await this.accounts.loadRegistered(userId);
    if (account === null) return 0;
    let ended = 0;
    for (const id of this.possiblyAlive(account.sessions)) {
      if (id !== keep && (await this.end(userId, id, reason, ip, client))) ended++;
    }
    return ended;
  }

  async sessionState(sessionId: string): Promise<OpenSession | null> {
    const { state } = await this.streams.load(sessionStream(sessionId), session);
    return state.status === 'none' ? null : state;
  }

  /** True when this request ended the session (also when it did so the first time it was handled). */
  async end(userId: string, sessionId: string, reason: SessionEndReason, ip: string, client: ClientCommand): Promise<boolean> {
    const now = this.clock.now();
    const ended = await this.bus.execute(new EndSession(sessionId, { reason, at: now.toISOString() }, stepContext(client, `end-session:${sessionId}`, userId, ip, now)));
    return ended.events.some((e) => e.type === 'SessionEnded');
  }

  // Sessions older than the longest absolute lifetime cannot be alive; no need to visit them.
  private possiblyAlive(sessions: readonly { sessionId: string; at: string }[]): string[] {
    const horizon = this.clock.now().getTime() - 721 * 3_600_000;
    return sessions.filter((s) => Date.parse(s.at) >= horizon).map((s) => s.sessionId);
  }
}

/** I end one of my sessions (logout: the current one). */
export class EndMySession extends Command<void> {
  constructor(
    readonly caller: Caller,
    readonly sessionId: string,
    readonly reason: 'logout' | 'revoked',
    readonly client: ClientCommand,
  ) {
    super();
  }
}

/** Another user's session is "not found", like one that never existed. */
@CommandHandler(EndMySession)
export class EndMySessionHandler implements ICommandHandler<EndMySession, void> {
  constructor(private readonly sessions: SessionControl) {}

  async execute({ caller, sessionId, reason, client }: EndMySession): Promise<void> {
    const state = await this.sessions.sessionState(sessionId);
    if (state === null || state.userId !== caller.userId) throw new SessionNotFound();
    await this.sessions.end(caller.userId, sessionId, reason, caller.ip, client);
  }
}

/** I end all my sessions, this one included. */
export class EndAllMySessions extends Command<{ endedSessions: number }> {
  constructor(
    readonly caller: Caller,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

@CommandHandler(EndAllMySessions)
export class EndAllMySessionsHandler implements ICommandHandler<EndAllMySessions, { endedSessions: number }> {
  constructor(private readonly sessions: SessionControl) {}

  async execute({ caller, client }: EndAllMySessions): Promise<{ endedSessions: number }> {
    return { endedSessions: await this.sessions.endAll(caller.userId, 'logout-all', caller.ip, client) };
  }
}
