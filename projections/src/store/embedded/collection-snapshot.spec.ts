import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCollectionSnapshot, loadStoreSnapshot, saveCollectionSnapshot, saveStoreSnapshot, SnapshotFormatError } from './collection-snapshot';
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
    const lines = readFileSync(file, 'utf8').split('\n');
    // Header, one line per document, then the index section (one index: its line and its entries).
    expect(lines.slice(1, 2501).every((line) => line.startsWith('{"_id":'))).toBe(true);
    expect(lines.slice(2501)).toEqual(['#indexes', expect.stringContaining('"index":"tenants_updated"'), expect.any(String), '']);

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

  it('puts the indexes back as they were: same answers and plans as the saved collection, odd keys and reused slots included', async () => {
    const source = new EmbeddedReadModelStore();
    const rows = source.collection('orders');
    await rows.ensureIndexes([{ name: 'by_at', key: { at: -1 } }, { name: 'by_status', key: { status: 1, at: -1 } }], { scoped: true });
    const doc = (i: number) => ({
      _id: `o${i}`,
      status: ['open', 'done', 'closed'][i % 3],
      at: i % 7 === 0 ? new Date(Date.UTC(2026, 0, 1 + (i % 28))) : `2026-02-${String(1 + (i % 28)).padStart(2, '0')}`,
      // Arrays of documents and nested arrays are kept as explicit tuples in the index.
      scope: { tenants: i % 5 === 0 ? [{ t: 'x' }, ['T9']] : [`T${i % 4}`, `T${(i + 1) % 4}`], regions: ['440305', '4403', '44', 'CN'].slice(i % 3) },
    });
    await rows.bulkWrite(Array.from({ length: 3000 }, (_, i) => ({ insertOne: { document: doc(i) } })));
    // Deletes free slots that later inserts reuse, so slots and the file's row order differ.
    await rows.bulkWrite([{ deleteMany: { filter: { status: 'done', at: { $lt: '2026-02-10' } } } }]);
    await rows.bulkWrite(Array.from({ length: 400 }, (_, i) => ({ replaceOne: { filter: { _id: `n${i}` }, replacement: doc(5000 + i), upsert: true } })));
    const file = join(dir, 'orders.jsonl');
    const saved = await saveCollectionSnapshot(source, 'orders', file);
    const target = new EmbeddedReadModelStore();
    expect(await loadCollectionSnapshot(target, 'orders', file)).toBe(saved);
    const loaded = target.collection('orders');
    expect(await loaded.listIndexes()).toEqual(await rows.listIndexes());
    const pages: [Record<string, unknown>, Record<string, 1 | -1>][] = [
      [{ 'scope.regions': '44' }, { at: -1 }],
      [{ $or: [{ 'scope.tenants': 'T1' }], status: 'open' }, { at: -1 }],
      [{ 'scope.tenants': ['T9'] }, { at: -1 }],
      [{ 'scope.tenants': 'T9' }, { at: -1 }],
      [{ status: { $in: ['open', 'closed'] } }, { status: 1, at: -1 }],
      [{}, { at: -1 }],
    ];
    for (const [filter, sort] of pages) {
      const before = rows.query(filter, { sort, limit: 50 });
      const after = loaded.query(filter, { sort, limit: 50 });
      expect(after.documents).toEqual(before.documents);
      expect(after.plan).toEqual(before.plan);
      expect(loaded.query(filter, { sort, limit: 50 }, { useIndexes: false }).documents).toEqual(before.documents);
      expect(await loaded.count(filter)).toBe(await rows.count(filter));
    }
    // Still an ordinary collection afterwards: changes move its entries.
    await loaded.bulkWrite([{ replaceOne: { filter: { _id: 'o3' }, replacement: { ...doc(3), scope: { tenants: ['T7'], regions: ['CN'] } } } }]);
    expect((await loaded.find({ 'scope.tenants': 'T7' })).map((d) => d._id)).toEqual(['o3']);
    expect(await loaded.count({ 'scope.tenants': 'T3', 'scope.regions': '44' })).toBe(await rows.count({ 'scope.tenants': 'T3', 'scope.regions': '44', _id: { $ne: 'o3' } }));
  });

  it('loads a file of the earlier format (documents only) by indexing every row', async () => {
    const file = join(dir, 'old.jsonl');
    const header = { format: 'kuaige-read-model-snapshot/1', collection: 'c', indexes: [{ name: 'by_k', key: { k: 1 } }] };
    writeFileSync(file, [header, { _id: 'a', k: 2 }, { _id: 'b', k: 1, at: { $date: '2026-03-01T08:00:00.000Z' } }].map((l) => JSON.stringify(l)).join('\n') + '\n');
    const store = new EmbeddedReadModelStore();
    expect(await loadCollectionSnapshot(store, 'c', file)).toBe(2);
    const loaded = store.collection('c');
    expect(loaded.query({ k: { $in: [1, 2] } }, { sort: { k: 1 } }).documents).toEqual([{ _id: 'b', k: 1, at: new Date('2026-03-01T08:00:00Z') }, { _id: 'a', k: 2 }]);
    expect(loaded.query({ k: 1 }).plan.kind).toBe('index-candidates');
  });

  it('refuses index entries that name rows the file does not hold, leaving the collection as it was', async () => {
    const source = new EmbeddedReadModelStore();
    await source.collection('c').ensureIndexes([{ name: 'by_k', key: { k: 1 } }]);
    await source.collection('c').bulkWrite([{ insertOne: { document: { _id: 'a', k: 1 } } }]);
    const file = join(dir, 'c.jsonl');
    await saveCollectionSnapshot(source, 'c', file);
    const lines = readFileSync(file, 'utf8').split('\n');
    const forged = new Float64Array([7 * 65536]);
    lines[lines.length - 2] = Buffer.from(forged.buffer).toString('base64');
    writeFileSync(file, lines.join('\n'));
    const store = new EmbeddedReadModelStore();
    await store.collection('c').bulkWrite([{ insertOne: { document: { _id: 'kept' } } }]);
    await expect(loadCollectionSnapshot(store, 'c', file)).rejects.toBeInstanceOf(SnapshotFormatError);
    expect((await store.collection('c').find({})).map((d) => d._id)).toEqual(['kept']);
    expect(await store.listCollections()).toEqual(['c']);
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

  it('saves every collection of a store but the excluded ones and loads them back; a newer save replaces the older', async () => {
    const source = new EmbeddedReadModelStore();
    await source.collection('a').ensureIndexes([{ name: 'by_k', key: { k: 1 } }]);
    await source.collection('a').bulkWrite([{ insertOne: { document: { _id: 'a1', k: 1 } } }, { insertOne: { document: { _id: 'a2', k: 2 } } }]);
    await source.collection('b').bulkWrite([{ insertOne: { document: { _id: 'b1' } } }]);
    await source.collection('_leases').bulkWrite([{ insertOne: { document: { _id: 'projector', holder: 'p1' } } }]);
    const snapshots = join(dir, 'read-models');
    expect(await loadStoreSnapshot(new EmbeddedReadModelStore(), snapshots)).toBeNull();
    expect(await saveStoreSnapshot(source, snapshots, ['_leases'])).toEqual({ a: 2, b: 1 });
    await source.collection('b').bulkWrite([{ insertOne: { document: { _id: 'b2' } } }]);
    expect(await saveStoreSnapshot(source, snapshots, ['_leases'])).toEqual({ a: 2, b: 2 });
    expect(readdirSync(snapshots)).toHaveLength(2); // the manifest and one generation

    const target = new EmbeddedReadModelStore();
    expect(await loadStoreSnapshot(target, snapshots)).toEqual({ a: 2, b: 2 });
    expect(await target.listCollections()).toEqual(['a', 'b']);
    expect(target.collection('a').query({ k: 2 }).documents).toEqual([{ _id: 'a2', k: 2 }]);
    expect(target.collection('a').query({ k: 2 }).plan.kind).toBe('index-candidates');
  });
});
