import { compareValues } from './bson-order';

// ---- Sorting many index entries at once, friendly to the CPU cache -------------------------------
//
// A comparison of two index entries costs a few cache misses (the entry, its key strings), so a plain
// sort or one tree insert per entry of a million-row rebuild is bound by memory latency. Grouping by
// the leading key value first (one hash lookup per entry) and sorting each small group on the
// remaining fields keeps every group's working set in cache.

type Entry = unknown[];

// Values a Map can group exactly as compareValues equates them (index keys hold null, never undefined).
const groupable = (v: unknown): boolean =>
  typeof v === 'string' || typeof v === 'boolean' || typeof v === 'symbol' || v === null || (typeof v === 'number' && !Object.is(v, -0));

/**
 * Sorts entries in the order of `compareEntries`, given that entries are ordered by their first
 * element (in `leadingDirection`) before anything else, and `compareRest` orders entries whose first
 * elements are equal.
 */
export function sortByLeadingKey(
  entries: readonly Entry[],
  leadingDirection: 1 | -1,
  compareRest: (a: Entry, b: Entry) => number,
  compareEntries: (a: Entry, b: Entry) => number,
): Entry[] {
  const groups = new Map<unknown, Entry[]>();
  const others: Entry[] = [];
  for (const entry of entries) {
    const key = entry[0];
    if (!groupable(key)) {
      others.push(entry);
      continue;
    }
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  const keys = [...groups.keys()].sort((a, b) => leadingDirection * compareValues(a, b));
  const out: Entry[] = [];
  for (const key of keys) {
    const group = groups.get(key) as Entry[];
    if (group.length > 1) group.sort(compareRest);
    for (const entry of group) out.push(entry);
  }
  if (others.length === 0) return out;
  others.sort(compareEntries);
  return mergeSorted(out, others, compareEntries);
}

/** Merges two sorted arrays into one. */
export function mergeSorted<E>(a: readonly E[], b: readonly E[], compare: (x: E, y: E) => number): E[] {
  const out: E[] = new Array<E>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compare(a[i], b[j]) <= 0 ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}
