import { Inject, Injectable } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { session, sessionStream, type ActingContext } from '@kuaige/domain';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { ResponseNotReplayable, type ClientCommand } from '../../event-sourcing/client-command';
import type { CommandContext } from '../../event-sourcing/command-context';
import { Clock } from '../clock';
import { IDENTITY_CONFIG } from '../identity.tokens';
import type { IdentityConfig } from '../identity.config';
import { AccessTokens } from '../tokens/access-tokens';
import { newRefreshToken, refreshTokenHash, sessionOfRefreshToken } from '../tokens/refresh-tokens';
import { NotAuthenticated } from './auth.errors';
import { stepContext } from './command-context';
import { RefreshSession, StartSession } from './session.commands';

/** What a client gets on sign-in and on every refresh. */
export interface IssuedTokens {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Seconds the access token is valid. */
  readonly expiresIn: number;
  readonly refreshToken: string;
  readonly session: { readonly id: string; readonly startedAt: string; readonly absoluteExpiresAt: string; readonly idleTimeoutSeconds: number };
}

export interface ClientOrigin {
  readonly ip: string;
  readonly userAgent: string;
}

/** Tokens are one-time secrets: only their hashes are recorded, so a handled sign-in or refresh is not answered twice. */
export const TOKENS_NOT_REPLAYED = 'the tokens it issued are not kept and cannot be sent again; sign in (or refresh) again with a new key';

/** Starts sessions and issues the access tokens that go with them. */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly bus: CommandBus,
    private readonly clock: Clock,
    private readonly tokens: AccessTokens,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async start(userId: string, sessionId: string, origin: ClientOrigin, context: CommandContext): Promise<IssuedTokens> {
    const now = this.clock.now();
    const refreshToken = newRefreshToken(sessionId);
    const absoluteExpiresAt = new Date(now.getTime() + this.config.sessionAbsoluteHours * 3_600_000).toISOString();
    const idleTimeoutSeconds = this.config.sessionIdleMinutes * 60;
    await this.bus.execute(
      new StartSession(
        sessionId,
        { sessionId, familyId: sessionId, userId, ...origin, idleTimeoutSeconds, absoluteExpiresAt, refreshTokenHash: refreshTokenHash(refreshToken), at: now.toISOString() },
        context,
      ),
    );
    return this.issue(userId, sessionId, refreshToken, { startedAt: now.toISOString(), absoluteExpiresAt, idleTimeoutSeconds });
  }

  issue(userId: string, sessionId: string, refreshToken: string, info: Omit<IssuedTokens['session'], 'id'>, context: ActingContext | null = null): IssuedTokens {
    const { accessToken, expiresIn } = this.accessToken(userId, sessionId, info.absoluteExpiresAt, context);
    return { accessToken, tokenType: 'Bearer', expiresIn, refreshToken, session: { id: sessionId, ...info } };
  }

  /** An access token for the session, carrying its acting context as a claim. */
  accessToken(userId: string, sessionId: string, absoluteExpiresAt: string, context: ActingContext | null): { accessToken: string; expiresIn: number } {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    // Never past the session's absolute end: a token must not outlive its session.
    const exp = Math.min(iat + this.config.accessTokenMinutes * 60, Math.floor(Date.parse(absoluteExpiresAt) / 1000));
    const ctx = context ? { ctx: { kind: context.kind, id: context.id } } : {};
    return { accessToken: this.tokens.sign({ typ: 'access', sub: userId, sid: sessionId, ...ctx, iat, exp }), expiresIn: exp - iat };
  }
}

/** A client exchanges its refresh token for the next one of the family. */
export class RefreshTokens extends Command<IssuedTokens> {
  constructor(
    readonly presented: string,
    readonly ip: string,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

/**
 * Hands out the next refresh token of the family. An earlier one presented again revokes the
 * family (the domain decides); any failure answers 401, so the client signs in again.
 */
@CommandHandler(RefreshTokens)
export class RefreshTokensHandler implements ICommandHandler<RefreshTokens, IssuedTokens> {
  constructor(
    private readonly bus: CommandBus,
    private readonly streams: AggregateStreams,
    private readonly issuer: SessionIssuer,
    private readonly clock: Clock,
  ) {}

  async execute({ presented, ip, client }: RefreshTokens): Promise<IssuedTokens> {
    const sessionId = sessionOfRefreshToken(presented);
    if (sessionId === null) throw new NotAuthenticated('the refresh token is not valid; sign in again');
    const before = await this.streams.load(sessionStream(sessionId), session);
    if (before.state.status === 'none') throw new NotAuthenticated('the refresh token is not valid; sign in again');
    const userId = before.state.userId;
    const next = newRefreshToken(sessionId);
    const now = this.clock.now();
    const refreshed = await this.bus.execute(
      new RefreshSession(
        sessionId,
        { presentedTokenHash: refreshTokenHash(presented), nextTokenHash: refreshTokenHash(next), ip, at: now.toISOString() },
        stepContext(client, 'refresh', userId, ip, now),
      ),
    );
    if (!refreshed.events.some((e) => e.type === 'RefreshTokenRotated')) throw new NotAuthenticated('the session has ended; sign in again');
    if (refreshed.duplicate) throw new ResponseNotReplayable(TOKENS_NOT_REPLAYED);
    const { state } = refreshed;
    if (state.status === 'none') throw new NotAuthenticated();
    // The acting context survives refreshes: it is the session's, switched only through the switcher.
    return this.issuer.issue(
      userId,
      sessionId,
      next,
      { startedAt: state.issuedAt, absoluteExpiresAt: state.absoluteExpiresAt, idleTimeoutSeconds: state.idleTimeoutSeconds },
      state.actingContext,
    );
  }
}
