import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { categoryOf, WrongExpectedVersionError, type EventStore, type RecordedEvent } from '@kuaige/eventsourcing';
import { InvalidAppendError } from './event-store.errors';
import { collect, eventually, ProjectionFailedError, sleep, testEvent, testEvents, uniqueCategory } from './event-store.fixtures';
import { verifyChain, type ChainMode } from './hash-chain';

// ---- One contract, every adapter ------------------------------------------------------------------
//
// The same behaviour is required of the embedded store and of EventStoreDB. Tests only touch streams
// of categories made up for the test and read $all after the head they saw, so they also hold on a
// shared EventStoreDB server that other clients write to.

export interface ContractSubject {
  readonly store: EventStore;
  /** How the adapter chains hashes: the whole log ('global') or each stream ('per-stream'). */
  readonly chain: ChainMode;
  dispose(): Promise<void>;
}

/**
 * Opens a fresh store for one test. Configure a page size of at most 10 events so that the paging
 * tests cross page boundaries.
 */
export type ContractFactory = () => Promise<ContractSubject>;

const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected the promise to reject');
};

export function describeEventStoreContract(name: string, open: ContractFactory): void {
  describe(`${name}: event store contract`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    let category: string;
    const stream = (id: string | number): string => `${category}-${id}`;

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
      category = uniqueCategory();
    });
    afterEach(async () => {
      await subject.dispose();
    });

    // ---- append and expected revisions ----

    describe('append', () => {
      it("'no_stream' creates a stream at revision 0 and refuses when the stream exists", async () => {
        const first = await store.append(stream(1), testEvents(2), 'no_stream');
        expect(first.nextRevision).toBe(1);
        const error = await rejection(store.append(stream(1), testEvents(1), 'no_stream'));
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamId: stream(1), expected: 'no_stream', actual: 1 });
      });

      it('an exact revision appends when it is the current one and refuses otherwise', async () => {
        await store.append(stream(1), testEvents(1), 'no_stream');
        const second = await store.append(stream(1), testEvents(2), 0);
        expect(second.nextRevision).toBe(2);
        const stale = await rejection(store.append(stream(1), testEvents(1), 0));
        expect(stale).toBeInstanceOf(WrongExpectedVersionError);
        expect(stale).toMatchObject({ expected: 0, actual: 2 });
        const missing = await rejection(store.append(stream(2), testEvents(1), 0));
        expect(missing).toMatchObject({ name: 'WrongExpectedVersionError', expected: 0, actual: 'no_stream' });
      });

      it("'stream_exists' refuses a missing stream and appends to an existing one", async () => {
        const missing = await rejection(store.append(stream(1), testEvents(1), 'stream_exists'));
        expect(missing).toBeInstanceOf(WrongExpectedVersionError);
        expect(missing).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
        await store.append(stream(1), testEvents(1), 'no_stream');
        expect((await store.append(stream(1), testEvents(1), 'stream_exists')).nextRevision).toBe(1);
      });

      it("'any' appends to missing and existing streams", async () => {
        expect((await store.append(stream(1), testEvents(1), 'any')).nextRevision).toBe(0);
        expect((await store.append(stream(1), testEvents(3), 'any')).nextRevision).toBe(3);
      });

      it('refuses bad input before writing: no events, duplicate ids, reserved stream ids, negative revisions', async () => {
        await expect(store.append(stream(1), [], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
        const twice = testEvent('WorkOrderNoted');
        await expect(store.append(stream(1), [twice, twice], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.append('$system', testEvents(1), 'any')).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.append(stream(1), testEvents(1), -1)).rejects.toBeInstanceOf(InvalidAppendError);
        expect(await store.readStream(stream(1))).toEqual([]);
      });

      it('is idempotent on event ids: the same append again returns the original result and writes nothing', async () => {
        const events = testEvents(2);
        const original = await store.append(stream(1), events, 'no_stream');
        expect(await store.append(stream(1), events, 'no_stream')).toEqual(original);
        expect(await store.append(stream(1), events, 'any')).toEqual(original);
        const read = await store.readStream(stream(1));
        expect(read.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      });

      it('keeps data and metadata exactly, with revision, position, recordedAt and hash', async () => {
        const event = testEvent('WorkOrderRequested', { title: '压缩机异响', parts: [{ sku: 'A-1', qty: 2 }], urgent: true, cost: 12.5, none: null });
        const result = await store.append(stream(1), [event], 'no_stream');
        const [read] = await store.readStream(stream(1));
        expect(read).toMatchObject({ eventId: event.eventId, streamId: stream(1), revision: 0, type: event.type, position: result.position });
        expect(read!.data).toEqual(event.data);
        expect(read!.metadata).toEqual(event.metadata);
        expect(new Date(read!.recordedAt).toISOString()).toBe(read!.recordedAt);
        expect(read!.hash).toMatch(/^[0-9a-f]{64}$/);
      });
    });

    // ---- readStream ----

    describe('readStream', () => {
      beforeEach(async () => {
        await store.append(stream(1), testEvents(5), 'no_stream');
      });

      it('reads forwards from the start, or from a revision, up to maxCount', async () => {
        expect((await store.readStream(stream(1))).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        expect((await store.readStream(stream(1), { fromRevision: 2 })).map((e) => e.revision)).toEqual([2, 3, 4]);
        expect((await store.readStream(stream(1), { fromRevision: 1, maxCount: 2 })).map((e) => e.revision)).toEqual([1, 2]);
      });

      it('reads backwards from the end, or from a revision, up to maxCount', async () => {
        expect((await store.readStream(stream(1), { direction: 'backwards' })).map((e) => e.revision)).toEqual([4, 3, 2, 1, 0]);
        expect((await store.readStream(stream(1), { direction: 'backwards', fromRevision: 2 })).map((e) => e.revision)).toEqual([2, 1, 0]);
        expect((await store.readStream(stream(1), { direction: 'backwards', maxCount: 1 })).map((e) => e.revision)).toEqual([4]);
      });

      it('reads a missing stream as empty', async () => {
        expect(await store.readStream(stream('missing'))).toEqual([]);
      });

      it('reads a stream longer than one page', async () => {
        await store.append(stream(2), testEvents(23), 'no_stream');
        expect((await store.readStream(stream(2))).map((e) => e.revision)).toEqual(Array.from({ length: 23 }, (_, i) => i));
      });
    });

    // ---- readAll and positions ----

    describe('readAll', () => {
      const other = (): string => `${category}x`;

      it('gives strictly increasing positions across streams, in commit order', async () => {
        const results = [];
        for (let i = 0; i < 6; i += 1) results.push(await store.append(stream(i % 3), testEvents(2), 'any'));
        const positions = results.map((r) => r.position);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
        expect(new Set(positions).size).toBe(positions.length);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(positions[positions.length - 1]!);
      });

      it('reads after a position, over several pages, filtered by category and by event-type prefix', async () => {
        const head = await store.headPosition();
        for (let i = 0; i < 10; i += 1) {
          await store.append(stream(i % 2), [testEvent('WorkOrderRequested', { i }), testEvent('PartReserved', { i })], 'any');
          await store.append(`${other()}-${i}`, [testEvent('WorkOrderRequested', { i })], 'any');
        }
        const mine = await collect(store.readAll({ after: head, filter: { categories: [category] } }));
        expect(mine).toHaveLength(20);
        expect(mine.every((e) => categoryOf(e.streamId) === category)).toBe(true);
        const positions = mine.map((e) => e.position);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);

        const both = await collect(store.readAll({ after: head, filter: { categories: [category, other()] } }));
        expect(both).toHaveLength(30);

        const requested = await collect(store.readAll({ after: head, filter: { categories: [category, other()], eventTypePrefixes: ['WorkOrder'] } }));
        expect(requested).toHaveLength(20);
        expect(requested.every((e) => e.type === 'WorkOrderRequested')).toBe(true);

        const later = await collect(store.readAll({ after: positions[9], filter: { categories: [category] } }));
        expect(later.map((e) => e.position)).toEqual(positions.slice(10));

        const limited = await collect(store.readAll({ after: head, maxCount: 13, filter: { categories: [category] } }));
        expect(limited.map((e) => e.position)).toEqual(positions.slice(0, 13));
      });

      it('reads everything after a position without a filter', async () => {
        const head = await store.headPosition();
        const appended = await store.append(stream(1), testEvents(12), 'no_stream');
        const all = await collect(store.readAll({ after: head }));
        const mine = all.filter((e) => e.streamId === stream(1));
        expect(mine.map((e) => e.revision)).toEqual(Array.from({ length: 12 }, (_, i) => i));
        expect(mine[mine.length - 1]!.position).toBe(appended.position);
      });
    });

    // ---- concurrency ----

    describe('concurrent appends', () => {
      it('lets exactly one of several writers with the same expected revision win', async () => {
        await store.append(stream(1), testEvents(1), 'no_stream');
        const racers = await Promise.allSettled(Array.from({ length: 8 }, () => store.append(stream(1), testEvents(1), 0)));
        expect(racers.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of racers) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(WrongExpectedVersionError);
        expect(await store.readStream(stream(1))).toHaveLength(2);
      });

      it('commits concurrent appends to many streams, each with its own position', async () => {
        const results = await Promise.all(Array.from({ length: 64 }, (_, i) => store.append(stream(i), testEvents(2), 'no_stream')));
        expect(results.every((r) => r.nextRevision === 1)).toBe(true);
        expect(new Set(results.map((r) => r.position)).size).toBe(64);
        const lengths = await Promise.all(results.map((_, i) => store.readStream(stream(i)).then((events) => events.length)));
        expect(lengths).toEqual(Array.from({ length: 64 }, () => 2));
      });
    });

    // ---- subscriptions ----

    describe('subscribeToAll', () => {
      it('delivers history, then goes live and delivers new events', async () => {
        const head = await store.headPosition();
        await store.append(stream(1), testEvents(3), 'no_stream');
        const seen: string[] = [];
        const subscription = store.subscribeToAll((e) => void seen.push(`${e.streamId}@${e.revision}`), {
          after: head,
          filter: { categories: [category] },
          onLive: () => void seen.push('live'),
        });
        try {
          await eventually(() => seen.includes('live'), 'the subscription to go live');
          await store.append(stream(2), testEvents(2), 'no_stream');
          await eventually(() => seen.length === 6, 'two live events');
          expect(seen).toEqual([`${stream(1)}@0`, `${stream(1)}@1`, `${stream(1)}@2`, 'live', `${stream(2)}@0`, `${stream(2)}@1`]);
        } finally {
          await subscription.stop();
        }
      });

      it('awaits the handler before the next event (back-pressure), keeping order', async () => {
        const head = await store.headPosition();
        await store.append(stream(1), testEvents(3), 'no_stream');
        const positions: number[] = [];
        let inFlight = 0;
        let maxInFlight = 0;
        const subscription = store.subscribeToAll(
          async (e) => {
            inFlight += 1;
            maxInFlight = Math.max(maxInFlight, inFlight);
            await sleep(15);
            positions.push(e.position);
            inFlight -= 1;
          },
          { after: head, filter: { categories: [category] } },
        );
        try {
          await store.append(stream(2), testEvents(3), 'no_stream');
          await eventually(() => positions.length === 6, 'six events');
          expect(maxInFlight).toBe(1);
          expect([...positions].sort((a, b) => a - b)).toEqual(positions);
        } finally {
          await subscription.stop();
        }
      });

      it('delivers only what the filter selects', async () => {
        const head = await store.headPosition();
        const received: RecordedEvent[] = [];
        const subscription = store.subscribeToAll((e) => void received.push(e), {
          after: head,
          filter: { categories: [category], eventTypePrefixes: ['Part'] },
        });
        try {
          await store.append(stream(1), [testEvent('WorkOrderRequested'), testEvent('PartReserved'), testEvent('PartIssued')], 'no_stream');
          await store.append(`${category}x-1`, [testEvent('PartReserved')], 'no_stream');
          await eventually(() => received.length === 2, 'the two part events');
          await sleep(50);
          expect(received.map((e) => e.type)).toEqual(['PartReserved', 'PartIssued']);
        } finally {
          await subscription.stop();
        }
      });

      it('reports checkpoints past events the filter left out', async () => {
        const head = await store.headPosition();
        const checkpoints: number[] = [];
        const received: RecordedEvent[] = [];
        const subscription = store.subscribeToAll((e) => void received.push(e), {
          after: head,
          filter: { categories: [`${category}nothing`] },
          onCheckpoint: (position) => void checkpoints.push(position),
        });
        try {
          // 64 events: EventStoreDB sends a filtered checkpoint every 32 events considered.
          for (let i = 0; i < 8; i += 1) await store.append(stream(i), testEvents(8), 'no_stream');
          await eventually(() => checkpoints.some((p) => p > head), 'a checkpoint past the skipped events');
          expect([...checkpoints].sort((a, b) => a - b)).toEqual(checkpoints);
          expect(received).toEqual([]);
        } finally {
          await subscription.stop();
        }
      });

      it('delivers nothing after stop() and resolves done', async () => {
        const head = await store.headPosition();
        const received: RecordedEvent[] = [];
        let live = false;
        const subscription = store.subscribeToAll((e) => void received.push(e), {
          after: head,
          filter: { categories: [category] },
          onLive: () => (live = true),
        });
        await eventually(() => live, 'the subscription to go live');
        await subscription.stop();
        await store.append(stream(1), testEvents(2), 'no_stream');
        await sleep(100);
        expect(received).toEqual([]);
        await expect(subscription.done).resolves.toBeUndefined();
      });

      it('stops with the error a handler throws', async () => {
        const head = await store.headPosition();
        const subscription = store.subscribeToAll(
          () => {
            throw new ProjectionFailedError();
          },
          { after: head, filter: { categories: [category] } },
        );
        await store.append(stream(1), testEvents(1), 'no_stream');
        await expect(subscription.done).rejects.toThrow(ProjectionFailedError);
      });
    });

    // ---- hash chain ----

    describe('hash chain', () => {
      it('stores a hash with every event, and the chain verifies', async () => {
        await store.append(stream(1), testEvents(3), 'no_stream');
        await store.append(stream(2), testEvents(2), 'no_stream');
        await store.append(stream(1), testEvents(2), 2);
        if (subject.chain === 'global') {
          const all = await collect(store.readAll());
          expect(await verifyChain(all, { mode: 'global' })).toEqual({ checked: all.length });
        } else {
          for (const [id, length] of [[1, 5], [2, 2]] as const) {
            expect(await verifyChain(await store.readStream(stream(id)), { mode: 'per-stream' })).toEqual({ checked: length });
          }
        }
      });
    });
  });
}
