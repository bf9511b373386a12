import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NoSuchSlaAlert, SlaNotYourRole } from '@kuaige/domain';
import { sendErrorBody } from '../../http/error-body.filter';

/** The clock's refusals of a person: not theirs to take on (403), or no such alert (404). */
@Catch(SlaNotYourRole, NoSuchSlaAlert)
export class SlaErrorFilter implements ExceptionFilter {
  catch(exception: SlaNotYourRole | NoSuchSlaAlert, host: ArgumentsHost): unknown {
    const http = host.switchToHttp();
    const [statusCode, field] = exception instanceof SlaNotYourRole ? [HttpStatus.FORBIDDEN, 'actor'] : [HttpStatus.NOT_FOUND, 'id'];
    return sendErrorBody(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), {
      statusCode,
      message: exception.message,
      errors: [{ field, rule: exception.rule, message: exception.message }],
    });
  }
}
