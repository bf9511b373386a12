import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RuleViolation } from '@kuaige/domain';
import { fastifyFieldError } from './client-errors';

/** The one shape of every error answered over REST. */
export interface ErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly message: string;
  readonly errors?: readonly unknown[];
  readonly requestId?: string;
}

const reason = (status: number): string =>
  (HttpStatus[status] ?? 'Error')
    .toString()
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');

/** Answers with the common error body; modules that map their own errors use it to keep one shape. */
export const sendErrorBody = (
  reply: FastifyReply,
  request: FastifyRequest,
  error: { statusCode: number; message: string; errors?: readonly unknown[]; retryAfterSeconds?: number },
): FastifyReply => {
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, error.retryAfterSeconds)));
  const body: ErrorBody = {
    statusCode: error.statusCode,
    error: reason(error.statusCode),
    message: error.message,
    ...(error.errors ? { errors: error.errors } : {}),
    requestId: String(request.id ?? ''),
  };
  return reply.status(error.statusCode).send(body);
};

/** Errors of the domain and the command side, by name (the filter must not depend on every module). */
const DOMAIN_ERRORS: Readonly<Record<string, number>> = {
  IllegalTransition: HttpStatus.CONFLICT,
  // Identity's guard refuses anonymous callers on every module's routes, not only identity's own.
  NotAuthenticated: HttpStatus.UNAUTHORIZED,
  ConcurrencyConflictError: HttpStatus.CONFLICT,
  WrongExpectedVersionError: HttpStatus.CONFLICT,
  RuleViolation: HttpStatus.UNPROCESSABLE_ENTITY,
  InvalidCommandIdError: HttpStatus.BAD_REQUEST,
  UnknownProjectionError: HttpStatus.NOT_FOUND,
  JobQueueUnavailableError: HttpStatus.SERVICE_UNAVAILABLE,
  InvalidJobOptionsError: HttpStatus.BAD_REQUEST,
  JobNotFoundError: HttpStatus.NOT_FOUND,
  NotADeadLetterError: HttpStatus.CONFLICT,
};
const domainStatus = (exception: unknown): number | undefined =>
  exception instanceof Error ? DOMAIN_ERRORS[exception.name] : undefined;

/** Turns every exception into an ErrorBody; unexpected ones become 500 without internals. */
@Catch()
export class ErrorBodyFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorBodyFilter');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() !== 'http') {
      // GraphQL formats its own errors; refusals of the domain (rules, transitions) become the same
      // HttpException a REST route answers with, so that a field's error carries status, field and rule.
      if (exception instanceof HttpException) throw exception;
      const body = this.toBody(exception, '');
      if (body.statusCode < 500) {
        const { requestId: _requestId, ...rest } = body;
        return new HttpException(rest, body.statusCode);
      }
      throw exception;
    }
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const body = this.toBody(exception, String(request.id ?? ''));
    if (body.statusCode >= 500) this.logger.error({ err: exception, requestId: body.requestId }, 'unhandled error');
    return sendErrorBody(reply, request, body);
  }

  private toBody(exception: unknown, requestId: string): ErrorBody {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const fields = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
      const message =
        typeof response === 'string'
          ? response
          : Array.isArray(fields['message'])
            ? (fields['message'] as string[]).join('; ')
            : String(fields['message'] ?? exception.message);
      // Nest wraps Fastify's client errors (bad JSON, ...) in an HttpException whose cause has the code.
      const cause = exception.cause as { code?: unknown; message?: unknown } | undefined;
      const fromFastify = typeof cause?.code === 'string' && cause.code.startsWith('FST_') ? [fastifyFieldError({ code: cause.code, message })] : undefined;
      const errors = Array.isArray(fields['errors']) ? (fields['errors'] as unknown[]) : fromFastify;
      return { statusCode, error: reason(statusCode), message, ...(errors ? { errors } : {}), requestId };
    }
    // A business rule refused the command (every module's violations extend RuleViolation; those that
    // know the input they are about say so in `field`).
    if (exception instanceof RuleViolation) {
      const field = typeof (exception as { field?: unknown }).field === 'string' ? (exception as unknown as { field: string }).field : 'body';
      const statusCode = HttpStatus.UNPROCESSABLE_ENTITY;
      return { statusCode, error: reason(statusCode), message: exception.message, errors: [{ field, rule: exception.rule, message: exception.message }], requestId };
    }
    const mapped = domainStatus(exception);
    if (mapped) return { statusCode: mapped, error: reason(mapped), message: (exception as Error).message, requestId };
    const status = (exception as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own client errors (body too large, bad JSON, unsupported media type)
      const message = (exception as Error).message;
      return { statusCode: status, error: reason(status), message, errors: [fastifyFieldError(exception as Error)], requestId };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: 'An unexpected error occurred', requestId };
  }
}
