import { DuplicateKeyError, InvalidWriteError, type ReadModelDocument } from '../read-model-store.port';
import type { DocumentRecord } from './document-record';
import { recordOf, SecondaryIndex } from './secondary-index';

const record = (doc: ReadModelDocument, seq = 0): DocumentRecord => ({ id: doc._id, doc, seq });
const add = (index: SecondaryIndex, r: DocumentRecord) => index.add(r, index.keysOf(r.doc));
const ids = (index: SecondaryIndex, prefix: unknown[]): string[] => {
  const scan = index.scan(index.range(prefix));
  const out: string[] = [];
  for (let e = scan.next(); e !== undefined; e = scan.next()) out.push(recordOf(e).id);
  return out;
};

describe('SecondaryIndex', () => {
  it('holds one entry per array element (multikey) in key order, ties by _id', () => {
    const index = new SecondaryIndex('c', { name: 'tags_at', key: { tags: 1, at: -1 } });
    add(index, record({ _id: 'b', tags: ['x', 'y'], at: 1 }));
    add(index, record({ _id: 'a', tags: ['x'], at: 1 }));
    add(index, record({ _id: 'c', tags: 'x', at: 5 }));
    expect(ids(index, ['x'])).toEqual(['c', 'a', 'b']);
    expect(ids(index, ['y'])).toEqual(['b']);
    expect(index.isMultikey(0)).toBe(true);
    expect(index.isMultikey(1)).toBe(false);
  });

  it('indexes missing fields as null', () => {
    const index = new SecondaryIndex('c', { name: 'k', key: { k: 1 } });
    add(index, record({ _id: 'a' }));
    add(index, record({ _id: 'b', k: null }));
    expect(ids(index, [null])).toEqual(['a', 'b']);
  });

  it('follows replacements and removals, and compacts the dead entries they leave', () => {
    const index = new SecondaryIndex('c', { name: 'k', key: { k: 1 } });
    const records = Array.from({ length: 3000 }, (_, i) => record({ _id: `r${i}`, k: i % 3 }));
    index.build(records);
    for (const r of records) {
      r.doc = { _id: r.id, k: 7 };
      index.replace(r, index.keysOf(r.doc));
    }
    expect(ids(index, [0])).toEqual([]);
    expect(ids(index, [7])).toHaveLength(3000);
    for (const r of records.slice(0, 1000)) index.remove(r);
    expect(ids(index, [7])).toHaveLength(2000);
    expect(index.entryCount).toBe(2000);
  });

  it('forgets the multikey mark when the last array-valued document goes', () => {
    const index = new SecondaryIndex('c', { name: 'k', key: { k: 1 } });
    const r = record({ _id: 'a', k: [1, 2] });
    add(index, r);
    expect(index.isMultikey(0)).toBe(true);
    index.remove(r);
    expect(index.isMultikey(0)).toBe(false);
  });

  it('refuses a second document with the same unique key, not the same document again', () => {
    const index = new SecondaryIndex('c', { name: 'code_1', key: { code: 1 }, unique: true });
    const a = record({ _id: 'a', code: 'K' });
    add(index, a);
    expect(() => index.assertUnique(index.keysOf({ _id: 'a', code: 'K' }), a)).not.toThrow();
    expect(() => index.assertUnique(index.keysOf({ _id: 'b', code: 'K' }), null)).toThrow(DuplicateKeyError);
    expect(() => index.assertUnique(index.keysOf({ _id: 'b', code: 'L' }), null)).not.toThrow();
  });

  it('refuses documents whose compound key would explode (parallel arrays)', () => {
    const index = new SecondaryIndex('c', { name: 'ab', key: { a: 1, b: 1 } });
    const many = Array.from({ length: 200 }, (_, i) => i);
    expect(() => index.keysOf({ _id: 'x', a: many, b: many })).toThrow(InvalidWriteError);
  });
});
