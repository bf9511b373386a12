import fc from 'fast-check';
import { Query } from 'mingo';
import { compileFilter, MINGO_OPTIONS } from './document-predicate';
import { compileFastFilter } from './fast-predicate';

// The fast path must answer exactly as mingo does wherever it answers at all.

// fc.record builds null-prototype objects; rows in the store are plain objects.
const plain = <T extends object>(arb: fc.Arbitrary<T>): fc.Arbitrary<T> => arb.map((o) => ({ ...o }));

const scalar = fc.oneof(fc.constantFrom('a', 'b', '44', 'CN'), fc.integer({ min: -1, max: 2 }), fc.boolean(), fc.constant(0.5));
const leaf = fc.oneof(
  scalar,
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.oneof(scalar, fc.constant(null), fc.array(scalar, { maxLength: 2 }), plain(fc.record({ x: scalar }))), { maxLength: 4 }),
  plain(fc.record({ x: scalar })),
  fc.constantFrom(new Date(0), new Date(1000), new Date(Number.NaN)),
  fc.array(fc.oneof(scalar, fc.constantFrom(new Date(0), new Date(2000))), { maxLength: 3 }),
  fc.constant(Number.NaN),
);
const doc = plain(fc.record(
  {
    _id: fc.constant('d'),
    status: leaf,
    tags: leaf,
    scope: fc.oneof(plain(fc.record({ tenants: leaf, regions: leaf }, { requiredKeys: [] })), fc.constant(null), fc.array(plain(fc.record({ regions: leaf })), { maxLength: 2 })),
  },
  { requiredKeys: ['_id'] },
));
const rangeOperator = fc.constantFrom('$gt', '$gte', '$lt', '$lte');
const rangeOperand = fc.oneof(fc.integer({ min: -1, max: 2 }), fc.constant(0.5), fc.constantFrom('a', 'b', '44', 'CN', ''), fc.constantFrom(new Date(0), new Date(1000)));
const path = fc.constantFrom('status', 'tags', 'scope.tenants', 'scope.regions', 'scope.regions.x', 'missing');
const fieldCondition = fc.oneof(
  scalar,
  scalar.map((v) => ({ $eq: v })),
  scalar.map((v) => ({ $ne: v })),
  fc.array(scalar, { maxLength: 3 }).map((v) => ({ $in: v })),
  fc.array(scalar, { maxLength: 3 }).map((v) => ({ $nin: v })),
  fc.tuple(scalar, fc.array(scalar, { minLength: 1, maxLength: 2 })).map(([a, b]) => ({ $ne: a, $in: b })),
  fc.tuple(rangeOperator, rangeOperand).map(([op, v]) => ({ [op]: v })),
  // A range as user filters write one: both bounds, or a bound beside an equality.
  fc.tuple(fc.integer({ min: -1, max: 2 }), fc.integer({ min: 0, max: 3 })).map(([lo, hi]) => ({ $gte: lo, $lt: hi })),
  fc.tuple(scalar, rangeOperand).map(([a, v]) => ({ $ne: a, $lte: v })),
);
// Outside the subset: mingo tests these parts on their own.
const slowCondition = fc.oneof(fc.integer({ min: 0, max: 2 }).map((v) => ({ $size: v })), fc.boolean().map((b) => ({ $exists: b })), fc.constant(null));
const { filter } = fc.letrec<{ filter: Record<string, unknown> }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    plain(fc.dictionary(path, fieldCondition, { minKeys: 1, maxKeys: 2 })),
    plain(fc.dictionary(path, fc.oneof(fieldCondition, slowCondition), { minKeys: 1, maxKeys: 3 })),
    fc.record({ $and: fc.array(tie('filter'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ $or: fc.array(tie('filter'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ $nor: fc.array(tie('filter'), { minLength: 1, maxLength: 3 }) }),
  ),
}));

