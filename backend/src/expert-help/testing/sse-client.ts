// A minimal text/event-stream client over node:http, as a browser's reader would parse it: for specs
// and the chat benchmark (1,000 of these at once), so it keeps nothing but the parsed events.
import { request, type Agent, type ClientRequest, type IncomingMessage } from 'node:http';

export interface ReceivedEvent {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: unknown;
  /** performance.now() when the event was parsed (the benchmark's delivery latency). */
  readonly receivedAt: number;
}

export class SseClient {
  readonly events: ReceivedEvent[] = [];
  status = 0;
  private buffer = '';
  private waiters: (() => void)[] = [];
  private req: ClientRequest | null = null;
  private response: IncomingMessage | null = null;
  /** Called for every event as it arrives (the benchmark counts deliveries without keeping them). */
  onEvent: ((event: ReceivedEvent) => void) | null = null;
  closed = false;

  private constructor(readonly keep: boolean) {}

  /** Opens the stream; resolves once the response's headers arrived (status in `status`). */
  static open(url: string, token: string, options: { lastEventId?: string; agent?: Agent; keep?: boolean } = {}): Promise<SseClient> {
    const client = new SseClient(options.keep ?? true);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...(options.lastEventId ? { 'last-event-id': options.lastEventId } : {}) }, agent: options.agent ?? false },
        (res) => {
          client.response = res;
          client.status = res.statusCode ?? 0;
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => client.push(chunk));
          res.on('close', () => {
            client.closed = true;
            client.wake();
          });
          resolve(client);
        },
      );
      client.req = req;
      req.on('error', (error) => (client.response ? ((client.closed = true), client.wake()) : reject(error)));
      req.end();
    });
  }

  /** The id of the last event received: what a reconnecting client sends as Last-Event-ID. */
  get lastEventId(): string | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) if (this.events[i]!.id !== undefined) return this.events[i]!.id;
    return this.lastId;
  }
  private lastId: string | undefined;

  /** Waits until `predicate` holds over the events received, or fails after `timeoutMs`. */
  async waitFor(predicate: (events: readonly ReceivedEvent[]) => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.events)) {
      if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms; received ${JSON.stringify(this.events.map((e) => [e.id, e.event]))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Drops the connection, as a network failure would. */
  close(): void {
    this.closed = true;
    this.req?.destroy();
    this.response?.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private push(chunk: string): void {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let id: string | undefined;
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':') || line === '') continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') id = value;
        else if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length === 0) continue;
      const received: ReceivedEvent = { id, event, data: JSON.parse(data.join('\n')) as unknown, receivedAt: performance.now() };
      if (id !== undefined) this.lastId = id;
      if (this.keep) this.events.push(received);
      this.onEvent?.(received);
    }
    this.wake();
  }
}
