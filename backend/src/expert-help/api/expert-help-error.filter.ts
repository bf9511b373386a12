import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EXPERT_HELP_CONFLICT_RULES, ExpertHelpNotYourRole, ExpertHelpRuleViolation, IllegalTransition } from '@kuaige/domain';
import { sendErrorBody } from '../../http/error-body.filter';

/**
 * Expert help's refusals as the common error body: the wrong party of the help 403 `not-your-role`,
 * a step its status does not allow 409 `illegal-transition`, rules about how things stand now 409,
 * rules about the input 422 naming the field.
 */
@Catch(ExpertHelpRuleViolation, IllegalTransition)
export class ExpertHelpErrorFilter implements ExceptionFilter {
  catch(exception: ExpertHelpRuleViolation | IllegalTransition, host: ArgumentsHost): unknown {
    const http = host.switchToHttp();
    const [statusCode, field, rule] =
      exception instanceof IllegalTransition
        ? [HttpStatus.CONFLICT, 'status', 'illegal-transition']
        : [
            exception instanceof ExpertHelpNotYourRole
              ? HttpStatus.FORBIDDEN
              : EXPERT_HELP_CONFLICT_RULES.includes(exception.rule)
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
