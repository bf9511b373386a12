// The bulk generator's in-memory log over the embedded store: appends are checked as the store checks
// them and read back before they are committed; a flush commits them in one transaction at the
// positions promised; an order's streams known new need no look-up; a writer that slipped in between
// is detected at the flush, not silently interleaved.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WrongExpectedVersionError } from '@kuaige/eventsourcing';
import { EmbeddedSqliteEventStore } from '../event-store/embedded-sqlite.event-store';
import { collect, testEvents } from '../event-store/event-store.fixtures';
import { verifyChain } from '../event-store/hash-chain';
import { BulkEventLog, BulkWriteConflict } from './bulk-event-log';

describe('the bulk event log', () => {
  let dir: string;
  let store: EmbeddedSqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kuaige-bulk-log-'));
    store = new EmbeddedSqliteEventStore(join(dir, 'events.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks expected revisions, answers a repeat as the original, reads its own appends and commits them in one transaction', async () => {
    await store.append('Device-1', testEvents(2), 'no_stream');
    const log = await BulkEventLog.over(store, ['WorkOrder']);
    const first = testEvents(2);
    expect(await log.append('WorkOrder-1', first, 'no_stream')).toEqual({ nextRevision: 1, position: 4 });
    expect(await log.append('WorkOrder-1', first, 'no_stream')).toEqual({ nextRevision: 1, position: 4 });
    await expect(log.append('WorkOrder-1', testEvents(1), 0)).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(await log.append('Device-1', testEvents(1), 1)).toEqual({ nextRevision: 2, position: 5 });
    expect((await log.readStream('Device-1')).map((e) => e.revision)).toEqual([0, 1, 2]);
    expect(log.unflushed('WorkOrder-1').map((e) => e.eventId)).toEqual(first.map((e) => e.eventId));
    expect(await store.headPosition()).toBe(2);

    const transactions = store.transactions;
    expect(await log.flush()).toBe(3);
    expect(store.transactions - transactions).toBe(1);
    expect((await store.readStream('WorkOrder-1')).map((e) => [e.position, e.eventId])).toEqual(first.map((e, i) => [3 + i, e.eventId]));
    expect(await verifyChain(store.readAll(), { mode: 'global' })).toEqual({ checked: 5 });
    // Committed: nothing is unflushed, and the order's stream is remembered as existing, not kept.
    expect(log.unflushed('WorkOrder-1')).toEqual([]);
    await expect(log.append('WorkOrder-1', testEvents(1), 'no_stream')).rejects.toBeInstanceOf(WrongExpectedVersionError);
  });

  it('refuses to flush when another writer appended meanwhile', async () => {
    const log = await BulkEventLog.over(store, ['WorkOrder']);
    await log.append('WorkOrder-1', testEvents(1), 'no_stream');
    await store.append('Device-9', testEvents(1), 'no_stream');
    await expect(log.flush()).rejects.toBeInstanceOf(BulkWriteConflict);
    expect((await collect(store.readAll())).map((e) => e.streamId)).toEqual(['Device-9', 'WorkOrder-1']);
  });

  it('knows a stream of a transient category the store holds, from the ids it read at the start', async () => {
    await store.append('WorkOrder-7', testEvents(1), 'no_stream');
    const log = await BulkEventLog.over(store, ['WorkOrder']);
    expect(await log.readStream('WorkOrder-7')).toHaveLength(1);
    await expect(log.append('WorkOrder-7', testEvents(1), 'no_stream')).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(await log.readStream('WorkOrder-8')).toEqual([]);
  });
});
