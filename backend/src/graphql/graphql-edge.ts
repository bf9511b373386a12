import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { originOf } from '../identity/api/caller';
import { RATE_LIMITER } from '../identity/identity.tokens';
import type { RateLimiter } from '../identity/rate-limit/rate-limiter.port';
import type { GraphqlLimits } from './graphql-limits';

const GRAPHQL_PATH = '/graphql';

/** Answers in GraphQL's own error shape, so that GraphQL clients read the refusal like any other. */
const refuse = (reply: FastifyReply, status: number, message: string, extensions: Record<string, unknown>) =>
  reply.status(status).type('application/json; charset=utf-8').send({ errors: [{ message, extensions }] });

const documentOf = (request: FastifyRequest): unknown =>
  request.method === 'GET' ? (request.query as { query?: unknown } | undefined)?.query : (request.body as { query?: unknown } | undefined)?.query;

/**
 * The edge of /graphql, before Apollo sees a request: a per-address rate limit (the same limiter
 * port and store as /api/v1/auth) and a document size limit checked before the document is parsed.
 * Depth, aliases and cost are validation rules (graphql-limits.ts), run once the document is parsed.
 */
export const installGraphqlEdge = (app: NestFastifyApplication, limits: GraphqlLimits): void => {
  const limiter = app.get<RateLimiter>(RATE_LIMITER, { strict: false });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url !== GRAPHQL_PATH) return;
    const decision = await limiter.hit(`graphql:${originOf(request).ip}`, { limit: limits.requestsPerMinute, windowMs: 60_000 });
    if (decision.allowed) return;
    reply.header('retry-after', String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))));
    return refuse(reply, 429, `more than ${limits.requestsPerMinute} GraphQL requests a minute from this address; see Retry-After`, { code: 'RATE_LIMITED' });
  });
  fastify.addHook('preValidation', async (request, reply) => {
    if (request.routeOptions.url !== GRAPHQL_PATH) return;
    const document = documentOf(request);
    if (typeof document !== 'string' || document.length <= limits.maxDocumentChars) return;
    return refuse(reply, 400, `the GraphQL document has ${document.length} characters; at most ${limits.maxDocumentChars} are accepted`, {
      code: 'GRAPHQL_VALIDATION_FAILED',
      rule: 'max-document-chars',
    });
  });
};
