import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type Position,
} from '@eventstore/db-client';
import {
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
import { matchesFilter, normalizeFilter } from './all-filter';
import { validateAppend } from './append-validation';
import { fromResolved, isSystemName, toEventData } from './eventstoredb.envelope';
import { EsdbWrongExpectedVersionError, toPortWrongExpectedVersion } from './eventstoredb.errors';
import { ResubscribingSubscription, type ResubscribeTiming } from './eventstoredb.subscription';
import { EventStoreClosedError, InvalidAppendError } from './event-store.errors';
import { canonicalJson, CanonicalEncodingError, chainHash, GENESIS_HASH } from './hash-chain';

export interface EventStoreDbOptions extends Partial<ResubscribeTiming> {
  /** Events per page of readAll (default 500, at least 2). */
  readonly pageSize?: number;
  /** Retries of an 'any' / 'stream_exists' append that lost a race for the stream's tip (default 10). */
  readonly tipRaceRetries?: number;
}

/** How an append is sent: the revision EventStoreDB must check, and the link the chain continues from. */
interface AppendPlan {
  readonly expectedRevision: AppendExpectedRevision;
  readonly firstRevision: number;
  readonly previousHash: string;
  /** The caller said 'any' or 'stream_exists' and we pinned the tip we read: a conflict means retry. */
  readonly pinned: boolean;
}

/**
 * The EventStoreDB adapter (production, clusters).
 *
 * Hash chain: one chain per stream (mode 'per-stream'), position left out because the server assigns
 * it after the write. The previous hash is the stored hash of the event the append follows:
 * - exact revision n: the event at revision n; EventStoreDB checks n, so the link cannot go stale;
 * - 'no_stream': the genesis hash; EventStoreDB checks that the stream does not exist;
 * - 'any' / 'stream_exists': the race. We read the stream's last event, but another writer may append
 *   before our write lands; passing 'any' through would then store a hash linked to the wrong
 *   predecessor and the chain would show a false break. So the adapter pins the revision it read
 *   (exact expected revision) and, when it loses the race, re-reads and retries (tipRaceRetries times,
 *   then reports WrongExpectedVersionError). Idempotency for these is checked by the adapter: when the
 *   last events of the stream carry our event ids, the original result is returned. A retried 'any'
 *   append whose events are no longer at the tail would be written again (EventStoreDB itself only
 *   promises best-effort idempotency for ANY); commands append with exact revisions.
 *
 * Positions are Number(commit position): unique per event and increasing in $all order on servers
 * from 20.x (each event of an append gets its own log position), exact up to 2^53 bytes of log.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb';
  private readonly subscriptions = new Set<ResubscribingSubscription>();
  private readonly pageSize: number;
  private readonly tipRaceRetries: number;
  private readonly timing: ResubscribeTiming;
  private closed = false;

  constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbOptions = {},
  ) {
    this.pageSize = Math.max(2, options.pageSize ?? 500);
    this.tipRaceRetries = options.tipRaceRetries ?? 10;
    this.timing = {
      reconnectDelayMs: options.reconnectDelayMs ?? 250,
      maxReconnectDelayMs: options.maxReconnectDelayMs ?? 10_000,
      checkpointInterval: options.checkpointInterval ?? 1,
    };
  }

  /** Connects with an esdb:// (or kurrentdb://) connection string, e.g. esdb://localhost:2113?tls=false. */
  static connect(connectionString: string, options?: EventStoreDbOptions): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  async append(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(streamId, events, expected);
    const encoded = events.map((event) => this.encode(streamId, event));
    for (let attempt = 0; ; attempt += 1) {
      const plan = await this.plan(streamId, events, expected);
      if ('duplicate' in plan) return plan.duplicate;
      const recordedAt = new Date().toISOString();
      let previousHash = plan.previousHash;
      const data = events.map((event, i) => {
        const hash = chainHash({
          eventId: event.eventId,
          streamId,
          revision: plan.firstRevision + i,
          type: event.type,
          dataJson: encoded[i]!.dataJson,
          metadataJson: encoded[i]!.metadataJson,
          recordedAt,
          previousHash,
        });
        previousHash = hash;
        return toEventData(event, { recordedAt, hash });
      });
      try {
        const result = await this.client.appendToStream(streamId, data, { expectedRevision: plan.expectedRevision });
        const nextRevision = Number(result.nextExpectedRevision);
        // No position comes back for an idempotent (deduplicated) write: read it.
        const position = result.position ? Number(result.position.commit) : await this.positionOf(streamId, nextRevision);
        return { nextRevision, position };
      } catch (error) {
        if (!(error instanceof EsdbWrongExpectedVersionError)) throw error;
        if (plan.pinned && attempt < this.tipRaceRetries) continue;
        throw toPortWrongExpectedVersion(streamId, expected, error);
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const direction = options.direction ?? 'forwards';
    const fromRevision = options.fromRevision !== undefined ? BigInt(options.fromRevision) : direction === 'forwards' ? START : END;
    const out: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, { direction: direction === 'forwards' ? FORWARDS : BACKWARDS, fromRevision, maxCount: options.maxCount });
      for await (const resolved of read) {
        const event = fromResolved(resolved);
        if (event) out.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  /**
   * $all in pages. @eventstore/db-client 6.2.1's readAll takes no server-side filter (its request
   * always says "no filter"), so filters are applied here; subscriptions filter on the server.
   */
  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    const filter = normalizeFilter(options.filter);
    let after = BigInt(options.after ?? 0);
    let from: Position | typeof START = after > 0n ? { commit: after, prepare: after } : START;
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    while (remaining > 0) {
      this.assertOpen();
      const page = await this.readAllPage(from, FORWARDS);
      for (const resolved of page) {
        const position = resolved.event?.position;
        // Reads from a position include it: skip what an earlier page delivered.
        if (!position || position.commit <= after) continue;
        after = position.commit;
        from = position;
        const event = fromResolved(resolved);
        if (!event || !matchesFilter(filter, event.streamId, event.type)) continue;
        yield event;
        remaining -= 1;
        if (remaining === 0) return;
      }
      if (page.length < this.pageSize) return;
    }
  }

  subscribeToAll(handler: (event: RecordedEvent) => Promise<void> | void, options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription = new ResubscribingSubscription(this.client, handler, options, this.timing, () => this.headPosition());
    this.subscriptions.add(subscription);
    const forget = (): void => void this.subscriptions.delete(subscription);
    void subscription.done.then(forget, forget);
    return subscription;
  }

  /** Commit position of the newest non-system event, or 0. */
  async headPosition(): Promise<number> {
    this.assertOpen();
    let from: Position | typeof END = END;
    for (;;) {
      const page = await this.readAllPage(from, BACKWARDS);
      for (const resolved of page) {
        const event = resolved.event;
        if (!event?.position) continue;
        if (!isSystemName(event.type) && !isSystemName(event.streamId)) return Number(event.position.commit);
        from = event.position;
      }
      if (page.length < this.pageSize) return 0;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.closed = true;
    await this.client.dispose();
  }

  private encode(streamId: string, event: EventToAppend): { dataJson: string; metadataJson: string } {
    try {
      return { dataJson: canonicalJson(event.data, 'data'), metadataJson: canonicalJson(event.metadata, 'metadata') };
    } catch (e) {
      if (e instanceof CanonicalEncodingError) throw new InvalidAppendError(streamId, `event ${event.eventId}: ${e.message}`);
      throw e;
    }
  }

  private async plan(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendPlan | { duplicate: AppendResult }> {
    if (expected === 'no_stream') return { expectedRevision: NO_STREAM, firstRevision: 0, previousHash: GENESIS_HASH, pinned: false };
    if (typeof expected === 'number') {
      const [previous] = await this.readStream(streamId, { fromRevision: expected, maxCount: 1 });
      return { expectedRevision: BigInt(expected), firstRevision: expected + 1, previousHash: previous?.hash ?? GENESIS_HASH, pinned: false };
    }
    const tail = await this.readStream(streamId, { direction: 'backwards', maxCount: events.length });
    const last = tail[0];
    if (!last) {
      if (expected === 'stream_exists') throw new WrongExpectedVersionError(streamId, expected, 'no_stream');
      return { expectedRevision: NO_STREAM, firstRevision: 0, previousHash: GENESIS_HASH, pinned: true };
    }
    const tailIds = tail.map((e) => e.eventId).reverse();
    if (tailIds.length === events.length && tailIds.every((id, i) => id === events[i]!.eventId)) {
      return { duplicate: { nextRevision: last.revision, position: last.position } };
    }
    return { expectedRevision: BigInt(last.revision), firstRevision: last.revision + 1, previousHash: last.hash, pinned: true };
  }

  // A page is always read to its end: a read abandoned half-way leaves its gRPC call unconsumed, and
  // the client's dispose() then waits for it forever (observed with @eventstore/db-client 6.2.1).
  private async readAllPage(fromPosition: Position | typeof START | typeof END, direction: typeof FORWARDS | typeof BACKWARDS): Promise<AllStreamResolvedEvent[]> {
    const page: AllStreamResolvedEvent[] = [];
    for await (const resolved of this.client.readAll({ fromPosition, maxCount: this.pageSize, direction })) page.push(resolved);
    return page;
  }

  private async positionOf(streamId: string, revision: number): Promise<number> {
    const [event] = await this.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    return event?.position ?? 0;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError(this.kind);
  }
}
