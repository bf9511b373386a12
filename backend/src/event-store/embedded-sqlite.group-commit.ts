import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { categoryOf, WrongExpectedVersionError, type AppendResult, type EventToAppend, type ExpectedRevision } from '@kuaige/eventsourcing';
import { canonicalJson, CanonicalEncodingError, chainHash, GENESIS_HASH } from './hash-chain';
import { EventIdConflictError, EventStoreWriteError, InvalidAppendError, type StoredEventIdPlace } from './event-store.errors';

// ---- Group commit ---------------------------------------------------------------------------------
//
// node:sqlite is synchronous and every durable commit costs an fsync, so the writer batches: an append
// is encoded at once (canonical JSON, outside the transaction), queued, and the queue is flushed on the
// next turn of the event loop (setImmediate). Everything appended until then — by every request that
// ran in this turn, and by every continuation of the previous batch's promises — goes into ONE
// transaction with ONE fsync. Inside it each append is checked on its own (expected revision, event
// ids) under its own SAVEPOINT, so one that fails is rolled back alone and the others commit.
// Promises settle only after COMMIT returned, i.e. after the WAL was synced (synchronous=FULL).
// The loop is blocked while a batch commits (measured here: ~10-25 ms for 256 appends on a loaded
// machine, most of it writing and syncing the WAL); batches are capped at maxBatchEvents so that one
// flush never holds it for long, and the loop gets a turn between capped batches.

interface EncodedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly dataJson: string;
  readonly metadataJson: string;
}

interface PendingAppend {
  readonly streamId: string;
  readonly events: readonly EncodedEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

interface Tip {
  readonly position: number;
  readonly hash: string;
}

type Outcome = { readonly ok: true; readonly result: AppendResult; readonly wrote: boolean } | { readonly ok: false; readonly error: unknown };

interface Applied {
  readonly result: AppendResult;
  readonly tip: Tip;
  readonly wrote: boolean;
  readonly types: readonly string[];
}

function encode(streamId: string, events: readonly EventToAppend[]): EncodedEvent[] {
  // The events of one command usually share one metadata object: encode it once.
  let lastMetadata: unknown = undefined;
  let lastMetadataJson = '';
  return events.map((event) => {
    try {
      if (event.metadata !== lastMetadata) {
        lastMetadataJson = canonicalJson(event.metadata, 'metadata');
        lastMetadata = event.metadata;
      }
      return { eventId: event.eventId, type: event.type, dataJson: canonicalJson(event.data, 'data'), metadataJson: lastMetadataJson };
    } catch (e) {
      if (e instanceof CanonicalEncodingError) throw new InvalidAppendError(streamId, `event ${event.eventId}: ${e.message}`);
      throw e;
    }
  });
}

const num = (value: unknown): number => Number(value);

// SQLITE_CONSTRAINT and its extended codes (UNIQUE is 2067), as node:sqlite reports them in `errcode`.
const isConstraintViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && typeof (error as { errcode?: unknown }).errcode === 'number' && ((error as { errcode: number }).errcode & 0xff) === 19;

export class GroupCommitWriter {
  private committed = 0;
  private queue: PendingAppend[] = [];
  private scheduled = false;
  private readonly selectTip: StatementSync;
  private readonly selectStreamRevision: StatementSync;
  private readonly selectEventId: StatementSync;
  private readonly insertEvent: StatementSync;
  private readonly insertType: StatementSync;
  private readonly savepoint: StatementSync;
  private readonly release: StatementSync;
  private readonly rollbackToSavepoint: StatementSync;

