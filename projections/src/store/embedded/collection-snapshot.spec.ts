import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCollectionSnapshot, saveCollectionSnapshot, SnapshotFormatError } from './collection-snapshot';
import { EmbeddedReadModelStore } from './embedded-read-model-store';

describe('collection snapshots (JSON lines)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kuaige-snapshot-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('saves documents and index declarations and loads them back, dates included', async () => {
    const source = new EmbeddedReadModelStore();
    const rows = source.collection('work_orders');
    await rows.ensureIndexes([{ name: 'tenants_updated', key: { 'scope.tenants': 1, updatedAt: -1 } }]);
    const at = new Date('2026-03-01T08:00:00Z');
    await rows.bulkWrite(
      Array.from({ length: 2500 }, (_, i) => ({
        insertOne: { document: { _id: `w${i}`, scope: { tenants: [`T${i % 3}`] }, updatedAt: i, at, note: 'line\nbreak' } },
      })),
    );
    const file = join(dir, 'work_orders.jsonl');
    expect(await saveCollectionSnapshot(source, 'work_orders', file)).toBe(2500);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(2502);

    const target = new EmbeddedReadModelStore();
    await target.collection('work_orders').bulkWrite([{ insertOne: { document: { _id: 'stale' } } }]);
    expect(await loadCollectionSnapshot(target, 'work_orders', file)).toBe(2500);
    const loaded = target.collection('work_orders');
    expect(await loaded.listIndexes()).toEqual(['tenants_updated']);
    expect(await loaded.findOne({ _id: 'w7' })).toEqual({ _id: 'w7', scope: { tenants: ['T1'] }, updatedAt: 7, at, note: 'line\nbreak' });
    expect(await loaded.findOne({ _id: 'stale' })).toBeNull();
    expect(await target.listCollections()).toEqual(['work_orders']);
    expect(loaded.query({ 'scope.tenants': 'T2' }, { sort: { updatedAt: -1 }, limit: 1 }).plan.kind).toBe('index-order');
  });

  it('refuses a file that is not a snapshot, leaving the collection as it was', async () => {
    const store = new EmbeddedReadModelStore();
    await store.collection('c').bulkWrite([{ insertOne: { document: { _id: 'kept' } } }]);
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"hello":"world"}\n');
    await expect(loadCollectionSnapshot(store, 'c', file)).rejects.toBeInstanceOf(SnapshotFormatError);
    expect(await store.collection('c').count()).toBe(1);
    expect(await store.listCollections()).toEqual(['c']);
  });
});
