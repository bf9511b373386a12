import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CollectionNotFoundError,
  DuplicateKeyError,
  type Filter,
  type IndexSpec,
  type ReadModelCollection,
  type ReadModelDocument,
  type ReadModelStore,
} from './read-model-store.port';

// ---- The behaviour every read-model store adapter must show, identically -------------------------
//
// Run by each adapter's spec. Expected values are MongoDB's answers; where MongoDB leaves an order
// unspecified (ties, $group output, natural order), the tests sort or use a unique sort key.

/** An opened store, and how to throw it away after the suite. */
export interface ContractSubject {
  readonly store: ReadModelStore;
  dispose(): Promise<void>;
}

interface WorkOrder extends ReadModelDocument {
  status: string;
  priority: number;
  scope: { tenants: string[]; regions: string[] };
  updatedAt: number;
  device?: { model: string; serial?: string };
  tags?: string[];
  parts?: { sku: string; qty: number }[];
  assignee?: string | null;
}

const workOrders = (): WorkOrder[] => [
  {
    _id: 'w1',
    status: 'open',
    priority: 3,
    scope: { tenants: ['T1'], regions: ['44', '4403'] },
    updatedAt: 5,
    device: { model: 'X1', serial: 'S1' },
    tags: ['a', 'b'],
    parts: [
      { sku: 'P1', qty: 2 },
      { sku: 'P2', qty: 1 },
    ],
    assignee: 'u1',
  },
  {
    _id: 'w2',
    status: 'closed',
    priority: 1,
    scope: { tenants: ['T2'], regions: ['44', '4401'] },
    updatedAt: 3,
    device: { model: 'X2' },
    tags: ['b'],
    parts: [{ sku: 'P1', qty: 5 }],
  },
  {
    _id: 'w3',
    status: 'open',
    priority: 2,
    scope: { tenants: ['T1', 'T2'], regions: ['11', '1101'] },
    updatedAt: 8,
    tags: [],
    parts: [],
    assignee: null,
  },
  { _id: 'w4', status: 'draft', priority: 5, scope: { tenants: ['T3'], regions: ['44', '4403'] }, updatedAt: 1, assignee: 'u2' },
  { _id: 'w5', status: 'open', priority: 4, scope: { tenants: ['T3'], regions: ['31', '3101'] }, updatedAt: 8, device: { model: 'X2' } },
];

const SCOPE_INDEXES: IndexSpec[] = [
  { name: 'tenants_updated', key: { 'scope.tenants': 1, updatedAt: -1 } },
  { name: 'regions_updated', key: { 'scope.regions': 1, updatedAt: -1 } },
];

const ids = (docs: readonly ReadModelDocument[]): string[] => docs.map((d) => d._id);
const sortedIds = (docs: readonly ReadModelDocument[]): string[] => ids(docs).sort();

