import { compareValues, EMPTY_ARRAY } from './bson-order';

describe("compareValues: MongoDB's order of values", () => {
  const ascending = (values: unknown[]) => [...values].sort(compareValues);

  it('orders across types: empty array < null < numbers < strings < objects < arrays < booleans < dates < regexes', () => {
    const date = new Date(0);
    const values = [/x/, date, true, [1], { a: 1 }, 'a', 3, null, EMPTY_ARRAY];
    expect(ascending(values)).toEqual([EMPTY_ARRAY, null, 3, 'a', { a: 1 }, [1], true, date, /x/]);
  });

  it('treats missing (undefined) as null', () => {
    expect(compareValues(undefined, null)).toBe(0);
  });

  it('orders numbers numerically with NaN first', () => {
    expect(ascending([10, -1, NaN, 2.5, 2])).toEqual([NaN, -1, 2, 2.5, 10]);
  });

  it('orders strings by code point (UTF-8 byte order), not UTF-16 code unit', () => {
    const supplementary = '\u{20000}'; // a CJK Extension B character (surrogate pair in UTF-16)
    const fullwidth = '\uFF08'; // a BMP character above the surrogate range
    expect(compareValues(fullwidth, supplementary)).toBeLessThan(0);
    expect(ascending(['b', 'ab', 'a', ''])).toEqual(['', 'a', 'ab', 'b']);
  });

  it('orders dates by time, booleans false first, arrays and objects element by element', () => {
    expect(compareValues(new Date(1), new Date(2))).toBeLessThan(0);
    expect(compareValues(false, true)).toBeLessThan(0);
    expect(compareValues([1, 2], [1, 3])).toBeLessThan(0);
    expect(compareValues([1], [1, 0])).toBeLessThan(0);
    expect(compareValues({ a: 1, b: 2 }, { a: 1, b: 2 })).toBe(0);
    expect(compareValues({ a: 1 }, { b: 0 })).toBeLessThan(0);
  });
});
