import { Query } from 'mingo';
import type { Filter, ReadModelDocument } from '../read-model-store.port';

// ---- The full MongoDB filter, evaluated by mingo ------------------------------------------------

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
  const query = new Query(filter, MINGO_OPTIONS);
  return { matchesAll: false, test: (doc) => query.test(doc) };
}
