import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
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
import { sendErrorBody } from '../../http/error-body.filter';

type Mapped = { status: number; field?: string; rule?: string; retryAfterSeconds?: number };

/** Identity refusals mapped to statuses and fields, answered with the common error body; lockouts and limits say when to retry (Retry-After). */
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
    const { status, field, rule, retryAfterSeconds } = this.map(exception);
    // Over GraphQL the returned error becomes the field's error, with the same status and fields.
    if (host.getType<string>() === 'graphql') {
      return new HttpException({ statusCode: status, message: exception.message, ...(field ? { errors: [{ field, rule, message: exception.message }] } : {}) }, status);
    }
    const http = host.switchToHttp();
    return sendErrorBody(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), {
      statusCode: status,
      message: exception.message,
      ...(field ? { errors: [{ field, rule, message: exception.message }] } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
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
