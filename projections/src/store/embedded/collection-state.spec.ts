import { IndexConflictError, InvalidWriteError } from '../read-model-store.port';
import { CollectionState } from './collection-state';

const many = Array.from({ length: 200 }, (_, i) => i);

describe('CollectionState', () => {
  const fresh = () => {
    const state = new CollectionState('c');
    state.ensureIndexes([
      { name: 'a', key: { a: 1 } },
      { name: 'xy', key: { x: 1, y: 1 } },
    ]);
    return state;
  };

  it('leaves no trace of an insert that one index refuses', () => {
    const state = fresh();
    expect(() => state.insert({ _id: 'bad', a: 1, x: many, y: many })).toThrow(InvalidWriteError);
    expect(state.records.size).toBe(0);
    expect(state.indexes[0].entryCount).toBe(0);
  });

  it('leaves the stored document and its entries alone when a replacement is refused', () => {
    const state = fresh();
    const record = state.insert({ _id: 'r', a: 1, x: 1, y: 1 });
    expect(() => state.replace(record, { _id: 'r', a: 2, x: many, y: many })).toThrow(InvalidWriteError);
    expect(record.doc).toEqual({ _id: 'r', a: 1, x: 1, y: 1 });
    const [a] = state.indexes;
    expect(a.scan(a.range([1])).next()).toBeDefined();
    expect(a.scan(a.range([2])).next()).toBeUndefined();
  });

  it('refuses an index whose name or key clashes with an existing one', () => {
    const state = fresh();
    expect(() => state.ensureIndexes([{ name: 'a', key: { b: 1 } }])).toThrow(IndexConflictError);
    expect(() => state.ensureIndexes([{ name: 'a', key: { a: 1 }, unique: true }])).toThrow(IndexConflictError);
    expect(() => state.ensureIndexes([{ name: 'other', key: { a: 1 } }])).toThrow(IndexConflictError);
    expect(state.indexNames()).toEqual(['a', 'xy']);
  });

  it('renames itself in the errors it raises', () => {
    const state = fresh();
    state.renameTo('d');
    state.insert({ _id: 'x' });
    expect(() => state.insert({ _id: 'x' })).toThrow('duplicate key in d');
  });
});
