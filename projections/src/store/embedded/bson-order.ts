// ---- MongoDB's order of values (BSON comparison order), shared by sorting and the indexes -------
//
// Sort results must not depend on whether an index served the query, so the sort comparator and the
// index entries' comparator are this one function. MongoDB's order across types:
// (empty array in sort keys) < null/missing < numbers < strings < objects < arrays < binary < ObjectId
// < booleans < dates < regular expressions.

/** Stands for an empty array in a sort key or index key: MongoDB orders it before null. */
export const EMPTY_ARRAY: unique symbol = Symbol('empty array');

const rankOf = (value: unknown): number => {
  if (value === null || value === undefined) return 1;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 2;
    case 'string':
      return 3;
    case 'boolean':
      return 8;
    case 'symbol':
      return value === EMPTY_ARRAY ? 0 : 3;
    case 'function':
      return 11;
    default:
      break;
  }
  if (Array.isArray(value)) return 5;
  if (value instanceof Date) return 9;
  if (value instanceof RegExp) return 10;
  if (ArrayBuffer.isView(value)) return 6;
  const bsonType = (value as { _bsontype?: unknown })._bsontype;
  if (bsonType === 'ObjectId' || bsonType === 'ObjectID') return 7;
  return 4;
};

const compareNumbers = (a: number, b: number): number => {
  // NaN equals NaN and sorts before every other number, as in MongoDB.
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  return aNaN === bNaN ? 0 : aNaN ? -1 : 1;
};

// MongoDB compares strings by their UTF-8 bytes, i.e. by code point; JavaScript's `<` compares UTF-16
// code units, which differs only when a surrogate pair meets a code unit in U+E000..U+FFFF.
const compareStrings = (a: string, b: string): number => {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      const cx = a.codePointAt(i) ?? x;
      const cy = b.codePointAt(i) ?? y;
      return cx < cy ? -1 : cx > cy ? 1 : 0;
    }
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
};

const compareSequences = (a: readonly unknown[], b: readonly unknown[]): number => {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length === 0 ? 0 : a.length < b.length ? -1 : 1;
};

// BSON documents compare field by field: the value's type, then the field name, then the value.
const compareObjects = (a: Record<string, unknown>, b: Record<string, unknown>): number => {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const va = a[ka[i]];
    const vb = b[kb[i]];
    const byType = rankOf(va) - rankOf(vb);
    if (byType !== 0) return byType < 0 ? -1 : 1;
    const byName = compareStrings(ka[i], kb[i]);
    if (byName !== 0) return byName;
    const byValue = compareValues(va, vb);
    if (byValue !== 0) return byValue;
  }
  return ka.length === kb.length ? 0 : ka.length < kb.length ? -1 : 1;
};

/** Compares two values in MongoDB's order; returns a negative number, 0 or a positive number. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'string') return compareStrings(a as string, b as string);
    if (ta === 'number') return compareNumbers(a as number, b as number);
  }
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 1:
    case 0:
      return 0;
    case 2:
      return compareNumbers(Number(a), Number(b));
    case 3:
      return compareStrings(String(a), String(b));
    case 8:
      return a === b ? 0 : a ? 1 : -1;
    case 9:
      return compareNumbers((a as Date).getTime(), (b as Date).getTime());
    case 10: {
      const bySource = compareStrings((a as RegExp).source, (b as RegExp).source);
      return bySource !== 0 ? bySource : compareStrings((a as RegExp).flags, (b as RegExp).flags);
    }
    case 5:
      return compareSequences(a as unknown[], b as unknown[]);
    case 6:
      return compareBytes(a as ArrayBufferView, b as ArrayBufferView);
    case 7:
      return compareStrings(String(a), String(b));
    case 4:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>);
    default:
      return 0;
  }
}

const compareBytes = (a: ArrayBufferView, b: ArrayBufferView): number => {
  // BSON binary data orders by length first, then by bytes.
  if (a.byteLength !== b.byteLength) return a.byteLength < b.byteLength ? -1 : 1;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
};
