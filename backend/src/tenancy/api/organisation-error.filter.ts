import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TenancyRuleViolation } from '@kuaige/domain';
import { sendErrorBody } from '../../http/error-body.filter';

/** Rules that refuse a command because of what exists now, not because of its input: answered 409. */
const CONFLICTS = new Set([
  'department-not-empty',
  'department-exists',
  'name-taken',
  'role-in-use',
  'last-admin',
  'member-not-active',
  'invitation-expired',
]);

/** Organisation refusals with the common error body: state conflicts 409, the other rules 422. */
@Catch(TenancyRuleViolation)
export class OrganisationErrorFilter implements ExceptionFilter {
  catch(exception: TenancyRuleViolation, host: ArgumentsHost): unknown {
    const statusCode = CONFLICTS.has(exception.rule) ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_ENTITY;
    const http = host.switchToHttp();
    return sendErrorBody(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), {
      statusCode,
      message: exception.message,
      errors: [{ field: exception.field, rule: exception.rule, message: exception.message }],
    });
  }
}
