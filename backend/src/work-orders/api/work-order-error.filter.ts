import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IllegalTransition, NotYourRole, WORK_ORDER_CONFLICT_RULES, WorkOrderRuleViolation } from '@kuaige/domain';
import { sendErrorBody } from '../../http/error-body.filter';

/**
 * The work-order decider's refusals as the common error body: a step the order's status does not
 * allow 409 (the message names the status), the wrong party 403 `not-your-role`, rules about what the
 * order holds now 409, rules about the input 422 naming its field.
 */
@Catch(WorkOrderRuleViolation, IllegalTransition)
export class WorkOrderErrorFilter implements ExceptionFilter {
  catch(exception: WorkOrderRuleViolation | IllegalTransition, host: ArgumentsHost): unknown {
    const http = host.switchToHttp();
    const [statusCode, field, rule] =
      exception instanceof IllegalTransition
        ? [HttpStatus.CONFLICT, 'status', 'illegal-transition']
        : [
            exception instanceof NotYourRole
              ? HttpStatus.FORBIDDEN
              : WORK_ORDER_CONFLICT_RULES.includes(exception.rule)
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
