import type { IndexSpec, ReadModelDocument } from '../read-model-store.port';
import type { EmbeddedReadModelCollection } from './embedded-collection';
import { EmbeddedReadModelStore } from './embedded-read-model-store';

// Which plan the embedded store picks, and how much it reads. Results are proven equal to full scans
// by index-differential.spec.ts; these tests prove the indexes are actually used.

const INDEXES: IndexSpec[] = [
  { name: 'tenants_updated', key: { 'scope.tenants': 1, updatedAt: -1 } },
  { name: 'regions_updated', key: { 'scope.regions': 1, updatedAt: -1 } },
];
const STATUSES = ['open', 'closed', 'draft', 'dispatched'];

const row = (i: number): ReadModelDocument => ({
  _id: `w${String(i).padStart(5, '0')}`,
  status: STATUSES[i % 4],
  scope: { tenants: [`T${i % 50}`], regions: ['44', `44${String(i % 20).padStart(2, '0')}`] },
  updatedAt: 100_000 - i,
});

const page = { sort: { updatedAt: -1, _id: 1 } as const, limit: 20 };
const scoped = (tenant: string, region: string, extra: Record<string, unknown> = {}) => ({
  $and: [{ $or: [{ 'scope.tenants': tenant }, { 'scope.regions': region }], $nor: [{ status: 'draft' }] }, extra],
});

const seeded = async (): Promise<EmbeddedReadModelCollection> => {
  const rows = new EmbeddedReadModelStore().collection('work_orders');
  await rows.ensureIndexes(INDEXES);
  await rows.bulkWrite(Array.from({ length: 10_000 }, (_, i) => ({ insertOne: { document: row(i) } })));
  return rows;
};

describe('embedded query planner', () => {
  let rows: EmbeddedReadModelCollection;

  beforeAll(async () => {
    rows = await seeded();
  });

  it('serves a scoped, sorted page in index order, reading a few dozen entries of 10,000 rows', () => {
    const filter = scoped('T8', '4404', { status: 'open' });
    const { documents, plan } = rows.query(filter, { ...page, skip: 20 });
    expect(plan).toMatchObject({ kind: 'index-order', fellBack: false });
    expect(plan.examined).toBeLessThan(60);
    expect(documents).toHaveLength(20);
    expect(documents).toEqual(rows.query(filter, { ...page, skip: 20 }, { useIndexes: false }).documents);
  });

  it('leaves a one-rule scope out of the filter it runs: the index range already holds only those rows', () => {
    // What tenancy's accessibleFilter builds for one `can` rule under a deny rule, joined by scoped().
    const filter = { $and: [{ $and: [{ 'scope.regions': '4404' }, { $nor: [{ status: 'draft' }] }] }, { status: { $in: ['open', 'draft'] } }] };
    const { documents, plan } = rows.query(filter, page);
    expect(plan).toMatchObject({ kind: 'index-order', fellBack: false });
    expect(plan.description).toBe('index order: regions_updated (1 range); implied by the index: scope.regions');
    expect(documents).toHaveLength(20);
    expect(documents.every((d) => d['status'] === 'open')).toBe(true);
    expect(documents).toEqual(rows.query(filter, page, { useIndexes: false }).documents);
    // Beside other conditions on its path ($ne), the term is used for the range but still tested.
    const mixed = { $and: [{ 'scope.regions': { $in: ['4404'], $ne: '4405' } }, { status: 'open' }] };
    const checked = rows.query(mixed, page);
    expect(checked.plan.description).not.toContain('implied');
    expect(checked.documents).toEqual(rows.query(mixed, page, { useIndexes: false }).documents);
  });

  it('narrows a range by a numeric bound on the key after its equalities: a page past a cursor reads a page, at any depth', () => {
    // Keyset paging: the page after the last updatedAt seen, deep in the region's 10,000 rows.
    for (const cursor of [99_990, 95_000, 90_200]) {
      const filter = { $and: [{ $or: [{ 'scope.regions': '44' }] }, { updatedAt: { $lt: cursor } }] };
      const { documents, plan } = rows.query(filter, page);
      expect(plan).toMatchObject({ kind: 'index-order', fellBack: false });
      expect(plan.examined).toBeLessThanOrEqual(21);
      expect(documents.map((d) => d['updatedAt'])).toEqual(Array.from({ length: 20 }, (_, i) => cursor - 1 - i));
      expect(documents).toEqual(rows.query(filter, page, { useIndexes: false }).documents);
    }
    // Both bounds, inclusive: exactly the entries between them are read.
    const between = { 'scope.tenants': 'T8', updatedAt: { $gte: 99_000, $lte: 99_500 } };
    const counted = rows.query(between, {});
    expect(counted.plan.examined).toBe(counted.documents.length);
    expect(counted.documents).toHaveLength(10);
    // A bound that is not a number narrows nothing (type bracketing is left to the filter).
    const text = { $and: [{ 'scope.regions': '44' }, { updatedAt: { $lt: 'z' } }] };
    expect(rows.query(text, page).documents).toEqual(rows.query(text, page, { useIndexes: false }).documents);
  });

  it('collects candidates from the index ranges when there is no sort, in natural order', () => {
    const { documents, plan } = rows.query({ 'scope.tenants': { $in: ['T1', 'T2'] }, status: 'closed' }, {});
    expect(plan.kind).toBe('index-candidates');
    expect(plan.examined).toBe(400);
    expect(documents.map((d) => d._id)).toEqual([...documents.map((d) => d._id)].sort());
  });

  it('looks rows up by _id without an index', () => {
    const { documents, plan } = rows.query({ _id: { $in: ['w00003', 'w00001', 'nope'] } }, {});
    expect(plan).toMatchObject({ kind: 'index-candidates', examined: 2 });
    expect(documents.map((d) => d._id)).toEqual(['w00001', 'w00003']);
  });

  it('scans when one $or branch cannot use an index', () => {
    const { plan } = rows.query({ $or: [{ 'scope.tenants': 'T1' }, { status: 'open' }] }, page);
    expect(plan.kind).toBe('collection-scan');
  });

  it('gives up index order for the candidates when matches are too sparse to find within their cost', () => {
    // Region 44 holds every row, in index order the two wanted rows come last; _id lookups find them at once.
    const { documents, plan } = rows.query({ 'scope.regions': '44', _id: { $in: ['w09991', 'w09990'] } }, page);
    expect(plan).toMatchObject({ kind: 'index-candidates', fellBack: true, examined: 2 });
    expect(documents.map((d) => d._id)).toEqual(['w09990', 'w09991']);
  });
});

