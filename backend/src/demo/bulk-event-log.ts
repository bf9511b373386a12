import {
  categoryOf,
  WrongExpectedVersionError,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '@kuaige/eventsourcing';
import { validateAppend } from '../event-store/append-validation';
import type { EmbeddedSqliteEventStore } from '../event-store/embedded-sqlite.event-store';

// ---- The bulk generator's event log: decided in memory, committed many streams at a time ----------
//
// Commands are still loaded, decided and appended through AggregateStreams, but against this log:
// appends are checked (expected revision, repeated event ids) and kept in memory with the positions
// they will have, and flush() commits all of them to the embedded store in ONE transaction
// (EmbeddedSqliteEventStore.appendBatch), where the store checks them again, chains their hashes and
// assigns the positions. Nothing else may write to the store meanwhile: flush() verifies that every
// position came out as promised, so a concurrent writer is detected, not silently interleaved.

export class BulkWriteConflict extends Error {
  constructor(detail: string) {
    super(`bulk flush: ${detail}; nothing else may write to the event store during a bulk load`);
    this.name = 'BulkWriteConflict';
  }
}

interface Queued {
  readonly streamId: string;
  readonly events: readonly EventToAppend[];
  readonly expected: ExpectedRevision;
  readonly position: number;
}

export class BulkEventLog implements EventStore {
  readonly kind = 'bulk';
  /** Every stream read or written since the last flush, as it will stand after it (committed + queued). */
  private readonly streams = new Map<string, RecordedEvent[]>();
  private queued: Queued[] = [];
  private queuedEvents = 0;
  private head: number;
  /** Events at or below this position are committed. */
  private flushedHead: number;
  /** Events committed by this log so far. */
  committed = 0;
  /** The event types this log has appended: which reactions would have had something to answer. */
  readonly types = new Set<string>();

  private constructor(
    private readonly store: EmbeddedSqliteEventStore,
    head: number,
    /** Streams of these categories are forgotten after a flush; their ids are remembered instead. */
    private readonly transient: ReadonlyMap<string, Set<string>>,
  ) {
    this.head = this.flushedHead = head;
  }

  /**
   * `transientCategories` name the streams written once and not read again after their flush (a work
   * order's own): they are not kept in memory, and a stream of theirs that the store does not hold
   * (the log's ids of that category are read once, here) is known to be new without a look-up. The
   * others (devices, enterprises, memberships: read by many commands) stay in memory.
   */
  static async over(store: EmbeddedSqliteEventStore, transientCategories: readonly string[] = []): Promise<BulkEventLog> {
    const transient = new Map<string, Set<string>>();
    for (const category of transientCategories) transient.set(category, await store.streamIdsOf(category));
    return new BulkEventLog(store, await store.headPosition(), transient);
  }

  /** Events appended and not yet flushed. */
  get pending(): number {
    return this.queuedEvents;
  }

  /** The events appended to `streamId` since the last flush, oldest first. */
  unflushed(streamId: string, sinceRevision = -1): readonly RecordedEvent[] {
    const events = this.streams.get(streamId) ?? [];
    return events.filter((e) => e.revision > sinceRevision && e.position > this.flushedHead);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    let events = this.streams.get(streamId);
    if (events === undefined) {
      const known = this.transient.get(categoryOf(streamId));
      events = known === undefined || known.has(streamId) ? await this.store.readStream(streamId) : [];
      this.streams.set(streamId, events);
    }
    if (options === undefined) return [...events];
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    const selected = backwards ? events.filter((e) => e.revision <= from).reverse() : events.filter((e) => e.revision >= from);
    return selected.slice(0, options.maxCount ?? selected.length);
  }

  async append(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    validateAppend(streamId, events, expected);
    const stream = this.streams.get(streamId) ?? (await this.readStream(streamId), this.streams.get(streamId)!);
    // A repeat of an append already made answers as the original, as the store does.
    const first = stream.findIndex((e) => e.eventId === events[0]!.eventId);
    if (first >= 0) {
      const last = stream[first + events.length - 1];
      if (last === undefined || events.some((e, i) => stream[first + i]!.eventId !== e.eventId)) throw new BulkWriteConflict(`event ids of ${streamId} overlap an earlier append`);
      return { nextRevision: last.revision, position: last.position };
    }
    const current = stream.length > 0 ? stream[stream.length - 1]!.revision : null;
    const fits =
      expected === 'any' ||
      (expected === 'no_stream' && current === null) ||
      (expected === 'stream_exists' && current !== null) ||
      (typeof expected === 'number' && current === expected);
    if (!fits) throw new WrongExpectedVersionError(streamId, expected, current ?? 'no_stream');
    const recordedAt = new Date().toISOString();
    let revision = current === null ? 0 : current + 1;
    for (const event of events) {
      this.types.add(event.type);
      // `hash` stays empty: the store chains the events as it commits them.
      stream.push({ eventId: event.eventId, streamId, revision: revision++, position: ++this.head, type: event.type, data: event.data, metadata: event.metadata, recordedAt, hash: '' });
    }
    this.queued.push({ streamId, events, expected, position: this.head });
    this.queuedEvents += events.length;
    return { nextRevision: revision - 1, position: this.head };
  }

  /** Commits everything queued in one transaction and forgets the transient streams. */
  async flush(): Promise<number> {
    const queued = this.queued;
    this.queued = [];
    this.queuedEvents = 0;
    for (const [id, events] of this.streams) {
      const known = this.transient.get(categoryOf(id));
      if (known === undefined) continue;
      if (events.length > 0) known.add(id);
      this.streams.delete(id);
    }
    this.flushedHead = this.head;
    if (queued.length === 0) return 0;
    const results = await this.store.appendBatch(queued);
    let events = 0;
    results.forEach((result, i) => {
      const append = queued[i]!;
      if (result.status === 'rejected') throw new BulkWriteConflict(`${append.streamId}: ${String(result.reason)}`);
      if (result.value.position !== append.position) throw new BulkWriteConflict(`${append.streamId} was committed at position ${result.value.position}, not ${append.position}`);
      events += append.events.length;
    });
    this.committed += events;
    return events;
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return this.store.readAll(options);
  }

  subscribeToAll(handler: (event: RecordedEvent) => Promise<void> | void, options?: SubscribeOptions): Subscription {
    return this.store.subscribeToAll(handler, options);
  }

  /** The head as it will be after the next flush. */
  async headPosition(): Promise<number> {
    return this.head;
  }

  /** The store belongs to the application: flushing is the caller's, closing the application's. */
  async close(): Promise<void> {
    if (this.queued.length > 0) throw new BulkWriteConflict(`${this.queuedEvents} events were never flushed`);
  }
}
