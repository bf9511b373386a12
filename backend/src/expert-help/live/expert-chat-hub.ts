import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { expertHelpStream, session, sessionStream, type ExpertHelpEvent } from '@kuaige/domain';
import type { EventStore, RecordedEvent, Subscription } from '@kuaige/eventsourcing';
import { roleRuns, type AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { AggregateStreams, EVENT_STORE } from '../../event-sourcing/aggregate-streams';
import type { SseMessage, SseSource } from '../../http/sse';

// ---- Live delivery of a help's events to its open chat streams -------------------------------------
// One catch-up subscription per process on the ExpertHelp category, fanned out by help id to the SSE
// connections of that help: a thousand open chats cost one subscription, not a thousand. A message
// id is the event's revision in `ExpertHelp-<helpId>`, so a reconnecting client's Last-Event-ID is
// resumed by reading the stream after it — from the event log itself, which loses nothing.

const CATEGORY = 'ExpertHelp';

/** How one event of a help reads on its chat stream. */
export const sseMessageOf = (event: RecordedEvent): SseMessage => {
  const e = { type: event.type, data: event.data } as ExpertHelpEvent;
  const id = String(event.revision);
  switch (e.type) {
    case 'ExpertChatMessagePosted':
      return {
        id,
        event: 'message',
        data: { messageId: e.data.messageId, seq: e.data.seq, authorId: e.data.authorId, text: e.data.text ?? null, imageBlobIds: e.data.imageBlobIds ?? [], postedAt: e.data.at },
      };
    case 'ExpertChatRead':
      return { id, event: 'read', data: { readerId: e.data.readerId, upToMessageId: e.data.upToMessageId, upToSeq: e.data.upToSeq, at: e.data.at } };
    case 'ExpertHelpRequested':
      return { id, event: 'status', data: { status: 'requested', at: e.data.at } };
    case 'ExpertHelpAccepted':
      return { id, event: 'status', data: { status: 'accepted', at: e.data.at } };
    case 'ExpertHelpDeclined':
      return { id, event: 'status', data: { status: 'declined', reason: e.data.reason, at: e.data.at } };
    case 'ExpertHelpClosed':
      return { id, event: 'status', data: { status: 'closed', summary: e.data.summary, feeFen: e.data.feeFen, at: e.data.at } };
    case 'ExpertRated':
      return { id, event: 'rating', data: { score: e.data.score, comment: e.data.comment, at: e.data.at } };
  }
};

@Injectable()
export class ExpertChatHub implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ExpertChatHub');
  private readonly listeners = new Map<string, Set<(message: SseMessage) => void>>();
  private subscription: Subscription | null = null;
  /** How often an open chat stream checks that its session is still live (public for specs). */
  sessionRecheckMs = 60_000;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly streams: AggregateStreams,
  ) {}

  /** Live from the head of the log at start: earlier events reach a client by replay. Only where HTTP is served. */
  async onApplicationBootstrap(): Promise<void> {
    if (!roleRuns(this.config.role).api) return;
    const after = await this.events.headPosition();
    this.subscription = this.events.subscribeToAll((event) => this.deliver(event), {
      after,
      filter: { categories: [CATEGORY] },
      onDrop: (error) => this.logger.warn({ err: error }, 'expert chat subscription dropped; resubscribing'),
    });
    this.subscription.done.catch((error: unknown) => this.logger.error({ err: error }, 'expert chat subscription stopped'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }

  /** Open chat connections in this process (for the benchmark and health). */
  get connections(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  /**
   * Ends the response once the session it was opened in has ended (sign-out, expiry, a disabled
   * account): the guard checked it at connect, and a stream may stay open for hours.
   */
  watchSession(sessionId: string, response: ServerResponse): void {
    const timer = setInterval(() => {
      void this.streams.load(sessionStream(sessionId), session).then(
        ({ state }) => {
          if (state.status !== 'active' && !response.writableEnded) response.end();
        },
        (error: unknown) => this.logger.warn({ err: error }, 'could not recheck a chat stream’s session'),
      );
    }, this.sessionRecheckMs);
    timer.unref?.();
    response.on('close', () => clearInterval(timer));
  }

  /** The chat stream of one help: replay from its stream after Last-Event-ID, then live. */
  sourceOf(helpId: string): SseSource {
    return {
      replay: async (afterId) => {
        const fromRevision = afterId === undefined ? 0 : Number(afterId) + 1;
        const events = await this.events.readStream(expertHelpStream(helpId), { fromRevision });
        return events.map(sseMessageOf);
      },
      subscribe: (listener) => {
        const set = this.listeners.get(helpId) ?? new Set();
        set.add(listener);
        this.listeners.set(helpId, set);
        return () => {
          set.delete(listener);
          if (set.size === 0) this.listeners.delete(helpId);
        };
      },
    };
  }

  private deliver(event: RecordedEvent): void {
    const helpId = event.streamId.slice(CATEGORY.length + 1);
    const set = this.listeners.get(helpId);
    if (!set || set.size === 0) return;
    const message = sseMessageOf(event);
    for (const listener of set) listener(message);
  }
}
