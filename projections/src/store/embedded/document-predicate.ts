import { Query } from 'mingo';
import type { Filter, ReadModelDocument } from '../read-model-store.port';
import { compileFastFilter } from './fast-predicate';

// ---- The full MongoDB filter, evaluated by mingo (with a compiled fast path for the scoping subset)

/** Options for every mingo evaluation: no server-side JavaScript ($where, $function, $accumulator). */
export const MINGO_OPTIONS = { scriptEnabled: false } as const;

export interface DocumentPredicate {
  /** True when the filter is empty (every document matches; callers can skip evaluating). */
  readonly matchesAll: boolean;
  test(doc: ReadModelDocument): boolean;
}

/** Compiles a filter once for many documents. */
export function compileFilter(filter: Filter): DocumentPredicate {
  if (Object.keys(filter).length === 0) return { matchesAll: true, test: () => true };
  // Compiled on first use: plans that never evaluate the filter (id lookups, a residual filter in its
  // place) skip the compilation and mingo's set-up.
  let query: Query | null = null;
  const mingo = (doc: ReadModelDocument) => (query ??= new Query(filter, MINGO_OPTIONS)).test(doc);
  let test = (doc: ReadModelDocument): boolean => {
    const fast = compileFastFilter(filter);
    test = fast ? (d) => fast(d) ?? mingo(d) : mingo;
    return test(doc);
  };
  return { matchesAll: false, test: (doc) => test(doc) };
}