describe('embedded query planner after writes', () => {
  let rows: EmbeddedReadModelCollection;

  beforeEach(async () => {
    rows = await seeded();
  });

  it('hands the conjunction equalities down into $or branches to lengthen index prefixes', async () => {
    await rows.ensureIndexes([{ name: 'tenant_status', key: { 'scope.tenants': 1, status: 1 } }]);
    const filter = { $or: [{ 'scope.tenants': 'T1' }, { 'scope.tenants': 'T2' }], status: 'open' };
    const { documents, plan } = rows.query(filter, {});
    expect(plan.description).toContain('tenant_status');
    // Every candidate read is a match: the index prefix already holds the status.
    expect(plan.examined).toBe(documents.length);
    expect(documents).toHaveLength(100);
  });

  it('does not trust index order once a sort field holds an array somewhere', async () => {
    // With scalar scope keys: MongoDB refuses arrays in two fields of one index (scope.tenants, updatedAt).
    await rows.bulkWrite([{ insertOne: { document: { ...row(10_001), scope: { tenants: 'T1', regions: '4401' }, updatedAt: [1, 200_000] } } }]);
    const filter = scoped('T1', '4401');
    const { documents, plan } = rows.query(filter, page);
    expect(plan.kind).toBe('index-candidates');
    expect(documents).toEqual(rows.query(filter, page, { useIndexes: false }).documents);
    expect(documents[0]._id).toBe('w10001');
  });

  it('tests an equality again once a document holds the value in a nested array, which the index flattens', async () => {
    await rows.ensureIndexes([{ name: 'tags_updated', key: { tags: 1, updatedAt: -1 } }]);
    await rows.bulkWrite([{ updateMany: { filter: { status: 'open' }, update: { $set: { tags: ['urgent'] } } } }]);
    const filter = { $and: [{ tags: 'urgent' }, { status: 'open' }] };
    expect(rows.query(filter, page).plan.description).toBe('index order: tags_updated (1 range); implied by the index: tags');
    // The matcher does not find 'urgent' inside [['urgent']]; the index lists it under 'urgent' all the same.
    await rows.bulkWrite([{ insertOne: { document: { ...row(10_002), updatedAt: 200_000, status: 'open', tags: [['urgent']] } } }]);
    const { documents, plan } = rows.query(filter, page);
    expect(plan.description).toBe('index order: tags_updated (1 range)');
    expect(documents.map((d) => d._id)).not.toContain('w10002');
    expect(documents).toEqual(rows.query(filter, page, { useIndexes: false }).documents);
    // Once it goes, the index's keys prove the match again.
    await rows.bulkWrite([{ deleteOne: { filter: { _id: 'w10002' } } }]);
    expect(rows.query(filter, page).plan.description).toContain('implied by the index: tags');
  });

  it('keeps indexes right through updates and deletes', async () => {
    await rows.bulkWrite([
      { updateMany: { filter: { 'scope.tenants': 'T7' }, update: { $set: { 'scope.tenants': ['T99'] } } } },
      { deleteMany: { filter: { 'scope.regions': '4403', status: 'open' } } },
    ]);
    expect(rows.query({ 'scope.tenants': 'T7' }, page).documents).toEqual([]);
    expect(rows.query({ 'scope.tenants': 'T99' }, {}).documents).toHaveLength(200);
    expect(await rows.count({ 'scope.regions': '4403', status: 'open' })).toBe(0);
    expect(await rows.count(scoped('T99', '4403'))).toBe(rows.query(scoped('T99', '4403'), {}, { useIndexes: false }).documents.length);
  });

});

