import { Metadata, Server, ServerCredentials, status, type ServerWritableStream, type ServiceError } from '@grpc/grpc-js';
import { AccessDeniedError, CancelledError, UnavailableError } from '@eventstore/db-client';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { toEventData } from './eventstoredb.envelope';
import { EventStoreDbEventStore } from './eventstoredb.event-store';
import { eventually, ProjectionFailedError, sleep, testEvent } from './event-store.fixtures';

// EventStoreDB cannot run on this machine, and the resubscribe logic is the part of the adapter most
// likely to be wrong. So the real client talks gRPC to a stand-in for the server's Streams.Read call
// that plays scripted sessions: events, checkpoints, caughtUp, and the ways a server ends a stream
// (cancelled on shutdown or leader change, unavailable, access denied). It is no substitute for the
// contract suite against a real server (eventstoredb.event-store.int.spec.ts).

type Call = ServerWritableStream<ReadReq, ReadResp>;

interface StoredEvent {
  readonly commit: bigint;
  readonly streamId: string;
  readonly revision: number;
  readonly written: ReturnType<typeof toEventData>;
}

const log: StoredEvent[] = Array.from({ length: 6 }, (_, i) => ({
  commit: 1000n + BigInt(i) * 100n,
  streamId: `WorkOrder-${i % 2}`,
  revision: Math.floor(i / 2),
  written: toEventData(testEvent('WorkOrderNoted', { i }, `cmd-${i}:0`), { recordedAt: '2026-03-01T08:30:00.000Z', hash: 'h'.repeat(64) }),
}));

const eventMessage = (e: StoredEvent): ReadResp => {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(e.written.id))
    .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(e.streamId)))
    .setStreamRevision(String(e.revision))
    .setPreparePosition(String(e.commit))
    .setCommitPosition(String(e.commit))
    .setData(Buffer.from(JSON.stringify(e.written.data)))
    .setCustomMetadata(Buffer.from(JSON.stringify(e.written.metadata)));
  recorded.getMetadataMap().set('type', e.written.type).set('content-type', 'application/json').set('created', '638000000000000000');
  return new ReadResp().setEvent(new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(String(e.commit)));
};
const checkpointMessage = (commit: bigint): ReadResp =>
  new ReadResp().setCheckpoint(new ReadResp.Checkpoint().setCommitPosition(String(commit)).setPreparePosition(String(commit)));
const caughtUpMessage = (): ReadResp => new ReadResp().setCaughtUp(new ReadResp.CaughtUp());
// How a grpc-js server ends a call with a status (call.destroy(error) would not send it).
const fail = (call: Call, code: status, details: string, exception?: string): void => {
  const metadata = new Metadata();
  if (exception) metadata.set('exception', exception); // how EventStoreDB names its own refusals
  call.emit('error', { code, details, metadata } satisfies Partial<ServiceError>);
};

/** Where a subscription asked to start: 'start' or the commit position. */
const startOf = (call: Call): string => {
  const all = call.request.getOptions()?.getAll();
  return all?.hasPosition() ? all.getPosition()!.getCommitPosition() : 'start';
};
const eventsAfter = (from: string): StoredEvent[] => log.filter((e) => from === 'start' || e.commit > BigInt(from));

