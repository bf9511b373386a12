import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CertificationRuleViolation, IllegalTransition, TenancyRuleViolation } from '@kuaige/domain';
import { sendErrorBody } from '../../http/error-body.filter';

// Rules about the state of things rather than the input: the request was well formed, but not now.
const CONFLICTS = new Set(['real-name-required', 'not-revocable', 'id-number-taken']);
// The reviewer reads the application (it is in their jurisdiction) but is not the node that decides it.
const FORBIDDEN = new Set(['reviewer-jurisdiction']);

/** The deciders' refusals as the common error body, naming field and rule. */
@Catch(CertificationRuleViolation, TenancyRuleViolation, IllegalTransition)
export class CertificationErrorFilter implements ExceptionFilter {
  catch(exception: CertificationRuleViolation | TenancyRuleViolation | IllegalTransition, host: ArgumentsHost): unknown {
    const http = host.switchToHttp();
    const [statusCode, field, rule] =
      exception instanceof IllegalTransition
        ? [HttpStatus.CONFLICT, 'status', 'illegal-transition']
        : [
            CONFLICTS.has(exception.rule) ? HttpStatus.CONFLICT : FORBIDDEN.has(exception.rule) ? HttpStatus.FORBIDDEN : HttpStatus.BAD_REQUEST,
            exception.field,
            exception.rule,
          ];
    return sendErrorBody(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), {
      statusCode,
      message: exception.message,
      errors: [{ field, rule, message: exception.message }],
    });
  }
}
