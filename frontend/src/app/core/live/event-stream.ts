import { Injectable, inject } from '@angular/core';
import { AuthSession } from '../auth/auth-session';

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface StreamMessage {
  id: string;
  event: string;
  data: unknown;
}

export interface EventStreamHandle {
  close(): void;
  readonly lastEventId: () => string | undefined;
}

export interface StreamHandlers {
  message(m: StreamMessage): void;
  state?(s: StreamState): void;
}

/** One parsed event of the text/event-stream syntax, before its data is read as JSON. */
export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
}

/**
 * Incremental text/event-stream parser (the WHATWG rules: CR, LF or CRLF line ends, `field: value`,
 * data lines joined by LF, comments ignored, an event dispatched at a blank line); chunks may split
 * anywhere, even between CR and LF.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;
  private sawCr = false;
  /** The last `retry:` the server asked for, in milliseconds. */
  retryMs: number | undefined;

  constructor(private readonly dispatch: (event: SseEvent) => void) {}

  push(chunk: string): void {
    let text = chunk;
    if (this.sawCr && text.startsWith('\n')) text = text.slice(1);
    this.sawCr = false;
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      this.line(this.buffer.slice(start, i));
      if (c === '\r') {
        if (i + 1 === this.buffer.length) this.sawCr = true;
        else if (this.buffer[i + 1] === '\n') i++;
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length) this.dispatch({ id: this.id, event: this.event || 'message', data: this.data.join('\n') });
      this.data = [];
      this.event = '';
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        break;
      case 'event':
        this.event = value;
        break;
      case 'id':
        // The id persists across events until the server sends another, as EventSource keeps it.
        if (!value.includes('\0')) this.id = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
    }
  }
}

const MAX_BACKOFF_MS = 30_000;
const DEFAULT_RETRY_MS = 1_000;

/** A refusal that reconnecting cannot cure (forbidden, not found, bad position). */
const permanent = (status: number) => status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 429;

const readData = (data: string): unknown => {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
};

/**
 * Opens `url` with the session's bearer token (and acting-context headers the HttpClient would send),
 * parses SSE, reconnects with backoff sending Last-Event-ID, renews the token on 401.
 * (The acting context travels in the access token's `ctx` claim, so the bearer token is all it takes.)
 */
export function openEventStream(
  session: AuthSession,
  url: string,
  handlers: StreamHandlers,
  options?: { lastEventId?: string },
): EventStreamHandle {
  let lastEventId = options?.lastEventId;
  let closed = false;
  let controller: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let retryMs = DEFAULT_RETRY_MS;
  let state: StreamState | undefined;

  const setState = (next: StreamState) => {
    if (state === next) return;
    state = next;
    handlers.state?.(next);
  };

  const close = () => {
    if (closed) return;
    closed = true;
    if (timer !== undefined) clearTimeout(timer);
    controller?.abort();
    setState('closed');
  };

  const scheduleReconnect = () => {
    if (closed) return;
    setState('reconnecting');
    failures++;
    // Exponential with jitter, so that clients dropped together do not come back together.
    const ceiling = Math.min(MAX_BACKOFF_MS, retryMs * 2 ** Math.min(failures - 1, 10));
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    timer = setTimeout(() => void connect(false), delay);
  };

  const connect = async (renewed: boolean): Promise<void> => {
    timer = undefined;
    if (closed) return;
    if (state !== 'reconnecting') setState('connecting');
    const token = session.token();
    if (!token) return close();
    controller = new AbortController();
    const headers: Record<string, string> = { Accept: 'text/event-stream', Authorization: `Bearer ${token}` };
    if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: controller.signal, cache: 'no-store' });
    } catch {
      return scheduleReconnect();
    }
    if (closed) return;
    if (response.status === 401) {
      void response.body?.cancel();
      if (renewed) {
        session.expire();
        return close();
      }
      const fresh = await session.renewAfter(token).catch(() => undefined);
      if (fresh === null) {
        session.expire();
        return close();
      }
      // Offline while renewing (undefined) is worth another try later; a fresh token right away.
      return fresh ? connect(true) : scheduleReconnect();
    }
    if (permanent(response.status)) {
      void response.body?.cancel();
      return close();
    }
    if (!response.ok || !response.body) return scheduleReconnect();
    failures = 0;
    setState('open');
    const parser = new SseParser((event) => {
      if (event.id !== undefined) lastEventId = event.id;
      if (closed) return;
      handlers.message({ id: event.id ?? '', event: event.event, data: readData(event.data) });
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(value);
        if (parser.retryMs !== undefined) retryMs = Math.max(1, parser.retryMs);
      }
    } catch {
      // The connection dropped mid-stream: reconnect below, resuming after the last id seen.
    }
    scheduleReconnect();
  };

  void connect(false);
  return { close, lastEventId: () => lastEventId };
}

/** Live streams of the signed-in session, for components that inject rather than pass the session. */
@Injectable({ providedIn: 'root' })
export class LiveStreams {
  private readonly session = inject(AuthSession);

  open(url: string, handlers: StreamHandlers, options?: { lastEventId?: string }): EventStreamHandle {
    return openEventStream(this.session, url, handlers, options);
  }
}
