import { applyDecorators, Inject, Injectable, UseFilters, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { NotAuthenticated, StepUpRequired, TooManyRequests } from '../application/auth.errors';
import { SessionControl } from '../application/session-control';
import { Clock } from '../clock';
import { IDENTITY_CONFIG, RATE_LIMITER } from '../identity.tokens';
import type { IdentityConfig } from '../identity.config';
import type { RateLimiter } from '../rate-limit/rate-limiter.port';
import { originOf } from './caller';
import { requestOf } from './request-of';
import { Access } from '../../http/access';
import { IdentityErrorFilter } from './identity-error.filter';

/**
 * Lets a request through only with a valid access token of a live session, and sets the caller
 * (user, session, address) that commands are recorded with. Controllers under /api/v1/me and the
 * signed-in part of /api/v1/auth carry it at class level: deny by default.
 */
@Injectable()
export class AuthenticatedGuard implements CanActivate {
  constructor(private readonly sessions: SessionControl) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = requestOf(context);
    const match = /^Bearer ([A-Za-z0-9_.-]{1,4096})$/.exec(request.headers.authorization ?? '');
    if (!match) throw new NotAuthenticated('sign in first (Authorization: Bearer <access token>)');
    const { ip, userAgent } = originOf(request);
    request.caller = await this.sessions.authenticate(match[1]!, ip, userAgent);
    return true;
  }
}

/** Refuses a critical operation unless the session confirmed its identity in the last 5 minutes. */
@Injectable()
export class StepUpGuard implements CanActivate {
  constructor(private readonly clock: Clock) {}

  canActivate(context: ExecutionContext): boolean {
    const caller = requestOf(context).caller;
    const until = caller?.steppedUpUntil;
    if (!until || Date.parse(until) <= this.clock.now().getTime()) throw new StepUpRequired();
    return true;
  }
}

/** Marks a critical operation: the caller must have passed POST /api/v1/auth/step-up within 5 minutes. */
export const RequireStepUp = () =>
  applyDecorators(UseGuards(StepUpGuard), ApiForbiddenResponse({ description: 'step-up required (errors[0].rule = "step-up-required")' }));

/** Signed-in routes: bearer token of a live session. */
export const Authenticated = () =>
  applyDecorators(Access.authenticated(), UseGuards(AuthenticatedGuard), UseFilters(IdentityErrorFilter), ApiBearerAuth(), ApiUnauthorizedResponse({ description: 'no valid access token, or the session ended' }));

/** Edge limit for /api/v1/auth/*: requests per minute and client address. */
@Injectable()
export class AuthRateLimitGuard implements CanActivate {
  constructor(
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { ip } = originOf(context.switchToHttp().getRequest<FastifyRequest>());
    const decision = await this.limiter.hit(`auth:${ip}`, { limit: this.config.authRequestsPerMinute, windowMs: 60_000 });
    if (!decision.allowed) throw new TooManyRequests(Math.ceil(decision.retryAfterMs / 1000));
    return true;
  }
}

export const AuthRateLimited = () => applyDecorators(UseGuards(AuthRateLimitGuard), ApiTooManyRequestsResponse({ description: 'rate limited; see Retry-After' }));
