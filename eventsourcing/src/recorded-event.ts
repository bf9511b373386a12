import type { DomainEvent, EventMetadata } from '@kuaige/domain';

// ---- Events as the store takes and gives them: ids, streams, positions, chain hashes --------------

/** An event to append: its id is derived from the command id so a retried command writes nothing twice. */
export interface EventToAppend<E extends DomainEvent = DomainEvent> {
  readonly eventId: string;
  readonly type: E['type'];
  readonly data: E['data'];
  readonly metadata: EventMetadata;
}

/** An event as read back from the store. */
export interface RecordedEvent<E extends DomainEvent = DomainEvent> {
  readonly eventId: string;
  readonly streamId: string;
  /** 0-based position of the event within its stream. */
  readonly revision: number;
  /** Position in the global log ($all); strictly increasing in commit order. */
  readonly position: number;
  readonly type: E['type'];
  readonly data: E['data'];
  readonly metadata: EventMetadata;
  /** When the store committed it (ISO 8601). */
  readonly recordedAt: string;
  /** SHA-256 chain hash (hex) of this event and its predecessor's hash. */
  readonly hash: string;
}