  constructor(
    private readonly db: DatabaseSync,
    private readonly file: string,
    private readonly maxBatchEvents: number,
    /** Called after a commit that wrote at least one event (wakes live subscriptions). */
    private readonly onCommitted: () => void,
  ) {
    this.selectTip = db.prepare('SELECT position, hash FROM events ORDER BY position DESC LIMIT 1');
    this.selectStreamRevision = db.prepare('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1');
    this.selectEventId = db.prepare('SELECT stream_id, revision, position FROM events WHERE event_id = ?');
    this.insertEvent = db.prepare(
      'INSERT INTO events (position, stream_id, revision, category, type, event_id, recorded_at, hash, metadata, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertType = db.prepare('INSERT OR IGNORE INTO event_types (type) VALUES (?)');
    this.savepoint = db.prepare('SAVEPOINT append');
    this.release = db.prepare('RELEASE append');
    this.rollbackToSavepoint = db.prepare('ROLLBACK TO append');
  }

  /** Transactions committed by this writer: lets tests and metrics see that appends were batched. */
  get transactions(): number {
    return this.committed;
  }

  /** Queues an append for the next batch; the promise settles once that batch is durable. */
  submit(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    const encoded = encode(streamId, events);
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events: encoded, expected, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flushBatch());
      }
    });
  }

  /**
   * Commits these appends now, in ONE transaction whatever their number (the bulk loader's path: one
   * fsync for tens of thousands of events). Appends queued before are committed first, so positions
   * stay in call order. Each append is still checked on its own; the outcomes come back in order.
   */
  commitNow(appends: readonly { readonly streamId: string; readonly events: readonly EventToAppend[]; readonly expected: ExpectedRevision }[]): Promise<AppendResult>[] {
    this.drain();
    const promises: Promise<AppendResult>[] = [];
    const batch: PendingAppend[] = [];
    for (const { streamId, events, expected } of appends) {
      let encoded: EncodedEvent[];
      try {
        encoded = encode(streamId, events);
      } catch (error) {
        promises.push(Promise.reject(error));
        continue;
      }
      promises.push(new Promise<AppendResult>((resolve, reject) => batch.push({ streamId, events: encoded, expected, resolve, reject })));
    }
    if (batch.length > 0) this.commitBatch(batch);
    return promises;
  }

  /** Commits everything queued, now (used by close()). */
  drain(): void {
    while (this.queue.length > 0) this.commitBatch(this.takeBatch());
  }

  private flushBatch(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    this.commitBatch(this.takeBatch());
    if (this.queue.length > 0 && !this.scheduled) {
      // Let the loop breathe between capped batches.
      this.scheduled = true;
      setImmediate(() => this.flushBatch());
    }
  }

  private takeBatch(): PendingAppend[] {
    let events = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || events + this.queue[count]!.events.length <= this.maxBatchEvents)) {
      events += this.queue[count]!.events.length;
      count += 1;
    }
    return this.queue.splice(0, count);
  }

  private commitBatch(batch: readonly PendingAppend[]): void {
    const outcomes: Outcome[] = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
      const row = this.selectTip.get();
      let tip: Tip = row ? { position: num(row.position), hash: String(row.hash) } : { position: 0, hash: GENESIS_HASH };
      const recordedAt = new Date().toISOString();
      const types = new Set<string>();
      for (const append of batch) {
        try {
          const applied = this.applyInSavepoint(append, tip, recordedAt);
          tip = applied.tip;
          for (const type of applied.types) types.add(type);
          outcomes.push({ ok: true, result: applied.result, wrote: applied.wrote });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
      // Once per batch and type, not per event: the list of types only serves type-prefix filters.
      for (const type of types) this.insertType.run(type);
      this.db.exec('COMMIT');
    } catch (cause) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      const error = new EventStoreWriteError(this.file, cause);
      for (const append of batch) append.reject(error);
      return;
    }
    this.committed += 1;
    batch.forEach((append, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) append.resolve(outcome.result);
      else append.reject(outcome.error);
    });
    if (outcomes.some((o) => o.ok && o.wrote)) this.onCommitted();
  }

  /**
   * One append under its own savepoint, so that a failure undoes it alone. Event ids are checked by
   * the unique index as the rows go in (no lookup on the common path); when it refuses one, the
   * append is undone and classified: a repeat of an earlier append, or a conflict. A one-event append
   * needs no savepoint: SQLite undoes a failed statement by itself.
   */
  private applyInSavepoint(append: PendingAppend, tip: Tip, recordedAt: string): Applied {
    const savepoint = append.events.length > 1;
    if (savepoint) this.savepoint.run();
    try {
      const applied = this.apply(append, tip, recordedAt);
      if (savepoint) this.release.run();
      return applied;
    } catch (error) {
      if (savepoint) {
        this.rollbackToSavepoint.run();
        this.release.run();
      }
      if (isConstraintViolation(error)) {
        const duplicate = this.alreadyStored(append.streamId, append.events);
        if (duplicate) return { result: duplicate, tip, wrote: false, types: [] };
      }
      throw error;
    }
  }

  /** Checks the expected revision and writes the events, linking each to the chain. */
  private apply(append: PendingAppend, tip: Tip, recordedAt: string): Applied {
    const { streamId, events, expected } = append;
    const row = this.selectStreamRevision.get(streamId);
    const current = row ? num(row.revision) : null;
    const fits =
      expected === 'any' ||
      (expected === 'no_stream' && current === null) ||
      (expected === 'stream_exists' && current !== null) ||
      (typeof expected === 'number' && current === expected);
    if (!fits) {
      // A retry of an append that succeeded sees a moved revision: answer it as the original did.
      const duplicate = this.alreadyStored(streamId, events);
      if (duplicate) return { result: duplicate, tip, wrote: false, types: [] };
      throw new WrongExpectedVersionError(streamId, expected, current ?? 'no_stream');
    }

    const category = categoryOf(streamId);
    let revision = current === null ? 0 : current + 1;
    let next = tip;
    const types = new Set<string>();
    for (const event of events) {
      const position = next.position + 1;
      const hash = chainHash({
        eventId: event.eventId,
        streamId,
        revision,
        position,
        type: event.type,
        dataJson: event.dataJson,
        metadataJson: event.metadataJson,
        recordedAt,
        previousHash: next.hash,
      });
      this.insertEvent.run(position, streamId, revision, category, event.type, event.eventId, recordedAt, hash, event.metadataJson, event.dataJson);
      types.add(event.type);
      next = { position, hash };
      revision += 1;
    }
    return { result: { nextRevision: revision - 1, position: next.position }, tip: next, wrote: true, types: [...types] };
  }

  /**
   * Idempotency: when every id of the append is stored as this very append (same stream, same order,
   * consecutive revisions), returns the original result and nothing is written, whatever the expected
   * revision says. Some ids stored, or stored elsewhere, is a conflict.
   */
  private alreadyStored(streamId: string, events: readonly EncodedEvent[]): AppendResult | null {
    const places: (StoredEventIdPlace & { position: number })[] = [];
    for (const event of events) {
      const row = this.selectEventId.get(event.eventId);
      if (row) places.push({ eventId: event.eventId, streamId: String(row.stream_id), revision: num(row.revision), position: num(row.position) });
    }
    if (places.length === 0) return null;
    const sameAppend =
      places.length === events.length && places.every((p, i) => p.streamId === streamId && p.revision === places[0]!.revision + i);
    if (!sameAppend) throw new EventIdConflictError(streamId, places);
    const last = places[places.length - 1]!;
    return { nextRevision: last.revision, position: last.position };
  }
}
