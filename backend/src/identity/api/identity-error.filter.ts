import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AccountDisabledError,
  AccountLockedOut,
  MobileNumberTaken,
  OneTimeCodeRefused,
  RefreshTokenRefused,
  SessionNotActive,
  SmsCodeRefused,
  SmsCodeTooSoon,
} from '@kuaige/domain';
import { PasswordHasherBusyError } from '../crypto';
import { InvalidCredentials, NotAuthenticated, SecondFactorRefused, SessionNotFound, StepUpRequired, TooManyRequests } from '../application/auth.errors';
import { Clock } from '../clock';

type Mapped = { status: number; field?: string; rule?: string; retryAfterSeconds?: number };

const ERROR_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** Identity refusals as the common error body; lockouts and limits say when to retry (Retry-After). */
@Catch(
  AccountDisabledError,
  AccountLockedOut,
  MobileNumberTaken,
  OneTimeCodeRefused,
  RefreshTokenRefused,
  SessionNotActive,
  SmsCodeRefused,
  SmsCodeTooSoon,
  PasswordHasherBusyError,
  InvalidCredentials,
  NotAuthenticated,
  SecondFactorRefused,
  SessionNotFound,
  StepUpRequired,
  TooManyRequests,
)
export class IdentityErrorFilter implements ExceptionFilter {
  constructor(private readonly clock: Clock) {}

  catch(exception: Error, host: ArgumentsHost): unknown {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const mapped = this.map(exception);
    if (mapped.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, mapped.retryAfterSeconds)));
    const errors = mapped.field ? { errors: [{ field: mapped.field, rule: mapped.rule, message: exception.message }] } : {};
    return reply.status(mapped.status).send({
      statusCode: mapped.status,
      error: ERROR_NAMES[mapped.status] ?? 'Error',
      message: exception.message,
      ...errors,
      requestId: String(request.id ?? ''),
    });
  }

  private map(e: Error): Mapped {
    if (e instanceof AccountLockedOut) return { status: HttpStatus.TOO_MANY_REQUESTS, retryAfterSeconds: Math.ceil((Date.parse(e.until) - this.clock.now().getTime()) / 1000) };
    if (e instanceof SmsCodeTooSoon) return { status: HttpStatus.TOO_MANY_REQUESTS, retryAfterSeconds: e.retryAfterSeconds };
    if (e instanceof TooManyRequests) return { status: HttpStatus.TOO_MANY_REQUESTS, retryAfterSeconds: e.retryAfterSeconds };
    if (e instanceof PasswordHasherBusyError) return { status: HttpStatus.SERVICE_UNAVAILABLE, retryAfterSeconds: 1 };
    if (e instanceof SmsCodeRefused) return { status: HttpStatus.BAD_REQUEST, field: 'smsCode', rule: 'sms-code' };
    if (e instanceof OneTimeCodeRefused) return { status: HttpStatus.BAD_REQUEST, field: 'code', rule: 'one-time-code' };
    if (e instanceof StepUpRequired) return { status: HttpStatus.FORBIDDEN, field: 'session', rule: 'step-up-required' };
    if (e instanceof AccountDisabledError) return { status: HttpStatus.FORBIDDEN };
    if (e instanceof MobileNumberTaken) return { status: HttpStatus.CONFLICT, field: 'phone', rule: 'already-registered' };
    if (e instanceof SessionNotFound) return { status: HttpStatus.NOT_FOUND };
    return { status: HttpStatus.UNAUTHORIZED };
  }
}
