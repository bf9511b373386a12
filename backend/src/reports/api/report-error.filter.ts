import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IllegalTransition, ReportRuleViolation } from '@kuaige/domain';
import { sendErrorBody } from '../../http/error-body.filter';

/**
 * The report rules' refusals: a bad definition or schedule 400 naming field and rule; changing someone
 * else's report 403; a deleted report 404 like any report that is not there.
 */
@Catch(ReportRuleViolation, IllegalTransition)
export class ReportErrorFilter implements ExceptionFilter {
  catch(exception: ReportRuleViolation | IllegalTransition, host: ArgumentsHost): unknown {
    const http = host.switchToHttp();
    const [statusCode, field, rule, message] =
      exception instanceof IllegalTransition
        ? exception.state === 'saved'
          ? [HttpStatus.CONFLICT, 'id', 'illegal-transition', exception.message]
          : [HttpStatus.NOT_FOUND, 'id', 'exists', 'no such Report']
        : [exception.rule === 'owner-only' || exception.rule === 'not-your-role' ? HttpStatus.FORBIDDEN : HttpStatus.BAD_REQUEST, exception.field, exception.rule, exception.message];
    return sendErrorBody(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), { statusCode, message, errors: [{ field, rule, message }] });
  }
}
