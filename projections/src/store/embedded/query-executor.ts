import type { Filter, FindOptions } from '../read-model-store.port';
import { cheapestOrderedPath, keyFollowsSort, type AccessPath, type FilterTerm } from './access-paths';
import { BinaryHeap } from './binary-heap';
import { compareValues } from './bson-order';
import type { DocumentRecord } from './document-record';
import { compileFilter, type DocumentPredicate } from './document-predicate';
import { accessPathsFor, candidatePath, residualFilter, type PlannerContext } from './query-planner';
import type { IndexEntry, IndexRange, SecondaryIndex } from './secondary-index';
import { compileSort, topK, type CompiledSort } from './sort-order';

// ---- Runs a find: picks a plan, reads candidates, applies the full filter, sorts and pages -------

export type PlanKind = 'collection-scan' | 'index-candidates' | 'index-order';

/** What a query did: for tests, the benchmark and explain output. */
export interface QueryPlanReport {
  readonly kind: PlanKind;
  readonly description: string;
  /** Records the full filter was run on (index-order: entries read). */
  readonly examined: number;
  /** True when an index-order plan ran out of budget and candidates were read instead. */
  readonly fellBack: boolean;
}

export interface QueryResult {
  readonly records: DocumentRecord[];
  readonly plan: QueryPlanReport;
}

export interface QueryInput {
  readonly filter: Filter;
  readonly predicate: DocumentPredicate;
  readonly options: Pick<FindOptions, 'sort' | 'skip' | 'limit'>;
  /** False runs the same query as a plain scan (benchmark baseline, differential tests). */
  readonly useIndexes: boolean;
}

/** Finds the records matching a query, in MongoDB's order, after skip and limit. */
export function runQuery(context: PlannerContext, input: QueryInput): QueryResult {
  const skip = Math.max(0, input.options.skip ?? 0);
  const limit = Math.abs(input.options.limit ?? 0); // MongoDB: 0 is no limit, a negative limit is a single batch
  const wanted = limit === 0 ? Infinity : skip + limit;
  const sort = compileSort(input.options.sort);
  const page = (records: DocumentRecord[]): DocumentRecord[] => records.slice(skip, wanted);

  if (!input.useIndexes) return scan(context, input.predicate, sort, wanted, page);
  const ids = onlyIds(input.filter);
  if (ids) {
    // `{_id: x}` / `{_id: {$in: [...]}}` (the projector's row fetch): map lookups, nothing to evaluate.
    const found: DocumentRecord[] = [];
    for (const id of new Set(ids)) {
      const record = context.records.get(id);
      if (record) found.push(record);
    }
    found.sort((a, b) => a.seq - b.seq);
    const records = page(sort ? topK(found, sort, wanted) : found);
    return { records, plan: { kind: 'index-candidates', description: '_id lookup', examined: found.length, fellBack: false } };
  }
  const alternatives = accessPathsFor(input.filter, context);
  const candidates = candidatePath(alternatives);
  const residual = (terms: readonly FilterTerm[]): DocumentPredicate =>
    terms.length === 0 ? input.predicate : compileFilter(residualFilter(input.filter, terms));

  if (sort && Number.isFinite(wanted)) {
    const chosen = cheapestOrderedPath(alternatives, sort);
    const ordered = chosen?.ranges ?? wholeIndexInOrder(context, sort);
    if (ordered) {
      const orderedCost = ordered.reduce((n, r) => n + r.size, 0);
      const alternativeCost = candidates ? candidates.cost : context.records.size;
      // Reading in index order stops after `wanted` matches; when the matches are sparse it could read
      // far more than the candidates plan, so it gets that plan's cost as budget and yields past it.
      const budget = orderedCost <= alternativeCost ? Infinity : alternativeCost;
      const implied = chosen?.path.impliedInOrder ?? [];
      const found = readInOrder(ordered, sort, residual(implied), wanted, budget);
      if (found) {
        const description = `index order: ${ordered.map((r) => r.index.name).join(', ')} (${ordered.length} range${ordered.length === 1 ? '' : 's'})${impliedNote(implied)}`;
        return { records: page(found.records), plan: { kind: 'index-order', description, examined: found.read, fellBack: false } };
      }
      const result = candidates
        ? fromCandidates(candidates, residual(candidates.implied), sort, wanted, page)
        : scan(context, input.predicate, sort, wanted, page);
      return { records: result.records, plan: { ...result.plan, fellBack: true } };
    }
  }
  return candidates
    ? fromCandidates(candidates, residual(candidates.implied), sort, wanted, page)
    : scan(context, input.predicate, sort, wanted, page);
}

