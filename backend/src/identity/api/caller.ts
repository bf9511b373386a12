import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../application/session-control';
import type { ClientOrigin } from '../application/session-issuer';
import { requestOf } from './request-of';

export type IdentifiedRequest = FastifyRequest & { caller?: Caller };

/** Address and device of the request; the user agent is cut to a length worth storing. */
export const originOf = (request: FastifyRequest): ClientOrigin => ({
  ip: request.ip,
  userAgent: String(request.headers['user-agent'] ?? '').slice(0, 256),
});

/** The authenticated caller, set by AuthenticatedGuard. */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = requestOf(context).caller;
  if (!caller) throw new Error('CurrentCaller used on a route without AuthenticatedGuard');
  return caller;
});

/** Address and device of the request. */
export const Origin = createParamDecorator((_: unknown, context: ExecutionContext): ClientOrigin => originOf(context.switchToHttp().getRequest<FastifyRequest>()));
