import { InvalidWriteError } from '../read-model-store.port';
import { applyReplacement, applyUpdate, updateSeed, upsertSeed } from './document-updates';

describe('document updates', () => {
  it('seeds an upsert with the equality fields of the filter, including $eq and $and parts', () => {
    expect(
      upsertSeed({
        _id: 'a',
        'meta.source': 'x',
        kind: { $eq: 'k' },
        n: { $gt: 1 },
        $and: [{ region: '44' }, { tags: { $in: ['t'] } }],
        $or: [{ ignored: 1 }],
      }),
    ).toEqual({ _id: 'a', meta: { source: 'x' }, kind: 'k', region: '44' });
  });

  it('applies $setOnInsert only when inserting', () => {
    expect(updateSeed('c', { _id: 'a' }, { $set: { n: 1 }, $setOnInsert: { created: true } })).toEqual({ _id: 'a', n: 1, created: true });
    expect(applyUpdate('c', { _id: 'a', n: 1 }, { $set: { n: 2 }, $setOnInsert: { created: true } }, { _id: 'a' }, false)).toEqual({
      _id: 'a',
      n: 2,
    });
  });

  it('uses the positional operator through mingo, with the filter', () => {
    const doc = {
      _id: 'a',
      items: [
        { sku: 'P1', qty: 1 },
        { sku: 'P2', qty: 1 },
      ],
    };
    expect(applyUpdate('c', doc, { $set: { 'items.$.qty': 9 } }, { 'items.sku': 'P2' }, false)).toEqual({
      _id: 'a',
      items: [
        { sku: 'P1', qty: 1 },
        { sku: 'P2', qty: 9 },
      ],
    });
  });

  it('answers null when nothing changed', () => {
    expect(applyUpdate('c', { _id: 'a', n: 1 }, { $set: { n: 1 } }, {}, false)).toBeNull();
    expect(applyReplacement('c', { _id: 'a', n: 1 }, { n: 1 })).toBeNull();
  });

  it('refuses to change _id, updates without operators and replacements with operators', () => {
    expect(() => applyUpdate('c', { _id: 'a' }, { $set: { _id: 'b' } }, {}, false)).toThrow(InvalidWriteError);
    expect(() => applyUpdate('c', { _id: 'a' }, { n: 1 }, {}, false)).toThrow(InvalidWriteError);
    expect(() => applyUpdate('c', { _id: 'a' }, { $nope: { n: 1 } }, {}, false)).toThrow(InvalidWriteError);
    expect(() => applyReplacement('c', { _id: 'a' }, { _id: 'b' })).toThrow(InvalidWriteError);
    expect(() => applyReplacement('c', { _id: 'a' }, { $set: { n: 1 } })).toThrow(InvalidWriteError);
  });
});
