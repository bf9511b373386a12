import { createHash, createHmac, randomUUID, type KeyObject } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  createParamDecorator,
  Inject,
  Injectable,
  UnprocessableEntityException,
  type ExecutionContext,
  type PipeTransform,
} from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ApiBadRequestResponse, ApiConflictResponse, ApiHeader, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Actor } from '@kuaige/domain';
import { digestUuid } from '@kuaige/eventsourcing';
import { COMMAND_ID, USER_AGENT_MAX, type ClientRequestRecord, type CommandContext, type RequestOrigin } from './command-context';

// ---- Client command ids: the Idempotency-Key of a state-changing request ---------------------------
// (over GraphQL: the mutation's `commandId` argument). The client chooses the key; every command the
// request sends derives its id from it, one id per step, so a request touching several streams, or
// one stream twice, writes each step once. Handled again, a step finds its earlier events and appends
// nothing. AggregateStreams records the key with the request's digest before the first append and
// answers 422 when the key comes back with another request.

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** The argument of a GraphQL mutation that carries the key. */
export const COMMAND_ID_ARGUMENT = 'commandId';

/** HMAC key of request digests: a digest covers passwords and codes, so it must not be a plain hash. */
export const REQUEST_DIGEST_KEY = Symbol('REQUEST_DIGEST_KEY');

/** The idempotency key of one request and what the commands it sends are derived from. */
export class ClientCommand {
  private readonly record: ClientRequestRecord | undefined;

  private constructor(
    /** The client's key, or a fresh one when the client sent none (then a retry is a new request). */
    readonly key: string,
    readonly supplied: boolean,
    /** Keyed digest of the request (route, parameters, body, caller): same key with another request is refused. */
    readonly requestDigest: string | undefined,
    private readonly scope: string,
    /** Where the request came from: written into the metadata of every event its commands append. */
    readonly origin: RequestOrigin | undefined,
  ) {
    this.record =
      supplied && requestDigest !== undefined
        ? { streamId: `ClientRequest-${digestUuid('client-request', scope, key)}`, commandId: this.idOf('request'), requestDigest, accepted: false }
        : undefined;
  }

  static of(key: string, requestDigest: string, scope: string, origin?: RequestOrigin): ClientCommand {
    return new ClientCommand(key, true, requestDigest, scope, origin);
  }

  /** For commands the product sends by itself (no client, no retry by a client), or a request without a key. */
  static fresh(origin?: RequestOrigin): ClientCommand {
    return new ClientCommand(randomUUID(), false, undefined, 'internal', origin);
  }

  /** The command id of one step of the request, derived from the key; `step` names the step. */
  idOf(step: string): string {
    return this.supplied ? digestUuid('client-command', this.scope, this.key, step) : digestUuid('fresh-command', this.key, step);
  }

  /** The context of one step: its command id, the request digest, who acts, when. */
  context(step: string, actor: Actor, at: Date, scope: { tenantIds?: readonly string[]; jurisdiction?: readonly string[] } = {}): CommandContext {
    return {
      commandId: this.idOf(step),
      correlationId: this.supplied ? this.idOf('') : this.key,
      ...(this.requestDigest !== undefined ? { requestDigest: this.requestDigest } : {}),
      ...(this.record !== undefined ? { request: this.record } : {}),
      actor,
      tenantIds: scope.tenantIds ?? [],
      jurisdiction: scope.jurisdiction ?? [],
      at,
      ...(this.origin !== undefined ? { origin: this.origin } : {}),
    };
  }
}

/** The same key came with a different request. */
export class IdempotencyKeyReused extends UnprocessableEntityException {
  constructor() {
    const message = `this ${IDEMPOTENCY_KEY_HEADER} (GraphQL: ${COMMAND_ID_ARGUMENT}) was used for a different request; send a new key for a new request`;
    super({ statusCode: 422, message, errors: [{ field: IDEMPOTENCY_KEY_HEADER, rule: 'same-request', message }] });
    this.name = 'IdempotencyKeyReused';
  }
}

/** The request was handled, but its answer held one-time secrets that are not kept: it cannot be replayed. */
export class ResponseNotReplayable extends ConflictException {
  constructor(what: string) {
    const message = `the request with this ${IDEMPOTENCY_KEY_HEADER} was already handled; ${what}`;
    super({ statusCode: 409, message, errors: [{ field: IDEMPOTENCY_KEY_HEADER, rule: 'not-replayable', message }] });
    this.name = 'ResponseNotReplayable';
  }
}

interface RequestParts {
  readonly key: string | undefined;
  readonly scope: string;
  readonly material: string;
  readonly origin: RequestOrigin | undefined;
}

