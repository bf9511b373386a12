import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PurchasingRuleViolation } from '@kuaige/domain';
import { sendErrorBody } from '../../http/error-body.filter';

/** Refusals because of who asks: the level's role not held (shaped as a missing permission, naming the level), another enterprise. */
const FORBIDDEN = new Set(['permission', 'not-your-role']);
/** Refusals because of what exists now, not because of the input. */
const CONFLICTS = new Set([
  'request-exists',
  'request-not-pending',
  'level-approved',
  'level-not-open',
  'approver-repeated',
  'request-ordered',
  'request-not-approved',
  'order-exists',
  'order-received',
  'line-received',
]);

/** Purchasing refusals with the common error body: 403 for who asks, 409 for the state, 422 for the other rules. */
@Catch(PurchasingRuleViolation)
export class PurchasingErrorFilter implements ExceptionFilter {
  catch(exception: PurchasingRuleViolation, host: ArgumentsHost): unknown {
    const statusCode = FORBIDDEN.has(exception.rule)
      ? HttpStatus.FORBIDDEN
      : CONFLICTS.has(exception.rule)
        ? HttpStatus.CONFLICT
        : HttpStatus.UNPROCESSABLE_ENTITY;
    const http = host.switchToHttp();
    return sendErrorBody(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), {
      statusCode,
      message: exception.message,
      errors: [{ field: exception.field, rule: exception.rule, message: exception.message }],
    });
  }
}
