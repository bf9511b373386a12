import { DuplicateKeyError, type IndexSpec, type ReadModelDocument } from '../read-model-store.port';
import { compareValues } from './bson-order';
import { mergeSorted, sortByLeadingKey } from './bulk-entry-sort';
import type { DocumentRecord } from './document-record';
import { splitPath, type PathSegments } from './field-paths';
import { documentKeys, type DocumentKeys } from './index-keys';
import { SortedTree, type TreePosition } from './sorted-tree';

// ---- An in-memory secondary index: entries sorted by the declared key, then by _id ---------------
//
// Writes are cheap on purpose, because a projector rebuild writes every row before anyone reads:
// - new entries wait in `pending` until the index is next read, then go in by one bulk sort and merge
//   when there are many (a comparison of random entries costs cache misses; see bulk-entry-sort.ts);
// - a document's entries are never searched for and removed: their owner is marked dead, scans skip
//   dead entries, and the tree is compacted (a linear filter, order kept) once dead ones pile up.

/** The entries one document contributes; `live` turns false when the document changes or goes. */
interface EntryOwner {
  readonly record: DocumentRecord;
  readonly entries: IndexEntry[];
  readonly multikey: boolean[];
  readonly generous: boolean[];
  live: boolean;
  inTree: boolean;
}

/** One index entry: the key values in declaration order, then its owner. */
export type IndexEntry = unknown[];

export interface IndexField {
  readonly path: string;
  readonly segments: PathSegments;
  readonly direction: 1 | -1;
}

/** Entries whose first `prefix.length` key values equal `prefix`, from `from`; `size` counts dead ones too. */
export interface IndexRange {
  readonly index: SecondaryIndex;
  readonly prefixLength: number;
  readonly from: TreePosition;
  readonly size: number;
}

const ownerOf = (entry: IndexEntry): EntryOwner => entry[entry.length - 1] as EntryOwner;

/** The record an entry belongs to. */
export const recordOf = (entry: IndexEntry): DocumentRecord => ownerOf(entry).record;

export class SecondaryIndex {
  readonly fields: readonly IndexField[];
  /** False when a path addresses array positions ('tags.0'): the planner then leaves the index alone. */
  readonly plannable: boolean;
  private tree: SortedTree<IndexEntry>;
  private pending: IndexEntry[] = [];
  private readonly owners = new Map<DocumentRecord, EntryOwner>();
  /** Dead entries still in the tree, and still waiting in `pending`. */
  private dead = 0;
  private deadPending = 0;
  /** Per key field, how many documents reach an array on its path (index order then differs from sort order). */
  private readonly multikeyDocuments: number[];
  /** Per key field, how many documents have keys MongoDB's matcher would not find there (PathKeys.generous). */
  private readonly generousDocuments: number[];
  private readonly paths: readonly PathSegments[];

