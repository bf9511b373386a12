import { DuplicateKeyError, InvalidWriteError, type ReadModelDocument } from '../read-model-store.port';
import type { DocumentRecord } from './document-record';
import { SecondaryIndex, type RecordSlots } from './secondary-index';

// The slot table a collection keeps: index entries name records by slot.
const table: DocumentRecord[] = [];
const slots: RecordSlots = { at: (slot) => table[slot] };
const record = (doc: ReadModelDocument, seq = 0): DocumentRecord => {
  const r = { doc, seq, slot: table.length };
  table.push(r);
  return r;
};
const newIndex = (spec: ConstructorParameters<typeof SecondaryIndex>[1]): SecondaryIndex => new SecondaryIndex('c', spec, slots);
const add = (index: SecondaryIndex, r: DocumentRecord) => index.add(r, index.keysOf(r.doc));
// What a collection does on an update: the index moves the entries, then the document is swapped.
const change = (index: SecondaryIndex, r: DocumentRecord, doc: ReadModelDocument) => {
  index.replace(r, doc, index.keysOf(doc));
  r.doc = doc;
};
const ids = (index: SecondaryIndex, prefix: unknown[]): string[] => {
  const scan = index.scan(index.range(prefix));
  const out: string[] = [];
  for (let e = scan.next(); e !== undefined; e = scan.next()) out.push(index.recordOf(e).doc._id);
  return out;
};

