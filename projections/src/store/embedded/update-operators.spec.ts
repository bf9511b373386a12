import { update as mingoUpdate } from 'mingo';
import { applyUpdateOperators, UNSUPPORTED, UpdateOperatorError } from './update-operators';

const base = () => ({
  _id: 'a',
  n: 1,
  s: 'x',
  list: [1, 2, 3],
  items: [
    { sku: 'P1', qty: 1 },
    { sku: 'P2', qty: 5 },
  ],
  nested: { a: { b: 1 } },
});

describe('update operators', () => {
  // The same updates through mingo (the reference this module stands in for) must give the same document.
  it.each([
    { $set: { s: 'y', 'nested.a.c': 2, 'fresh.deep': true } },
    { $unset: { s: '', 'nested.a.b': '', missing: '' } },
    { $inc: { n: 2, 'nested.a.b': -1, created: 5 } },
    { $mul: { n: 3, absent: 2 } },
    { $min: { n: 0 }, $max: { 'nested.a.b': 9 } },
    { $push: { list: 4, fresh: 'x' } },
    { $push: { list: { $each: [4, 5] } } },
    { $addToSet: { list: { $each: [3, 4, 4] } } },
    { $pull: { list: { $gte: 2 } } },
    { $pull: { items: { sku: 'P2' } } },
    { $pull: { list: 2 } },
    { $pullAll: { list: [1, 3] } },
    { $pop: { list: 1 } },
    { $pop: { list: -1 } },
  ])('applies %j like mingo', (modifier) => {
    const ours = base();
    const theirs = base();
    expect(applyUpdateOperators(ours, modifier)).toBeUndefined();
    mingoUpdate(theirs, modifier as Parameters<typeof mingoUpdate>[1]);
    expect(ours).toEqual(theirs);
  });

  it('creates new fields in lexicographic order of their paths, as MongoDB does', () => {
    const doc: Record<string, unknown> = { _id: 'a' };
    applyUpdateOperators(doc, { $set: { z: 1, b: 1 }, $inc: { a: 1 } });
    expect(Object.keys(doc)).toEqual(['_id', 'a', 'b', 'z']);
  });

  it('refuses conflicting paths and wrong types', () => {
    expect(() => applyUpdateOperators(base(), { $set: { nested: 1 }, $inc: { 'nested.a.b': 1 } })).toThrow(UpdateOperatorError);
    expect(() => applyUpdateOperators(base(), { $inc: { s: 1 } })).toThrow(UpdateOperatorError);
    expect(() => applyUpdateOperators(base(), { $push: { s: 1 } })).toThrow(UpdateOperatorError);
  });

  it('leaves positional paths, paths through arrays and rare operators to mingo, untouched', () => {
    for (const modifier of [
      { $set: { 'items.$.qty': 2 } },
      { $set: { 'items.0.qty': 2 } },
      { $rename: { s: 't' } },
      { $push: { list: { $each: [1], $slice: 2 } } },
    ]) {
      const doc = base();
      expect(applyUpdateOperators(doc, modifier)).toBe(UNSUPPORTED);
      expect(doc).toEqual(base());
    }
  });

  it('copies values in, so the caller keeps ownership of its update', () => {
    const doc: Record<string, unknown> = { _id: 'a' };
    const value = { deep: [1] };
    applyUpdateOperators(doc, { $set: { v: value } });
    value.deep.push(2);
    expect(doc['v']).toEqual({ deep: [1] });
  });
});