/** Counts the records matching a filter, through an index when one applies. */
/** Thrown inside a candidate visit to end it once a count's limit is reached (access paths cannot be told to stop). */
const LIMIT_REACHED = Symbol('limit reached');

/** Matches of `filter`, at most `limit` of them when one is given (MongoDB countDocuments' limit). */
export function countMatches(context: PlannerContext, filter: Filter, predicate: DocumentPredicate, limit = Infinity): number {
  const candidates = candidatePath(accessPathsFor(filter, context));
  let n = 0;
  if (!candidates) {
    if (predicate.matchesAll) return Math.min(context.records.size, limit);
    for (const record of context.records.values()) if (predicate.test(record.doc) && ++n >= limit) break;
    return n;
  }
  const residual = candidates.implied.length === 0 ? predicate : compileFilter(residualFilter(filter, candidates.implied));
  try {
    forEachDistinctMatch(candidates, residual, () => {
      if (++n >= limit) throw LIMIT_REACHED;
    });
  } catch (stop) {
    if (stop !== LIMIT_REACHED) throw stop;
  }
  return n;
}

function scan(
  context: PlannerContext,
  predicate: DocumentPredicate,
  sort: CompiledSort | null,
  wanted: number,
  page: (r: DocumentRecord[]) => DocumentRecord[],
): QueryResult {
  const description = 'collection scan';
  if (!sort) {
    // Natural order: the first `wanted` matches are the answer, so the scan can stop there.
    const out: DocumentRecord[] = [];
    let examined = 0;
    for (const record of context.records.values()) {
      examined++;
      if (predicate.test(record.doc) && out.push(record) >= wanted) break;
    }
    return { records: page(out), plan: { kind: 'collection-scan', description, examined, fellBack: false } };
  }
  const matches: DocumentRecord[] = [];
  for (const record of context.records.values()) if (predicate.test(record.doc)) matches.push(record);
  return {
    records: page(topK(matches, sort, wanted)),
    plan: { kind: 'collection-scan', description, examined: context.records.size, fellBack: false },
  };
}

function fromCandidates(
  path: AccessPath,
  predicate: DocumentPredicate,
  sort: CompiledSort | null,
  wanted: number,
  page: (r: DocumentRecord[]) => DocumentRecord[],
): QueryResult {
  const matches: DocumentRecord[] = [];
  const examined = forEachDistinctMatch(path, predicate, (r) => matches.push(r));
  // Without a sort the answer is in natural (insertion) order, as a scan would give it.
  const ordered = sort ? topK(matches, sort, wanted) : matches.sort((a, b) => a.seq - b.seq);
  const description = path.description + impliedNote(path.implied);
  return { records: page(ordered), plan: { kind: 'index-candidates', description, examined, fellBack: false } };
}

// Runs the filter once per distinct candidate; returns how many distinct candidates there were.
function forEachDistinctMatch(path: AccessPath, predicate: DocumentPredicate, visit: (r: DocumentRecord) => void): number {
  const seen = new Set<DocumentRecord>();
  path.forEachCandidate((record) => {
    if (seen.has(record)) return;
    seen.add(record);
    if (predicate.test(record.doc)) visit(record);
  });
  return seen.size;
}

