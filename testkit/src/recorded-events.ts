import type { DomainEvent, EventMetadata } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';

// ---- Recorded events for specs: metadata filled in, positions and revisions as the store gives them ----

const SPEC_TIME = '2026-01-01T00:00:00.000Z';

/** Metadata of an event recorded in a spec; override what the spec is about. */
export const specMetadata = (overrides: Partial<EventMetadata> = {}): EventMetadata => ({
  commandId: 'spec-command',
  correlationId: 'spec-command',
  causationId: 'spec-command',
  actor: { userId: 'spec-user' },
  tenantIds: [],
  jurisdiction: [],
  schemaVersion: 1,
  occurredAt: SPEC_TIME,
  ...overrides,
});

export interface RecordOptions {
  readonly metadata?: Partial<EventMetadata>;
  readonly eventId?: string;
  /** When the store committed it; defaults to the metadata's occurredAt. */
  readonly recordedAt?: string;
}

/**
 * An event log as a store would hand it out: global positions from 1 in the order recorded, revisions
 * from 0 per stream, event ids unique. Each spec makes its own, so positions do not depend on test order.
 */
export class RecordedEventLog<E extends DomainEvent = DomainEvent> {
  private position = 0;
  private readonly revisions = new Map<string, number>();
  private readonly recorded: RecordedEvent[] = [];

  constructor(private readonly defaults: Partial<EventMetadata> = {}) {}

  /** Records one event at the next position of the log and the next revision of its stream. */
  record<T extends E>(streamId: string, event: T, options: RecordOptions = {}): RecordedEvent<T> {
    const revision = (this.revisions.get(streamId) ?? -1) + 1;
    this.revisions.set(streamId, revision);
    const metadata = specMetadata({ ...this.defaults, ...options.metadata });
    const position = ++this.position;
    const stored: RecordedEvent<T> = {
      eventId: options.eventId ?? `spec-event-${position}`,
      streamId,
      revision,
      position,
      type: event.type,
      data: event.data,
      metadata,
      recordedAt: options.recordedAt ?? metadata.occurredAt,
      hash: position.toString(16).padStart(64, '0'),
    };
    this.recorded.push(stored);
    return stored;
  }

  /** Records several events of one stream, in order. */
  stream<T extends E>(streamId: string, events: readonly T[], options: RecordOptions = {}): RecordedEvent<T>[] {
    return events.map((event) => this.record(streamId, event, options));
  }

  /** Everything recorded so far, in log order. */
  get events(): readonly RecordedEvent[] {
    return this.recorded;
  }
}

/**
 * A fresh event log for one spec, of the event union `E` (so event literals are checked against it);
 * `defaults` fill the metadata of every event recorded in it.
 */
export const eventLog = <E extends DomainEvent = DomainEvent>(defaults: Partial<EventMetadata> = {}): RecordedEventLog<E> => new RecordedEventLog<E>(defaults);
