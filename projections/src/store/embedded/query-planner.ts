import type { Filter } from '../read-model-store.port';
import { BranchUnion, IdLookup, IndexRanges, Intersection, type AccessPath, type FilterTerm } from './access-paths';
import { compareValues } from './bson-order';
import type { DocumentRecord } from './document-record';
import type { IndexRange, KeyBounds, SecondaryIndex } from './secondary-index';

// ---- The planner: which index ranges can stand in for the whole collection ----------------------
//
// Only equality reaches an index here ({f: v}, {f: {$eq: v}}, {f: {$in: [...]}}) with v a string,
// number or boolean — exactly the shape of CASL's scope conditions (array membership on
// scope.tenants / scope.regions) and of typical user filters (status, type). Under a conjunction the
// equalities on consecutive leading fields of an index become that index's ranges; an `$or` is
// reachable when every branch is (the union of the branches' paths); the conjunction's own equalities
// are handed down into its `$or` branches, which is sound because a document matching the whole
// conjunction matches them too. Everything else ($nor, $not, ranges, $elemMatch, regexes ...) is left
// to the full filter, which runs on the candidates. The exception: a top-level equality whose path
// an index range pins exactly (the index holds no generously flattened keys there) is true of every
// entry the range yields, so the executor leaves that term out of the filter it runs (as MongoDB's
// planner does with exact index bounds).

export interface PlannerContext {
  readonly indexes: readonly SecondaryIndex[];
  readonly records: ReadonlyMap<string, DocumentRecord>;
}

/** Equality conditions of one conjunction: path -> the values it may equal (sorted, distinct). */
type Equalities = ReadonlyMap<string, readonly unknown[]>;

/** Numeric range conditions of one conjunction ($gt/$gte/$lt/$lte): path -> its bounds. */
type Bounds = ReadonlyMap<string, KeyBounds>;

/** Per path of a conjunction's equalities, the term they came from when it says nothing else. */
type Sources = Map<string, FilterTerm | null>;

// A compound prefix multiplies the values of its fields; beyond this many ranges the prefix is cut.
const MAX_RANGES = 256;
// A second path is intersected with the cheapest one when it reads at most this many times as much:
// reading an index entry costs far less than running the full filter on a candidate it removes.
const INTERSECT_WHEN_WITHIN = 2;

/** The access paths that can replace a full scan for `filter`, cheapest first (empty: scan). */
export function accessPathsFor(filter: Filter, context: PlannerContext): AccessPath[] {
  return planConjunction(filter, new Map(), new Map(), context, 0);
}

/** The cheapest way to collect candidates, intersecting the two cheapest paths when that pays. */
export function candidatePath(alternatives: readonly AccessPath[]): AccessPath | null {
  const [first, second] = alternatives;
  if (!first) return null;
  if (second && second.cost <= INTERSECT_WHEN_WITHIN * first.cost && first.cost > 64) return new Intersection(first, second);
  return first;
}

function planConjunction(node: Filter, inherited: Equalities, inheritedBounds: Bounds, context: PlannerContext, depth: number): AccessPath[] {
  const equalities = new Map(inherited);
  const bounds = new Map(inheritedBounds);
  const disjunctions: Filter[][] = [];
  const sources: Sources = new Map();
  gather(node, equalities, disjunctions, sources, bounds);

  const alternatives: AccessPath[] = [];
  const ids = equalities.get('_id');
  if (ids) alternatives.push(new IdLookup(ids, context.records));
  for (const index of context.indexes) {
    const ranges = index.plannable ? rangesOf(index, equalities, bounds) : null;
    // Inside an $or branch a term holds for that branch's candidates only: imply nothing there.
    if (ranges) alternatives.push(new IndexRanges(ranges, depth === 0 ? impliedBy(index, ranges, sources) : []));
  }
  // Deeply nested $or trees are rare in practice and multiply planning work; past a depth, scan.
  if (depth < 4) {
    for (const branches of disjunctions) {
      const perBranch = branches.map((branch) => planConjunction(branch, equalities, bounds, context, depth + 1));
      if (perBranch.every((a) => a.length > 0)) alternatives.push(new BranchUnion(perBranch));
    }
  }
  return alternatives.sort((a, b) => a.cost - b.cost);
}

// Collects a conjunction's equalities and numeric bounds (descending into $and) and its $or groups.
function gather(node: Filter, equalities: Map<string, readonly unknown[]>, disjunctions: Filter[][], sources: Sources, bounds: Map<string, KeyBounds>): void {
  for (const [key, value] of Object.entries(node)) {
    if (key === '$and') {
      if (Array.isArray(value)) for (const part of value) if (isPlainObject(part)) gather(part, equalities, disjunctions, sources, bounds);
    } else if (key === '$or') {
      if (Array.isArray(value) && value.length > 0 && value.every(isPlainObject)) disjunctions.push(value);
    } else if (!key.startsWith('$')) {
      const range = numericBounds(value);
      // Two range conditions on one path: either alone bounds a superset of what both match.
      if (range !== null && !bounds.has(key)) bounds.set(key, range);
      const values = equalityValues(value);
      if (values === null) continue;
      const known = equalities.get(key);
      // Two conditions on one path: either alone is a superset of the documents matching both.
      if (!known || values.length < known.length) {
        equalities.set(key, values);
        sources.set(key, isPureEquality(value) ? { node, key } : null);
      }
    }
  }
}

