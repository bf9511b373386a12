import type { EventData, EventType, JSONType, ResolvedEvent } from '@eventstore/db-client';
import type { EventMetadata } from '@kuaige/domain';
import type { EventToAppend, RecordedEvent } from '@kuaige/eventsourcing';
import { eventStoreDbId } from './eventstoredb.ids';

// ---- What an event looks like inside EventStoreDB -------------------------------------------------
//
// data: the event's data as JSON. metadata: an envelope that keeps, losslessly, our metadata and what
// the hash chain needs but EventStoreDB does not store in our form:
//   { "$correlationId", "$causationId"   -- read by EventStoreDB's $by_correlation_id projection
//     "kuaige": { "v": 1, "eventId", "recordedAt", "hash" },
//     "metadata": <our EventMetadata> }
// recordedAt is taken on the client when appending, because the hash covers it and the server's
// `created` is known only after the write.

export interface ChainStamp {
  readonly recordedAt: string;
  readonly hash: string;
}

const ENVELOPE_VERSION = 1;

interface Envelope {
  readonly $correlationId: string;
  readonly $causationId: string;
  readonly kuaige: { readonly v: number; readonly eventId: string; readonly recordedAt: string; readonly hash: string };
  readonly metadata: EventMetadata;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The EventStoreDB event for one of ours, stamped with its chain hash. */
export function toEventData(event: EventToAppend, stamp: ChainStamp): EventData {
  const envelope: Envelope = {
    $correlationId: event.metadata.correlationId,
    $causationId: event.metadata.causationId,
    kuaige: { v: ENVELOPE_VERSION, eventId: event.eventId, recordedAt: stamp.recordedAt, hash: stamp.hash },
    metadata: event.metadata,
  };
  return {
    id: eventStoreDbId(event.eventId),
    contentType: 'application/json',
    type: event.type,
    // Our data and metadata are JSON objects (validated and canonically encodable); the client serializes them.
    data: event.data as unknown as JSONType,
    metadata: envelope as unknown as JSONType,
  };
}

/** Whether a stream or event type belongs to EventStoreDB itself ($-prefixed). */
export const isSystemName = (name: string): boolean => name.startsWith('$');

/**
 * Our RecordedEvent for an EventStoreDB event, or null for what is not ours to deliver (system events,
 * unresolved links). An event written by another tool, without our envelope, is mapped with the server's
 * id and time and an empty hash, so that chain verification flags it instead of the reader crashing.
 */
export function fromResolved(resolved: ResolvedEvent<EventType>): RecordedEvent | null {
  const event = resolved.event;
  if (!event || isSystemName(event.type) || isSystemName(event.streamId)) return null;
  const data: unknown = event.data;
  const metadata: unknown = event.metadata;
  const position = Number(event.position?.commit ?? resolved.commitPosition ?? 0n);
  const envelope = isRecord(metadata) && isRecord(metadata.kuaige) && isRecord(metadata.metadata) ? metadata : null;
  const stamp = envelope?.kuaige as Record<string, unknown> | undefined;
  return {
    eventId: typeof stamp?.eventId === 'string' ? stamp.eventId : event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position,
    type: event.type,
    data: isRecord(data) ? data : { value: data },
    metadata: (envelope?.metadata ?? metadata ?? {}) as EventMetadata,
    recordedAt: typeof stamp?.recordedAt === 'string' ? stamp.recordedAt : event.created.toISOString(),
    hash: typeof stamp?.hash === 'string' ? stamp.hash : '',
  };
}
