import { createHash } from 'node:crypto';

// EventStoreDB requires UUID event ids and deduplicates on them. Ours derive from command ids and need
// not be UUIDs, so a non-UUID id is mapped to a name-based UUID (RFC 9562 version 5: SHA-1 of a
// namespace and the name): the same id always gives the same UUID, so a retried command is still
// deduplicated by the server. Our own id is kept in the event's metadata envelope and read back.

/** Namespace of Kuaige event ids. Fixed forever: changing it would break deduplication of retries. */
export const KUAIGE_EVENT_ID_NAMESPACE = '2399e618-b0c0-4c00-a651-d683a52d3ec9';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);

/** RFC 9562 UUID version 5 of `name` in `namespace`. */
export function uuidV5(name: string, namespace: string): string {
  if (!isUuid(namespace)) throw new RangeError(`namespace must be a UUID, got ${JSON.stringify(namespace)}`);
  const bytes = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The UUID EventStoreDB stores for one of our event ids: the id itself when it is a UUID, else its v5 UUID. */
export const eventStoreDbId = (eventId: string): string => (isUuid(eventId) ? eventId.toLowerCase() : uuidV5(eventId, KUAIGE_EVENT_ID_NAMESPACE));
