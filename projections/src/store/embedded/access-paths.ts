import type { Filter } from '../read-model-store.port';
import type { DocumentRecord } from './document-record';
import type { IndexRange, SecondaryIndex } from './secondary-index';
import type { CompiledSort } from './sort-order';

// ---- Ways to reach candidate records without reading the whole collection -----------------------
//
// Every access path yields a SUPERSET of the records matching the filter it was planned from (the
// full filter is applied afterwards), so a planner mistake can cost time but never change a result.

/** One condition of a filter: `node[key]`, identified by the object the planner read it from. */
export interface FilterTerm {
  readonly node: Filter;
  readonly key: string;
}

export interface AccessPath {
  /** Entries it reads (index entries or _id lookups): the planner's cost estimate. */
  readonly cost: number;
  /** Terms of the filter every candidate satisfies: the executor need not test them again. */
  readonly implied: readonly FilterTerm[];
  /** Terms every record of orderedRanges() satisfies. */
  readonly impliedInOrder: readonly FilterTerm[];
  /** For explain output and tests. */
  readonly description: string;
  /** Visits the candidate records; a record may be visited more than once. */
  forEachCandidate(visit: (record: DocumentRecord) => void): void;
  /** Index ranges that deliver the candidates in the order of `sort`, or null when it cannot. */
  orderedRanges(sort: CompiledSort): IndexRange[] | null;
}

/** `_id` equality or `$in`: direct lookups in the primary map. */
export class IdLookup implements AccessPath {
  readonly cost: number;
  readonly implied: readonly FilterTerm[] = [];
  readonly impliedInOrder: readonly FilterTerm[] = [];
  readonly description: string;

  constructor(
    private readonly ids: readonly unknown[],
    private readonly records: ReadonlyMap<string, DocumentRecord>,
  ) {
    this.cost = ids.length;
    this.description = `_id lookup (${ids.length})`;
  }

  forEachCandidate(visit: (record: DocumentRecord) => void): void {
    for (const id of this.ids) {
      if (typeof id !== 'string') continue;
      const record = this.records.get(id);
      if (record) visit(record);
    }
  }

  orderedRanges(): IndexRange[] | null {
    return null;
  }
}

/** Equality ($eq/$in) on a prefix of one index: the union of its ranges. */
export class IndexRanges implements AccessPath {
  readonly cost: number;
  readonly description: string;
  readonly impliedInOrder: readonly FilterTerm[];

  /** `implied`: the equality terms the ranges' prefix satisfies exactly (see SecondaryIndex.keysMatchEquality). */
  constructor(
    readonly ranges: readonly IndexRange[],
    readonly implied: readonly FilterTerm[] = [],
  ) {
    this.impliedInOrder = implied;
    this.cost = ranges.reduce((n, r) => n + r.size, 0);
    const index = ranges[0]?.index;
    this.description = `index ${index?.name ?? '?'} (${ranges.length} range${ranges.length === 1 ? '' : 's'}, ${this.cost} entries)`;
  }

  forEachCandidate(visit: (record: DocumentRecord) => void): void {
    for (const range of this.ranges) {
      const scan = range.index.scan(range);
      for (let entry = scan.next(); entry !== undefined; entry = scan.next()) visit(range.index.recordOf(entry));
    }
  }

  orderedRanges(sort: CompiledSort): IndexRange[] | null {
    return this.ranges.every((r) => rangeFollowsSort(r, sort)) ? [...this.ranges] : null;
  }
}

/** `$or` whose every branch is reachable: the union of one access path per branch. */
export class BranchUnion implements AccessPath {
  readonly cost: number;
  // Each branch's equalities hold only for that branch's candidates.
  readonly implied: readonly FilterTerm[] = [];
  readonly impliedInOrder: readonly FilterTerm[] = [];
  readonly description: string;

