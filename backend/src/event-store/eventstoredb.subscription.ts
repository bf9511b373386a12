import { START, type AllStreamSubscription, type EventStoreDBClient, type Position } from '@eventstore/db-client';
import type { RecordedEvent, SubscribeOptions, Subscription } from '@kuaige/eventsourcing';
import { matchesFilter, normalizeFilter, type NormalizedFilter } from './all-filter';
import { fromResolved } from './eventstoredb.envelope';
import { isRecoverableDrop, SubscriptionEndedError } from './eventstoredb.errors';
import { serverFilter } from './eventstoredb.filters';

export interface ResubscribeTiming {
  /** First wait before resubscribing after a drop; doubles up to maxReconnectDelayMs, resets on progress. */
  readonly reconnectDelayMs: number;
  readonly maxReconnectDelayMs: number;
  /** Server checkpoint every checkpointInterval x 32 events considered. */
  readonly checkpointInterval: number;
}

/** A handler or onCheckpoint failure: stops the subscription instead of resubscribing. */
class ConsumerFailure extends Error {
  constructor(readonly original: unknown) {
    super('subscription consumer failed');
  }
}

const compare = (a: Position, b: Position): number =>
  a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;

const sleep = (ms: number, abort: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      abort.removeEventListener('abort', done);
      resolve();
    }
    abort.addEventListener('abort', done, { once: true });
  });

/**
 * Catch-up subscription to $all on EventStoreDB with a server-side filter, that resubscribes by itself
 * after a drop (see isRecoverableDrop) from the last position it delivered or checkpointed, skipping
 * anything at or before it. Events are handled one at a time (back-pressure through the gRPC stream).
 * Server checkpoints are passed to onCheckpoint only once every event before them has been handled,
 * so a checkpoint never runs ahead of the handler. onLive fires on the server's caughtUp signal
 * (servers from 23.10), likewise once the events before it were handled, or, for older servers, when
 * the head seen at start is reached.
 */
export class ResubscribingSubscription implements Subscription {
  readonly done: Promise<void>;
  private readonly abort = new AbortController();
  private readonly finished: Promise<void>;
  private readonly filter: NormalizedFilter;
  private current: AllStreamSubscription | null = null;
  private last: Position | null;
  private reported: number;
  private live = false;
  /** The server said caughtUp while events before that signal were still buffered or being handled. */
  private caughtUpPending = false;
  private headAtStart: number | null = null;
  /** True while the consumer waits for the next event with nothing buffered before it. */
  private idle = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly handler: (event: RecordedEvent) => Promise<void> | void,
    private readonly options: SubscribeOptions,
    private readonly timing: ResubscribeTiming,
    private readonly headPosition: () => Promise<number>,
  ) {
    const after = options.after ?? 0;
    this.last = after > 0 ? { commit: BigInt(after), prepare: BigInt(after) } : null;
    this.reported = after;
    this.filter = normalizeFilter(options.filter);
    this.done = this.run();
    this.done.catch(() => undefined);
    this.finished = this.done.then(
      () => undefined,
      () => undefined,
    );
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wakeIdleWaiters();
    const subscription = this.current;
    await subscription?.unsubscribe().catch(() => undefined);
    // Ends a consumer waiting for the next event even if the cancelled call never ends the stream.
    subscription?.destroy();
    await this.finished;
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    let delay = this.timing.reconnectDelayMs;
    while (!this.stopped) {
      const progressBefore = this.last;
      try {
        if (this.headAtStart === null) {
          this.headAtStart = await this.headPosition();
          if (this.headAtStart <= this.reported) this.goLive();
        }
        await this.consume(this.subscribe());
        if (this.stopped) return;
        throw new SubscriptionEndedError();
      } catch (error) {
        if (this.stopped) return;
        if (error instanceof ConsumerFailure) throw error.original;
        const drop = error instanceof SubscriptionEndedError || isRecoverableDrop(error) ? error : null;
        if (drop === null) throw error;
        this.options.onDrop?.(drop);
        delay = this.last !== progressBefore ? this.timing.reconnectDelayMs : Math.min(delay * 2, this.timing.maxReconnectDelayMs);
        await sleep(delay, this.abort.signal);
      } finally {
        const subscription = this.current;
        this.current = null;
        await subscription?.unsubscribe().catch(() => undefined);
      }
    }
  }

  private subscribe(): AllStreamSubscription {
    this.caughtUpPending = false;
    const subscription = this.client.subscribeToAll({
      fromPosition: this.last ?? START,
      filter: serverFilter(this.filter, this.timing.checkpointInterval, (_, position) => this.checkpoint(subscription, position)),
    });
    subscription.on('caughtUp', () => {
      // Emitted when the signal is read, possibly before the events ahead of it were handled.
      if (this.idle && subscription.readableLength === 0) this.goLive();
      else this.caughtUpPending = true;
    });
    this.current = subscription;
    return subscription;
  }

  private async consume(subscription: AllStreamSubscription): Promise<void> {
    const events = subscription[Symbol.asyncIterator]();
    for (;;) {
      this.idle = subscription.readableLength === 0;
      if (this.idle) {
        if (this.caughtUpPending) this.goLive();
        this.wakeIdleWaiters();
      }
      const next = await events.next();
      this.idle = false;
      if (next.done || this.stopped) return;
      const resolved = next.value;
      const position = resolved.event?.position;
      if (!position || (this.last !== null && compare(position, this.last) <= 0)) continue;
      const event = fromResolved(resolved);
      if (event !== null && matchesFilter(this.filter, event.streamId, event.type)) {
        try {
          await this.handler(event);
        } catch (e) {
          throw new ConsumerFailure(e);
        }
      }
      this.last = position;
      if (this.headAtStart !== null && Number(position.commit) >= this.headAtStart) this.goLive();
    }
  }

  // Called by the client, which waits for it before reading further: report the checkpoint once the
  // events received before it have all been handled.
  private async checkpoint(subscription: AllStreamSubscription, position: Position): Promise<void> {
    while (!this.stopped && !(this.idle && subscription.readableLength === 0)) {
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
    if (this.stopped || this.current !== subscription) return;
    const reached = Number(position.commit);
    if (this.last === null || compare(position, this.last) > 0) this.last = position;
    if (reached > this.reported) {
      try {
        await this.options.onCheckpoint?.(reached);
      } catch (e) {
        subscription.destroy(new ConsumerFailure(e));
        return;
      }
      this.reported = reached;
    }
    if (this.headAtStart !== null && reached >= this.headAtStart) this.goLive();
  }

  private goLive(): void {
    if (this.live || this.stopped) return;
    this.live = true;
    this.options.onLive?.();
  }

  private wakeIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
