import type { EventToAppend, RecordedEvent } from './recorded-event';

// ---- The event store port: one interface, an embedded and an EventStoreDB adapter ----------------

/** What the writer expects of the stream: an exact revision, or one of the special states. */
export type ExpectedRevision = number | 'no_stream' | 'stream_exists' | 'any';

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  readonly nextRevision: number;
  /** Global position of the last event appended (or of the original write when deduplicated). */
  readonly position: number;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Revision to start from (inclusive); defaults to the first (forwards) or last (backwards). */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

/** Filter for $all: by stream category (the part of the stream id before the first '-') or event-type prefix. */
export interface AllFilter {
  readonly categories?: readonly string[];
  readonly eventTypePrefixes?: readonly string[];
}

export interface ReadAllOptions {
  /** Read events with a position strictly greater than this; omit to start at the beginning. */
  readonly after?: number;
  readonly maxCount?: number;
  readonly filter?: AllFilter;
}

export interface SubscribeOptions {
  /** Deliver events strictly after this position; omit to start at the beginning. */
  readonly after?: number;
  readonly filter?: AllFilter;
  /** Called with the position reached, also when filtered-out events were passed over. */
  readonly onCheckpoint?: (position: number) => void | Promise<void>;
  /** Called once the subscription has caught up with the log and is live. */
  readonly onLive?: () => void;
  /** Called when the connection dropped; the subscription resubscribes by itself. */
  readonly onDrop?: (error: Error) => void;
}

/**
 * A catch-up subscription: events are handed to `handler` one at a time, in order; the next one is
 * not delivered before the handler's promise settles (back-pressure). A handler that throws stops the
 * subscription with that error.
 */
export interface Subscription {
  stop(): Promise<void>;
  /** Settles when the subscription stops: resolves on stop(), rejects with the handler's error. */
  readonly done: Promise<void>;
}

export interface EventStore {
  /** Adapter name shown on /health, e.g. 'embedded-sqlite' or 'eventstoredb'. */
  readonly kind: string;
  append(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeToAll(handler: (event: RecordedEvent) => Promise<void> | void, options?: SubscribeOptions): Subscription;
  /** Position of the newest event in the log, or 0 when empty. */
  headPosition(): Promise<number>;
  close(): Promise<void>;
}

/** The stream's actual revision did not match what the writer expected. */
export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** The category of a stream id, EventStoreDB's `$ce-` rule: the part before the first '-'. */
export const categoryOf = (streamId: string): string => {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
};
