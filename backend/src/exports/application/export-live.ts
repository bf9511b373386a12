import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { exportStream, type ExportEvent } from '@kuaige/domain';
import type { EventStore, RecordedEvent, Subscription } from '@kuaige/eventsourcing';
import { roleRuns, type AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { EVENT_STORE } from '../../event-sourcing/aggregate-streams';
import type { SseMessage, SseSource } from '../../http/sse';

// ---- Live progress of exports: one subscription per process on the Export category, fanned out ------
// A message id is the event's revision in `Export-<id>`, so Last-Event-ID resumes from the log itself.

const CATEGORY = 'Export';

export const sseMessageOf = (event: RecordedEvent): SseMessage => {
  const e = { type: event.type, data: event.data } as ExportEvent;
  const id = String(event.revision);
  switch (e.type) {
    case 'ExportRequested':
      return { id, event: 'progress', data: { status: 'running', rows: 0, of: e.data.expectedRows, percent: e.data.expectedRows === null ? null : 0 } };
    case 'ExportProgressed':
      return { id, event: 'progress', data: { status: 'running', rows: e.data.rows, of: e.data.of, percent: e.data.percent } };
    case 'ExportCompleted':
      return { id, event: 'completed', data: { status: 'completed', rows: e.data.rows, percent: 100, size: e.data.size, sha256: e.data.sha256, fileName: e.data.fileName, expiresAt: e.data.expiresAt } };
    case 'ExportFailed':
      return { id, event: 'failed', data: { status: 'failed', reason: e.data.reason } };
    case 'ExportExpired':
      return { id, event: 'expired', data: { status: 'expired', at: e.data.at } };
  }
};

@Injectable()
export class ExportLive implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ExportLive');
  private readonly listeners = new Map<string, Set<(message: SseMessage) => void>>();
  private subscription: Subscription | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!roleRuns(this.config.role).api) return;
    const after = await this.events.headPosition();
    this.subscription = this.events.subscribeToAll((event) => this.deliver(event), {
      after,
      filter: { categories: [CATEGORY] },
      onDrop: (error) => this.logger.warn({ err: error }, 'export subscription dropped; resubscribing'),
    });
    this.subscription.done.catch((error: unknown) => this.logger.error({ err: error }, 'export subscription stopped'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }

  sourceOf(exportId: string): SseSource {
    return {
      replay: async (afterId) => {
        const fromRevision = afterId === undefined ? 0 : Number(afterId) + 1;
        return (await this.events.readStream(exportStream(exportId), { fromRevision })).map(sseMessageOf);
      },
      subscribe: (listener) => {
        const set = this.listeners.get(exportId) ?? new Set();
        set.add(listener);
        this.listeners.set(exportId, set);
        return () => {
          set.delete(listener);
          if (set.size === 0) this.listeners.delete(exportId);
        };
      },
    };
  }

  private deliver(event: RecordedEvent): void {
    const set = this.listeners.get(event.streamId.slice(CATEGORY.length + 1));
    if (!set || set.size === 0) return;
    const message = sseMessageOf(event);
    for (const listener of set) listener(message);
  }
}
