import type { RecordedEvent, SubscribeOptions, Subscription } from '@kuaige/eventsourcing';
import type { CommitSignal } from './commit-signal';
import type { AllPage } from './embedded-sqlite.pages';
import { EventStoreClosedError } from './event-store.errors';

export interface PageSource {
  /** The next page strictly after `after`, filter applied. */
  readPage(after: number): AllPage;
  readonly commits: CommitSignal;
}

export interface CatchUpTiming {
  /** How often a live subscription looks for writes by other processes on the same file. */
  readonly pollIntervalMs: number;
  /** Wait before reading again after a read failed (the failure is reported to onDrop). */
  readonly retryDelayMs: number;
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

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

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/**
 * Catch-up subscription over the embedded log: pages of history from `after`, then live — woken by
 * this process's commits at once, and every pollIntervalMs for other processes' commits. One event at
 * a time, each handler awaited before the next (back-pressure); a checkpoint after every page that
 * moved the position, filtered-out events included; the loop yields to the event loop between pages.
 */
export class CatchUpSubscription implements Subscription {
  readonly done: Promise<void>;
  private readonly abort = new AbortController();
  private readonly finished: Promise<void>;

  constructor(
    private readonly source: PageSource,
    private readonly handler: (event: RecordedEvent) => Promise<void> | void,
    private readonly options: SubscribeOptions,
    private readonly timing: CatchUpTiming,
  ) {
    this.done = this.run();
    // The owner may never look at `done`; a handler error must not become an unhandled rejection.
    this.done.catch(() => undefined);
    this.finished = this.done.then(
      () => undefined,
      () => undefined,
    );
  }

  /** Stops after the handler call in progress, if any; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.finished;
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    let cursor = this.options.after ?? 0;
    let reported = cursor;
    let live = false;
    while (!this.stopped) {
      const seen = this.source.commits.current;
      let page: AllPage;
      try {
        page = this.source.readPage(cursor);
      } catch (e) {
        if (e instanceof EventStoreClosedError) return;
        this.options.onDrop?.(asError(e));
        await sleep(this.timing.retryDelayMs, this.abort.signal);
        continue;
      }
      for (const event of page.events) {
        if (this.stopped) return;
        await this.handler(event);
        cursor = event.position;
      }
      if (this.stopped) return;
      cursor = Math.max(cursor, page.reached);
      if (cursor > reported) {
        await this.options.onCheckpoint?.(cursor);
        reported = cursor;
      }
      if (!page.atHead) {
        await yieldToLoop();
        continue;
      }
      if (!live) {
        live = true;
        this.options.onLive?.();
      }
      await this.source.commits.wait(seen, this.timing.pollIntervalMs, this.abort.signal);
    }
  }
}