describe('fast predicate', () => {
  it('agrees with mingo on every document it decides, and compileFilter always agrees', () => {
    let decided = 0;
    fc.assert(
      fc.property(filter, fc.array(doc, { minLength: 1, maxLength: 8 }), (f, docs) => {
        const fast = compileFastFilter(f) ?? (() => undefined);
        const query = new Query(f, MINGO_OPTIONS);
        const compiled = compileFilter(f);
        for (const d of docs) {
          const expected = query.test(d);
          const answer = fast(d);
          if (answer !== undefined) {
            decided++;
            expect(answer).toBe(expected);
          }
          expect(compiled.test(d)).toBe(expected);
        }
      }),
      { numRuns: 3000 },
    );
    expect(decided).toBeGreaterThan(3000);
  });

  it('leaves filters outside the subset to mingo', () => {
    for (const f of [{ a: { $gt: null } }, { a: { $gt: true } }, { a: null }, { a: { b: 1 } }, { $where: 'true' }, { a: { $in: [null] } }, { $and: [] }, { 'a.$b': 1 }, { a: { $exists: true } }])
      expect(compileFastFilter(f)).toBeNull();
  });

  it('compiles the subset parts of a mixed filter and asks mingo for the rest', () => {
    const fast = compileFastFilter({ 'scope.regions': '44', tags: { $size: 1 } })!;
    expect(fast({ scope: { regions: ['4403', '44', 'CN'] }, tags: ['a'] })).toBe(true);
    expect(fast({ scope: { regions: ['4403', '44', 'CN'] }, tags: ['a', 'b'] })).toBe(false);
    expect(fast({ scope: { regions: ['11', 'CN'] }, tags: ['a'] })).toBe(false);
  });

  it('decides ranges within one type: numbers, strings by code point, dates; arrays by any element', () => {
    const priority = compileFastFilter({ priority: { $gte: 2 } })!;
    expect([3, 2, 1, '3', null, undefined, [1, 5], [1], []].map((p) => priority({ priority: p }))).toEqual([true, true, false, false, false, false, true, false, false]);
    const updated = compileFastFilter({ updatedAt: { $gt: '2026-05-01', $lte: '2026-06-01' } })!;
    expect(['2026-05-02T00:00:00Z', '2026-05-01', '2026-06-01', '2026-06-02', 20260502].map((u) => updated({ updatedAt: u }))).toEqual([true, false, true, false, false]);
    const since = compileFastFilter({ at: { $lt: new Date(1000) } })!;
    expect([new Date(999), new Date(1000), 999, '1970'].map((at) => since({ at }))).toEqual([true, false, false, false]);
    // An invalid date and NaN are mingo's to read.
    expect(since({ at: new Date(Number.NaN) })).toBeUndefined();
    expect(priority({ priority: Number.NaN })).toBeUndefined();
  });

  it('flattens the nested $and of a scoped filter and decides the $nor of a deny rule', () => {
    const access = { $and: [{ 'scope.regions': '44' }, { $nor: [{ status: 'cancelled' }] }] };
    const fast = compileFastFilter({ $and: [access, { status: { $in: ['open', 'cancelled'] }, priority: { $gte: 2 } }] })!;
    expect(fast({ scope: { regions: ['4403', '44', 'CN'] }, status: 'open', priority: 2 })).toBe(true);
    expect(fast({ scope: { regions: ['4403', '44', 'CN'] }, status: 'cancelled', priority: 2 })).toBe(false);
    expect(fast({ scope: { regions: ['11', 'CN'] }, status: 'open', priority: 2 })).toBe(false);
    expect(fast({ scope: { regions: ['44'] }, status: 'open', priority: 1 })).toBe(false);
  });

  it('hands documents whose paths cross arrays to mingo', () => {
    const fast = compileFastFilter({ 'scope.regions': '44' })!;
    expect(fast({ scope: [{ regions: ['44'] }] })).toBeUndefined();
    expect(compileFilter({ 'scope.regions': '44' }).test({ _id: 'x', scope: [{ regions: ['44'] }] })).toBe(true);
    expect(fast({ scope: { regions: ['440305', '4403', '44', 'CN'] } })).toBe(true);
  });
});