  /** `branches[i]` holds the alternatives for branch i, cheapest first. */
  constructor(private readonly branches: readonly (readonly AccessPath[])[]) {
    this.cost = branches.reduce((n, alternatives) => n + alternatives[0].cost, 0);
    this.description = `$or of [${branches.map((b) => b[0].description).join(' | ')}]`;
  }

  forEachCandidate(visit: (record: DocumentRecord) => void): void {
    for (const alternatives of this.branches) alternatives[0].forEachCandidate(visit);
  }

  orderedRanges(sort: CompiledSort): IndexRange[] | null {
    const out: IndexRange[] = [];
    for (const alternatives of this.branches) {
      const ranges = cheapestOrdered(alternatives, sort);
      if (ranges === null) return null;
      out.push(...ranges);
    }
    return out;
  }
}

/** Records reached by both paths: the cheaper one's candidates kept when the other reaches them too. */
export class Intersection implements AccessPath {
  readonly cost: number;
  readonly description: string;
  readonly implied: readonly FilterTerm[];
  readonly impliedInOrder: readonly FilterTerm[];

  constructor(
    private readonly driver: AccessPath,
    private readonly other: AccessPath,
  ) {
    this.cost = driver.cost + other.cost;
    this.implied = [...driver.implied, ...other.implied];
    // In order, only the driver's ranges are read.
    this.impliedInOrder = driver.impliedInOrder;
    this.description = `intersection of ${driver.description} and ${other.description}`;
  }

  forEachCandidate(visit: (record: DocumentRecord) => void): void {
    const first = new Set<DocumentRecord>();
    this.driver.forEachCandidate((r) => first.add(r));
    const both = new Set<DocumentRecord>();
    this.other.forEachCandidate((r) => {
      if (first.has(r)) both.add(r);
    });
    both.forEach(visit);
  }

  orderedRanges(sort: CompiledSort): IndexRange[] | null {
    return this.driver.orderedRanges(sort);
  }
}

/** The cheapest alternative's ordered ranges for `sort`, or null when no alternative is ordered. */
export function cheapestOrdered(alternatives: readonly AccessPath[], sort: CompiledSort): IndexRange[] | null {
  return cheapestOrderedPath(alternatives, sort)?.ranges ?? null;
}

/** cheapestOrdered() with the alternative the ranges came from. */
export function cheapestOrderedPath(alternatives: readonly AccessPath[], sort: CompiledSort): { ranges: IndexRange[]; path: AccessPath } | null {
  let best: { ranges: IndexRange[]; path: AccessPath } | null = null;
  let bestCost = Infinity;
  for (const alternative of alternatives) {
    const ranges = alternative.orderedRanges(sort);
    if (ranges === null) continue;
    const cost = ranges.reduce((n, r) => n + r.size, 0);
    if (cost < bestCost) {
      best = { ranges, path: alternative };
      bestCost = cost;
    }
  }
  return best;
}

/**
 * Whether a range lists its records in `sort` order: the index fields after the equality prefix are
 * exactly the sort fields with the same directions (a trailing `_id: 1` in the sort may be left out of
 * the index: ties are ordered by _id ascending in both), and no document has an array on those fields
 * (a multikey entry is not the document's sort key).
 */
export function rangeFollowsSort(range: IndexRange, sort: CompiledSort): boolean {
  return keyFollowsSort(range.index, range.prefixLength, sort);
}

/** Whether index fields from `start` on deliver `sort` order (see rangeFollowsSort). */
export function keyFollowsSort(index: SecondaryIndex, start: number, sort: CompiledSort): boolean {
  const rest = index.fields.length - start;
  const wanted = rest === sort.fields.length ? sort.fields : rest === sort.indexFields.length ? sort.indexFields : null;
  if (wanted === null) return false;
  for (let i = 0; i < wanted.length; i++) {
    const field = index.fields[start + i];
    if (field.path !== wanted[i].path || field.direction !== wanted[i].direction) return false;
    if (index.isMultikey(start + i)) return false;
  }
  return true;
}