// An index whose whole key is the sort: read from its start (no equality prefix needed).
function wholeIndexInOrder(context: PlannerContext, sort: CompiledSort): IndexRange[] | null {
  const index = context.indexes.find((i) => i.plannable && keyFollowsSort(i, 0, sort) && i.fields.length > 0);
  return index ? [index.everything()] : null;
}

interface RangeHead {
  entry: IndexEntry;
  readonly index: SecondaryIndex;
  readonly offset: number;
  readonly scan: { next(): IndexEntry | undefined };
}

/**
 * Merges ordered ranges (one per $or branch and $in value) and keeps the first `wanted` distinct
 * matching records. Returns null when more than `budget` entries had to be read.
 */
function readInOrder(
  ranges: readonly IndexRange[],
  sort: CompiledSort,
  predicate: DocumentPredicate,
  wanted: number,
  budget: number,
): { records: DocumentRecord[]; read: number } | null {
  const fields = sort.indexFields;
  const compareHeads = (a: RangeHead, b: RangeHead): number => {
    for (let i = 0; i < fields.length; i++) {
      const c = compareValues(a.index.keyAt(a.entry, a.offset + i), b.index.keyAt(b.entry, b.offset + i));
      if (c !== 0) return fields[i].direction === 1 ? c : -c;
    }
    return compareValues(a.index.recordOf(a.entry).doc._id, b.index.recordOf(b.entry).doc._id);
  };
  if (ranges.length === 1) return readOneRange(ranges[0], predicate, wanted, budget);
  const heads = new BinaryHeap<RangeHead>(compareHeads);
  for (const range of ranges) {
    const scan = range.index.scan(range);
    const entry = scan.next();
    if (entry !== undefined) heads.push({ entry, index: range.index, offset: range.prefixLength, scan });
  }
  const seen = new Set<DocumentRecord>();
  const out: DocumentRecord[] = [];
  let read = 0;
  while (heads.size > 0 && out.length < wanted) {
    if (++read > budget) return null;
    const head = heads.peek() as RangeHead;
    const record = head.index.recordOf(head.entry);
    const next = head.scan.next();
    if (next === undefined) heads.pop();
    else {
      head.entry = next;
      heads.replaceTop(head);
    }
    if (seen.has(record)) continue;
    seen.add(record);
    if (predicate.test(record.doc)) out.push(record);
  }
  return { records: out, read };
}

/** Explain output names the terms the index range answered, which the filter then left out. */
const impliedNote = (terms: readonly FilterTerm[]): string => (terms.length === 0 ? '' : `; implied by the index: ${terms.map((t) => t.key).join(', ')}`);

// One range that follows the sort holds each document once (its fields after the prefix are not
// multikey, and a document's equal key tuples are indexed once): no merge, no duplicate check.
function readOneRange(range: IndexRange, predicate: DocumentPredicate, wanted: number, budget: number): { records: DocumentRecord[]; read: number } | null {
  const scan = range.index.scan(range);
  const out: DocumentRecord[] = [];
  let read = 0;
  for (let entry = scan.next(); entry !== undefined && out.length < wanted; entry = scan.next()) {
    if (++read > budget) return null;
    const record = range.index.recordOf(entry);
    if (predicate.matchesAll || predicate.test(record.doc)) out.push(record);
  }
  return { records: out, read };
}

/** The ids of a filter that says nothing but `_id` equals a string or is in a list of strings. */
function onlyIds(filter: Filter): string[] | null {
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0] !== '_id') return null;
  const value = filter['_id'];
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const ops = Object.keys(value);
  if (ops.length !== 1) return null;
  const operand = (value as Record<string, unknown>)[ops[0]!];
  if (ops[0] === '$eq' && typeof operand === 'string') return [operand];
  if (ops[0] === '$in' && Array.isArray(operand) && operand.every((v) => typeof v === 'string')) return operand as string[];
  return null;
}
