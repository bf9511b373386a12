import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IllegalTransition, SETTLEMENT_CONFLICT_RULES, SettlementNotYourRole, SettlementRuleViolation } from '@kuaige/domain';
import { sendErrorBody } from '../../http/error-body.filter';

/**
 * Settlement refusals as the common error body: the wrong party 403 `not-your-role`, a step the status
 * does not allow 409 `illegal-transition`, rules about how things stand now 409, input rules 422 naming the field.
 */
@Catch(SettlementRuleViolation, IllegalTransition)
export class SettlementErrorFilter implements ExceptionFilter {
  catch(exception: SettlementRuleViolation | IllegalTransition, host: ArgumentsHost): unknown {
    const http = host.switchToHttp();
    const [statusCode, field, rule] =
      exception instanceof IllegalTransition
        ? [HttpStatus.CONFLICT, 'status', 'illegal-transition']
        : [
            exception instanceof SettlementNotYourRole
              ? HttpStatus.FORBIDDEN
              : SETTLEMENT_CONFLICT_RULES.includes(exception.rule)
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
