import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { closeAllSseStreams, streamSse, type SseMessage, type SseSource } from './sse';

/** A log of messages with a live fan-out, as a feature's source would keep one. */
class MessageLog implements SseSource {
  readonly messages: SseMessage[] = [];
  readonly listeners = new Set<(message: SseMessage) => void>();
  /** Runs while a replay is being read, before it answers: where a live message can slip in. */
  duringReplay: (() => void) | undefined;

  publish(data: unknown, event?: string): SseMessage {
    const message: SseMessage = { id: String(this.messages.length + 1), data, ...(event ? { event } : {}) };
    this.messages.push(message);
    for (const listener of this.listeners) listener(message);
    return message;
  }

  async replay(afterId: string | undefined): Promise<readonly SseMessage[]> {
    const after = afterId === undefined ? 0 : Number(afterId);
    // What the store holds when the read happens; a publish during the read is seen live, and may
    // or may not be in the replay: both must end up sent once.
    await new Promise((resolve) => setImmediate(resolve));
    this.duringReplay?.();
    return this.messages.filter((m) => Number(m.id) > after);
  }

  subscribe(listener: (message: SseMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

interface ParsedEvent {
  id?: string;
  event?: string;
  data: string;
}

/** A client that reads the raw text/event-stream and parses it as a browser would. */
class StreamReader {
  readonly events: ParsedEvent[] = [];
  readonly comments: string[] = [];
  retry: number | undefined;
  private buffer = '';
  private waiters: Array<() => void> = [];
  closed = false;

  constructor(readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const event: ParsedEvent = { data: '' };
        const data: string[] = [];
        let isEvent = false;
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
          else if (line.startsWith('retry: ')) this.retry = Number(line.slice(7));
          else if (line.startsWith('id: ')) {
            event.id = line.slice(4);
            isEvent = true;
          } else if (line.startsWith('event: ')) event.event = line.slice(7);
          else if (line.startsWith('data: ')) {
            isEvent = true;
            data.push(line.slice(6));
          }
        }
        if (isEvent) this.events.push({ ...event, data: data.join('\n') });
      }
      this.notify();
    });
    response.on('close', () => {
      this.closed = true;
      this.notify();
    });
  }

  ids(): string[] {
    return this.events.map((e) => e.id ?? '');
  }

  /** Resolves once `ready()` holds, re-checked on every chunk. */
  async until(ready: () => boolean): Promise<void> {
    while (!ready()) {
      if (this.closed) throw new Error(`stream closed while waiting; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private notify(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const resolve of waiting) resolve();
  }
}

describe('streamSse on a real Fastify server', () => {
  let app: FastifyInstance;
  let log: MessageLog;
  let port: number;
  const open: IncomingMessage[] = [];

  beforeEach(async () => {
    log = new MessageLog();
    app = Fastify();
    app.addHook('onRequest', async (_request, reply) => {
      // Headers set by hooks before the handler (helmet, CORS) must reach the stream too.
      reply.header('x-frame-options', 'DENY');
    });
    app.get('/stream', (request, reply) => streamSse(request, reply, log, { heartbeatMs: 30 }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    for (const response of open) response.destroy();
    open.length = 0;
    await app.close();
  });

  const connect = (headers: Record<string, string> = {}, path = '/stream'): Promise<StreamReader> =>
    new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, headers: { accept: 'text/event-stream', ...headers } }, (response) => {
        open.push(response);
        resolve(new StreamReader(response));
      });
      req.on('error', reject);
      req.end();
    });

  it('answers text/event-stream with the hooks’ headers and sends live messages as they happen', async () => {
    const reader = await connect();
    expect(reader.response.statusCode).toBe(200);
    expect(reader.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(reader.response.headers['cache-control']).toBe('no-cache, no-transform');
    expect(reader.response.headers['x-frame-options']).toBe('DENY');
    log.publish({ text: '你好' }, 'chat');
    log.publish({ text: 'line one\nline two' });
    await reader.until(() => reader.events.length === 2);
    expect(reader.events).toEqual([
      { id: '1', event: 'chat', data: JSON.stringify({ text: '你好' }) },
      { id: '2', data: JSON.stringify({ text: 'line one\nline two' }) },
    ]);
    expect(reader.retry).toBe(2000);
  });

  it('replays after Last-Event-ID exactly the messages the client missed, then continues live', async () => {
    const first = await connect();
    log.publish('a');
    log.publish('b');
    await first.until(() => first.events.length === 2);
    first.response.destroy();
    log.publish('c');
    log.publish('d');

    const again = await connect({ 'last-event-id': first.ids().at(-1)! });
    await again.until(() => again.events.length === 2);
    log.publish('e');
    await again.until(() => again.events.length === 3);
    expect(again.events.map((e) => JSON.parse(e.data))).toEqual(['c', 'd', 'e']);
    expect(again.ids()).toEqual(['3', '4', '5']);
  });

  it('accepts the position as ?lastEventId= for clients that cannot set headers', async () => {
    log.publish('a');
    log.publish('b');
    log.publish('c');
    const reader = await connect({}, '/stream?lastEventId=1');
    await reader.until(() => reader.events.length === 2);
    expect(reader.ids()).toEqual(['2', '3']);
  });

  it('sends a message that arrives during the replay once, whether or not the replay holds it', async () => {
    log.publish('before');
    log.duringReplay = () => {
      // Published between subscribe and the replay's read: seen live and by the replay.
      log.publish('during');
      log.duringReplay = undefined;
    };
    const reader = await connect({ 'last-event-id': '0' });
    await reader.until(() => reader.events.length === 2);
    log.publish('after');
    await reader.until(() => reader.events.length === 3);
    expect(reader.events.map((e) => JSON.parse(e.data))).toEqual(['before', 'during', 'after']);
    expect(new Set(reader.ids()).size).toBe(3);
  });

  it('keeps an idle stream alive with heartbeat comments', async () => {
    const reader = await connect();
    await reader.until(() => reader.comments.includes('heartbeat'));
    expect(reader.events).toEqual([]);
  });

  it('unsubscribes when the client goes away', async () => {
    const reader = await connect();
    log.publish('x');
    await reader.until(() => reader.events.length === 1);
    expect(log.listeners.size).toBe(1);
    reader.response.destroy();
    await new Promise<void>((resolve) => {
      const check = () => (log.listeners.size === 0 ? resolve() : setTimeout(check, 5));
      check();
    });
    expect(log.listeners.size).toBe(0);
  });

  it('ends every open stream at shutdown, so that the server can close', async () => {
    const reader = await connect();
    log.publish('x');
    await reader.until(() => reader.events.length === 1);
    closeAllSseStreams();
    await new Promise<void>((resolve) => (reader.closed ? resolve() : reader.response.on('end', resolve)));
    expect(log.listeners.size).toBe(0);
    await app.close();
    app = Fastify();
    await app.listen({ port: 0, host: '127.0.0.1' });
  });

  it('refuses a Last-Event-ID that is not a position with 400 naming the field', async () => {
    const response = await app.inject({ method: 'GET', url: '/stream', headers: { 'last-event-id': 'abc' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      statusCode: 400,
      errors: [{ field: 'Last-Event-ID', rule: 'decimal' }],
    });
    expect(log.listeners.size).toBe(0);
  });

  it('answers 503 when the replay cannot be read, and leaves no subscription behind', async () => {
    log.replay = () => Promise.reject(new Error('store down'));
    const reader = await connect({ 'last-event-id': '3' });
    expect(reader.response.statusCode).toBe(503);
    await reader.until(() => reader.closed);
    expect(log.listeners.size).toBe(0);
  });
});
