import { Query } from 'mingo';
import type { Filter } from '../read-model-store.port';
import { compareValues } from './bson-order';

// ---- A compiled fast path for the filters row-level scoping produces ----------------------------
//
// CASL's access filter is an $or/$and/$nor of equalities and $in on scope paths; mingo's general
// interpreter spends about three times as long per row on that as on a plain user filter. This
// compiles the subset — equality, $eq, $ne, $in, $nin on string/number/boolean operands and $gt, $gte,
// $lt, $lte on number/string/date operands over dot paths, combined by $and, $or, $nor — to closures. A document the subset cannot decide exactly (a path that
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

type RangeOperator = '$gt' | '$gte' | '$lt' | '$lte';
const RANGE_OPERATORS: readonly string[] = ['$gt', '$gte', '$lt', '$lte'];

// A range bound compares within one type only (MongoDB's type bracketing): numbers, strings by code
// point (bson-order, as indexes and sorts), valid dates.
const isRangeOperand = (v: unknown): v is number | string | Date =>
  (typeof v === 'number' && !Number.isNaN(v)) || typeof v === 'string' || (v instanceof Date && !Number.isNaN(v.getTime()));

const holds = (op: RangeOperator, c: number): boolean => (op === '$gt' ? c > 0 : op === '$gte' ? c >= 0 : op === '$lt' ? c < 0 : c <= 0);

// One scalar leaf against a bound: decided for the types above and null/missing, UNDECIDED otherwise.
function boundsLeaf(value: unknown, op: RangeOperator, operand: number | string | Date): boolean | typeof UNDECIDED {
  if (value === undefined || value === null) return false;
  if (typeof operand === 'number') {
    if (typeof value === 'number') return Number.isNaN(value) ? UNDECIDED : holds(op, value < operand ? -1 : value > operand ? 1 : 0);
  } else if (typeof operand === 'string') {
    if (typeof value === 'string') return holds(op, compareValues(value, operand));
  } else if (value instanceof Date) {
    const time = value.getTime();
    return Number.isNaN(time) ? UNDECIDED : holds(op, time - operand.getTime());
  }
  // Another type: no match, for the types whose reading is unambiguous; mingo decides the rest.
  if (typeof value === 'number') return Number.isNaN(value) ? UNDECIDED : false;
  if (typeof value === 'string' || typeof value === 'boolean' || value instanceof Date) return false;
  return UNDECIDED;
}

// A range condition on a path's value: an array matches when one of its elements does.
function bounds(value: unknown, op: RangeOperator, operand: number | string | Date): boolean | typeof UNDECIDED {
  if (!Array.isArray(value)) return boundsLeaf(value, op, operand);
  let found = false;
  for (const element of value) {
    if (element !== null && typeof element === 'object' && !(element instanceof Date)) return UNDECIDED;
    const r = boundsLeaf(element, op, operand);
    if (r === UNDECIDED) return UNDECIDED;
    if (r) found = true;
  }
  return found;
}

/** Whether a path's value meets one operator: true / false, or UNDECIDED. */
type LeafTest = (value: unknown) => boolean | typeof UNDECIDED;

/** Equality with one of `operands` ($eq, $in), or with none of them when `negate` ($ne, $nin, a deny rule). */
interface Membership {
  readonly operands: readonly Scalar[];
  readonly negate: boolean;
}

/** One condition on a path's value: memberships stay data, so a path's tests run in one loop without calls. */
type Condition = Membership | LeafTest;

const evaluate = (condition: Condition, value: unknown): boolean | typeof UNDECIDED => {
  if (typeof condition === 'function') return condition(value);
  const equal = equalsAny(value, condition.operands);
  return equal === UNDECIDED ? UNDECIDED : equal !== condition.negate;
};

function leafTest(op: string, operand: unknown): Condition | null {
  if ((op === '$eq' || op === '$ne') && isScalar(operand)) return { operands: [operand], negate: op === '$ne' };
  if ((op === '$in' || op === '$nin') && Array.isArray(operand) && operand.every(isScalar)) return { operands: operand as Scalar[], negate: op === '$nin' };
  if (RANGE_OPERATORS.includes(op) && isRangeOperand(operand)) return (value) => bounds(value, op as RangeOperator, operand);
  return null;
}

/** The conditions of a field condition, or null when it is outside the subset. */
function leafTestsOf(condition: unknown): Condition[] | null {
  if (isScalar(condition)) return [{ operands: [condition], negate: false }];
  if (!isPlain(condition) || Object.keys(condition).length === 0) return null;
  const tests: Condition[] = [];
  for (const [op, operand] of Object.entries(condition)) {
    const test = leafTest(op, operand);
    if (!test) return null;
    tests.push(test);
  }
  return tests;
}

const isFieldPath = (path: string): boolean => !path.startsWith('$') && path.split('.').every((s) => s !== '' && !s.startsWith('$'));