// `{f: v}`, `{f: {$eq: v}}`, `{f: {$in: [...]}}` with nothing else beside the operator.
const isPureEquality = (condition: unknown): boolean => isIndexable(condition) || (isPlainObject(condition) && Object.keys(condition).length === 1);

// The terms behind the equality prefix of `ranges` that every entry of them satisfies.
function impliedBy(index: SecondaryIndex, ranges: readonly IndexRange[], sources: Sources): FilterTerm[] {
  const prefixLength = ranges[0]?.prefixLength ?? 0;
  const terms: FilterTerm[] = [];
  for (let i = 0; i < prefixLength; i++) {
    const term = sources.get(index.fields[i].path);
    if (term && index.keysMatchEquality(i)) terms.push(term);
  }
  return terms;
}

/** `filter` without `terms` (an `$and` left empty goes too); `filter` itself when there are none. */
export function residualFilter(filter: Filter, terms: readonly FilterTerm[]): Filter {
  if (terms.length === 0) return filter;
  const dropped = new Map<Filter, Set<string>>();
  for (const term of terms) {
    const keys = dropped.get(term.node) ?? new Set<string>();
    keys.add(term.key);
    dropped.set(term.node, keys);
  }
  const strip = (node: Filter): Filter => {
    const keys = dropped.get(node);
    const out: Filter = {};
    for (const [key, value] of Object.entries(node)) {
      if (keys?.has(key)) continue;
      if (key === '$and' && Array.isArray(value)) {
        const parts = value.map((part: unknown) => (isPlainObject(part) ? strip(part) : part)).filter((part) => !isPlainObject(part) || Object.keys(part).length > 0);
        if (parts.length > 0) out[key] = parts;
        else if (value.length === 0) out[key] = value; // an empty $and is the caller's (invalid) filter: keep its error
      } else out[key] = value;
    }
    return out;
  };
  return strip(filter);
}

const isIndexable = (v: unknown): boolean => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && !Number.isNaN(v));

const isPlainObject = (v: unknown): v is Filter =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** The values an equality condition may take, or null when the condition is not a plain equality. */
function equalityValues(condition: unknown): unknown[] | null {
  if (isIndexable(condition)) return [condition];
  if (!isPlainObject(condition)) return null;
  const keys = Object.keys(condition);
  if (keys.length === 0 || !keys.every((k) => k.startsWith('$'))) return null;
  if ('$eq' in condition) return isIndexable(condition['$eq']) ? [condition['$eq']] : null;
  const candidates = condition['$in'];
  if (!Array.isArray(candidates) || !candidates.every(isIndexable)) return null;
  const sorted = [...candidates].sort(compareValues);
  return sorted.filter((v, i) => i === 0 || compareValues(sorted[i - 1], v) !== 0);
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);

/**
 * `{f: {$gt|$gte|$lt|$lte: n, …}}` with numbers only (type bracketing: a numeric bound matches numbers
 * alone, which sit together in BSON order), or null. Keys beside them are left to the filter.
 */
function numericBounds(condition: unknown): KeyBounds | null {
  if (!isPlainObject(condition)) return null;
  let lower: KeyBounds['lower'];
  let upper: KeyBounds['upper'];
  for (const [op, bound] of Object.entries(condition)) {
    if (!isNumber(bound)) continue;
    if (op === '$gt' || op === '$gte') lower = { value: bound, inclusive: op === '$gte' };
    else if (op === '$lt' || op === '$lte') upper = { value: bound, inclusive: op === '$lte' };
  }
  return lower === undefined && upper === undefined ? null : { ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) };
}

// The ranges of the longest leading key prefix bound by equalities, or null when the first field is
// free. A numeric range on the field after the prefix narrows each range (keyset paging by position).
function rangesOf(index: SecondaryIndex, equalities: Equalities, bounds: Bounds): IndexRange[] | null {
  const lists: (readonly unknown[])[] = [];
  let combinations = 1;
  for (const field of index.fields) {
    const values = equalities.get(field.path);
    if (!values || combinations * values.length > MAX_RANGES) break;
    lists.push(values);
    combinations *= values.length;
  }
  if (lists.length === 0) return null;
  let prefixes: unknown[][] = [[]];
  for (const values of lists) prefixes = prefixes.flatMap((p) => values.map((v) => [...p, v]));
  const next = index.fields[lists.length];
  const found = next !== undefined && index.keysMatchEquality(lists.length) ? bounds.get(next.path) : undefined;
  // On an array field each bound may be met by a different element ({k: [1, 10]} matches
  // {$gte: 5, $lt: 3}), so no one entry need lie between both: one bound alone still bounds a superset.
  const range = found?.lower && found.upper && index.isMultikey(lists.length) ? { lower: found.lower } : found;
  return prefixes.map((prefix) => (range ? index.rangeWithin(prefix, range) : index.range(prefix)));
}
