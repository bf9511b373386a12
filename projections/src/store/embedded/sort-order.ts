import type { SortSpec } from '../read-model-store.port';
import { BinaryHeap } from './binary-heap';
import { compareValues } from './bson-order';
import type { DocumentRecord } from './document-record';
import { sortKeyAt, splitPath, type PathSegments } from './field-paths';

// ---- MongoDB sort order over records, with _id as the final tie-breaker --------------------------
//
// MongoDB leaves the order of ties unspecified; the embedded store breaks them by _id ascending so a
// page is the same whether an index or a scan produced it (index entries are ordered the same way).

export interface SortField {
  readonly path: string;
  readonly segments: PathSegments;
  readonly direction: 1 | -1;
}

/** A record with its sort key computed once. */
export interface KeyedRecord {
  readonly key: readonly unknown[];
  readonly record: DocumentRecord;
}

export interface CompiledSort {
  readonly fields: readonly SortField[];
  /** The fields an index must deliver in order: `fields` without a trailing `_id: 1` (implied by ties). */
  readonly indexFields: readonly SortField[];
  keyOf(record: DocumentRecord): unknown[];
  compare(a: KeyedRecord, b: KeyedRecord): number;
}

/** Compiles a sort specification; null when there is nothing to sort by. */
export function compileSort(spec: SortSpec | undefined): CompiledSort | null {
  if (!spec) return null;
  const fields: SortField[] = Object.entries(spec).map(([path, direction]) => ({
    path,
    segments: splitPath(path),
    direction: direction === -1 ? -1 : 1,
  }));
  if (fields.length === 0) return null;
  const last = fields[fields.length - 1];
  const indexFields = last.path === '_id' && last.direction === 1 ? fields.slice(0, -1) : fields;
  return {
    fields,
    indexFields,
    keyOf: (record) => fields.map((f) => sortKeyAt(record.doc, f.segments, f.direction)),
    compare: (a, b) => {
      for (let i = 0; i < fields.length; i++) {
        const c = compareValues(a.key[i], b.key[i]);
        if (c !== 0) return fields[i].direction === 1 ? c : -c;
      }
      return compareValues(a.record.doc._id, b.record.doc._id);
    },
  };
}

/** The first `k` records in sort order, without sorting all of them (a bounded max-heap). */
export function topK(records: Iterable<DocumentRecord>, sort: CompiledSort, k: number): DocumentRecord[] {
  if (!Number.isFinite(k)) {
    const keyed = Array.from(records, (record) => ({ key: sort.keyOf(record), record }));
    keyed.sort(sort.compare);
    return keyed.map((r) => r.record);
  }
  if (k <= 0) return [];
  const worstFirst = new BinaryHeap<KeyedRecord>((a, b) => sort.compare(b, a));
  for (const record of records) {
    const item = { key: sort.keyOf(record), record };
    if (worstFirst.size < k) worstFirst.push(item);
    else if (sort.compare(item, worstFirst.peek() as KeyedRecord) < 0) worstFirst.replaceTop(item);
  }
  return worstFirst
    .toArray()
    .sort(sort.compare)
    .map((r) => r.record);
}