describe('EventStoreDB subscription (real client, stand-in server)', () => {
  let server: Server;
  let url: string;
  let sessions: ((call: Call) => void)[];
  let starts: string[];
  let store: EventStoreDbEventStore;

  beforeEach(async () => {
    sessions = [];
    starts = [];
    server = new Server();
    server.addService(StreamsService, {
      read: (call: Call) => {
        const options = call.request.getOptions()!;
        if (!options.hasSubscription()) {
          // headPosition(): a backwards read of $all from the end, one page.
          for (const e of [...log].reverse().slice(0, Number(options.getCount()))) call.write(eventMessage(e));
          call.end();
          return;
        }
        starts.push(startOf(call));
        call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId('s')));
        const session = sessions.shift();
        if (session) session(call);
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    url = `esdb://127.0.0.1:${port}?tls=false`;
    store = EventStoreDbEventStore.connect(url, { reconnectDelayMs: 10 });
  });

  afterEach(async () => {
    await store.close();
    server.forceShutdown();
  });

  it.each([
    ['cancels the stream (shutdown, leader change)', status.CANCELLED, CancelledError],
    ['becomes unavailable', status.UNAVAILABLE, UnavailableError],
  ])('resubscribes from the last delivered position when the server %s, delivering each event once', async (_, code, errorClass) => {
    sessions.push((call) => {
      for (const e of log.slice(0, 3)) call.write(eventMessage(e));
      setTimeout(() => fail(call, code, 'server going away'), 50);
    });
    sessions.push((call) => {
      for (const e of eventsAfter(startOf(call))) call.write(eventMessage(e));
      call.write(caughtUpMessage());
    });
    const received: number[] = [];
    const drops: Error[] = [];
    const subscription = store.subscribeToAll((e) => void received.push(e.position), { onDrop: (e) => void drops.push(e) });
    await eventually(() => received.length === 6, 'six events');
    await sleep(30);
    expect(received).toEqual(log.map((e) => Number(e.commit)));
    expect(starts).toEqual(['start', String(log[2]!.commit)]);
    expect(drops).toHaveLength(1);
    expect(drops[0]).toBeInstanceOf(errorClass);
    await subscription.stop();
    await expect(subscription.done).resolves.toBeUndefined();
  });

  it('starts after the given position and skips what the server repeats', async () => {
    sessions.push((call) => {
      for (const e of log) call.write(eventMessage(e)); // a server that ignores the start position
    });
    const received: RecordedEvent[] = [];
    const subscription = store.subscribeToAll((e) => void received.push(e), { after: Number(log[3]!.commit) });
    await eventually(() => received.length === 2, 'two events');
    await sleep(30);
    expect(starts).toEqual([String(log[3]!.commit)]);
    expect(received.map((e) => e.eventId)).toEqual(['cmd-4:0', 'cmd-5:0']);
    await subscription.stop();
  });

  it('reports a checkpoint, and goes live, only after the events before them were handled', async () => {
    sessions.push((call) => {
      for (const e of log.slice(0, 3)) call.write(eventMessage(e));
      call.write(checkpointMessage(log[2]!.commit + 50n));
      call.write(caughtUpMessage());
    });
    const seen: string[] = [];
    const subscription = store.subscribeToAll(
      async (e) => {
        await sleep(20);
        seen.push(`event ${e.position}`);
      },
      { onCheckpoint: (p) => void seen.push(`checkpoint ${p}`), onLive: () => void seen.push('live') },
    );
    await eventually(() => seen.includes('live'), 'live');
    expect(seen).toEqual(['event 1000', 'event 1100', 'event 1200', 'checkpoint 1250', 'live']);
    await subscription.stop();
  });

  it('resubscribes from a checkpoint past filtered-out events', async () => {
    sessions.push((call) => {
      call.write(checkpointMessage(log[4]!.commit));
      setTimeout(() => fail(call, status.CANCELLED, 'leader changed'), 30);
    });
    sessions.push((call) => call.write(caughtUpMessage()));
    const checkpoints: number[] = [];
    const subscription = store.subscribeToAll(() => undefined, { filter: { categories: ['Nothing'] }, onCheckpoint: (p) => void checkpoints.push(p) });
    await eventually(() => starts.length === 2, 'a second subscription');
    expect(checkpoints).toEqual([Number(log[4]!.commit)]);
    expect(starts).toEqual(['start', String(log[4]!.commit)]);
    await subscription.stop();
  });

  it('stops with the error when the server refuses the subscription', async () => {
    sessions.push((call) => fail(call, status.PERMISSION_DENIED, 'access denied', 'access-denied'));
    const drops: Error[] = [];
    const subscription = store.subscribeToAll(() => undefined, { onDrop: (e) => void drops.push(e) });
    await expect(subscription.done).rejects.toBeInstanceOf(AccessDeniedError);
    expect(drops).toEqual([]);
  });

  it('stops with the error its handler throws, without resubscribing', async () => {
    sessions.push((call) => call.write(eventMessage(log[0]!)));
    const subscription = store.subscribeToAll(() => {
      throw new ProjectionFailedError();
    });
    await expect(subscription.done).rejects.toThrow(ProjectionFailedError);
    expect(starts).toEqual(['start']);
  });
});
