import { DuplicateKeyError, type IndexSpec, type ReadModelDocument } from '../read-model-store.port';
import { compareValues } from './bson-order';
import { mergeSorted, sortByLeadingKey } from './bulk-entry-sort';
import type { DocumentRecord } from './document-record';
import { splitPath, type PathSegments } from './field-paths';
import { documentKeys, type DocumentKeys } from './index-keys';
import { NARROW_LIMIT, SortedTree, type TreePosition } from './sorted-tree';

// ---- An in-memory secondary index: entries sorted by the declared key, then by _id ---------------
//
// Memory is the constraint at a million rows under a dozen indexes (a scoped collection triples its
// declared indexes, and a 4-level region path makes four entries per row), so an entry is one number,
// not an array of keys: `slot * stride + position`, where `slot` names the record (CollectionState's
// slot table) and `position` says which of the document's key tuples it stands for. The stride is
// 2^8 while that keeps every entry within 32 bits (slots below 2^24, at most 128 explicit tuples a
// document), so the tree keeps 4 bytes an entry (sorted-tree.ts); past that the index re-numbers its
// entries once with a stride of 2^16 into a wide tree (8 bytes an entry). Its key values
// are read from the stored document when compared — a document is never mutated, only swapped, and
// its entries leave the tree before the swap, so an entry's key cannot change while it is stored:
// - simple documents (each key path reaches a value through plain documents, at most one of them an
//   array, and those readings give exactly the tuples documentKeys() computes): `position` is the
//   index in that array (0 when there is none) and nothing else is kept;
// - any other document keeps its exact tuples beside the tree (`explicit`), `position` >= stride / 2
//   numbers them. Both kinds compare by the same key values, so the order is the same.
// Writes are cheap on purpose, because a projector rebuild writes every row before anyone reads:
// a changed record is marked `pending` (a bit per slot) and its entries, computed from the document
// it then has, enter the tree when the index is next read, by one bulk sort and merge when there are
// many (see bulk-entry-sort.ts); a document whose keys stayed the same is left alone.

/** A stored entry: `slot * stride + position`. */
export type IndexEntry = number;

/** Where an index finds a record by its slot (the collection's slot table). */
export interface RecordSlots {
  at(slot: number): DocumentRecord;
}

// Narrow entries (a Uint32Array tree); positions from NARROW_STRIDE / 2 up number explicit tuples.
const NARROW_STRIDE = 256;
// Wide entries, and the numbering of snapshot images whatever the index's own.
const WIDE_STRIDE = 65536;
const MAX_NARROW_SLOTS = NARROW_LIMIT / NARROW_STRIDE;
// Longer arrays are kept explicitly: finding a tuple's position in them costs more than it saves
// (and a narrow entry has 7 bits for it).
const MAX_SIMPLE_ARRAY = NARROW_STRIDE / 2;

/** An index as a snapshot keeps it: its entries in order, as `ordinal * 2^16 + position` (explicit tuples from 2^15). */
export interface IndexImage {
  readonly entries: Float64Array;
  readonly multikeyDocuments: readonly number[];
  readonly generousDocuments: readonly number[];
  /** [ordinal, tuples] of the records whose tuples are kept explicitly. */
  readonly explicit: readonly (readonly [number, unknown[][]])[];
}

/** A key tuple waiting for the tree, with its entry as the last element. */
type PendingEntry = unknown[];

export interface IndexField {
  readonly path: string;
  readonly segments: PathSegments;
  readonly direction: 1 | -1;
}

/** A range condition on one key: `$gt`/`$gte` below, `$lt`/`$lte` above. */
export interface KeyBounds {
  readonly lower?: { readonly value: unknown; readonly inclusive: boolean };
  readonly upper?: { readonly value: unknown; readonly inclusive: boolean };
}

/** Entries whose first `prefix.length` key values equal `prefix`, from `from`. */
export interface IndexRange {
  readonly index: SecondaryIndex;
  readonly prefixLength: number;
  readonly from: TreePosition;
  readonly size: number;
}

const NOT_SIMPLE = Symbol('not simple');

