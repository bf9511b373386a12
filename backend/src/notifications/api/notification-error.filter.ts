import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidQuietHours, NotYourNotification, UnknownTimeZone } from '@kuaige/domain';
import { sendErrorBody } from '../../http/error-body.filter';

/** The notification deciders' refusals as the common error body: someone else's notification is not found. */
@Catch(NotYourNotification, InvalidQuietHours, UnknownTimeZone)
export class NotificationErrorFilter implements ExceptionFilter {
  catch(exception: NotYourNotification | InvalidQuietHours | UnknownTimeZone, host: ArgumentsHost): unknown {
    const http = host.switchToHttp();
    const notFound = exception instanceof NotYourNotification;
    return sendErrorBody(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), {
      statusCode: notFound ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST,
      message: exception.message,
      errors: [{ field: exception.field, rule: exception.rule, message: exception.message }],
    });
  }
}
