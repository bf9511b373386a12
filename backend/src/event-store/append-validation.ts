import type { EventToAppend, ExpectedRevision } from '@kuaige/eventsourcing';
import { InvalidAppendError } from './event-store.errors';

const EXPECTED_STATES: ReadonlySet<unknown> = new Set(['no_stream', 'stream_exists', 'any']);

/**
 * Checks what every adapter refuses alike, so that both behave the same on bad input: a stream id and
 * event types that are not empty and not reserved ('$' marks EventStoreDB's system streams and
 * events), an expected revision the port knows, at least one event, and event ids that are present
 * and distinct within the append.
 */
export function validateAppend(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): void {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new InvalidAppendError(String(streamId), 'the stream id is empty');
  if (streamId.startsWith('$')) throw new InvalidAppendError(streamId, "stream ids starting with '$' are reserved for the store's system streams");
  if (typeof expected === 'number' ? !(Number.isSafeInteger(expected) && expected >= 0) : !EXPECTED_STATES.has(expected)) {
    throw new InvalidAppendError(
      streamId,
      `expected revision ${String(expected)} is none of: a revision (0, 1, 2 ...), 'no_stream', 'stream_exists', 'any'`,
    );
  }
  if (!Array.isArray(events) || events.length === 0) throw new InvalidAppendError(streamId, 'there are no events to append');
  const seen = events.length > 1 ? new Set<string>() : null;
  for (let index = 0; index < events.length; index += 1) {
    const { eventId, type, data, metadata } = events[index]!;
    if (typeof eventId !== 'string' || eventId.length === 0) {
      throw new InvalidAppendError(streamId, `event #${index} has no eventId (derive it from the command id)`);
    }
    if (seen?.has(eventId)) throw new InvalidAppendError(streamId, `event id ${eventId} appears twice in one append`);
    seen?.add(eventId);
    if (typeof type !== 'string' || type.length === 0) throw new InvalidAppendError(streamId, `event ${eventId} has no type`);
    if (type.startsWith('$')) throw new InvalidAppendError(streamId, `event type ${type}: types starting with '$' are reserved`);
    if (typeof data !== 'object' || data === null) throw new InvalidAppendError(streamId, `event ${eventId}: data must be an object`);
    if (typeof metadata !== 'object' || metadata === null) throw new InvalidAppendError(streamId, `event ${eventId}: metadata must be an object`);
  }
}