/** The value at a path through plain documents, null when missing; NOT_SIMPLE past anything else. */
function plainValueAt(doc: unknown, segments: PathSegments): unknown {
  let node = doc;
  for (let i = 0; i < segments.length; i++) {
    if (node === undefined || node === null) return null;
    if (typeof node !== 'object') return null;
    const proto: unknown = Object.getPrototypeOf(node);
    if (Array.isArray(node) || (proto !== Object.prototype && proto !== null)) return NOT_SIMPLE;
    node = (node as Record<string, unknown>)[segments[i]];
  }
  return node === undefined ? null : node;
}

export class SecondaryIndex {
  readonly fields: readonly IndexField[];
  /** False when a path addresses array positions ('tags.0'): the planner then leaves the index alone. */
  readonly plannable: boolean;
  private tree: SortedTree;
  /** Entries are `slot * stride + position`; explicit tuples are numbered from `stride / 2`. */
  private stride = NARROW_STRIDE;
  private explicitBase = NARROW_STRIDE / 2;
  /**
   * Per slot, 1 when the record's entries are not in the tree yet: they are computed from its
   * document when the index is next read (a bit a row, where keeping the tuples would cost ~100 bytes).
   */
  private pending = new Uint32Array(32);
  /** The slots marked in `pending`, in marking order (a slot marked again after a delete appears twice). */
  private pendingSlots: number[] = [];
  private pendingCount = 0;
  /** Key tuples of the records whose entries are explicit, by slot. */
  private readonly explicit = new Map<number, unknown[][]>();
  /** Per key field, how many documents reach an array on its path (index order then differs from sort order). */
  private readonly multikeyDocuments: number[];
  /** Per key field, how many documents have keys MongoDB's matcher would not find there (PathKeys.generous). */
  private readonly generousDocuments: number[];
  private readonly paths: readonly PathSegments[];

  constructor(
    /** Named in errors; follows a rename of the collection. */
    public collection: string,
    readonly spec: IndexSpec,
    private readonly slots: RecordSlots,
  ) {
    this.fields = Object.entries(spec.key).map(([path, direction]) => ({ path, segments: splitPath(path), direction }));
    this.paths = this.fields.map((f) => f.segments);
    this.plannable = this.fields.every((f) => f.segments.every((s) => !/^[0-9]+$/.test(s)) && !f.path.startsWith('$'));
    this.multikeyDocuments = this.fields.map(() => 0);
    this.generousDocuments = this.fields.map(() => 0);
    this.tree = new SortedTree(this.compareEntries);
  }

  get name(): string {
    return this.spec.name;
  }

  get unique(): boolean {
    return this.spec.unique === true;
  }

  /** Entries (for tests and diagnostics). */
  get entryCount(): number {
    this.flush();
    return this.tree.size;
  }

  /** Bytes the tree spends on an entry: 4 while every entry fits 32 bits, else 8 (diagnostics). */
  get entryBytes(): 4 | 8 {
    this.flush();
    return this.tree.wide ? 8 : 4;
  }

  /** Whether some document reaches an array on the path of key field `i`. */
  isMultikey(i: number): boolean {
    return this.multikeyDocuments[i] > 0;
  }

  /**
   * Whether an entry whose key field `i` holds a scalar v proves that its document matches `{path: v}`
   * (and `$in` lists holding v): true unless some document's keys there came from a nested array or a
   * non-document object, which the index flattens generously.
   */
  keysMatchEquality(i: number): boolean {
    return this.generousDocuments[i] === 0;
  }

  /** Fills an empty index from existing records in one bulk sort. */
  build(records: Iterable<DocumentRecord>): void {
    for (const record of records) this.add(record, this.keysOf(record.doc));
    this.flush();
    if (this.unique) this.assertNoAdjacentDuplicates();
  }

  /**
   * The index's entries in order, its multikey marks and explicit tuples, with each record named by
   * `ordinal(slot)` instead of its slot: what restore() takes back on a collection whose slots are those
   * ordinals.
   */
  image(ordinal: (slot: number) => number): IndexImage {
    this.flush();
    const entries = new Float64Array(this.tree.size);
    let i = 0;
    for (const entry of this.tree) {
      const slot = this.slotOf(entry);
      entries[i++] = ordinal(slot) * WIDE_STRIDE + this.renumbered(entry - slot * this.stride, WIDE_STRIDE);
    }
    const explicit = [...this.explicit].map(([slot, tuples]) => [ordinal(slot), tuples] as const);
    return { entries, multikeyDocuments: [...this.multikeyDocuments], generousDocuments: [...this.generousDocuments], explicit };
  }