describe('SecondaryIndex', () => {
  it('holds one entry per array element (multikey) in key order, ties by _id', () => {
    const index = newIndex({ name: 'tags_at', key: { tags: 1, at: -1 } });
    add(index, record({ _id: 'b', tags: ['x', 'y'], at: 1 }));
    add(index, record({ _id: 'a', tags: ['x'], at: 1 }));
    add(index, record({ _id: 'c', tags: 'x', at: 5 }));
    expect(ids(index, ['x'])).toEqual(['c', 'a', 'b']);
    expect(ids(index, ['y'])).toEqual(['b']);
    expect(index.isMultikey(0)).toBe(true);
    expect(index.isMultikey(1)).toBe(false);
  });

  it('indexes missing fields as null', () => {
    const index = newIndex({ name: 'k', key: { k: 1 } });
    add(index, record({ _id: 'a' }));
    add(index, record({ _id: 'b', k: null }));
    expect(ids(index, [null])).toEqual(['a', 'b']);
  });

  it('follows replacements and removals, whether the entries are in the tree or still waiting', () => {
    const index = newIndex({ name: 'k', key: { k: 1 } });
    const records = Array.from({ length: 3000 }, (_, i) => record({ _id: `r${i}`, k: i % 3 }));
    index.build(records);
    for (const r of records) change(index, r, { _id: r.doc._id, k: 7 });
    expect(ids(index, [0])).toEqual([]);
    expect(ids(index, [7])).toHaveLength(3000);
    for (const r of records.slice(0, 1000)) index.remove(r);
    expect(ids(index, [7])).toHaveLength(2000);
    expect(index.entryCount).toBe(2000);
    // One by one into a large tree, then out again, through leaf removals.
    for (const r of records.slice(1000, 1100)) change(index, r, { _id: r.doc._id, k: 5 });
    expect(ids(index, [5])).toEqual(records.slice(1000, 1100).map((r) => r.doc._id).sort());
    for (const r of records.slice(1000, 3000)) index.remove(r);
    expect(index.entryCount).toBe(0);
    expect(ids(index, [7])).toEqual([]);
  });

  it('moves multikey entries when an array changes order, and keeps odd keys exactly', () => {
    const index = newIndex({ name: 'tags_at', key: { tags: 1, at: -1 } });
    const a = record({ _id: 'a', tags: ['x', 'y'], at: 1 });
    // Arrays of documents and nested arrays are not read back from the document: kept as tuples.
    const b = record({ _id: 'b', tags: [['x'], { k: 1 }], at: 2 });
    add(index, a);
    add(index, b);
    expect(ids(index, ['x'])).toEqual(['b', 'a']);
    change(index, a, { _id: 'a', tags: ['y', 'x', 'x'], at: 1 });
    expect(ids(index, ['x'])).toEqual(['b', 'a']);
    expect(ids(index, ['y'])).toEqual(['a']);
    change(index, b, { _id: 'b', tags: 'y', at: 0 });
    expect(ids(index, ['x'])).toEqual(['a']);
    expect(ids(index, ['y'])).toEqual(['a', 'b']);
    expect(index.entryCount).toBe(3);
  });

  it('forgets the multikey mark when the last array-valued document goes', () => {
    const index = newIndex({ name: 'k', key: { k: 1 } });
    const r = record({ _id: 'a', k: [1, 2] });
    add(index, r);
    expect(index.isMultikey(0)).toBe(true);
    index.remove(r);
    expect(index.isMultikey(0)).toBe(false);
  });

  it('refuses a second document with the same unique key, not the same document again', () => {
    const index = newIndex({ name: 'code_1', key: { code: 1 }, unique: true });
    const a = record({ _id: 'a', code: 'K' });
    add(index, a);
    expect(() => index.assertUnique(index.keysOf({ _id: 'a', code: 'K' }), a)).not.toThrow();
    expect(() => index.assertUnique(index.keysOf({ _id: 'b', code: 'K' }), null)).toThrow(DuplicateKeyError);
    expect(() => index.assertUnique(index.keysOf({ _id: 'b', code: 'L' }), null)).not.toThrow();
  });

  it('refuses documents whose compound key would explode (parallel arrays)', () => {
    const index = newIndex({ name: 'ab', key: { a: 1, b: 1 } });
    const many = Array.from({ length: 200 }, (_, i) => i);
    expect(() => index.keysOf({ _id: 'x', a: many, b: many })).toThrow(InvalidWriteError);
  });

  it('re-numbers its entries wide once a document has more tuples than a narrow entry can name, and answers the same', () => {
    const index = newIndex({ name: 'tags_k', key: { 'tags.k': 1 } });
    const plain = Array.from({ length: 300 }, (_, i) => record({ _id: `p${i}`, tags: [{ k: i % 7 }, { k: 100 + (i % 3) }] }));
    index.build(plain);
    expect(index.entryBytes).toBe(4);
    // 200 documents in one array: 200 explicit tuples, past the 128 a narrow entry numbers.
    const big = record({ _id: 'big', tags: Array.from({ length: 200 }, (_, i) => ({ k: i === 0 ? 5 : 1000 + i })) });
    add(index, big);
    expect(ids(index, [5])).toEqual([...plain.filter((_, i) => i % 7 === 5).map((r) => r.doc._id), 'big'].sort());
    expect(index.entryBytes).toBe(8);
    expect(ids(index, [1199])).toEqual(['big']);
    expect(ids(index, [101])).toEqual(plain.filter((_, i) => i % 3 === 1).map((r) => r.doc._id).sort());
    expect(index.entryCount).toBe(600 + 200);

    // A snapshot image restores the same entries, narrow again once the big document has gone.
    const restored = newIndex({ name: 'tags_k', key: { 'tags.k': 1 } });
    restored.restore(index.image((slot) => slot));
    expect(restored.entryBytes).toBe(8);
    expect(ids(restored, [1199])).toEqual(['big']);
    index.remove(big);
    expect(ids(index, [1199])).toEqual([]);
    const narrowed = newIndex({ name: 'tags_k', key: { 'tags.k': 1 } });
    narrowed.restore(index.image((slot) => slot));
    expect(narrowed.entryBytes).toBe(4);
    expect(ids(narrowed, [5])).toEqual(ids(index, [5]));
    expect(ids(narrowed, [100])).toEqual(plain.filter((_, i) => i % 3 === 0).map((r) => r.doc._id).sort());
  });

  it('widens for a slot past what 32-bit entries hold', () => {
    const far = new Map<number, DocumentRecord>();
    const index = new SecondaryIndex('c', { name: 'k', key: { k: 1 } }, { at: (slot) => far.get(slot) as DocumentRecord });
    const near = { doc: { _id: 'a', k: 1 }, seq: 0, slot: 3 };
    const beyond = { doc: { _id: 'b', k: 1 }, seq: 1, slot: 2 ** 24 + 5 };
    far.set(near.slot, near).set(beyond.slot, beyond);
    add(index, near);
    expect(ids(index, [1])).toEqual(['a']);
    add(index, beyond);
    expect(ids(index, [1])).toEqual(['a', 'b']);
    expect(index.entryBytes).toBe(8);
    index.remove(near);
    expect(ids(index, [1])).toEqual(['b']);
  });
});
