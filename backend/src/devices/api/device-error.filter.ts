import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DeviceRuleViolation } from '@kuaige/domain';
import { sendErrorBody } from '../../http/error-body.filter';

/** Rules that refuse because of what exists now, not because of the input: answered 409. */
const CONFLICTS = new Set(['number-taken', 'already-sold']);

/**
 * Device refusals with the common error body: a party that can see the device but is not the one to
 * act on it 403, state conflicts 409, the other rules 422.
 */
@Catch(DeviceRuleViolation)
export class DeviceErrorFilter implements ExceptionFilter {
  catch(exception: DeviceRuleViolation, host: ArgumentsHost): unknown {
    const statusCode =
      exception.rule === 'not-your-role' ? HttpStatus.FORBIDDEN : CONFLICTS.has(exception.rule) ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_ENTITY;
    const http = host.switchToHttp();
    return sendErrorBody(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), {
      statusCode,
      message: exception.message,
      errors: [{ field: exception.field, rule: exception.rule, message: exception.message }],
    });
  }
}
