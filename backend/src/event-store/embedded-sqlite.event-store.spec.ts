import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { WrongExpectedVersionError, type RecordedEvent } from '@kuaige/eventsourcing';
import { describeEventStoreContract } from './event-store.contract';
import { EmbeddedSqliteEventStore, type EmbeddedSqliteOptions } from './embedded-sqlite.event-store';
import { EventIdConflictError, EventStoreClosedError, EventStoreSchemaError } from './event-store.errors';
import { collect, eventually, testEvent, testEvents } from './event-store.fixtures';
import { verifyChain } from './hash-chain';

const dirs: string[] = [];
const tempFile = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'kuaige-es-'));
  dirs.push(dir);
  return join(dir, 'events.sqlite');
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const smallPages: EmbeddedSqliteOptions = { pageSize: 7, scanWindow: 16, pollIntervalMs: 20 };

describeEventStoreContract('embedded SQLite', async () => {
  const store = new EmbeddedSqliteEventStore(tempFile(), smallPages);
  return { store, chain: 'global', dispose: () => store.close() };
});

describe('embedded SQLite event store', () => {
  let file: string;
  let store: EmbeddedSqliteEventStore;
  const others: EmbeddedSqliteEventStore[] = [];
  beforeEach(() => {
    file = tempFile();
    store = new EmbeddedSqliteEventStore(file, smallPages);
  });
  afterEach(async () => {
    await store.close();
    for (const other of others.splice(0)) await other.close();
  });
  const reopen = (options: EmbeddedSqliteOptions = smallPages): EmbeddedSqliteEventStore => {
    const other = new EmbeddedSqliteEventStore(file, options);
    others.push(other);
    return other;
  };

  it('runs in WAL mode with synchronous=FULL', () => {
    expect(store.durability()).toEqual({ journalMode: 'wal', synchronous: 'FULL' });
  });

  it('keeps every appended event across close and reopen, and continues the positions and the chain', async () => {
    const first = await store.append('WorkOrder-1', testEvents(3), 'no_stream');
    await store.append('Part-1', testEvents(2), 'no_stream');
    const before = await collect(store.readAll());
    await store.close();

    store = new EmbeddedSqliteEventStore(file, smallPages);
    expect(await collect(store.readAll())).toEqual(before);
    expect(await store.headPosition()).toBe(5);
    expect((await store.append('WorkOrder-1', testEvents(1), first.nextRevision)).position).toBe(6);
    expect(await verifyChain(store.readAll(), { mode: 'global' })).toEqual({ checked: 6 });
  });

  it('commits the appends already accepted when closed, and refuses new ones afterwards', async () => {
    const pending = store.append('WorkOrder-1', testEvents(1), 'no_stream');
    await store.close();
    await expect(pending).resolves.toEqual({ nextRevision: 0, position: 1 });
    await expect(store.append('WorkOrder-1', testEvents(1), 'any')).rejects.toBeInstanceOf(EventStoreClosedError);
    store = reopen();
    expect(await store.readStream('WorkOrder-1')).toHaveLength(1);
  });

  describe('group commit', () => {
    it('commits appends that arrive together in one transaction', async () => {
      const before = store.transactions;
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => store.append(`WorkOrder-${i}`, testEvents(1), 'no_stream')));
      expect(store.transactions - before).toBe(1);
      expect(results.map((r) => r.position).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    });

    it('fails only the append whose expected revision is wrong, not the rest of its batch', async () => {
      await store.append('WorkOrder-1', testEvents(1), 'no_stream');
      const before = store.transactions;
      const [ok1, wrong, ok2] = await Promise.allSettled([
        store.append('WorkOrder-2', testEvents(1), 'no_stream'),
        store.append('WorkOrder-1', testEvents(1), 5),
        store.append('WorkOrder-1', testEvents(1), 0),
      ]);
      expect(store.transactions - before).toBe(1);
      expect(ok1).toMatchObject({ status: 'fulfilled', value: { nextRevision: 0, position: 2 } });
      expect(wrong).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedVersionError) });
      expect(ok2).toMatchObject({ status: 'fulfilled', value: { nextRevision: 1, position: 3 } });
      expect(await verifyChain(store.readAll(), { mode: 'global' })).toEqual({ checked: 3 });
    });

    it('caps a batch at maxBatchEvents', async () => {
      const capped = reopen({ ...smallPages, maxBatchEvents: 10 });
      await Promise.all(Array.from({ length: 25 }, (_, i) => capped.append(`WorkOrder-${i}`, testEvents(2), 'no_stream')));
      expect(capped.transactions).toBe(5);
    });
  });

  describe('batch append (bulk loads)', () => {
    it('commits many streams in one transaction past maxBatchEvents, each append checked as append checks it, the chain intact', async () => {
      const capped = reopen({ ...smallPages, maxBatchEvents: 10 });
      await capped.append('WorkOrder-0', testEvents(1), 'no_stream');
      const repeated = testEvents(2);
      await capped.append('WorkOrder-r', repeated, 'no_stream');
      const before = capped.transactions;
      const appends = Array.from({ length: 40 }, (_, i) => ({ streamId: `WorkOrder-${i + 1}`, events: testEvents(2), expected: 'no_stream' as const }));
      const results = await capped.appendBatch([
        ...appends.slice(0, 20),
        { streamId: 'WorkOrder-0', events: testEvents(1), expected: 7 },
        { streamId: 'WorkOrder-r', events: repeated, expected: 'no_stream' },
        { streamId: '$system', events: testEvents(1), expected: 'any' },
        ...appends.slice(20),
      ]);
      expect(capped.transactions - before).toBe(1);
      const fulfilled = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
      // Positions follow the order of the batch; the repeat answers as the original did.
      expect(fulfilled.map((r) => r.position)).toEqual([...Array.from({ length: 20 }, (_, i) => 5 + 2 * i), 3, ...Array.from({ length: 20 }, (_, i) => 45 + 2 * i)]);
      expect(results[20]).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedVersionError) });
      expect(results[22]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ name: 'InvalidAppendError' }) });
      expect(await capped.headPosition()).toBe(83);
      expect(await verifyChain(capped.readAll(), { mode: 'global' })).toEqual({ checked: 83 });
    });

    it('lists the stream ids of a category', async () => {
      await store.append('WorkOrder-1', testEvents(2), 'no_stream');
      await store.append('Device-1', testEvents(1), 'no_stream');
      await store.append('WorkOrder-2', testEvents(1), 'no_stream');
      expect([...(await store.streamIdsOf('WorkOrder'))].sort()).toEqual(['WorkOrder-1', 'WorkOrder-2']);
    });
  });

  describe('idempotency', () => {
    it('treats a retry in the same batch as the original append', async () => {
      const events = testEvents(2);
      const [a, b] = await Promise.all([store.append('WorkOrder-1', events, 'no_stream'), store.append('WorkOrder-1', events, 'no_stream')]);
      expect(b).toEqual(a);
      expect(await store.readStream('WorkOrder-1')).toHaveLength(2);
    });

    it('returns the original result for a retry whose expected revision is now stale', async () => {
      const events = testEvents(2);
      const original = await store.append('WorkOrder-1', events, 'no_stream');
      await store.append('WorkOrder-1', testEvents(1), 1);
      expect(await store.append('WorkOrder-1', events, 'no_stream')).toEqual(original);
      expect(await store.readStream('WorkOrder-1')).toHaveLength(3);
    });

    it("answers a one-event retry with 'any' from the stored event, in a batch with other appends", async () => {
      const [event] = testEvents(1);
      const original = await store.append('WorkOrder-1', [event!], 'any');
      const [retry, other] = await Promise.all([store.append('WorkOrder-1', [event!], 'any'), store.append('WorkOrder-2', testEvents(1), 'any')]);
      expect(retry).toEqual(original);
      expect(other).toEqual({ nextRevision: 0, position: 2 });
      expect(await verifyChain(store.readAll(), { mode: 'global' })).toEqual({ checked: 2 });
    });

    it('refuses a partial overlap of event ids, naming where the stored ones are', async () => {
      const [a, b] = testEvents(2);
      await store.append('WorkOrder-1', [a!], 'no_stream');
      const error = await store.append('WorkOrder-1', [a!, b!], 'any').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventIdConflictError);
      expect(error).toMatchObject({ conflicts: [{ eventId: a!.eventId, streamId: 'WorkOrder-1', revision: 0 }] });
      expect(await store.readStream('WorkOrder-1')).toHaveLength(1);
    });

    it('refuses the same event ids in another stream', async () => {
      const events = testEvents(1);
      await store.append('WorkOrder-1', events, 'no_stream');
      await expect(store.append('WorkOrder-2', events, 'no_stream')).rejects.toBeInstanceOf(EventIdConflictError);
      expect(await store.readStream('WorkOrder-2')).toEqual([]);
    });
  });

  describe('reading', () => {
    it('yields to the event loop between pages of readAll', async () => {
      await store.append('WorkOrder-1', testEvents(40), 'no_stream');
      let ticks = 0;
      let reading = true;
      const tick = (): void => {
        ticks += 1;
        if (reading) setImmediate(tick);
      };
      setImmediate(tick);
      const seenTicks: number[] = [];
      for await (const event of store.readAll()) if (event.revision % 7 === 0) seenTicks.push(ticks);
      reading = false;
      expect(seenTicks).toHaveLength(6);
      expect(new Set(seenTicks).size).toBeGreaterThan(1);
    });

    it('finds filtered events far apart, page window after page window', async () => {
      await store.append('Part-1', testEvents(1, 'PartReserved'), 'no_stream');
      for (let i = 0; i < 5; i += 1) await store.append(`WorkOrder-${i}`, testEvents(20), 'no_stream');
      await store.append('Part-2', testEvents(1, 'PartReserved'), 'no_stream');
      const byCategory = await collect(store.readAll({ filter: { categories: ['Part'] } }));
      expect(byCategory.map((e) => e.position)).toEqual([1, 102]);
      const byType = await collect(store.readAll({ filter: { eventTypePrefixes: ['Part'] } }));
      expect(byType.map((e) => e.position)).toEqual([1, 102]);
      expect(await collect(store.readAll({ filter: { eventTypePrefixes: ['Unknown'] } }))).toEqual([]);
    });

    it('refuses a file written by a newer schema', async () => {
      const db = new DatabaseSync(file);
      db.exec('PRAGMA user_version = 99');
      db.close();
      expect(() => new EmbeddedSqliteEventStore(file)).toThrow(EventStoreSchemaError);
    });
  });

  describe('subscriptions', () => {
    it('checkpoints at the head when every event was filtered out', async () => {
      for (let i = 0; i < 6; i += 1) await store.append(`WorkOrder-${i}`, testEvents(10), 'no_stream');
      const checkpoints: number[] = [];
      let live = false;
      const subscription = store.subscribeToAll(() => undefined, {
        filter: { categories: ['Nothing'] },
        onCheckpoint: (p) => void checkpoints.push(p),
        onLive: () => (live = true),
      });
      await eventually(() => live, 'live');
      expect(checkpoints[checkpoints.length - 1]).toBe(60);
      expect([...checkpoints].sort((a, b) => a - b)).toEqual(checkpoints);
      await subscription.stop();
    });

    it('sees writes made through another store instance on the same file (another process)', async () => {
      const received: RecordedEvent[] = [];
      const subscription = store.subscribeToAll((e) => void received.push(e));
      const writer = reopen();
      await writer.append('WorkOrder-1', testEvents(2), 'no_stream');
      await eventually(() => received.length === 2, 'the other instance\'s events', 2000);
      expect(received.map((e) => e.streamId)).toEqual(['WorkOrder-1', 'WorkOrder-1']);
      await subscription.stop();
    });

    it('is stopped by close()', async () => {
      const subscription = store.subscribeToAll(() => undefined);
      await store.close();
      await expect(subscription.done).resolves.toBeUndefined();
      store = reopen();
    });
  });

  describe('tamper evidence', () => {
    it('names exactly the event whose stored data had one byte changed in the file', async () => {
      await store.append('WorkOrder-1', [testEvent('WorkOrderRequested', { title: 'pump', amount: 120 })], 'no_stream');
      await store.append('WorkOrder-2', [testEvent('WorkOrderRequested', { title: 'valve', amount: 340 })], 'no_stream');
      await store.append('WorkOrder-1', [testEvent('WorkOrderClosed', { title: 'done', amount: 0 })], 0);
      const target = (await store.readStream('WorkOrder-2'))[0]!;
      expect(await verifyChain(store.readAll(), { mode: 'global' })).toEqual({ checked: 3 });

      const tamper = new DatabaseSync(file);
      const stored = String(tamper.prepare('SELECT data FROM events WHERE position = ?').get(target.position)?.data);
      const changed = stored.replace('340', '840');
      expect(Buffer.from(changed).length).toBe(Buffer.from(stored).length);
      expect([...Buffer.from(changed)].filter((byte, i) => byte !== Buffer.from(stored)[i])).toHaveLength(1);
      tamper.prepare('UPDATE events SET data = ? WHERE position = ?').run(changed, target.position);
      tamper.close();

      const result = await verifyChain(store.readAll(), { mode: 'global' });
      expect(result).toEqual({
        checked: 1,
        firstBroken: { position: target.position, eventId: target.eventId, streamId: 'WorkOrder-2', expected: expect.any(String), actual: target.hash },
      });
      expect(result.firstBroken!.expected).not.toBe(target.hash);
    });
  });
});
