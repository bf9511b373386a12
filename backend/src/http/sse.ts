import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendErrorBody } from './error-body.filter';

/** One server-sent event; `id` is the decimal string of a monotonically increasing position. */
export interface SseMessage {
  readonly id: string;
  readonly event?: string;
  readonly data: unknown;
}

/** Where a stream's messages come from: what a reconnecting client missed, then the live ones. */
export interface SseSource {
  /** Messages after `afterId` (exclusive), oldest first — what a reconnecting client missed. */
  replay(afterId: string | undefined): Promise<readonly SseMessage[]>;
  /** Live messages from now on; returns the unsubscribe function. */
  subscribe(listener: (message: SseMessage) => void): () => void;
}

export interface SseOptions {
  /** How often a comment line keeps proxies and the client's idle timers from closing the stream. */
  readonly heartbeatMs?: number;
  /**
   * Bytes the socket may hold unsent before the stream is ended: a client that cannot keep up
   * reconnects with Last-Event-ID and gets the rest by replay instead of growing our memory.
   */
  readonly maxBufferedBytes?: number;
}

const DECIMAL = /^(0|[1-9][0-9]{0,39})$/;
const DEFAULT_HEARTBEAT_MS = 15_000;
const DEFAULT_MAX_BUFFERED_BYTES = 1 << 20;
/** How long a client waits before reconnecting after the stream ends (the SSE `retry:` field). */
const RECONNECT_AFTER_MS = 2_000;

/** The streams open in this process, so that a shutdown can end them (an open response keeps the server from closing). */
const OPEN_STREAMS = new Set<() => void>();

/** Ends every open stream; clients reconnect (to another instance) with their Last-Event-ID. */
export const closeAllSseStreams = (): void => {
  for (const end of [...OPEN_STREAMS]) end();
};

/** Formats one message in the text/event-stream syntax; multi-line data becomes several data lines. */
export const formatSseMessage = (message: SseMessage): string => {
  const json = JSON.stringify(message.data ?? null);
  const event = message.event ? `event: ${message.event.replace(/[\r\n]/g, '')}\n` : '';
  return `id: ${message.id}\n${event}${json
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('')}\n`;
};

const lastEventIdOf = (request: FastifyRequest): { value?: string; field: string } => {
  const header = request.headers['last-event-id'];
  if (typeof header === 'string' && header.trim() !== '') return { value: header.trim(), field: 'Last-Event-ID' };
  const query = (request.query as Record<string, unknown> | undefined)?.['lastEventId'];
  if (typeof query === 'string' && query.trim() !== '') return { value: query.trim(), field: 'lastEventId' };
  return { field: 'Last-Event-ID' };
};

/**
 * Streams `source` as text/event-stream on a Fastify reply: subscribe first, then replay after the
 * request's Last-Event-ID header (or ?lastEventId=), drop duplicates by numeric id, heartbeat comments,
 * end on client close. Authorization is the route's job (guards run before it).
 */
export function streamSse(request: FastifyRequest, reply: FastifyReply, source: SseSource, options: SseOptions = {}): void {
  const resume = lastEventIdOf(request);
  if (resume.value !== undefined && !DECIMAL.test(resume.value)) {
    sendErrorBody(reply, request, {
      statusCode: 400,
      message: `${resume.field} must be the id of a message this stream sent`,
      errors: [{ field: resume.field, rule: 'decimal', message: `${resume.field} must be a decimal number` }],
    });
    return;
  }
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  // Nest and Fastify must not answer for us: the response stays open until the client leaves.
  reply.hijack();
  const raw = reply.raw;
  let lastSent = resume.value === undefined ? -1n : BigInt(resume.value);
  let open = true;
  let headersSent = false;
  // Live messages that arrive while the replay is read wait here, so none falls between the two.
  let pending: SseMessage[] | null = [];

  const end = () => {
    if (!open) return;
    open = false;
    OPEN_STREAMS.delete(end);
    unsubscribe();
    clearInterval(heartbeat);
    pending = null;
    if (!raw.writableEnded) raw.end();
  };

  const write = (message: SseMessage) => {
    if (!open) return;
    let position: bigint;
    try {
      position = BigInt(message.id);
    } catch {
      return;
    }
    // Replay and subscription overlap by design; the numeric id decides what the client already has.
    if (position <= lastSent) return;
    lastSent = position;
    raw.write(formatSseMessage(message));
    if (raw.writableLength > maxBuffered) end();
  };

  OPEN_STREAMS.add(end);
  const unsubscribe = source.subscribe((message) => {
    if (pending) pending.push(message);
    else write(message);
  });
  const heartbeat = setInterval(() => {
    if (open && headersSent) raw.write(': heartbeat\n\n');
  }, heartbeatMs);
  heartbeat.unref?.();
  // The response's close, not the request's: a GET's request closes as soon as it has been read.
  raw.on('close', end);
  raw.on('error', end);

  void source.replay(resume.value).then(
    (missed) => {
      if (!open) return;
      raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string | number | string[]>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        // nginx and similar proxies buffer responses unless told otherwise.
        'x-accel-buffering': 'no',
        'x-request-id': String(request.id ?? ''),
      });
      headersSent = true;
      raw.write(`retry: ${RECONNECT_AFTER_MS}\n\n`);
      for (const message of missed) write(message);
      const waiting = pending ?? [];
      pending = null;
      for (const message of waiting) write(message);
    },
    (error: unknown) => {
      if (!open) return;
      request.log?.error?.({ err: error }, 'SSE replay failed');
      const body = JSON.stringify({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'the stream could not be resumed; try again',
        requestId: String(request.id ?? ''),
      });
      raw.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '2', 'x-request-id': String(request.id ?? '') });
      raw.end(body);
      end();
    },
  );
}
