import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IllegalTransition, KnowledgeNotYourRole, KnowledgeRuleViolation } from '@kuaige/domain';
import { sendErrorBody } from '../../http/error-body.filter';

/** Rules about the state of things rather than the input: answered 409. */
const CONFLICT_RULES = ['work-order-closed'];

/**
 * The knowledge decider's refusals as the common error body: a step the entry's status does not allow
 * 409 `illegal-transition`, the wrong party (or the author reviewing) 403, a work order not yet closed
 * 409, an unknown work order 404, rules about the input 422 naming the field.
 */
@Catch(KnowledgeRuleViolation, IllegalTransition)
export class KnowledgeErrorFilter implements ExceptionFilter {
  catch(exception: KnowledgeRuleViolation | IllegalTransition, host: ArgumentsHost): unknown {
    const http = host.switchToHttp();
    const [statusCode, field, rule] =
      exception instanceof IllegalTransition
        ? [HttpStatus.CONFLICT, 'status', 'illegal-transition']
        : [
            exception instanceof KnowledgeNotYourRole
              ? HttpStatus.FORBIDDEN
              : exception.rule === 'exists'
                ? HttpStatus.NOT_FOUND
                : CONFLICT_RULES.includes(exception.rule)
                  ? HttpStatus.CONFLICT
                  : HttpStatus.UNPROCESSABLE_ENTITY,
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
