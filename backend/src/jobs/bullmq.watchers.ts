// ---- Producers hear progress, completion and dead letters through BullMQ's event stream ------------
// One QueueEvents (one blocking Redis connection) per watched job type, shared by its listeners and
// kept until the job queue closes.
import { QueueEvents, type ConnectionOptions, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobEvent, JobListener, Unwatch } from './job-queue.port';
import { asError, type JobQueueErrorReporter } from './job-options';
import { toProgress } from './bullmq.mapping';

interface Feed {
  readonly events: QueueEvents;
  readonly listeners: Set<JobListener<unknown>>;
}

export class BullmqWatchers {
  private readonly feeds = new Map<string, Promise<Feed>>();

  constructor(
    private readonly connection: () => ConnectionOptions,
    private readonly prefix: string,
    private readonly producer: Redis,
    private readonly report: JobQueueErrorReporter,
  ) {}

  async watch(queue: Queue, listener: JobListener<unknown>): Promise<Unwatch> {
    let feed = this.feeds.get(queue.name);
    if (feed === undefined) {
      feed = this.open(queue);
      this.feeds.set(queue.name, feed);
      feed.catch(() => this.feeds.delete(queue.name));
    }
    const { listeners } = await feed;
    listeners.add(listener);
    return async () => void listeners.delete(listener);
  }

  async close(): Promise<void> {
    const feeds = await Promise.allSettled(this.feeds.values());
    this.feeds.clear();
    await Promise.all(feeds.map((feed) => (feed.status === 'fulfilled' ? feed.value.events.close() : undefined)));
  }

  private async open(queue: Queue): Promise<Feed> {
    // QueueEvents reads from '$' by default: events written before its first blocking read would be
    // lost, and a producer that enqueues right after watch() resolves could miss them. Start after
    // the newest event present now instead.
    const newest = await this.producer.xrevrange(queue.keys['events'] ?? queue.toKey('events'), '+', '-', 'COUNT', 1);
    const lastEventId = newest[0]?.[0] ?? '0-0';
    const events = new QueueEvents(queue.name, { connection: this.connection(), prefix: this.prefix, lastEventId });
    const listeners = new Set<JobListener<unknown>>();
    const dispatch = (event: JobEvent<unknown>): void => {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (e) {
          this.report(asError(e), `listener of ${queue.name}`);
        }
      }
    };
    events.on('error', (e) => this.report(asError(e), `events of ${queue.name}`));
    events.on('progress', ({ jobId, data }) => dispatch({ type: 'progress', id: jobId, progress: toProgress(data) }));
    events.on('completed', ({ jobId, returnvalue }) => dispatch({ type: 'completed', id: jobId, result: returnvalue ?? null }));
    // BullMQ emits 'failed' only when a job moves to the failed set, i.e. its attempts are exhausted.
    events.on('failed', ({ jobId, failedReason }) => dispatch({ type: 'failed', id: jobId, failedReason }));
    await events.waitUntilReady();
    return { events, listeners };
  }
}