  /** Takes an image() back without comparing anything: the index must be empty, and its records in their slots. */
  restore(image: IndexImage): void {
    if (this.tree.size > 0 || this.pendingCount > 0) throw new Error(`index ${this.name} is not empty`);
    let narrow = true;
    for (const entry of image.entries) {
      const slot = Math.floor(entry / WIDE_STRIDE);
      if (!(entry >= 0) || this.slots.at(slot) === undefined) throw new Error(`index ${this.name} names a row that is not there`);
      if (slot >= MAX_NARROW_SLOTS) narrow = false;
    }
    for (const [, tuples] of image.explicit) if (tuples.length > NARROW_STRIDE / 2) narrow = false;
    image.multikeyDocuments.forEach((n, i) => (this.multikeyDocuments[i] = n));
    image.generousDocuments.forEach((n, i) => (this.generousDocuments[i] = n));
    for (const [slot, tuples] of image.explicit) this.explicit.set(slot, tuples);
    let entries: ArrayLike<number> = image.entries;
    if (narrow) {
      const narrowed = new Uint32Array(image.entries.length);
      image.entries.forEach((entry, i) => {
        const slot = Math.floor(entry / WIDE_STRIDE);
        narrowed[i] = slot * NARROW_STRIDE + this.renumbered(entry - slot * WIDE_STRIDE, NARROW_STRIDE, WIDE_STRIDE);
      });
      entries = narrowed;
    }
    this.setStride(narrow ? NARROW_STRIDE : WIDE_STRIDE);
    this.tree = SortedTree.fromSorted(this.compareEntries, entries, { wide: !narrow });
  }

  /** Indexes a new record (its document already stored) under keys from keysOf(). */
  add(record: DocumentRecord, keys: DocumentKeys): void {
    this.markPending(record.slot);
    this.countMultikey(keys.multikey, keys.generous, 1);
  }

  /** Takes the record's entries out, before its document goes. */
  remove(record: DocumentRecord): void {
    const keys = this.keysOf(record.doc);
    if (this.isPending(record.slot)) this.unmarkPending(record.slot);
    else this.removeFromTree(record, keys);
    this.countMultikey(keys.multikey, keys.generous, -1);
  }

  /**
   * Follows a change of the record's document to `next` (keys from keysOf(next)). Call it while
   * `record.doc` is still the old document: entries in the tree are found by their old keys.
   */
  replace(record: DocumentRecord, next: ReadModelDocument, keys: DocumentKeys): void {
    const old = this.keysOf(record.doc);
    if (!this.isPending(record.slot)) {
      if (sameKeys(old, keys) && samePositions(this.positionsOf(record.doc, old), this.positionsOf(next, keys))) return;
      this.removeFromTree(record, old);
      this.markPending(record.slot);
    }
    this.countMultikey(old.multikey, old.generous, -1);
    this.countMultikey(keys.multikey, keys.generous, 1);
  }

  /** Throws DuplicateKeyError when keys (of `record`, or of a new document) repeat another document's key. */
  assertUnique(keys: DocumentKeys, record: DocumentRecord | null): void {
    if (!this.unique) return;
    for (const tuple of keys.tuples) {
      const range = this.range(tuple);
      const scan = this.scan(range);
      for (let entry = scan.next(); entry !== undefined; entry = scan.next()) {
        if (this.recordOf(entry) !== record) throw new DuplicateKeyError(this.collection, this.describeKey(tuple));
      }
    }
  }

  /** The entries whose leading key values equal `prefix`. */
  range(prefix: readonly unknown[]): IndexRange {
    this.flush();
    const from = this.tree.seek((e) => this.comparePrefix(e, prefix) < 0);
    const to = this.tree.seek((e) => this.comparePrefix(e, prefix) <= 0);
    return { index: this, prefixLength: prefix.length, from, size: to.rank - from.rank };
  }