  constructor(
    /** Named in errors; follows a rename of the collection. */
    public collection: string,
    readonly spec: IndexSpec,
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

  /** Live entries (for tests and diagnostics). */
  get entryCount(): number {
    this.flush();
    return this.tree.size - this.dead;
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
    for (const record of records) this.addKeys(record, this.keysOf(record.doc));
    this.flush();
    if (this.unique) this.assertNoAdjacentDuplicates();
  }

  /** Indexes a new record under keys from keysOf(). */
  add(record: DocumentRecord, keys: DocumentKeys): void {
    this.addKeys(record, keys);
  }

  remove(record: DocumentRecord): void {
    const owner = this.owners.get(record);
    if (!owner) return;
    this.owners.delete(record);
    owner.live = false;
    if (owner.inTree) this.dead += owner.entries.length;
    else this.deadPending += owner.entries.length;
    this.countMultikey(owner.multikey, owner.generous, -1);
  }

  /** Follows a document change to keys from keysOf(); nothing to do when they stayed the same. */
  replace(record: DocumentRecord, keys: DocumentKeys): void {
    const owner = this.owners.get(record);
    if (owner && sameKeys(owner, keys)) return;
    this.remove(record);
    this.addKeys(record, keys);
  }

  /** Throws DuplicateKeyError when keys (of `record`, or of a new document) repeat another document's key. */
  assertUnique(keys: DocumentKeys, record: DocumentRecord | null): void {
    if (!this.unique) return;
    for (const tuple of keys.tuples) {
      const range = this.range(tuple);
      const scan = this.scan(range);
      for (let entry = scan.next(); entry !== undefined; entry = scan.next()) {
        if (recordOf(entry) !== record) throw new DuplicateKeyError(this.collection, this.describeKey(tuple));
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

  /** The whole index, in key order. */
  everything(): IndexRange {
    this.flush();
    return { index: this, prefixLength: 0, from: this.tree.start(), size: this.tree.size };
  }

  /** Reads the live entries of a range in key order; `next()` returns undefined after the last. */
  scan(range: IndexRange): { next(): IndexEntry | undefined } {
    const cursor = this.tree.cursor(range.from);
    let left = range.size;
    return {
      next: () => {
        while (left-- > 0) {
          const entry = cursor.next();
          if (entry === undefined) return undefined;
          if (ownerOf(entry).live) return entry;
        }
        return undefined;
      },
    };
  }

  /** The document's keys in this index; throws InvalidWriteError when it cannot be indexed. */
  keysOf(doc: ReadModelDocument): DocumentKeys {
    return documentKeys(this.collection, this.name, doc, this.paths, this.compareTuples);
  }

  /** Entry order: key values by their declared directions, then _id ascending. */
  readonly compareEntries = (a: IndexEntry, b: IndexEntry): number => {
    const c = this.compareTuples(a, b);
    if (c !== 0) return c;
    return compareValues(recordOf(a).id, recordOf(b).id);
  };

  // Entry order for entries whose first key value is equal.
  private readonly compareAfterLeading = (a: IndexEntry, b: IndexEntry): number => {
    const fields = this.fields;
    for (let i = 1; i < fields.length; i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return fields[i].direction === 1 ? c : -c;
    }
    return compareValues(recordOf(a).id, recordOf(b).id);
  };

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
      const c = compareValues(entry[i], prefix[i]);
      if (c !== 0) return this.fields[i].direction === 1 ? c : -c;
    }
    return 0;
  }

  private addKeys(record: DocumentRecord, keys: DocumentKeys): void {
    const entries: IndexEntry[] = [];
    const owner: EntryOwner = { record, entries, multikey: keys.multikey, generous: keys.generous, live: true, inTree: false };
    for (const tuple of keys.tuples) {
      // One exact-size array: slice-then-push allocates the elements twice and keeps a grown store.
      const entry: IndexEntry = [...tuple, owner];
      entries.push(entry);
      this.pending.push(entry);
    }
    this.owners.set(record, owner);
    this.countMultikey(keys.multikey, keys.generous, 1);
    // A rebuild replaces rows many times before any read; drop their dead entries as they pile up.
    if (this.deadPending > 4096 && this.deadPending * 2 > this.pending.length) {
      this.pending = this.pending.filter((e) => ownerOf(e).live);
      this.deadPending = 0;
    }
  }

  /** Puts waiting entries into the tree: one by one when few, by a bulk sort and merge when many. */
  private flush(): void {
    const compact = this.dead > 1024 && this.dead * 2 > this.tree.size;
    if (this.pending.length === 0 && !compact) return;
    const fresh = this.pending.filter((e) => ownerOf(e).live);
    this.pending = [];
    this.deadPending = 0;
    for (const entry of fresh) ownerOf(entry).inTree = true;
    // A merge reads every entry of the tree once; an insert costs ~log n comparisons.
    if (!compact && fresh.length * 16 < this.tree.size) {
      for (const entry of fresh) this.tree.insert(entry);
      return;
    }
    const live: IndexEntry[] = [];
    const cursor = this.tree.cursor(this.tree.start());
    for (let entry = cursor.next(); entry !== undefined; entry = cursor.next()) if (ownerOf(entry).live) live.push(entry);
    this.tree = SortedTree.fromSorted(this.compareEntries, mergeSorted(live, this.sortMany(fresh), this.compareEntries));
    this.dead = 0;
  }

  private sortMany(entries: IndexEntry[]): IndexEntry[] {
    return sortByLeadingKey(entries, this.fields[0].direction, this.compareAfterLeading, this.compareEntries);
  }

  private countMultikey(multikey: readonly boolean[], generous: readonly boolean[], delta: 1 | -1): void {
    for (let i = 0; i < multikey.length; i++) {
      if (multikey[i]) this.multikeyDocuments[i] += delta;
      if (generous[i]) this.generousDocuments[i] += delta;
    }
  }

  private assertNoAdjacentDuplicates(): void {
    let previous: IndexEntry | undefined;
    for (const entry of this.tree) {
      if (previous && this.compareTuples(previous, entry) === 0 && recordOf(previous) !== recordOf(entry)) {
        throw new DuplicateKeyError(this.collection, this.describeKey(entry.slice(0, this.fields.length)));
      }
      previous = entry;
    }
  }

  private describeKey(tuple: readonly unknown[]): string {
    const parts = this.fields.map((f, i) => `${f.path}: ${JSON.stringify(tuple[i]) ?? String(tuple[i])}`);
    return `index: ${this.name} dup key: { ${parts.join(', ')} }`;
  }
}

const sameKeys = (owner: EntryOwner, keys: DocumentKeys): boolean => {
  const { entries } = owner;
  const { tuples } = keys;
  if (entries.length !== tuples.length || owner.multikey.some((m, i) => m !== keys.multikey[i]) || owner.generous.some((g, i) => g !== keys.generous[i])) return false;
  for (let i = 0; i < tuples.length; i++) {
    const tuple = tuples[i];
    for (let j = 0; j < tuple.length; j++) if (compareValues(entries[i][j], tuple[j]) !== 0) return false;
  }
  return true;
};
