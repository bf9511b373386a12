import { Query } from 'mingo';
import type { Filter } from '../read-model-store.port';

// ---- A compiled fast path for the filters row-level scoping produces ----------------------------
//
// CASL's access filter is an $or/$and/$nor of equalities and $in on scope paths; mingo's general
// interpreter spends about three times as long per row on that as on a plain user filter. This
// compiles the subset — equality, $eq, $ne, $in, $nin on string/number/boolean operands over dot paths,
// combined by $and, $or, $nor — to closures. A document the subset cannot decide exactly (a path that
// crosses an array or a non-plain object, a leaf that is or holds a non-plain object or an array) answers `undefined`, and
// the caller asks mingo. A part of a filter outside the subset (a range, $exists, ...) is tested by mingo
// on its own, after the compiled parts had their chance to decide; a filter with no part in the subset
// is not compiled at all (null).

/** true / false when decided, undefined when mingo must decide this document. */
export type FastTest = (doc: unknown) => boolean | undefined;

type Scalar = string | number | boolean;

const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && !Number.isNaN(v));

const isPlain = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

const UNDECIDED = Symbol('undecided');

/** The value at a path through plain objects; UNDECIDED where an array or another object is crossed. */
function valueAt(doc: unknown, segments: readonly string[]): unknown {
  let node = doc;
  for (const segment of segments) {
    if (node === undefined || node === null) return undefined;
    if (!isPlain(node)) return UNDECIDED;
    node = node[segment];
  }
  return node;
}

/** Equality of a leaf with a scalar as MongoDB sees it, or UNDECIDED for leaves we do not interpret. */
function equalsAny(value: unknown, operands: readonly Scalar[]): boolean | typeof UNDECIDED {
  if (value === undefined || value === null || isScalar(value)) return operands.includes(value as Scalar);
  if (typeof value === 'number') return false; // NaN
  if (!Array.isArray(value)) return isPlain(value) ? false : UNDECIDED;
  let found = false;
  for (const element of value) {
    // Nested arrays and non-plain objects: mingo has its own reading of them; let it decide.
    if (element !== null && typeof element === 'object' && !isPlain(element)) return UNDECIDED;
    if (isScalar(element) && operands.includes(element)) found = true;
  }
  return found;
}

function compileField(path: string, condition: unknown): FastTest | null {
  const segments = path.split('.');
  if (segments.some((s) => s === '' || s.startsWith('$'))) return null;
  const tests: { readonly operands: readonly Scalar[]; readonly negate: boolean }[] = [];
  if (isScalar(condition)) tests.push({ operands: [condition], negate: false });
  else if (isPlain(condition) && Object.keys(condition).length > 0) {
    for (const [op, operand] of Object.entries(condition)) {
      if ((op === '$eq' || op === '$ne') && isScalar(operand)) tests.push({ operands: [operand], negate: op === '$ne' });
      else if ((op === '$in' || op === '$nin') && Array.isArray(operand) && operand.every(isScalar))
        tests.push({ operands: operand as Scalar[], negate: op === '$nin' });
      else return null;
    }
  } else return null;
  return (doc) => {
    const value = valueAt(doc, segments);
    if (value === UNDECIDED) return undefined;
    for (const t of tests) {
      const equal = equalsAny(value, t.operands);
      if (equal === UNDECIDED) return undefined;
      if (equal === t.negate) return false;
    }
    return true;
  };
}

interface Compiled {
  readonly test: FastTest;
  /** False when the whole test is mingo's: then compiling gained nothing. */
  readonly fast: boolean;
}

const byMingo = (part: Filter): Compiled => {
  let query: Query | null = null;
  return { test: (doc) => (query ??= new Query(part, { scriptEnabled: false })).test(doc as Record<string, unknown>), fast: false };
};

// Compiled tests first: the cheap ones may decide before mingo runs.
const ordered = (parts: readonly Compiled[]): FastTest[] => [...parts.filter((p) => p.fast), ...parts.filter((p) => !p.fast)].map((p) => p.test);

const all =
  (tests: readonly FastTest[]): FastTest =>
  (doc) => {
    let undecided = false;
    for (const t of tests) {
      const r = t(doc);
      if (r === false) return false;
      if (r === undefined) undecided = true;
    }
    return undecided ? undefined : true;
  };

const any =
  (tests: readonly FastTest[]): FastTest =>
  (doc) => {
    let undecided = false;
    for (const t of tests) {
      const r = t(doc);
      if (r === true) return true;
      if (r === undefined) undecided = true;
    }
    return undecided ? undefined : false;
  };

function compile(filter: Filter): Compiled {
  const parts: Compiled[] = [];
  for (const [key, value] of Object.entries(filter)) {
    const logical = key === '$and' || key === '$or' || key === '$nor';
    if (logical && Array.isArray(value) && value.length > 0 && value.every(isPlain)) {
      const branches = (value as Filter[]).map(compile);
      const tests = ordered(branches);
      const fast = branches.some((b) => b.fast);
      if (key === '$and') parts.push({ test: all(tests), fast });
      else if (key === '$or') parts.push({ test: any(tests), fast });
      else {
        const either = any(tests);
        parts.push({
          test: (doc) => {
            const r = either(doc);
            return r === undefined ? undefined : !r;
          },
          fast,
        });
      }
      continue;
    }
    const test = logical || key.startsWith('$') ? null : compileField(key, value);
    parts.push(test ? { test, fast: true } : byMingo({ [key]: value }));
  }
  return { test: all(ordered(parts)), fast: parts.some((p) => p.fast) };
}

/** A compiled test for `filter`, or null when no part of it is in the subset (use mingo). */
export function compileFastFilter(filter: Filter): FastTest | null {
  if (Object.keys(filter).length === 0) return null;
  const compiled = compile(filter);
  return compiled.fast ? compiled.test : null;
}
