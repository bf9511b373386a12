import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  UnavailableError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  type EventType,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { WrongExpectedVersionError } from '@kuaige/eventsourcing';
import { normalizeFilter } from './all-filter';
import { fromResolved, toEventData } from './eventstoredb.envelope';
import { isRecoverableDrop, toPortWrongExpectedVersion } from './eventstoredb.errors';
import { categoryRegex, serverFilter } from './eventstoredb.filters';
import { eventStoreDbId, isUuid, KUAIGE_EVENT_ID_NAMESPACE, uuidV5 } from './eventstoredb.ids';
import { testEvent } from './event-store.fixtures';
import { canonicalJson, chainHash, GENESIS_HASH, verifyChain } from './hash-chain';

// The parts of the EventStoreDB adapter that need no server: ids, filters, errors, the envelope.

describe('EventStoreDB event ids', () => {
  it('computes RFC 9562 version-5 UUIDs', () => {
    // The example of Python's uuid module: uuid5(NAMESPACE_DNS, 'python.org').
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('keeps UUID ids and maps other ids to a stable UUID in the Kuaige namespace', () => {
    expect(eventStoreDbId('2B0E1C7A-5F4D-4C3B-9A8E-7D6C5B4A3F2E')).toBe('2b0e1c7a-5f4d-4c3b-9a8e-7d6c5b4a3f2e');
    const derived = eventStoreDbId('cmd-42:0');
    expect(isUuid(derived)).toBe(true);
    expect(derived).toBe(uuidV5('cmd-42:0', KUAIGE_EVENT_ID_NAMESPACE));
    expect(eventStoreDbId('cmd-42:0')).toBe(derived);
    expect(eventStoreDbId('cmd-42:1')).not.toBe(derived);
  });
});

describe('EventStoreDB filters', () => {
  it('matches a category as the stream name before the first dash', () => {
    const regex = new RegExp(categoryRegex(['WorkOrder', 'Part.Kit']));
    expect(['WorkOrder-1', 'WorkOrder', 'Part.Kit-9', 'WorkOrder-1-2'].every((s) => regex.test(s))).toBe(true);
    expect(['WorkOrders-1', 'xWorkOrder-1', 'PartXKit-9', '$ce-WorkOrder'].some((s) => regex.test(s))).toBe(false);
  });

  it('filters on the server by stream name, else by type prefix, else excludes system events', () => {
    const noop = (): void => undefined;
    expect(serverFilter(normalizeFilter({ categories: ['WorkOrder'], eventTypePrefixes: ['Part'] }), 1, noop)).toMatchObject({
      filterOn: 'streamName',
      regex: '^(?:WorkOrder)(?:-|$)',
      checkpointInterval: 1,
    });
    expect(serverFilter(normalizeFilter({ eventTypePrefixes: ['Part'] }), 1, noop)).toMatchObject({ filterOn: 'eventType', prefixes: ['Part'] });
    expect(serverFilter(normalizeFilter({}), 2, noop)).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*', checkpointInterval: 2 });
  });
});

describe('EventStoreDB errors', () => {
  it('resubscribes after cancelled, unavailable and timed-out calls, not after refusals', () => {
    expect(isRecoverableDrop(new CancelledError(undefined, 'server cancelled'))).toBe(true);
    expect(isRecoverableDrop(new UnavailableError())).toBe(true);
    expect(isRecoverableDrop(new DeadlineExceededError())).toBe(true);
    expect(isRecoverableDrop(new AccessDeniedError())).toBe(false);
    expect(isRecoverableDrop(new Error('handler bug'))).toBe(false);
  });

  it("maps the client's wrong-expected-version error to the port's", () => {
    const existing = new EsdbWrongExpectedVersionError(undefined, { streamName: 'WorkOrder-1', expected: 3n, current: 7n });
    expect(toPortWrongExpectedVersion('WorkOrder-1', 3, existing)).toEqual(new WrongExpectedVersionError('WorkOrder-1', 3, 7));
    const missing = new EsdbWrongExpectedVersionError(undefined, { streamName: 'WorkOrder-1', expected: 'stream_exists', current: 'no_stream' });
    expect(toPortWrongExpectedVersion('WorkOrder-1', 'stream_exists', missing)).toMatchObject({ actual: 'no_stream' });
  });
});

describe('EventStoreDB envelope', () => {
  // What the server hands back for an event the client wrote: data and metadata through JSON.
  const asStored = (streamId: string, revision: number, commit: bigint, written: ReturnType<typeof toEventData>): ResolvedEvent<EventType> =>
    ({
      event: {
        streamId,
        id: written.id,
        isJson: true,
        revision: BigInt(revision),
        type: written.type,
        created: new Date('2026-03-01T08:30:01.000Z'),
        data: JSON.parse(JSON.stringify(written.data)) as unknown,
        metadata: written.metadata === undefined ? undefined : (JSON.parse(JSON.stringify(written.metadata)) as unknown),
        position: { commit, prepare: commit },
      },
      commitPosition: commit,
    }) as ResolvedEvent<EventType>;

  it('round-trips our id, metadata, recordedAt and hash, and the per-stream chain verifies', async () => {
    const events = [testEvent('WorkOrderRequested', { title: '泵' }, 'cmd-1:0'), testEvent('WorkOrderDispatched', { to: 'p-1' }, 'cmd-1:1')];
    let previousHash = GENESIS_HASH;
    const recordedAt = '2026-03-01T08:30:00.000Z';
    const read = events.map((event, revision) => {
      const hash = chainHash({
        eventId: event.eventId,
        streamId: 'WorkOrder-1',
        revision,
        type: event.type,
        dataJson: canonicalJson(event.data),
        metadataJson: canonicalJson(event.metadata),
        recordedAt,
        previousHash,
      });
      previousHash = hash;
      const written = toEventData(event, { recordedAt, hash });
      expect(written.id).toBe(eventStoreDbId(event.eventId));
      expect(written.metadata).toMatchObject({ $correlationId: event.metadata.correlationId, $causationId: event.metadata.causationId });
      return fromResolved(asStored('WorkOrder-1', revision, 1000n + BigInt(revision) * 200n, written))!;
    });
    expect(read[1]).toMatchObject({ eventId: 'cmd-1:1', streamId: 'WorkOrder-1', revision: 1, position: 1200, recordedAt, data: { to: 'p-1' } });
    expect(read[1]!.metadata).toEqual(events[1]!.metadata);
    expect(await verifyChain(read, { mode: 'per-stream' })).toEqual({ checked: 2 });
  });

  it('skips system events and keeps foreign events visible to verification', () => {
    const foreign = { id: 'a0000000-0000-4000-8000-000000000000', type: 'Imported', contentType: 'application/json', data: { x: 1 }, metadata: undefined };
    expect(fromResolved(asStored('$stats-1', 0, 5n, { ...foreign, type: '$statsCollected' } as ReturnType<typeof toEventData>))).toBeNull();
    const mapped = fromResolved(asStored('Legacy-1', 0, 5n, foreign as ReturnType<typeof toEventData>));
    expect(mapped).toMatchObject({ eventId: foreign.id, hash: '', recordedAt: '2026-03-01T08:30:01.000Z' });
  });
});
