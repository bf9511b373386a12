import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InventoryRuleViolation } from '@kuaige/domain';
import { sendErrorBody } from '../../http/error-body.filter';

/** Rules that refuse because of what exists now, not because of the input: answered 409. */
const CONFLICTS = new Set(['code-taken', 'category-exists', 'insufficient-stock', 'issue-not-open', 'issue-state', 'receipt-not-open', 'transfer-not-in-transit', 'category-full', 'return-exceeds-issued']);

/**
 * Inventory refusals with the common error body: a party that may not act on the inventory 403, state
 * conflicts (the last unit taken, a code taken, a document no longer open) 409, the other rules 422.
 */
@Catch(InventoryRuleViolation)
export class InventoryErrorFilter implements ExceptionFilter {
  catch(exception: InventoryRuleViolation, host: ArgumentsHost): unknown {
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
