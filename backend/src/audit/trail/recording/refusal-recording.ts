import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { SecurityEvent } from '@kuaige/domain';
import { digestUuid } from '@kuaige/eventsourcing';
import type { ReadModelStore } from '@kuaige/projections';
import { IDEMPOTENCY_KEY_HEADER } from '../../../event-sourcing/client-command';
import { COMMAND_ID } from '../../../event-sourcing/command-context';
import { READ_MODEL_STORE } from '../../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../../identity/clock';
import type { ActorRequest } from '../../../tenancy/api/authorization';
import { originOf, securityActorOf } from './request-facts';
import { SecurityLog } from './security-log';

// ---- Refusals and operations actions, recorded where every REST answer passes: Fastify's onSend ----
//
// Guards, filters and handlers of every module refuse in their own ways (PermissionGuard's 403,
// inScope's 404, identity's 401, the work-order decider's not-your-role 403); all of them end in the
// common error body, so the answer itself says what happened. The hook awaits the append, so a
// refusal is stored before the client learns of it; if storing fails, the refusal is still sent
// (a refusal must never turn into access) and the failure is logged.

/** Credential checks identity records itself (LoginFailed in the attempts stream, with IP and user agent). */
const RECORDED_BY_IDENTITY = new Set(['POST /api/v1/auth/login', 'POST /api/v1/auth/login/mfa', 'POST /api/v1/auth/step-up']);
/** Routes of the operations API (admin token): their state-changing calls are recorded. */
const OPERATIONS_PREFIXES = ['/api/v1/admin/', '/api/v1/operations/'];
const MAX_ERROR_BODY = 64 * 1024;

interface ErrorSummary {
  readonly rule: string;
  readonly field?: string;
}

const errorOf = (payload: unknown): ErrorSummary | null => {
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
  if (text === null || text.length > MAX_ERROR_BODY) return null;
  try {
    const body = JSON.parse(text) as { errors?: { rule?: unknown; field?: unknown }[] };
    const first = body.errors?.[0];
    if (!first || typeof first.rule !== 'string') return null;
    return { rule: first.rule.slice(0, 64), ...(typeof first.field === 'string' ? { field: first.field.slice(0, 128) } : {}) };
  } catch {
    return null;
  }
};

const GRAPHQL_PATH = '/graphql';

/**
 * GraphQL answers refusals with 200 and an error per field; the guard's HttpException travels in
 * `extensions.originalError`. The first refusal of the document stands for the request.
 */
const graphqlRefusalOf = (payload: unknown): { status: number; error: ErrorSummary | null } | null => {
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
  if (text === null || text.length > MAX_ERROR_BODY || !text.includes('originalError')) return null;
  try {
    const body = JSON.parse(text) as { errors?: { extensions?: { originalError?: { statusCode?: unknown; errors?: unknown } } }[] };
    for (const e of body.errors ?? []) {
      const original = e.extensions?.originalError;
      if (typeof original?.statusCode !== 'number' || ![401, 403, 404].includes(original.statusCode)) continue;
      return { status: original.statusCode, error: errorOf(JSON.stringify({ errors: original.errors })) };
    }
  } catch {
    return null;
  }
  return null;
};

/** What the answer to this request says about security, if anything. */
export const securityEventOf = (
  request: FastifyRequest,
  answered: number,
  payload: unknown,
  at: Date,
): { event: SecurityEvent; user: string } | null => {
  const route = request.routeOptions?.url;
  if (route === undefined || !(route.startsWith('/api/') || route === GRAPHQL_PATH)) return null;
  const signedIn = (request as ActorRequest).caller !== undefined;
  const origin = originOf(request, at);
  const graphql = route === GRAPHQL_PATH && answered < 400 ? graphqlRefusalOf(payload) : null;
  const status = graphql?.status ?? answered;
  const error = graphql ? graphql.error : status >= 400 ? errorOf(payload) : null;
  if (status === 401) {
    if (RECORDED_BY_IDENTITY.has(`${request.method} ${route}`)) return null;
    return {
      event: { type: 'AuthenticationRefused', data: { ...origin, status: 401, rule: error?.rule ?? 'unauthenticated' } },
      user: 'anonymous',
    };
  }
  if (status === 403) {
    if (!signedIn)
      return {
        event: { type: 'AuthenticationRefused', data: { ...origin, status: 401, rule: error?.rule ?? 'forbidden' } },
        user: 'anonymous',
      };
    return {
      event: {
        type: 'AccessDenied',
        data: { ...origin, status: 403, rule: error?.rule ?? 'forbidden', ...(error?.field ? { field: error.field } : {}) },
      },
      user: 'anonymous',
    };
  }
  // A signed-in caller told "no such row" by a scope check (rule `exists`): outside its scope, or absent.
  if (status === 404 && signedIn && error?.rule === 'exists') {
    return {
      event: { type: 'AccessDenied', data: { ...origin, status: 404, rule: 'exists', ...(error.field ? { field: error.field } : {}) } },
      user: 'anonymous',
    };
  }
  if (!signedIn && request.method !== 'GET' && status < 400 && OPERATIONS_PREFIXES.some((p) => route.startsWith(p))) {
    return { event: { type: 'OperationsActionPerformed', data: { ...origin, status } }, user: 'operations' };
  }
  return null;
};

/**
 * An operations action sent again with the same Idempotency-Key is the same action (it appended
 * nothing the second time): its record gets an id derived from the key, so it is stored once.
 * Refusals are recorded per attempt.
 */
const actionIdOf = (request: FastifyRequest, event: SecurityEvent): { eventId?: string } => {
  if (event.type !== 'OperationsActionPerformed') return {};
  const key = request.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
  return typeof key === 'string' && COMMAND_ID.test(key)
    ? { eventId: digestUuid('operations-action', event.data.method, event.data.route, key) }
    : {};
};

/** Installs the hook; called by createApp before the routes are registered. */
export const recordRefusals = (app: NestFastifyApplication): void => {
  const logger = new Logger('SecurityEvents');
  const log = app.get(SecurityLog);
  const store = app.get<ReadModelStore>(READ_MODEL_STORE);
  const clock = app.get(Clock);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply, payload) => {
      const found = securityEventOf(request, reply.statusCode, payload, clock.now());
      if (!found) return payload;
      try {
        const actor = await securityActorOf(request, store, found.user);
        await log.record(found.event, actor, { correlationId: String(request.id ?? ''), ...actionIdOf(request, found.event) });
      } catch (error) {
        logger.error({ err: error, requestId: request.id }, 'a security event could not be stored');
      }
      return payload;
    });
};
