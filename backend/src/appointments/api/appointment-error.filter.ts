import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppointmentRuleViolation, IllegalTransition, ReturnVisitRuleViolation } from '@kuaige/domain';
import { sendErrorBody } from '../../http/error-body.filter';

/**
 * Refusals of the appointment and return-visit deciders: a step the state (or the order's status) does
 * not allow 409 `illegal-transition`, the wrong party 403 `not-your-role`, input rules 422 naming the field.
 */
@Catch(AppointmentRuleViolation, ReturnVisitRuleViolation, IllegalTransition)
export class VisitErrorFilter implements ExceptionFilter {
  catch(exception: AppointmentRuleViolation | ReturnVisitRuleViolation | IllegalTransition, host: ArgumentsHost): unknown {
    const http = host.switchToHttp();
    const [statusCode, field, rule] =
      exception instanceof IllegalTransition
        ? [HttpStatus.CONFLICT, 'status', 'illegal-transition']
        : [exception.rule === 'not-your-role' ? HttpStatus.FORBIDDEN : HttpStatus.UNPROCESSABLE_ENTITY, exception.field, exception.rule];
    return sendErrorBody(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), {
      statusCode,
      message: exception.message,
      errors: [{ field, rule, message: exception.message }],
    });
  }
}
