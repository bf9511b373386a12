import type { DatabaseSync } from 'node:sqlite';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '@kuaige/eventsourcing';
import { normalizeFilter } from './all-filter';
import { validateAppend } from './append-validation';
import { CommitSignal } from './commit-signal';
import { GroupCommitWriter } from './embedded-sqlite.group-commit';
import { EventPages } from './embedded-sqlite.pages';
import { openEventDatabase } from './embedded-sqlite.schema';
import { CatchUpSubscription } from './embedded-sqlite.subscription';
import { EventStoreClosedError } from './event-store.errors';

export interface EmbeddedSqliteOptions {
  /** Events per page of readAll, readStream and subscriptions (default 500). */
  readonly pageSize?: number;
  /** Positions a filtered page examines at most (default 10,000). */
  readonly scanWindow?: number;
  /** Events committed at most in one group-commit transaction (default 2,000). */
  readonly maxBatchEvents?: number;
  /** How often live subscriptions look for writes by other processes (default 250 ms). */
  readonly pollIntervalMs?: number;
  /** How long a write waits for another process's write lock before failing (default 5,000 ms). */
  readonly busyTimeoutMs?: number;
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const positiveInteger = (value: number | undefined, fallback: number, name: string): number => {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
};

/**
 * The embedded event store: one SQLite file (WAL, synchronous=FULL — see embedded-sqlite.schema.ts),
 * per-stream revisions, one dense global position, unique event ids, a global hash chain, group
 * commit (embedded-sqlite.group-commit.ts) and catch-up subscriptions. Several instances (processes)
 * may open the same file: writes serialize on SQLite's write lock and live subscriptions poll.
 */
export class EmbeddedSqliteEventStore implements EventStore {
  readonly kind = 'embedded-sqlite';
  private readonly db: DatabaseSync;
  private readonly writer: GroupCommitWriter;
  private readonly pages: EventPages;
  private readonly commits = new CommitSignal();
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;
  private closed = false;

  constructor(
    readonly file: string,
    options: EmbeddedSqliteOptions = {},
  ) {
    this.pageSize = positiveInteger(options.pageSize, 500, 'pageSize');
    this.pollIntervalMs = positiveInteger(options.pollIntervalMs, 250, 'pollIntervalMs');
    this.db = openEventDatabase(file, options.busyTimeoutMs ?? 5000);
    this.pages = new EventPages(this.db, positiveInteger(options.scanWindow, 10_000, 'scanWindow'));
    this.writer = new GroupCommitWriter(this.db, file, positiveInteger(options.maxBatchEvents, 2_000, 'maxBatchEvents'), () =>
      this.commits.notify(),
    );
  }

  /** Group-commit transactions committed by this instance (each covers one or more appends). */
  get transactions(): number {
    return this.writer.transactions;
  }

  /** The journal mode and synchronous level of this instance's connection (for /health and tests). */
  durability(): { journalMode: string; synchronous: string } {
    this.assertOpen();
    const journalMode = String(this.db.prepare('PRAGMA journal_mode').get()?.journal_mode);
    const level = Number(this.db.prepare('PRAGMA synchronous').get()?.synchronous);
    return { journalMode, synchronous: ['OFF', 'NORMAL', 'FULL', 'EXTRA'][level] ?? String(level) };
  }

  async append(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(streamId, events, expected);
    return this.writer.submit(streamId, events, expected);
  }

  /**
   * Appends to many streams in one transaction (one fsync), each append checked as `append` checks it
   * (expected revision, event ids, idempotent repeats); results and failures come back in order. For
   * bulk loads that decide many commands in memory; the request path keeps the group commit.
   */
  appendBatch(appends: readonly { readonly streamId: string; readonly events: readonly EventToAppend[]; readonly expected: ExpectedRevision }[]): Promise<PromiseSettledResult<AppendResult>[]> {
    this.assertOpen();
    const checked = appends.map((a) => {
      try {
        validateAppend(a.streamId, a.events, a.expected);
        return null;
      } catch (error) {
        return error;
      }
    });
    const valid = appends.filter((_, i) => checked[i] === null);
    const committed = this.writer.commitNow(valid);
    let next = 0;
    const results = appends.map((_, i) => (checked[i] === null ? committed[next++]! : Promise.reject(checked[i])));
    return Promise.allSettled(results);
  }

  /**
   * The ids of the streams of one category, e.g. to know which a bulk load need not look up. Reads
   * the category index in pages of positions, so the loop is not blocked for one long statement.
   */
  async streamIdsOf(category: string): Promise<Set<string>> {
    this.assertOpen();
    const ids = new Set<string>();
    const page = this.db.prepare('SELECT position, stream_id FROM events WHERE category = ? AND position > ? ORDER BY position LIMIT 10000');
    for (let after = 0; ; ) {
      const rows = page.all(category, after);
      for (const row of rows) ids.add(String(row.stream_id));
      if (rows.length < 10000) return ids;
      after = Number(rows[rows.length - 1]!.position);
      await yieldToLoop();
    }
  }

  /**
   * Sets this connection's page cache. A bulk load inserts into indexes keyed by random ids (event
   * ids, stream ids), whose pages the default 16 MiB cannot hold once the log is large.
   */
  setPageCacheMiB(mib: number): void {
    this.assertOpen();
    this.db.exec(`PRAGMA cache_size = -${Math.max(1, Math.floor(mib)) * 1024}`);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const direction = options.direction ?? 'forwards';
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    let from = options.fromRevision ?? (direction === 'forwards' ? 0 : Number.MAX_SAFE_INTEGER);
    const out: RecordedEvent[] = [];
    while (remaining > 0) {
      const page = this.pages.streamPage(streamId, direction, from, Math.min(remaining, this.pageSize));
      out.push(...page);
      remaining -= page.length;
      if (page.length < this.pageSize || remaining === 0) break;
      from = page[page.length - 1]!.revision + (direction === 'forwards' ? 1 : -1);
      await yieldToLoop();
      this.assertOpen();
    }
    return out;
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    const filter = normalizeFilter(options.filter);
    let after = options.after ?? 0;
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    while (remaining > 0) {
      this.assertOpen();
      const page = this.pages.allPage(after, filter, Math.min(remaining, this.pageSize));
      for (const event of page.events) yield event;
      remaining -= page.events.length;
      after = page.reached;
      if (page.atHead) return;
      await yieldToLoop();
    }
  }

  subscribeToAll(handler: (event: RecordedEvent) => Promise<void> | void, options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const filter = normalizeFilter(options.filter);
    const source = {
      commits: this.commits,
      readPage: (after: number) => {
        this.assertOpen();
        return this.pages.allPage(after, filter, this.pageSize);
      },
    };
    const subscription = new CatchUpSubscription(source, handler, options, { pollIntervalMs: this.pollIntervalMs, retryDelayMs: this.pollIntervalMs });
    this.subscriptions.add(subscription);
    void subscription.done.then(
      () => this.subscriptions.delete(subscription),
      () => this.subscriptions.delete(subscription),
    );
    return subscription;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.pages.head();
  }

  /** Stops subscriptions, commits the appends already accepted, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.closed = true;
    this.writer.drain();
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError(this.kind);
  }
}
