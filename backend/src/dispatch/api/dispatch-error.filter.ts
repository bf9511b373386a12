import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DispatchRuleViolation } from '@kuaige/domain';
import { sendErrorBody } from '../../http/error-body.filter';

// The caller may see the profile but is not the one who edits it: 403. A profile that must exist
// first, or a non-member: the request was well formed but cannot be done now, 409. The rest is input.
const FORBIDDEN = new Set(['not-your-role']);
const CONFLICTS = new Set(['profile-required', 'member-required', 'not-a-service-provider']);

/** The profile deciders' refusals as the common error body, naming field and rule. */
@Catch(DispatchRuleViolation)
export class DispatchErrorFilter implements ExceptionFilter {
  catch(exception: DispatchRuleViolation, host: ArgumentsHost): unknown {
    const http = host.switchToHttp();
    const statusCode = FORBIDDEN.has(exception.rule) ? HttpStatus.FORBIDDEN : CONFLICTS.has(exception.rule) ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST;
    return sendErrorBody(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), {
      statusCode,
      message: exception.message,
      errors: [{ field: exception.field, rule: exception.rule, message: exception.message }],
    });
  }
}
