import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommentRuleViolation, IllegalTransition } from '@kuaige/domain';
import { sendErrorBody } from '../../http/error-body.filter';

/** The comment decider's refusals: the wrong kind of author 403, a comment id used twice 409, input rules 422. */
@Catch(CommentRuleViolation, IllegalTransition)
export class CommentErrorFilter implements ExceptionFilter {
  catch(exception: CommentRuleViolation | IllegalTransition, host: ArgumentsHost): unknown {
    const http = host.switchToHttp();
    const [statusCode, field, rule] =
      exception instanceof IllegalTransition
        ? [HttpStatus.CONFLICT, 'commentId', 'illegal-transition']
        : [exception.rule === 'not-your-role' ? HttpStatus.FORBIDDEN : HttpStatus.UNPROCESSABLE_ENTITY, exception.field, exception.rule];
    return sendErrorBody(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), {
      statusCode,
      message: exception.message,
      errors: [{ field, rule, message: exception.message }],
    });
  }
}