describe('embedded query planner on a scoped collection', () => {
  it('serves a row-level scoped query from the scope-leading indexes a scoped collection gets', async () => {
    const declared: IndexSpec[] = [{ name: 'by_status', key: { status: 1, updatedAt: -1 } }];
    const fill = async (name: string, scopedCollection: boolean) => {
      const c = new EmbeddedReadModelStore().collection(name);
      await c.ensureIndexes(declared, { scoped: scopedCollection });
      await c.bulkWrite(Array.from({ length: 10_000 }, (_, i) => ({ insertOne: { document: row(i) } })));
      return c;
    };
    const scopedRows = await fill('scoped', true);
    const plainRows = await fill('plain', false);
    const filter = scoped('T8', '4404', { status: 'open' });
    const withScope = scopedRows.query(filter, page);
    const without = plainRows.query(filter, page);
    expect(withScope.plan.description).toMatch(/scope_tenants__by_status/);
    expect(withScope.plan.description).toMatch(/scope_regions__by_status/);
    // Only the declared index: every open row (a quarter) is a candidate for the scope filter.
    expect(without.plan.description).not.toMatch(/scope_/);
    // The scope indexes hold only rows the scope filter admits: the page is read entry for entry.
    expect(withScope.plan).toMatchObject({ kind: 'index-order', examined: 20, fellBack: false });
    expect(without.plan.examined).toBeGreaterThan(withScope.plan.examined);
    expect(withScope.documents).toEqual(without.documents);
    expect(withScope.documents).toEqual(scopedRows.query(filter, page, { useIndexes: false }).documents);
  });

  it('keeps one bound of two on an array field: each may be met by a different element', async () => {
    const store = new EmbeddedReadModelStore();
    const rows = store.collection('multikey_bounds');
    await rows.ensureIndexes([{ name: 'g_k', key: { g: 1, k: 1 } }]);
    await rows.bulkWrite([
      { insertOne: { document: { _id: 'a', g: 1, k: [1, 10] } } },
      { insertOne: { document: { _id: 'b', g: 1, k: 4 } } },
      { insertOne: { document: { _id: 'c', g: 1, k: [4, 6] } } },
    ]);
    for (const k of [{ $gte: 5, $lt: 3 }, { $gt: 3, $lt: 5 }, { $gte: 6, $lte: 6 }]) {
      const filter = { g: 1, k };
      const indexed = rows.query(filter, { sort: { _id: 1 } });
      expect(indexed.plan.kind).not.toBe('collection-scan');
      expect(indexed.documents).toEqual(rows.query(filter, { sort: { _id: 1 } }, { useIndexes: false }).documents);
    }
    expect(rows.query({ g: 1, k: { $gte: 5, $lt: 3 } }).documents.map((d) => d._id)).toEqual(['a']);
  });
});