  /**
   * The entries of `range(prefix)` whose next key value lies within `bounds` (BSON order). Entries
   * outside are certain not to match the bound; the ones inside are still filtered by the caller.
   */
  rangeWithin(prefix: readonly unknown[], bounds: KeyBounds): IndexRange {
    this.flush();
    const k = prefix.length;
    const descending = this.fields[k].direction === -1;
    const valueVs = (e: IndexEntry, bound: unknown) => compareValues(this.keyAt(e, k), bound);
    // Tree order runs through the prefix, then key k ascending (or descending): each predicate is
    // true for a leading run of entries, as seek needs.
    const before = (e: IndexEntry, inRun: (e: IndexEntry) => boolean) => {
      const c = this.comparePrefix(e, prefix);
      return c < 0 || (c === 0 && inRun(e));
    };
    const { lower, upper } = bounds;
    const belowLower = (e: IndexEntry) => lower !== undefined && (lower.inclusive ? valueVs(e, lower.value) < 0 : valueVs(e, lower.value) <= 0);
    const aboveUpper = (e: IndexEntry) => upper !== undefined && (upper.inclusive ? valueVs(e, upper.value) > 0 : valueVs(e, upper.value) >= 0);
    const from = this.tree.seek((e) => before(e, descending ? aboveUpper : belowLower));
    const to = this.tree.seek((e) => before(e, (x) => (descending ? !belowLower(x) : !aboveUpper(x))));
    return { index: this, prefixLength: k, from, size: Math.max(0, to.rank - from.rank) };
  }

  /** The whole index, in key order. */
  everything(): IndexRange {
    this.flush();
    return { index: this, prefixLength: 0, from: this.tree.start(), size: this.tree.size };
  }

  /** Reads the entries of a range in key order; `next()` returns undefined after the last. */
  scan(range: IndexRange): { next(): IndexEntry | undefined } {
    const cursor = this.tree.cursor(range.from);
    let left = range.size;
    return { next: () => (left-- > 0 ? cursor.next() : undefined) };
  }

  /** The record an entry belongs to. */
  recordOf(entry: IndexEntry): DocumentRecord {
    return this.slots.at(this.slotOf(entry));
  }

  /** Key value `i` of a stored entry. */
  keyAt(entry: IndexEntry, i: number): unknown {
    const slot = this.slotOf(entry);
    const position = entry - slot * this.stride;
    if (position >= this.explicitBase) return (this.explicit.get(slot) as unknown[][])[position - this.explicitBase][i];
    const value = plainValueAt(this.slots.at(slot).doc, this.paths[i]);
    return Array.isArray(value) ? value[position] : value;
  }

  /** The document's keys in this index; throws InvalidWriteError when it cannot be indexed. */
  keysOf(doc: ReadModelDocument): DocumentKeys {
    return documentKeys(this.collection, this.name, doc, this.paths, this.compareTuples);
  }

