import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthSession } from '../auth/auth-session';
import { SseParser, openEventStream, type SseEvent, type StreamMessage, type StreamState } from './event-stream';

describe('SseParser', () => {
  const parse = (chunks: string[]) => {
    const events: SseEvent[] = [];
    const parser = new SseParser((e) => events.push(e));
    for (const chunk of chunks) parser.push(chunk);
    return { events, parser };
  };

  it('reads id, event and multi-line data, ignoring comments', () => {
    const { events } = parse([': hello\n\nid: 7\nevent: chat\ndata: {"a":1}\n\nid: 8\ndata: one\ndata: two\n\n']);
    expect(events).toEqual([
      { id: '7', event: 'chat', data: '{"a":1}' },
      { id: '8', event: 'message', data: 'one\ntwo' },
    ]);
  });

  it('copes with chunks split anywhere, CRLF split between chunks and bare CR line ends', () => {
    const { events } = parse(['id: 1\r', '\ndata: x', 'y\r\n\r', '\nid: 2\rdata: z\r\r']);
    expect(events).toEqual([
      { id: '1', event: 'message', data: 'xy' },
      { id: '2', event: 'message', data: 'z' },
    ]);
  });

  it('keeps the last id for events without one, takes retry, and sends nothing for an event without data', () => {
    const { events, parser } = parse(['retry: 250\nid: 4\n\ndata: later\n\n']);
    expect(parser.retryMs).toBe(250);
    expect(events).toEqual([{ id: '4', event: 'message', data: 'later' }]);
  });
});

/** One request the stream made, with the means to answer it as a server would. */
interface FakeConnection {
  headers: Record<string, string>;
  respond(status: number): void;
  send(text: string): void;
  drop(): void;
}

describe('openEventStream', () => {
  let connections: FakeConnection[];
  let waiting: Array<() => void>;
  let token: string;
  let session: AuthSession & { expired: number; renewals: number };

  const nextConnection = async (index: number): Promise<FakeConnection> => {
    while (connections.length <= index) await new Promise<void>((resolve) => waiting.push(resolve));
    return connections[index]!;
  };

  beforeEach(() => {
    connections = [];
    waiting = [];
    token = 't1';
    session = {
      expired: 0,
      renewals: 0,
      token: () => token,
      renewAfter: async (stale: string) => {
        session.renewals++;
        token = stale === 't1' ? 't2' : token;
        return token;
      },
      expire: () => void session.expired++,
    } as unknown as AuthSession & { expired: number; renewals: number };
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
      return new Promise<Response>((resolve, reject) => {
        let stream!: ReadableStreamDefaultController<Uint8Array>;
        const body = new ReadableStream<Uint8Array>({ start: (c) => void (stream = c) });
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        connections.push({
          headers: init.headers as Record<string, string>,
          respond: (status) => resolve(new Response(status === 200 ? body : null, { status })),
          send: (text) => stream.enqueue(new TextEncoder().encode(text)),
          drop: () => stream.error(new TypeError('network error')),
        });
        for (const wake of waiting.splice(0)) wake();
      });
    });
  });

  afterEach(() => vi.unstubAllGlobals());

  const until = async (ready: () => boolean) => {
    for (let i = 0; i < 200 && !ready(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
    expect(ready()).toBe(true);
  };

  it('sends the bearer token, delivers parsed messages and resumes after a drop with Last-Event-ID', async () => {
    const messages: StreamMessage[] = [];
    const states: StreamState[] = [];
    const handle = openEventStream(session, '/api/v1/me/notifications/stream', {
      message: (m) => messages.push(m),
      state: (s) => states.push(s),
    });
    const first = await nextConnection(0);
    expect(first.headers['Authorization']).toBe('Bearer t1');
    expect(first.headers['Last-Event-ID']).toBeUndefined();
    first.respond(200);
    first.send('retry: 1\n\nid: 1\nevent: notification\ndata: {"title":"派单"}\n\nid: 2\nda');
    first.send('ta: "two"\n\n');
    await until(() => messages.length === 2);
    expect(messages).toEqual([
      { id: '1', event: 'notification', data: { title: '派单' } },
      { id: '2', event: 'message', data: 'two' },
    ]);
    first.drop();

    const second = await nextConnection(1);
    expect(second.headers['Last-Event-ID']).toBe('2');
    second.respond(200);
    second.send('id: 3\ndata: 3\n\n');
    await until(() => messages.length === 3);
    expect(handle.lastEventId()).toBe('3');
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    handle.close();
    expect(states.at(-1)).toBe('closed');
  });

  it('starts from a given position and retries after a server error', async () => {
    const handle = openEventStream(session, '/s', { message: () => undefined }, { lastEventId: '41' });
    const first = await nextConnection(0);
    expect(first.headers['Last-Event-ID']).toBe('41');
    first.respond(503);
    const second = await nextConnection(1);
    expect(second.headers['Last-Event-ID']).toBe('41');
    handle.close();
  });

  it('renews the token once on 401 and reconnects with the fresh one', async () => {
    const handle = openEventStream(session, '/s', { message: () => undefined });
    (await nextConnection(0)).respond(401);
    const second = await nextConnection(1);
    expect(session.renewals).toBe(1);
    expect(second.headers['Authorization']).toBe('Bearer t2');
    second.respond(200);
    handle.close();
  });

  it('ends the session when the renewed token is refused too', async () => {
    const states: StreamState[] = [];
    openEventStream(session, '/s', { message: () => undefined, state: (s) => states.push(s) });
    (await nextConnection(0)).respond(401);
    (await nextConnection(1)).respond(401);
    await until(() => states.includes('closed'));
    expect(session.expired).toBe(1);
  });

  it('gives up on a refusal that reconnecting cannot cure', async () => {
    const states: StreamState[] = [];
    openEventStream(session, '/s', { message: () => undefined, state: (s) => states.push(s) });
    (await nextConnection(0)).respond(403);
    await until(() => states.includes('closed'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(connections.length).toBe(1);
  });
});
