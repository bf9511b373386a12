import { Inject, Injectable } from '@nestjs/common';
import { session, sessionStream } from '@kuaige/domain';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { Clock } from '../clock';
import { IDENTITY_CONFIG } from '../identity.tokens';
import type { IdentityConfig } from '../identity.config';
import { AccessTokens } from '../tokens/access-tokens';
import { newRefreshToken, refreshTokenHash, sessionOfRefreshToken } from '../tokens/refresh-tokens';
import { NotAuthenticated } from './auth.errors';
import { systemContext } from './command-context';

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

/** Starts sessions and rotates their refresh tokens; issues the access tokens that go with them. */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly clock: Clock,
    private readonly tokens: AccessTokens,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async start(userId: string, sessionId: string, origin: ClientOrigin): Promise<IssuedTokens> {
    const now = this.clock.now();
    const refreshToken = newRefreshToken(sessionId);
    const absoluteExpiresAt = new Date(now.getTime() + this.config.sessionAbsoluteHours * 3_600_000).toISOString();
    const idleTimeoutSeconds = this.config.sessionIdleMinutes * 60;
    await this.streams.handle(
      sessionStream(sessionId),
      {
        type: 'StartSession',
        data: { sessionId, familyId: sessionId, userId, ...origin, idleTimeoutSeconds, absoluteExpiresAt, refreshTokenHash: refreshTokenHash(refreshToken), at: now.toISOString() },
      },
      session,
      systemContext(userId, origin.ip, now),
    );
    return this.issue(userId, sessionId, refreshToken, { startedAt: now.toISOString(), absoluteExpiresAt, idleTimeoutSeconds });
  }

  /**
   * Hands out the next refresh token of the family. An earlier one presented again revokes the
   * family (the domain decides); any failure answers 401, so the client signs in again.
   */
  async refresh(presented: string, ip: string): Promise<IssuedTokens> {
    const sessionId = sessionOfRefreshToken(presented);
    if (sessionId === null) throw new NotAuthenticated('the refresh token is not valid; sign in again');
    const stream = sessionStream(sessionId);
    const before = await this.streams.load(stream, session);
    if (before.state.status === 'none') throw new NotAuthenticated('the refresh token is not valid; sign in again');
    const userId = before.state.userId;
    const next = newRefreshToken(sessionId);
    const now = this.clock.now();
    const result = await this.streams.handle(
      stream,
      { type: 'RefreshSession', data: { presentedTokenHash: refreshTokenHash(presented), nextTokenHash: refreshTokenHash(next), ip, at: now.toISOString() } },
      session,
      systemContext(userId, ip, now),
    );
    if (!result.eventTypes.includes('RefreshTokenRotated')) throw new NotAuthenticated('the session has ended; sign in again');
    const { state } = await this.streams.load(stream, session);
    if (state.status === 'none') throw new NotAuthenticated();
    return this.issue(userId, sessionId, next, { startedAt: state.issuedAt, absoluteExpiresAt: state.absoluteExpiresAt, idleTimeoutSeconds: state.idleTimeoutSeconds });
  }

  private issue(userId: string, sessionId: string, refreshToken: string, info: Omit<IssuedTokens['session'], 'id'>): IssuedTokens {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    // Never past the session's absolute end: a token must not outlive its session.
    const exp = Math.min(iat + this.config.accessTokenMinutes * 60, Math.floor(Date.parse(info.absoluteExpiresAt) / 1000));
    const accessToken = this.tokens.sign({ typ: 'access', sub: userId, sid: sessionId, iat, exp });
    return { accessToken, tokenType: 'Bearer', expiresIn: exp - iat, refreshToken, session: { id: sessionId, ...info } };
  }
}