  /** Entry order: key values by their declared directions, then _id ascending. */
  readonly compareEntries = (a: IndexEntry, b: IndexEntry): number => {
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) {
      const c = compareValues(this.keyAt(a, i), this.keyAt(b, i));
      if (c !== 0) return fields[i].direction === 1 ? c : -c;
    }
    return compareValues(this.recordOf(a).doc._id, this.recordOf(b).doc._id);
  };

  // Pending entries carry their keys: ordered by them, then by the _id of the entry's record.
  private readonly comparePending = (a: PendingEntry, b: PendingEntry): number => {
    const c = this.compareTuples(a, b);
    return c !== 0 ? c : this.compareIds(a, b);
  };

  private readonly comparePendingAfterLeading = (a: PendingEntry, b: PendingEntry): number => {
    const fields = this.fields;
    for (let i = 1; i < fields.length; i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return fields[i].direction === 1 ? c : -c;
    }
    return this.compareIds(a, b);
  };

  private compareIds(a: PendingEntry, b: PendingEntry): number {
    const n = this.fields.length;
    return compareValues(this.recordOf(a[n] as IndexEntry).doc._id, this.recordOf(b[n] as IndexEntry).doc._id);
  }

  private readonly compareTuples = (a: readonly unknown[], b: readonly unknown[]): number => {
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return fields[i].direction === 1 ? c : -c;
    }
    return 0;
  };

  private comparePrefix(entry: IndexEntry, prefix: readonly unknown[]): number {
    for (let i = 0; i < prefix.length; i++) {
      const c = compareValues(this.keyAt(entry, i), prefix[i]);
      if (c !== 0) return this.fields[i].direction === 1 ? c : -c;
    }
    return 0;
  }

  /**
   * Where each tuple of `keys` is found in `doc` when the document is simple: the index in its one
   * array-valued key path (0 when none is an array); null when the tuples must be kept explicitly.
   */
  private positionsOf(doc: ReadModelDocument, keys: DocumentKeys): number[] | null {
    const n = this.paths.length;
    const values: unknown[] = new Array(n);
    let arrayField = -1;
    for (let i = 0; i < n; i++) {
      const value = plainValueAt(doc, this.paths[i]);
      if (value === NOT_SIMPLE) return null;
      if (Array.isArray(value)) {
        if (arrayField >= 0 || value.length === 0 || value.length > MAX_SIMPLE_ARRAY) return null;
        arrayField = i;
      }
      values[i] = value;
    }
    const positions: number[] = new Array(keys.tuples.length);
    for (let t = 0; t < keys.tuples.length; t++) {
      const tuple = keys.tuples[t];
      for (let i = 0; i < n; i++) if (i !== arrayField && compareValues(values[i], tuple[i]) !== 0) return null;
      if (arrayField < 0) {
        if (keys.tuples.length !== 1) return null;
        positions[t] = 0;
        continue;
      }
      const array = values[arrayField] as unknown[];
      let found = -1;
      for (let p = 0; p < array.length && found < 0; p++) if (compareValues(array[p], tuple[arrayField]) === 0) found = p;
      if (found < 0) return null;
      positions[t] = found;
    }
    return positions;
  }

  private slotOf(entry: IndexEntry): number {
    return Math.floor(entry / this.stride);
  }

  private setStride(stride: number): void {
    this.stride = stride;
    this.explicitBase = stride / 2;
  }

  /** A position of the numbering with stride `from` (this index's) in that of `stride`. */
  private renumbered(position: number, stride: number, from = this.stride): number {
    return position >= from / 2 ? stride / 2 + (position - from / 2) : position;
  }

  /** Whether a record in `slot` with `explicitTuples` (0 when simple) has entries a narrow tree can hold. */
  private fitsNarrow(slot: number, explicitTuples: number): boolean {
    return slot < MAX_NARROW_SLOTS && explicitTuples <= NARROW_STRIDE / 2;
  }

  // Re-numbers every stored entry (and the `waiting` ones, last element of each) with the wide stride, once.
  private widen(waiting: PendingEntry[]): void {
    const n = this.fields.length;
    const toWide = (entry: IndexEntry): IndexEntry => {
      const slot = this.slotOf(entry);
      return slot * WIDE_STRIDE + this.renumbered(entry - slot * this.stride, WIDE_STRIDE);
    };
    const entries = Float64Array.from(this.tree.toArray(), toWide);
    for (const entry of waiting) entry[n] = toWide(entry[n] as IndexEntry);
    this.setStride(WIDE_STRIDE);
    this.tree = SortedTree.fromSorted(this.compareEntries, entries, { wide: true });
  }

  private isPending(slot: number): boolean {
    const word = slot >>> 5;
    return word < this.pending.length && (this.pending[word] & (1 << (slot & 31))) !== 0;
  }

  private markPending(slot: number): void {
    const word = slot >>> 5;
    if (word >= this.pending.length) {
      const grown = new Uint32Array(Math.max(word + 1, this.pending.length * 2));
      grown.set(this.pending);
      this.pending = grown;
    }
    if (this.isPending(slot)) return;
    this.pending[word] |= 1 << (slot & 31);
    this.pendingSlots.push(slot);
    this.pendingCount++;
  }

  private unmarkPending(slot: number): void {
    this.pending[slot >>> 5] &= ~(1 << (slot & 31));
    this.pendingCount--;
  }

  private removeFromTree(record: DocumentRecord, keys: DocumentKeys): void {
    const positions = this.explicit.has(record.slot) ? null : this.positionsOf(record.doc, keys);
    const base = record.slot * this.stride;
    for (let t = 0; t < keys.tuples.length; t++) this.tree.remove(base + (positions ? positions[t] : this.explicitBase + t));
    this.explicit.delete(record.slot);
  }

  // The entries of the waiting records, with their keys (computed from the documents they have now).
  private takePending(): PendingEntry[] {
    const n = this.fields.length;
    const fresh: PendingEntry[] = [];
    for (const slot of this.pendingSlots) {
      if (!this.isPending(slot)) continue;
      this.pending[slot >>> 5] &= ~(1 << (slot & 31));
      const record = this.slots.at(slot);
      const keys = this.keysOf(record.doc);
      const positions = this.positionsOf(record.doc, keys);
      if (!positions) this.explicit.set(slot, keys.tuples);
      if (this.stride === NARROW_STRIDE && !this.fitsNarrow(slot, positions ? 0 : keys.tuples.length)) this.widen(fresh);
      const base = slot * this.stride;
      keys.tuples.forEach((tuple, t) => {
        // One exact-size array: slice-then-push allocates the elements twice and keeps a grown store.
        const entry: PendingEntry = new Array(n + 1);
        for (let i = 0; i < n; i++) entry[i] = tuple[i];
        entry[n] = base + (positions ? positions[t] : this.explicitBase + t);
        fresh.push(entry);
      });
    }
    this.pendingSlots = [];
    this.pendingCount = 0;
    return fresh;
  }

  /** Puts waiting entries into the tree: one by one when few, by a bulk sort and merge when many. */
  private flush(): void {
    if (this.pendingCount === 0) {
      if (this.pendingSlots.length > 0) this.pendingSlots = [];
      return;
    }
    const n = this.fields.length;
    const fresh = this.takePending();
    // A merge reads every entry of the tree once; an insert costs ~log n comparisons.
    if (fresh.length * 16 < this.tree.size) {
      for (const entry of fresh) this.tree.insert(entry[n] as IndexEntry);
      return;
    }
    const sorted = sortByLeadingKey(fresh, this.fields[0].direction, this.comparePendingAfterLeading, this.comparePending).map((e) => e[n] as IndexEntry);
    const existing = this.tree.size === 0 ? [] : [...this.tree];
    const wide = { wide: this.stride === WIDE_STRIDE };
    this.tree = SortedTree.fromSorted(this.compareEntries, existing.length === 0 ? sorted : mergeSorted(existing, sorted, this.compareEntries), wide);
  }

  private countMultikey(multikey: readonly boolean[], generous: readonly boolean[], delta: 1 | -1): void {
    for (let i = 0; i < multikey.length; i++) {
      if (multikey[i]) this.multikeyDocuments[i] += delta;
      if (generous[i]) this.generousDocuments[i] += delta;
    }
  }

  private assertNoAdjacentDuplicates(): void {
    let previous: IndexEntry | undefined;
    const n = this.fields.length;
    const tupleOf = (entry: IndexEntry) => this.fields.map((_, i) => this.keyAt(entry, i));
    for (const entry of this.tree) {
      if (previous !== undefined && this.compareTuples(tupleOf(previous), tupleOf(entry)) === 0 && this.recordOf(previous) !== this.recordOf(entry)) {
        throw new DuplicateKeyError(this.collection, this.describeKey(tupleOf(entry).slice(0, n)));
      }
      previous = entry;
    }
  }

  private describeKey(tuple: readonly unknown[]): string {
    const parts = this.fields.map((f, i) => `${f.path}: ${JSON.stringify(tuple[i]) ?? String(tuple[i])}`);
    return `index: ${this.name} dup key: { ${parts.join(', ')} }`;
  }
}

const sameKeys = (a: DocumentKeys, b: DocumentKeys): boolean => {
  if (a.tuples.length !== b.tuples.length || a.multikey.some((m, i) => m !== b.multikey[i]) || a.generous.some((g, i) => g !== b.generous[i])) return false;
  for (let i = 0; i < a.tuples.length; i++) {
    const x = a.tuples[i];
    const y = b.tuples[i];
    for (let j = 0; j < x.length; j++) if (compareValues(x[j], y[j]) !== 0) return false;
  }
  return true;
};

const samePositions = (a: number[] | null, b: number[] | null): boolean =>
  a !== null && b !== null && a.length === b.length && a.every((p, i) => p === b[i]);
