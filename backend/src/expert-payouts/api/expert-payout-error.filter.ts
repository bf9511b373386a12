import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EXPERT_PAYOUT_CONFLICT_RULES, ExpertPayoutRuleViolation, IllegalTransition } from '@kuaige/domain';
import { sendErrorBody } from '../../http/error-body.filter';

/**
 * Refusals of expert payouts as the common error body: a step the withdrawal's status does not allow
 * 409 `illegal-transition`; more than is available or allowed this month 409; someone else's account
 * 403; the other input rules 422 naming the field.
 */
@Catch(ExpertPayoutRuleViolation, IllegalTransition)
export class ExpertPayoutErrorFilter implements ExceptionFilter {
  catch(exception: ExpertPayoutRuleViolation | IllegalTransition, host: ArgumentsHost): unknown {
    const http = host.switchToHttp();
    const [statusCode, field, rule] =
      exception instanceof IllegalTransition
        ? [HttpStatus.CONFLICT, 'status', 'illegal-transition']
        : [
            exception.rule === 'not-your-account' ? HttpStatus.FORBIDDEN : EXPERT_PAYOUT_CONFLICT_RULES.includes(exception.rule) ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_ENTITY,
            exception.field,
            exception.rule,
          ];
    return sendErrorBody(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), { statusCode, message: exception.message, errors: [{ field, rule, message: exception.message }] });
  }
}
