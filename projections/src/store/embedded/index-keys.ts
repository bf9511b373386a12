import { InvalidWriteError, type ReadModelDocument } from '../read-model-store.port';
import { indexKeysAt, type PathSegments } from './field-paths';

// ---- The key tuples a document contributes to a compound index ----------------------------------

// A document whose key fans out into more entries than this is refused (a single array field this long
// is more likely a mistake than a key).
const MAX_ENTRIES_PER_DOCUMENT = 10_000;

export interface DocumentKeys {
  /** Distinct key tuples, sorted by `compareTuples`. */
  readonly tuples: unknown[][];
  /** Per key field: whether the document reaches an array on its path. */
  readonly multikey: boolean[];
  /** Per key field: whether some key is one MongoDB's matcher would not find (see PathKeys.generous). */
  readonly generous: boolean[];
}

/** The cross product of the values at each key path (one tuple unless a path holds an array). */
export function documentKeys(
  collection: string,
  indexName: string,
  doc: ReadModelDocument,
  paths: readonly PathSegments[],
  compareTuples: (a: readonly unknown[], b: readonly unknown[]) => number,
): DocumentKeys {
  const n = paths.length;
  const perField: unknown[][] = new Array(n);
  const multikey: boolean[] = new Array(n);
  const generous: boolean[] = new Array(n);
  let total = 1;
  for (let i = 0; i < n; i++) {
    const keys = indexKeysAt(doc, paths[i]);
    perField[i] = keys.values;
    multikey[i] = keys.multikey;
    generous[i] = keys.generous;
    total *= keys.values.length;
  }
  const arrays = multikey.flatMap((isArray, i) => (isArray ? [i] : []));
  if (arrays.length > 1) {
    // As MongoDB does ("cannot index parallel arrays"): the embedded store must not accept what production refuses.
    throw new InvalidWriteError(collection, `document ${String(doc._id)} has arrays in ${arrays.length} fields of index ${indexName}: cannot index parallel arrays`);
  }
  if (total === 1) return { tuples: [perField.map((values) => values[0])], multikey, generous };
  if (total > MAX_ENTRIES_PER_DOCUMENT) {
    throw new InvalidWriteError(collection, `document ${String(doc._id)} has ${total} keys in index ${indexName} (parallel arrays?)`);
  }
  let tuples: unknown[][] = [[]];
  for (const values of perField) {
    const longer: unknown[][] = [];
    for (const tuple of tuples) {
      for (const value of values) {
        const next = tuple.slice();
        next.push(value);
        longer.push(next);
      }
    }
    tuples = longer;
  }
  tuples.sort(compareTuples);
  const distinct = [tuples[0]];
  for (let i = 1; i < tuples.length; i++) if (compareTuples(tuples[i - 1], tuples[i]) !== 0) distinct.push(tuples[i]);
  return { tuples: distinct, multikey, generous };
}
