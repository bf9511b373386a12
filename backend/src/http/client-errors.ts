import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendErrorBody } from './error-body.filter';
import type { FieldError } from './validation';

/** Fastify's own refusals, by error code, as the field and rule a client can act on. */
const FASTIFY_REFUSALS: Readonly<Record<string, { field: string; rule: string }>> = {
  FST_ERR_BAD_URL: { field: 'url', rule: 'url-encoding' },
  FST_ERR_CTP_INVALID_JSON_BODY: { field: 'body', rule: 'json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { field: 'body', rule: 'json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { field: 'body', rule: 'max-size' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { field: 'content-type', rule: 'media-type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { field: 'content-length', rule: 'content-length' },
};

/** The field error of a client error Fastify raised (a code it does not know names the request). */
export const fastifyFieldError = (error: { code?: unknown; message: string }): FieldError => {
  const known = typeof error.code === 'string' ? FASTIFY_REFUSALS[error.code] : undefined;
  return { ...(known ?? { field: 'request', rule: typeof error.code === 'string' ? error.code.toLowerCase() : 'bad-request' }), message: error.message };
};

/**
 * Fastify's `frameworkErrors` hook: refusals raised before routing (a URL that is not valid UTF-8)
 * are answered with the common error body instead of Fastify's own.
 */
export const answerFrameworkError = (error: Error & { code?: unknown; statusCode?: number }, request: FastifyRequest, reply: FastifyReply): void => {
  const statusCode = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void sendErrorBody(reply, request, { statusCode, message: error.message, errors: [fastifyFieldError(error)] });
};