/** Registers the contract suite for one adapter; `open` is called once, before all tests. */
export function describeReadModelStoreContract(name: string, open: () => Promise<ContractSubject>): void {
  describe(`read-model store contract: ${name}`, () => {
    let subject: ContractSubject;
    let counter = 0;
    const store = (): ReadModelStore => subject.store;
    const fresh = <T extends ReadModelDocument = ReadModelDocument>(): ReadModelCollection<T> =>
      subject.store.collection<T>(`contract_${++counter}_${Date.now().toString(36)}`);
    const seeded = async (indexes: readonly IndexSpec[] = []): Promise<ReadModelCollection<WorkOrder>> => {
      const c = fresh<WorkOrder>();
      if (indexes.length > 0) await c.ensureIndexes(indexes);
      await c.bulkWrite(workOrders().map((document) => ({ insertOne: { document } })));
      return c;
    };

    beforeAll(async () => {
      subject = await open();
    });
    afterAll(async () => {
      await subject?.dispose();
    });

    describe('filters', () => {
      let c: ReadModelCollection<WorkOrder>;
      beforeAll(async () => {
        c = await seeded();
      });
      const matching = async (filter: Filter) => sortedIds(await c.find(filter));

      it('combines $and, $or, $in, $nin and $ne', async () => {
        expect(await matching({ $and: [{ status: 'open' }, { priority: { $gte: 3 } }] })).toEqual(['w1', 'w5']);
        expect(await matching({ $or: [{ status: 'draft' }, { priority: 1 }] })).toEqual(['w2', 'w4']);
        expect(await matching({ status: { $in: ['draft', 'closed'] } })).toEqual(['w2', 'w4']);
        expect(await matching({ status: { $nin: ['open', 'draft'] } })).toEqual(['w2']);
        expect(await matching({ status: { $ne: 'open' } })).toEqual(['w2', 'w4']);
      });

      it('treats equality on an array field as membership', async () => {
        expect(await matching({ 'scope.tenants': 'T2' })).toEqual(['w2', 'w3']);
        expect(await matching({ 'scope.regions': { $in: ['4403', '1101'] } })).toEqual(['w1', 'w3', 'w4']);
        expect(await matching({ tags: { $ne: 'b' } })).toEqual(['w3', 'w4', 'w5']);
        expect(await matching({ tags: { $all: ['a', 'b'] } })).toEqual(['w1']);
        expect(await matching({ tags: { $size: 0 } })).toEqual(['w3']);
      });

      it('evaluates ranges, dot paths, $elemMatch and $exists', async () => {
        expect(await matching({ priority: { $gte: 2, $lt: 5 } })).toEqual(['w1', 'w3', 'w5']);
        expect(await matching({ 'device.model': 'X2' })).toEqual(['w2', 'w5']);
        expect(await matching({ 'parts.sku': 'P2' })).toEqual(['w1']);
        expect(await matching({ parts: { $elemMatch: { sku: 'P1', qty: { $gte: 3 } } } })).toEqual(['w2']);
        expect(await matching({ assignee: { $exists: false } })).toEqual(['w2', 'w5']);
        expect(await matching({ assignee: null })).toEqual(['w2', 'w3', 'w5']);
        expect(await matching({ device: { $exists: true } })).toEqual(['w1', 'w2', 'w5']);
      });

      it('applies a CASL-style scope filter combined under $and, with $nor', async () => {
        const scope = { $or: [{ 'scope.tenants': 'T1' }, { 'scope.regions': '4403' }], $nor: [{ status: 'draft' }] };
        expect(await matching({ $and: [scope, {}] })).toEqual(['w1', 'w3']);
        expect(await matching({ $and: [scope, { priority: { $lt: 3 } }] })).toEqual(['w3']);
      });

      it('counts matching documents', async () => {
        expect(await c.count({ status: 'open' })).toBe(3);
        expect(await c.count()).toBe(5);
        expect(await c.count({ 'scope.tenants': 'T9' })).toBe(0);
      });

      it('counts at most a limit of matches, as countDocuments({ limit }) does', async () => {
        expect(await c.count({ status: 'open' }, { limit: 2 })).toBe(2);
        expect(await c.count({ status: 'open' }, { limit: 10 })).toBe(3);
        expect(await c.count({}, { limit: 4 })).toBe(4);
        expect(await c.count({ $or: [{ 'scope.tenants': 'T1' }, { 'scope.regions': '4403' }] }, { limit: 1 })).toBe(1);
        expect(await c.count({ 'scope.tenants': 'T9' }, { limit: 1 })).toBe(0);
      });

      it('finds one document or null', async () => {
        expect((await c.findOne({ _id: 'w4' }))?.status).toBe('draft');
        expect(await c.findOne({ _id: 'nope' })).toBeNull();
      });
    });

    describe('sort, paging and projection', () => {
      let c: ReadModelCollection<WorkOrder>;
      beforeAll(async () => {
        c = await seeded();
      });

      it('sorts on several keys', async () => {
        expect(ids(await c.find({}, { sort: { updatedAt: -1, _id: 1 } }))).toEqual(['w3', 'w5', 'w1', 'w2', 'w4']);
        expect(ids(await c.find({}, { sort: { status: 1, priority: -1 } }))).toEqual(['w2', 'w4', 'w5', 'w1', 'w3']);
      });

      it('sorts missing fields like null: first ascending, last descending', async () => {
        expect(ids(await c.find({}, { sort: { assignee: 1, _id: 1 } }))).toEqual(['w2', 'w3', 'w5', 'w1', 'w4']);
        expect(ids(await c.find({}, { sort: { assignee: -1, _id: 1 } }))).toEqual(['w4', 'w1', 'w2', 'w3', 'w5']);
        expect(ids(await c.find({}, { sort: { 'device.model': 1, _id: -1 } }))).toEqual(['w4', 'w3', 'w1', 'w5', 'w2']);
      });

      it('sorts arrays by their smallest element ascending and largest descending', async () => {
        expect(ids(await c.find({ tags: { $exists: true } }, { sort: { tags: 1, _id: 1 } }))).toEqual(['w3', 'w1', 'w2']);
        expect(ids(await c.find({ tags: { $exists: true } }, { sort: { tags: -1, _id: 1 } }))).toEqual(['w1', 'w2', 'w3']);
      });

      it('pages with skip and limit', async () => {
        expect(ids(await c.find({}, { sort: { priority: 1 }, skip: 1, limit: 2 }))).toEqual(['w3', 'w1']);
        expect(ids(await c.find({}, { sort: { priority: 1 }, skip: 4, limit: 2 }))).toEqual(['w4']);
        expect(await c.find({}, { sort: { priority: 1 }, skip: 10 })).toEqual([]);
      });

      it('projects by inclusion (with _id) and by exclusion', async () => {
        expect(await c.find({ _id: 'w1' }, { projection: { status: 1, 'device.model': 1 } })).toEqual([
          { _id: 'w1', status: 'open', device: { model: 'X1' } },
        ]);
        expect(await c.find({ _id: 'w4' }, { projection: { scope: 0, assignee: 0, updatedAt: 0 } })).toEqual([
          { _id: 'w4', status: 'draft', priority: 5 },
        ]);
        expect(await c.find({ _id: 'w2' }, { projection: { _id: 0, priority: 1 } })).toEqual([{ priority: 1 }]);
      });

      it('returns the same scoped, sorted page when the scope fields are indexed', async () => {
        const indexed = await seeded(SCOPE_INDEXES);
        const filter = {
          $and: [{ $or: [{ 'scope.tenants': 'T1' }, { 'scope.regions': '4403' }] }, { status: { $in: ['open', 'draft'] } }],
        };
        const page = async (coll: ReadModelCollection<WorkOrder>, skip: number) =>
          ids(await coll.find(filter, { sort: { updatedAt: -1, _id: 1 }, skip, limit: 2 }));
        expect(await page(indexed, 0)).toEqual(['w3', 'w1']);
        expect(await page(indexed, 2)).toEqual(['w4']);
        expect(await page(c, 0)).toEqual(await page(indexed, 0));
      });
    });

    describe('aggregation', () => {
      let c: ReadModelCollection<WorkOrder>;
      beforeAll(async () => {
        c = await seeded();
      });

      it('runs $match, $sort, $group with $sum/$avg/$min/$max/$push', async () => {
        const out = await c.aggregate([
          { $match: { 'scope.regions': '44' } },
          { $sort: { _id: 1 } },
          {
            $group: {
              _id: '$status',
              n: { $sum: 1 },
              total: { $sum: '$priority' },
              avg: { $avg: '$priority' },
              min: { $min: '$updatedAt' },
              max: { $max: '$updatedAt' },
              ids: { $push: '$_id' },
            },
          },
          { $sort: { _id: 1 } },
        ]);
        expect(out).toEqual([
          { _id: 'closed', n: 1, total: 1, avg: 1, min: 3, max: 3, ids: ['w2'] },
          { _id: 'draft', n: 1, total: 5, avg: 5, min: 1, max: 1, ids: ['w4'] },
          { _id: 'open', n: 1, total: 3, avg: 3, min: 5, max: 5, ids: ['w1'] },
        ]);
      });

      it('averages over a group of several documents', async () => {
        expect(await c.aggregate([{ $match: { status: 'open' } }, { $group: { _id: null, avg: { $avg: '$priority' } } }])).toEqual([
          { _id: null, avg: 3 },
        ]);
      });

      it('unwinds arrays (documents with empty or missing arrays drop out)', async () => {
        expect(await c.aggregate([{ $unwind: '$tags' }, { $group: { _id: '$tags', n: { $sum: 1 } } }, { $sort: { _id: 1 } }])).toEqual([
          { _id: 'a', n: 1 },
          { _id: 'b', n: 2 },
        ]);
      });

      it('projects computed fields', async () => {
        expect(await c.aggregate([{ $match: { _id: 'w1' } }, { $project: { _id: 0, status: 1, model: '$device.model' } }])).toEqual([
          { status: 'open', model: 'X1' },
        ]);
      });

      it('buckets values and leaves empty buckets out', async () => {
        const out = await c.aggregate([{ $bucket: { groupBy: '$priority', boundaries: [0, 2, 4, 6, 10] } }]);
        expect(out).toEqual([
          { _id: 0, count: 1 },
          { _id: 2, count: 2 },
          { _id: 4, count: 2 },
        ]);
        const withDefault = await c.aggregate([
          { $bucket: { groupBy: '$priority', boundaries: [2, 4], default: 'other', output: { n: { $sum: 1 } } } },
        ]);
        expect(withDefault).toEqual([
          { _id: 2, n: 2 },
          { _id: 'other', n: 3 },
        ]);
      });

      it('counts and limits', async () => {
        expect(await c.aggregate([{ $match: { status: 'open' } }, { $count: 'n' }])).toEqual([{ n: 3 }]);
        expect(await c.aggregate([{ $match: { status: 'gone' } }, { $count: 'n' }])).toEqual([]);
        expect(await c.aggregate([{ $sort: { priority: -1 } }, { $limit: 2 }, { $project: { _id: 1 } }])).toEqual([
          { _id: 'w4' },
          { _id: 'w5' },
        ]);
      });
    });

    describe('updates', () => {
      it('applies $set, $inc, $push, $pull and $unset', async () => {
        const c = await seeded();
        const result = await c.bulkWrite([
          {
            updateOne: {
              filter: { _id: 'w1' },
              update: {
                $set: { status: 'closed', 'device.serial': 'S9' },
                $inc: { priority: 2 },
                $push: { tags: 'c' },
                $pull: { parts: { sku: 'P2' } },
                $unset: { assignee: '' },
              },
            },
          },
        ]);
        expect(result).toEqual({ insertedCount: 0, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, deletedCount: 0 });
        expect(await c.findOne({ _id: 'w1' })).toEqual({
          _id: 'w1',
          status: 'closed',
          priority: 5,
          scope: { tenants: ['T1'], regions: ['44', '4403'] },
          updatedAt: 5,
          device: { model: 'X1', serial: 'S9' },
          tags: ['a', 'b', 'c'],
          parts: [{ sku: 'P1', qty: 2 }],
        });
      });

      it('counts a document as matched but not modified when an update changes nothing', async () => {
        const c = await seeded();
        const same = await c.bulkWrite([
          { updateOne: { filter: { _id: 'w1' }, update: { $set: { status: 'open' }, $addToSet: { tags: 'a' } } } },
        ]);
        expect(same).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
        const replaced = await c.bulkWrite([{ replaceOne: { filter: { _id: 'w4' }, replacement: workOrders()[3] } }]);
        expect(replaced).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
      });

      it('updates every match with updateMany, and deletes with deleteOne/deleteMany', async () => {
        const c = await seeded();
        expect(await c.bulkWrite([{ updateMany: { filter: { status: 'open' }, update: { $set: { flagged: true } } } }])).toMatchObject({
          matchedCount: 3,
          modifiedCount: 3,
        });
        expect(sortedIds(await c.find({ flagged: true }))).toEqual(['w1', 'w3', 'w5']);
        expect(await c.bulkWrite([{ deleteOne: { filter: { status: 'draft' } } }])).toMatchObject({ deletedCount: 1 });
        expect(await c.bulkWrite([{ deleteMany: { filter: { 'scope.regions': '44' } } }])).toMatchObject({ deletedCount: 2 });
        expect(sortedIds(await c.find({}))).toEqual(['w3', 'w5']);
      });

      it('upserts through updateOne, seeding the new document with the filter equality fields', async () => {
        const c = fresh();
        const update = { $inc: { n: 1 }, $setOnInsert: { createdAt: 1 } };
        const filter = { _id: 'n1', kind: 'counter', 'meta.source': 'x' };
        expect(await c.bulkWrite([{ updateOne: { filter, update, upsert: true } }])).toEqual({
          insertedCount: 0,
          matchedCount: 0,
          modifiedCount: 0,
          upsertedCount: 1,
          deletedCount: 0,
        });
        expect(await c.findOne({ _id: 'n1' })).toEqual({ _id: 'n1', kind: 'counter', meta: { source: 'x' }, n: 1, createdAt: 1 });
        expect(
          await c.bulkWrite([{ updateOne: { filter, update: { ...update, $setOnInsert: { createdAt: 2 } }, upsert: true } }]),
        ).toMatchObject({
          matchedCount: 1,
          modifiedCount: 1,
          upsertedCount: 0,
        });
        expect(await c.findOne({ _id: 'n1' })).toMatchObject({ n: 2, createdAt: 1 });
      });

      // The projector lease relies on this as its compare-and-set: only a free or expired lease is taken.
      it('refuses an upsert whose filter misses an existing _id with DuplicateKeyError, changing nothing', async () => {
        const c = fresh();
        await c.bulkWrite([{ insertOne: { document: { _id: 'lease', holder: 'a', expiresAt: 100 } } }]);
        const take = (holder: string, now: number) =>
          c.bulkWrite([
            {
              updateOne: {
                filter: { _id: 'lease', $or: [{ holder }, { expiresAt: { $lte: now } }] },
                update: { $set: { holder, expiresAt: now + 50 } },
                upsert: true,
              },
            },
          ]);
        await expect(take('b', 99)).rejects.toThrow(DuplicateKeyError);
        expect(await c.findOne({ _id: 'lease' })).toEqual({ _id: 'lease', holder: 'a', expiresAt: 100 });
        await expect(take('b', 100)).resolves.toMatchObject({ matchedCount: 1, modifiedCount: 1 });
        expect(await c.findOne({ _id: 'lease' })).toEqual({ _id: 'lease', holder: 'b', expiresAt: 150 });
      });

      it('upserts without an _id in the filter by generating one', async () => {
        const c = fresh();
        await c.bulkWrite([{ updateOne: { filter: { code: 'Z' }, update: { $set: { v: 1 } }, upsert: true } }]);
        const doc = await c.findOne({ code: 'Z' });
        expect(doc).toMatchObject({ code: 'Z', v: 1 });
        expect(doc?._id).toBeDefined();
      });

      it('upserts through replaceOne, taking _id from the filter', async () => {
        const c = fresh();
        expect(
          await c.bulkWrite([{ replaceOne: { filter: { _id: 'r1' }, replacement: { _id: 'r1', name: 'x' }, upsert: true } }]),
        ).toMatchObject({
          upsertedCount: 1,
          matchedCount: 0,
        });
        await c.bulkWrite([
          { replaceOne: { filter: { _id: 'r2' }, replacement: { name: 'no id' } as unknown as ReadModelDocument, upsert: true } },
        ]);
        expect(
          await c.bulkWrite([{ replaceOne: { filter: { _id: 'r1' }, replacement: { _id: 'r1', name: 'y' }, upsert: true } }]),
        ).toMatchObject({
          upsertedCount: 0,
          matchedCount: 1,
          modifiedCount: 1,
        });
        expect(await c.find({}, { sort: { _id: 1 } })).toEqual([
          { _id: 'r1', name: 'y' },
          { _id: 'r2', name: 'no id' },
        ]);
      });

      it('does not upsert without upsert: true', async () => {
        const c = fresh();
        expect(await c.bulkWrite([{ updateOne: { filter: { _id: 'x' }, update: { $set: { a: 1 } } } }])).toMatchObject({
          matchedCount: 0,
          upsertedCount: 0,
        });
        expect(await c.count()).toBe(0);
      });
    });

    describe('bulk writes', () => {
      it('applies operations in order and counts each kind', async () => {
        const c = fresh();
        const result = await c.bulkWrite([
          { insertOne: { document: { _id: 'a', n: 1 } } },
          { insertOne: { document: { _id: 'b', n: 1 } } },
          { updateOne: { filter: { _id: 'a' }, update: { $inc: { n: 1 } } } },
          { deleteOne: { filter: { _id: 'b' } } },
          { replaceOne: { filter: { _id: 'c' }, replacement: { _id: 'c', n: 7 }, upsert: true } },
          { updateMany: { filter: { n: { $gte: 2 } }, update: { $set: { big: true } } } },
        ]);
        expect(result).toEqual({ insertedCount: 2, matchedCount: 3, modifiedCount: 3, upsertedCount: 1, deletedCount: 1 });
        expect(await c.find({}, { sort: { _id: 1 } })).toEqual([
          { _id: 'a', n: 2, big: true },
          { _id: 'c', n: 7, big: true },
        ]);
      });

      it('stops at the first failing operation and keeps the ones before it', async () => {
        const c = fresh();
        await expect(
          c.bulkWrite([
            { insertOne: { document: { _id: 'x' } } },
            { insertOne: { document: { _id: 'x' } } },
            { insertOne: { document: { _id: 'y' } } },
          ]),
        ).rejects.toBeInstanceOf(DuplicateKeyError);
        expect(ids(await c.find({}, { sort: { _id: 1 } }))).toEqual(['x']);
      });

      it('accepts an empty batch', async () => {
        expect(await fresh().bulkWrite([])).toEqual({
          insertedCount: 0,
          matchedCount: 0,
          modifiedCount: 0,
          upsertedCount: 0,
          deletedCount: 0,
        });
      });
    });

    describe('indexes', () => {
      const unique: IndexSpec = { name: 'code_unique', key: { code: 1 }, unique: true };

      it('creates declared indexes once and lists them by name', async () => {
        const c = fresh();
        await c.ensureIndexes([unique, ...SCOPE_INDEXES]);
        await c.ensureIndexes([unique]);
        expect((await c.listIndexes()).sort()).toEqual(['code_unique', 'regions_updated', 'tenants_updated']);
      });

      it('creates the scope-leading indexes of a scoped collection besides the declared ones', async () => {
        const c = fresh();
        const declared = [unique, { name: 'by_status', key: { status: 1, updatedAt: -1 } as const }];
        await c.ensureIndexes(declared, { scoped: true });
        await c.ensureIndexes(declared, { scoped: true });
        expect((await c.listIndexes()).sort()).toEqual(['by_status', 'code_unique', 'scope_regions__by_status', 'scope_tenants__by_status']);
        // Rows with both scope arrays are accepted: no index holds two arrays.
        await c.bulkWrite([{ insertOne: { document: { _id: 'r1', code: 'A', status: 'open', updatedAt: 1, scope: { tenants: ['e1', 'e2'], regions: ['440305', '4403', '44', 'CN'] } } } }]);
        expect(await c.find({ $and: [{ $or: [{ 'scope.tenants': 'e2' }, { 'scope.regions': '4403' }] }, { status: 'open' }] })).toHaveLength(1);
      });

      it('refuses a document with arrays in two fields of one compound index, as MongoDB does', async () => {
        const c = fresh();
        await c.ensureIndexes([{ name: 'by_tags_kinds', key: { tags: 1, kinds: 1 } }]);
        await c.bulkWrite([{ insertOne: { document: { _id: 'one-array', tags: ['a', 'b'], kinds: 'x' } } }]);
        await expect(c.bulkWrite([{ insertOne: { document: { _id: 'two-arrays', tags: ['a'], kinds: ['x'] } } }])).rejects.toThrow(/parallel arrays/);
        expect(await c.findOne({ _id: 'two-arrays' })).toBeNull();
      });

      it('gives a declared index on an array field no scope-leading twin (it would index two arrays)', async () => {
        const c = fresh();
        const declared: IndexSpec[] = [{ name: 'by_tokens', key: { tokens: 1, status: 1 } }, { name: 'by_status', key: { status: 1 } }];
        await c.ensureIndexes(declared, { scoped: true, arrayFields: ['tokens'] });
        expect((await c.listIndexes()).sort()).toEqual(['by_status', 'by_tokens', 'scope_regions__by_status', 'scope_tenants__by_status']);
        await c.bulkWrite([{ insertOne: { document: { _id: 'r1', tokens: ['轴承', '主轴'], status: 'published', scope: { tenants: ['e1'], regions: ['44'] } } } }]);
        expect(await c.find({ $and: [{ $or: [{ 'scope.tenants': 'e1' }] }, { tokens: '主轴' }] })).toHaveLength(1);
      });

      it('refuses a write that repeats a unique key, leaving the document unchanged', async () => {
        const c = fresh();
        await c.ensureIndexes([unique]);
        await c.bulkWrite([{ insertOne: { document: { _id: 'a', code: 'K1' } } }, { insertOne: { document: { _id: 'b', code: 'K2' } } }]);
        await expect(c.bulkWrite([{ insertOne: { document: { _id: 'c', code: 'K1' } } }])).rejects.toBeInstanceOf(DuplicateKeyError);
        await expect(c.bulkWrite([{ updateOne: { filter: { _id: 'b' }, update: { $set: { code: 'K1' } } } }])).rejects.toBeInstanceOf(
          DuplicateKeyError,
        );
        expect(await c.findOne({ _id: 'b' })).toEqual({ _id: 'b', code: 'K2' });
        expect(await c.count()).toBe(2);
      });

      it('refuses to build a unique index over duplicate data', async () => {
        const c = fresh();
        await c.bulkWrite([{ insertOne: { document: { _id: 'a', code: 'K' } } }, { insertOne: { document: { _id: 'b', code: 'K' } } }]);
        await expect(c.ensureIndexes([unique])).rejects.toBeInstanceOf(DuplicateKeyError);
      });
    });

    describe('collections', () => {
      it('renames a collection, replacing the target with its documents and indexes', async () => {
        const from = fresh();
        const to = fresh();
        await from.ensureIndexes(SCOPE_INDEXES);
        await from.bulkWrite([{ insertOne: { document: { _id: 'new1' } } }, { insertOne: { document: { _id: 'new2' } } }]);
        await to.bulkWrite([{ insertOne: { document: { _id: 'old' } } }]);
        await store().renameCollection(from.name, to.name);
        expect(
          ids(
            await store()
              .collection(to.name)
              .find({}, { sort: { _id: 1 } }),
          ),
        ).toEqual(['new1', 'new2']);
        expect((await store().collection(to.name).listIndexes()).sort()).toEqual(['regions_updated', 'tenants_updated']);
        const names = await store().listCollections();
        expect(names).toContain(to.name);
        expect(names).not.toContain(from.name);
      });

      it('refuses to rename a collection that does not exist', async () => {
        await expect(store().renameCollection('contract_missing_source', fresh().name)).rejects.toBeInstanceOf(CollectionNotFoundError);
      });

      it('drops a collection with its documents and indexes', async () => {
        const c = await seeded(SCOPE_INDEXES);
        expect(await store().listCollections()).toContain(c.name);
        await c.drop();
        expect(await c.count()).toBe(0);
        expect(await c.listIndexes()).toEqual([]);
        expect(await store().listCollections()).not.toContain(c.name);
        await c.drop();
      });

      it('reads a collection that does not exist as empty', async () => {
        const c = fresh();
        expect(await c.find({})).toEqual([]);
        expect(await c.count()).toBe(0);
        expect(await c.aggregate([{ $match: {} }])).toEqual([]);
      });

      it('answers ping', async () => {
        await expect(store().ping()).resolves.toBeUndefined();
      });
    });

    describe('values and copies', () => {
      it('round-trips dates, nested arrays and null, and sorts by dates', async () => {
        const c = fresh();
        const early = new Date('2026-01-01T00:00:00Z');
        const late = new Date('2026-06-01T00:00:00Z');
        await c.bulkWrite([
          { insertOne: { document: { _id: 'late', at: late, grid: [[1, 2], [3]], none: null } } },
          { insertOne: { document: { _id: 'early', at: early } } },
        ]);
        expect(await c.findOne({ _id: 'late' })).toEqual({ _id: 'late', at: late, grid: [[1, 2], [3]], none: null });
        expect(ids(await c.find({ at: { $gte: early } }, { sort: { at: -1 } }))).toEqual(['late', 'early']);
      });

      it('hands out copies: mutating a result or a written document does not change the store', async () => {
        const c = fresh();
        const document = { _id: 'm', nested: { list: [1] } };
        await c.bulkWrite([{ insertOne: { document } }]);
        document.nested.list.push(2);
        const read = await c.findOne({ _id: 'm' });
        (read?.['nested'] as { list: number[] }).list.push(3);
        expect(await c.findOne({ _id: 'm' })).toEqual({ _id: 'm', nested: { list: [1] } });
      });
    });
  });
}