// `{$nor: [{f: c}]}` (a deny rule on one field): the negation of c's conditions, on f's value.
function notAll(tests: readonly Condition[]): Condition {
  const [only] = tests;
  if (tests.length === 1 && typeof only !== 'function') return { operands: only.operands, negate: !only.negate };
  return (value) => {
    for (const t of tests) {
      const r = evaluate(t, value);
      if (r === UNDECIDED) return UNDECIDED;
      if (!r) return true;
    }
    return false;
  };
}

// One read of the path's value for every condition a conjunction puts on it.
function fieldTest(path: string, tests: readonly Condition[]): FastTest {
  const read = readerOf(path.split('.'));
  const memberships = tests.filter((t): t is Membership => typeof t !== 'function');
  const others = tests.filter((t): t is LeafTest => typeof t === 'function');
  return (doc) => {
    const value = read(doc);
    if (value === UNDECIDED) return undefined;
    for (let i = 0; i < memberships.length; i++) {
      const equal = equalsAny(value, memberships[i].operands);
      if (equal === UNDECIDED) return undefined;
      if (equal === memberships[i].negate) return false;
    }
    for (let i = 0; i < others.length; i++) {
      const r = others[i](value);
      if (r === UNDECIDED) return undefined;
      if (!r) return false;
    }
    return true;
  };
}

// Paths of one or two segments (status, scope.regions) are nearly all of them: no loop for those.
function readerOf(segments: readonly string[]): (doc: unknown) => unknown {
  if (segments.length === 1) {
    const [a] = segments;
    return (doc) => (isPlain(doc) ? doc[a] : doc === undefined || doc === null ? undefined : UNDECIDED);
  }
  if (segments.length === 2) {
    const [a, b] = segments;
    return (doc) => {
      if (!isPlain(doc)) return doc === undefined || doc === null ? undefined : UNDECIDED;
      const node = doc[a];
      if (node === undefined || node === null) return undefined;
      return isPlain(node) ? node[b] : UNDECIDED;
    };
  }
  return (doc) => valueAt(doc, segments);
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

// A conjunction is tested per row; two or three parts (a deny rule and a user filter) are the usual
// case after flattening, and calling them directly beats a loop over an array.
const all = (tests: readonly FastTest[]): FastTest => {
  if (tests.length === 1) return tests[0];
  if (tests.length === 2) {
    const [a, b] = tests;
    return (doc) => {
      const r = a(doc);
      if (r === false) return false;
      const q = b(doc);
      if (q === false) return false;
      return r === undefined || q === undefined ? undefined : true;
    };
  }
  if (tests.length === 3) {
    const [a, b, c] = tests;
    return (doc) => {
      const r = a(doc);
      if (r === false) return false;
      const q = b(doc);
      if (q === false) return false;
      const p = c(doc);
      if (p === false) return false;
      return r === undefined || q === undefined || p === undefined ? undefined : true;
    };
  }
  return (doc) => {
    let undecided = false;
    for (const t of tests) {
      const r = t(doc);
      if (r === false) return false;
      if (r === undefined) undecided = true;
    }
    return undecided ? undefined : true;
  };
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
  const fields = new Map<string, Condition[]>();
  collect(filter, parts, fields);
  for (const [path, tests] of fields) parts.push({ test: fieldTest(path, tests), fast: true });
  if (parts.length === 1) return parts[0];
  return { test: all(ordered(parts)), fast: parts.some((p) => p.fast) };
}

const addTests = (fields: Map<string, Condition[]>, path: string, tests: readonly Condition[]): void => {
  const known = fields.get(path);
  if (known) known.push(...tests);
  else fields.set(path, [...tests]);
};

// The conjuncts of a filter, with nested $and flattened into them (the scoped filter nests two deep)
// and the conditions on one path, a one-field $nor among them, gathered to read the path once.
function collect(filter: Filter, parts: Compiled[], fields: Map<string, Condition[]>): void {
  for (const [key, value] of Object.entries(filter)) {
    const logical = key === '$and' || key === '$or' || key === '$nor';
    if (logical && Array.isArray(value) && value.length > 0 && value.every(isPlain)) {
      if (key === '$and') {
        for (const branch of value as Filter[]) collect(branch, parts, fields);
        continue;
      }
      if (key === '$nor' && value.length === 1) {
        const entries = Object.entries(value[0] as Filter);
        const tests = entries.length === 1 && isFieldPath(entries[0][0]) ? leafTestsOf(entries[0][1]) : null;
        if (tests) {
          addTests(fields, entries[0][0], [notAll(tests)]);
          continue;
        }
      }
      const branches = (value as Filter[]).map(compile);
      const tests = ordered(branches);
      const fast = branches.some((b) => b.fast);
      const either = tests.length === 1 ? tests[0] : any(tests);
      if (key === '$or') parts.push({ test: either, fast });
      else {
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
    const tests = logical || !isFieldPath(key) ? null : leafTestsOf(value);
    if (tests) addTests(fields, key, tests);
    else parts.push(byMingo({ [key]: value }));
  }
}

/** A compiled test for `filter`, or null when no part of it is in the subset (use mingo). */
export function compileFastFilter(filter: Filter): FastTest | null {
  if (Object.keys(filter).length === 0) return null;
  const compiled = compile(filter);
  return compiled.fast ? compiled.test : null;
}
