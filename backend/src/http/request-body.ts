import { BadRequestException, HttpException, HttpStatus } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FieldError } from './validation';

/** Deepest nesting of arrays and objects a JSON body may have; DTOs of the API need far fewer. */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether `text` nests arrays and objects deeper than `max`, found by one loop over the characters
 * (no recursion, so no stack to exhaust). Brackets inside strings are text. Malformed JSON is left
 * to JSON.parse to refuse.
 */
export const nestsDeeperThan = (text: string, max: number): boolean => {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
};

const tooDeep = (): BadRequestException => {
  const error: FieldError = {
    field: 'body',
    rule: 'max-depth',
    message: `the JSON body may nest arrays and objects at most ${MAX_JSON_DEPTH} deep`,
  };
  return new BadRequestException({ message: error.message, errors: [error] });
};

const unsupported = (type: string | undefined): HttpException => {
  const error: FieldError = {
    field: 'content-type',
    rule: 'media-type',
    message: `the API accepts request bodies as application/json only${type ? ` (got ${type.split(';')[0]!.trim().slice(0, 100)})` : ''}`,
  };
  return new HttpException({ message: error.message, errors: [error] }, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
};

/**
 * A route that takes a file as its raw body: the one exemption from JSON-only, for exactly this method,
 * path and these media types. The body reaches the handler as a Buffer of at most `maxBytes`; checking
 * what the bytes are is the handler's job (the declared type is only the client's claim).
 */
export interface RawBodyRoute {
  readonly method: 'POST' | 'PUT';
  /** The route's path as registered (`/api/v1/blobs`). */
  readonly url: string;
  readonly mediaTypes: readonly string[];
  readonly maxBytes: number;
  /**
   * Signed-in callers only: a request without `Authorization: Bearer …` is refused (401) before its
   * body is read, so that anonymous clients cannot make the server buffer files. The token itself is
   * checked by the route's guard.
   */
  readonly bearerOnly?: boolean;
}

const notSignedIn = (): HttpException => new HttpException({ message: 'sign in first (Authorization: Bearer <access token>)' }, HttpStatus.UNAUTHORIZED);

const tooLarge = (maxBytes: number): HttpException => {
  const error: FieldError = { field: 'body', rule: 'max-size', message: `the file may be at most ${maxBytes} bytes` };
  return new HttpException({ message: error.message, errors: [error] }, HttpStatus.PAYLOAD_TOO_LARGE);
};

/** Reads the body into one Buffer, refusing it as soon as it is known to exceed `maxBytes`. */
const collect = (payload: IncomingMessage, maxBytes: number, done: (error: Error | null, body?: Buffer) => void): void => {
  const declared = Number(payload.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return done(tooLarge(maxBytes));
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (error: Error | null, body?: Buffer) => {
    if (finished) return;
    finished = true;
    done(error, body);
  };
  payload.on('data', (chunk: Buffer) => {
    if (finished) return;
    size += chunk.length;
    if (size > maxBytes) {
      chunks.length = 0;
      finish(tooLarge(maxBytes));
    } else chunks.push(chunk);
  });
  payload.on('end', () => finish(null, Buffer.concat(chunks, size)));
  payload.on('error', (e) => finish(e));
};

/**
 * The only request bodies the HTTP API reads: JSON, at most `bodyLimit` bytes and MAX_JSON_DEPTH deep,
 * checked before it is parsed, so that no later recursive step (class-transformer, validation) can
 * overflow the stack or hold the event loop. Anything else is 415: form posts and text/plain are what
 * a foreign page can send cross-site without a CORS preflight. The `rawRoutes` alone take files, each
 * only its own media types (none of which a cross-site form can send). Call before the application
 * is initialised, and create it with `bodyParser: false` so that Nest adds no form parser of its own.
 */
export const acceptJsonBodiesOnly = (fastify: FastifyInstance, bodyLimit: number, rawRoutes: readonly RawBodyRoute[] = []): void => {
  // A route that takes a file as JSON (base64) raises its own limit: @RouteConfig({ bodyLimit }).
  fastify.addHook('onRoute', (route) => {
    const own = (route.config as { bodyLimit?: unknown } | undefined)?.bodyLimit;
    if (typeof own === 'number' && Number.isInteger(own) && own > 0) route.bodyLimit = own;
  });
  // Fastify's own JSON parser keeps its guard against __proto__ and constructor.prototype keys.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (request: FastifyRequest, body: string | Buffer, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return done(tooDeep(), undefined);
    parseJson(request, text, done);
  });
  for (const mediaType of new Set(rawRoutes.flatMap((r) => r.mediaTypes))) {
    fastify.addContentTypeParser(mediaType, (request: FastifyRequest, payload, done) => {
      const route = rawRoutes.find((r) => r.method === request.method && r.url === request.routeOptions.url && r.mediaTypes.includes(mediaType));
      if (!route) return done(unsupported(request.headers['content-type']), undefined);
      if (route.bearerOnly && !/^Bearer \S/.test(request.headers.authorization ?? '')) return done(notSignedIn(), undefined);
      collect(payload, route.maxBytes, done);
    });
  }
  fastify.addContentTypeParser('*', (request: FastifyRequest, _payload, done) => done(unsupported(request.headers['content-type']), undefined));
};
