import { createMongoAbility, subject } from '@casl/ability';
import { assertSupportedConditions, normalizeConditions, SUPPORTED_OPERATORS, UnsupportedConditionError } from './conditions';

const caslMatches = (conditions: Record<string, unknown>, row: Record<string, unknown>) =>
  createMongoAbility([{ action: 'read', subject: 'Row', conditions }]).can('read', subject('Row', row));

describe('rule conditions', () => {
  it('accepts every supported operator in the shape both stores agree on', () => {
    const all = {
      a: { $eq: 1 },
      b: { $ne: 1 },
      c: { $gt: 1, $lt: 5 },
      d: { $gte: 'a', $lte: 'z' },
      e: { $in: [1, 2] },
      f: { $nin: ['x'] },
      g: { $all: ['vip'] },
      h: { $size: 0 },
      i: { $elemMatch: { $eq: 'vip' } },
      j: { $exists: false },
      'k.l': { $elemMatch: { m: { $gt: 2 } } },
    };
    expect(Object.keys(all).length).toBe(SUPPORTED_OPERATORS.length - 1);
    expect(() => assertSupportedConditions(all)).not.toThrow();
  });

  it.each([
    ['an unknown operator', { p: { $mod: [2, 0] } }],
    ['$regex', { title: { $regex: '^A' } }],
    ['a RegExp value', { title: /^A/ }],
    ['a logical operator written into a rule', { $or: [{ a: 1 }] }],
    ['$where', { $where: 'true' }],
    ['an upper bound alone', { p: { $lt: 3 } }],
    ['a boolean bound', { p: { $gt: false } }],
    ['null in $in', { p: { $in: [null, 1] } }],
    ['null in $nin', { p: { $nin: [null] } }],
    ['an empty $all', { tags: { $all: [] } }],
    ['a Date', { at: { $gt: new Date(0) } }],
    ['an unknown operator inside $elemMatch', { tags: { $elemMatch: { $type: 'string' } } }],
  ])('refuses %s', (_what, conditions) => {
    expect(() => assertSupportedConditions(conditions)).toThrow(UnsupportedConditionError);
  });

  it('gives an upper bound a lower bound of its type, so CASL no longer matches missing or null fields', () => {
    expect(caslMatches({ p: { $lt: 0 } }, {})).toBe(true); // why the rewrite exists: MongoDB says false
    const normalized = normalizeConditions({ p: { $lt: 0 }, s: { $lte: 'm' }, q: { $gt: 1, $lt: 9 } });
    expect(normalized).toEqual({ p: { $lt: 0, $gte: -Infinity, $ne: null }, s: { $lte: 'm', $gte: '', $ne: null }, q: { $gt: 1, $lt: 9 } });
    expect(caslMatches(normalized, { s: 'a', q: 2 })).toBe(false);
    expect(caslMatches(normalized, { p: null, s: 'a', q: 2 })).toBe(false);
    expect(caslMatches(normalized, { p: -1, s: 'a', q: 2 })).toBe(true);
  });

  it('normalizes inside $elemMatch and refuses what it cannot rewrite', () => {
    expect(normalizeConditions({ items: { $elemMatch: { qty: { $lte: 2 } } } })).toEqual({ items: { $elemMatch: { qty: { $lte: 2, $gte: -Infinity, $ne: null } } } });
    expect(() => normalizeConditions({ p: { $lt: true } })).toThrow(UnsupportedConditionError);
  });
});
