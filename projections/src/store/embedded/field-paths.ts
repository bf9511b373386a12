import { compareValues, EMPTY_ARRAY } from './bson-order';

// ---- Values found at a dot path, the way MongoDB's indexes and sorts see them -------------------

/** A dot path split once ('scope.tenants' -> ['scope', 'tenants']). */
export type PathSegments = readonly string[];

export const splitPath = (path: string): PathSegments => path.split('.');

const isDigits = (s: string): boolean => s.length > 0 && /^[0-9]+$/.test(s);

// Only documents have fields to follow; dates, regular expressions and binary values are leaves.
const isTraversable = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return (
    proto === Object.prototype || proto === null || (!(value instanceof Date) && !(value instanceof RegExp) && !ArrayBuffer.isView(value))
  );
};

/** Index keys of one path: every value reached, arrays fanned out; `multikey` when an array was crossed. */
export interface PathKeys {
  readonly values: unknown[];
  readonly multikey: boolean;
  /**
   * True when some key was reached past two arrays on one path (an array nested in an array, or an
   * array inside an array of documents) or through an object that is not a plain document. MongoDB's
   * matcher does not look inside nested arrays, and mingo (the embedded store's matcher) reads `$in`
   * past an array of documents differently from MongoDB; without this mark an entry with key v proves
   * the document matches `{path: v}` and `{path: {$in: [..., v]}}` for a scalar v, on both.
   */
  readonly generous: boolean;
}

/**
 * Collects the keys a multikey index holds for `doc` at `path`. Deliberately generous: nested arrays
 * are flattened all the way, so the keys are a superset of what MongoDB's matcher could match by
 * equality — an index lookup may return extra candidates (the full filter removes them), never fewer.
 */
export function indexKeysAt(doc: unknown, segments: PathSegments): PathKeys {
  // Fast path for the usual case, a path through plain objects to a scalar.
  let node: unknown = doc;
  let i = 0;
  while (
    i < segments.length &&
    typeof node === 'object' &&
    node !== null &&
    !Array.isArray(node) &&
    Object.getPrototypeOf(node) === Object.prototype
  ) {
    node = (node as Record<string, unknown>)[segments[i++]];
  }
  if (i === segments.length && !Array.isArray(node)) return { values: [node === undefined ? null : node], multikey: false, generous: false };
  const values: unknown[] = [];
  const state = { multikey: false, generous: false };
  collectIndexKeys(doc, segments, 0, values, state, 0);
  return { values, multikey: state.multikey, generous: state.generous };
}

function collectIndexKeys(
  value: unknown,
  segments: PathSegments,
  i: number,
  out: unknown[],
  state: { multikey: boolean; generous: boolean },
  arraysCrossed: number,
): void {
  if (Array.isArray(value)) {
    state.multikey = true;
    if (arraysCrossed > 0) state.generous = true;
    if (value.length === 0) {
      out.push(i === segments.length ? EMPTY_ARRAY : null);
      return;
    }
    for (const element of value) collectIndexKeys(element, segments, i, out, state, arraysCrossed + 1);
    // 'tags.0' addresses an element by position as well as a field named '0'.
    if (i < segments.length && isDigits(segments[i])) collectIndexKeys(value[Number(segments[i])], segments, i + 1, out, state, arraysCrossed + 1);
    return;
  }
  if (i === segments.length) {
    out.push(value === undefined ? null : value);
    return;
  }
  if (isTraversable(value)) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) state.generous = true;
    collectIndexKeys(value[segments[i]], segments, i + 1, out, state, arraysCrossed);
  } else out.push(null);
}

/**
 * The value MongoDB sorts a document by: missing is null; an array sorts by its smallest element
 * ascending and its largest descending; an empty array sorts before null.
 */
export function sortKeyAt(doc: Record<string, unknown>, segments: PathSegments, direction: 1 | -1): unknown {
  if (segments.length === 1) {
    const value = doc[segments[0]];
    if (!Array.isArray(value)) return value === undefined ? null : value;
  }
  const values: unknown[] = [];
  collectSortValues(doc, segments, 0, values);
  if (values.length === 0) return null;
  let best = values[0];
  for (let k = 1; k < values.length; k++) {
    const c = compareValues(values[k], best);
    if (direction === 1 ? c < 0 : c > 0) best = values[k];
  }
  return best;
}

function collectSortValues(value: unknown, segments: PathSegments, i: number, out: unknown[]): void {
  if (i === segments.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(EMPTY_ARRAY);
      else for (const element of value) out.push(element === undefined ? null : element);
    } else out.push(value === undefined ? null : value);
    return;
  }
  if (Array.isArray(value)) {
    for (const element of value) collectSortValues(element, segments, i, out);
    if (isDigits(segments[i])) collectSortValues(value[Number(segments[i])], segments, i + 1, out);
    return;
  }
  if (isTraversable(value)) collectSortValues(value[segments[i]], segments, i + 1, out);
  else out.push(null);
}