type KeyedRequest = {
  headers: Record<string, string | string[] | undefined>;
  /** Fastify's: the socket's address, or X-Forwarded-For only as far as the trusted proxies reach. */
  ip?: string;
  method: string;
  routeOptions?: { url?: string };
  url: string;
  params?: unknown;
  query?: unknown;
  body?: unknown;
  caller?: { userId?: string };
};

/** JSON with object keys sorted, so that the same body always digests the same; a file by its SHA-256. */
const canonical = (value: unknown): string => {
  if (Buffer.isBuffer(value)) return JSON.stringify(`sha256:${createHash('sha256').update(value).digest('hex')}`);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

const refuseKey = (field: string, key: string | undefined): void => {
  if (key === undefined || COMMAND_ID.test(key)) return;
  const message = `${field} must be 8-128 characters of letters, digits and . _ : -`;
  throw new BadRequestException({ statusCode: 400, message: 'Validation failed', errors: [{ field, rule: 'idempotency-key', message }] });
};

const originOf = (request: KeyedRequest | undefined): RequestOrigin | undefined => {
  if (request?.ip === undefined) return undefined;
  const agent = request.headers['user-agent'];
  const userAgent = (Array.isArray(agent) ? agent.join(' ') : agent)?.slice(0, USER_AGENT_MAX) || null;
  return { ip: request.ip, userAgent };
};

const readRequest = (_: unknown, context: ExecutionContext): RequestParts => {
  if (context.getType<string>() === 'graphql') {
    const gql = GqlExecutionContext.create(context);
    const { [COMMAND_ID_ARGUMENT]: raw, ...args } = gql.getArgs<Record<string, unknown>>();
    const key = typeof raw === 'string' ? raw : undefined;
    refuseKey(COMMAND_ID_ARGUMENT, key);
    const req = gql.getContext<{ req?: KeyedRequest }>().req;
    const scope = req?.caller?.userId ?? 'anonymous';
    const info = gql.getInfo<{ parentType: { name: string }; fieldName: string }>();
    return { key, scope, material: canonical(['graphql', info.parentType.name, info.fieldName, args, scope]), origin: originOf(req) };
  }
  const request = context.switchToHttp().getRequest<KeyedRequest>();
  const raw = request.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
  const key = Array.isArray(raw) ? raw.join(',') : raw;
  refuseKey(IDEMPOTENCY_KEY_HEADER, key);
  // Keys are per caller: two people who happen to pick the same key never meet.
  const scope = request.caller?.userId ?? 'anonymous';
  const route = request.routeOptions?.url ?? request.url;
  return { key, scope, material: canonical([request.method, route, request.params ?? {}, request.query ?? {}, request.body ?? null, scope]), origin: originOf(request) };
};

@Injectable()
export class ClientCommandPipe implements PipeTransform<RequestParts, ClientCommand> {
  constructor(@Inject(REQUEST_DIGEST_KEY) private readonly digestKey: KeyObject) {}

  transform(parts: RequestParts): ClientCommand {
    if (parts.key === undefined) return ClientCommand.fresh(parts.origin);
    return ClientCommand.of(parts.key, createHmac('sha256', this.digestKey).update(parts.material).digest('base64url'), parts.scope, parts.origin);
  }
}

// Documents the header on the operation itself, from the parameter: one decorator does both.
const documented = (target: object, method: string | symbol | undefined) => {
  if (method === undefined) return;
  const descriptor = Object.getOwnPropertyDescriptor(target, method)!;
  ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description:
      'Client-chosen id of this request (8-128 of A-Z a-z 0-9 . _ : -). Sent again with the same request, it appends nothing and answers as the first time; with a different request, 422.',
    schema: { type: 'string', pattern: COMMAND_ID.source, minLength: 8, maxLength: 128 },
  })(target, method, descriptor);
  ApiBadRequestResponse({ description: `field errors; errors[].field = "${IDEMPOTENCY_KEY_HEADER}" for a malformed key` })(target, method, descriptor);
  ApiUnprocessableEntityResponse({ description: `the ${IDEMPOTENCY_KEY_HEADER} was used for a different request (rule "same-request")` })(target, method, descriptor);
};

const ClientCommandParam = createParamDecorator(readRequest, [documented]);

/**
 * The idempotency key of a state-changing request (header `Idempotency-Key`, or a GraphQL mutation's
 * `commandId` argument; optional), validated, with the request's digest; documented in OpenAPI on the
 * operation. A mutation declares the argument itself: `@Args('commandId', { nullable: true }) _: string`.
 */
export const Client = (): ParameterDecorator => ClientCommandParam(ClientCommandPipe);

/** Adds the 409 a replay of a response with one-time secrets gets, to an operation's OpenAPI. */
export const NotReplayable = (what: string) =>
  ApiConflictResponse({ description: `already handled under this ${IDEMPOTENCY_KEY_HEADER}; the answer held one-time secrets (${what}) and is not replayed` });
