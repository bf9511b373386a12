// ---- A B+tree of numeric entries kept in sorted order: O(log n) insert, seek and rank -------------
//
// Entries are numbers (an index entry names a record and one of its key tuples, see secondary-index.ts)
// and leaves keep them in typed arrays: 4 bytes an entry in a Uint32Array while every entry fits in
// 32 bits ("narrow"), else 8 in a Float64Array ("wide"). A JavaScript array would spend 8 bytes a slot
// (no pointer compression in Node's builds) plus a heap number for values past 2^31, and moving its
// elements on insert goes through V8's write barrier; a typed array moves them with one memmove, so
// leaves can be large (512 entries), which also spreads the per-leaf objects over many entries.
// Branches keep each child's last entry (to route seeks) and entry count (to rank positions, which
// sizes ranges in O(log n)). A removal leaves leaves under-full rather than rebalancing (a leaf that
// empties goes), so routing never refers to an entry that is no longer in the tree: entries are
// references whose key is read from elsewhere, which is only meaningful while they are stored.

const LEAF_MAX = 512;
const BRANCH_MAX = 64;
// Bulk-built leaves and branches are left a little room so the first inserts do not split them all.
const BULK_LEAF_FILL = 480;
const BULK_BRANCH_FILL = 60;
/** Entries a narrow tree can hold: unsigned 32-bit integers. */
export const NARROW_LIMIT = 2 ** 32;

type LeafStore = Uint32Array | Float64Array;

interface Leaf {
  readonly leaf: true;
  entries: LeafStore;
  length: number;
  next: Leaf | null;
  prev: Leaf | null;
}

interface Branch {
  readonly leaf: false;
  children: TreeNode[];
  /** The last entry of each child's subtree. */
  lasts: number[];
  /** Entries in this subtree. */
  size: number;
}

type TreeNode = Leaf | Branch;

/** A place in the tree: before `offset` in `leaf`; `rank` entries come before it. */
export interface TreePosition {
  readonly rank: number;
  /** Opaque to callers; read by cursors. */
  readonly leaf: unknown;
  readonly offset: number;
}

const sizeOf = (node: TreeNode): number => (node.leaf ? node.length : node.size);
const lastOf = (node: TreeNode): number => (node.leaf ? node.entries[node.length - 1] : node.lasts[node.lasts.length - 1]);
const newBranch = (children: TreeNode[]): Branch => ({
  leaf: false,
  children,
  lasts: children.map(lastOf),
  size: children.reduce((n, c) => n + sizeOf(c), 0),
});

export interface SortedTreeOptions {
  /** Leaves of Float64Array, for entries that do not fit in 32 bits. */
  readonly wide?: boolean;
}

export class SortedTree {
  readonly wide: boolean;
  private root: TreeNode;

  constructor(
    private readonly compare: (a: number, b: number) => number,
    { wide = false }: SortedTreeOptions = {},
  ) {
    this.wide = wide;
    this.root = this.newLeaf();
  }

  /** Builds a tree from entries already sorted by `compare`, in one pass. */
  static fromSorted(compare: (a: number, b: number) => number, sorted: ArrayLike<number>, options: SortedTreeOptions = {}): SortedTree {
    const tree = new SortedTree(compare, options);
    if (sorted.length === 0) return tree;
    let level: TreeNode[] = [];
    let previous: Leaf | null = null;
    for (let i = 0; i < sorted.length; i += BULK_LEAF_FILL) {
      const leaf = tree.newLeaf();
      const end = Math.min(sorted.length, i + BULK_LEAF_FILL);
      for (let j = i; j < end; j++) {
        tree.assertFits(sorted[j]);
        leaf.entries[j - i] = sorted[j];
      }
      leaf.length = end - i;
      leaf.prev = previous;
      if (previous) previous.next = leaf;
      previous = leaf;
      level.push(leaf);
    }
    while (level.length > 1) {
      const up: TreeNode[] = [];
      for (let i = 0; i < level.length; i += BULK_BRANCH_FILL) up.push(newBranch(level.slice(i, i + BULK_BRANCH_FILL)));
      level = up;
    }
    tree.root = level[0];
    return tree;
  }

  get size(): number {
    return sizeOf(this.root);
  }

  insert(entry: number): void {
    this.assertFits(entry);
    const split = this.insertInto(this.root, entry);
    if (split) this.root = newBranch([this.root, split]);
  }

  /** Removes the entry that compares equal to `entry`; false when there is none. */
  remove(entry: number): boolean {
    const found = this.removeFrom(this.root, entry);
    if (found && !this.root.leaf) {
      // Collapse a root left with one child (or none) so seeks do not walk empty levels.
      while (!this.root.leaf && this.root.children.length <= 1) this.root = this.root.children[0] ?? this.newLeaf();
    }
    return found;
  }

  /** The first position whose entry is not `below` (entries below must form a prefix of the order). */
  seek(below: (entry: number) => boolean): TreePosition {
    let node = this.root;
    let rank = 0;
    while (!node.leaf) {
      const { lasts, children } = node;
      let lo = 0;
      let hi = lasts.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (below(lasts[mid])) lo = mid + 1;
        else hi = mid;
      }
      if (lo === children.length) return { rank: rank + node.size, leaf: null, offset: 0 };
      for (let i = 0; i < lo; i++) rank += sizeOf(children[i]);
      node = children[lo];
    }
    const entries = node.entries;
    let lo = 0;
    let hi = node.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (below(entries[mid])) lo = mid + 1;
      else hi = mid;
    }
    return { rank: rank + lo, leaf: node, offset: lo };
  }

  /** The position before the first entry. */
  start(): TreePosition {
    let node = this.root;
    while (!node.leaf) node = node.children[0];
    return { rank: 0, leaf: node, offset: 0 };
  }

  /** Reads forward from a position; valid until the tree next changes. */
  cursor(from: TreePosition): TreeCursor {
    return new TreeCursor(from.leaf as Leaf | null, from.offset);
  }

  /** Every entry in order, in one typed array of the tree's width. */
  toArray(): LeafStore {
    const out = this.wide ? new Float64Array(this.size) : new Uint32Array(this.size);
    let at = 0;
    for (let leaf: Leaf | null = this.start().leaf as Leaf; leaf; leaf = leaf.next) {
      out.set(leaf.entries.subarray(0, leaf.length), at);
      at += leaf.length;
    }
    return out;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    const cursor = this.cursor(this.start());
    for (let entry = cursor.next(); entry !== undefined; entry = cursor.next()) yield entry;
  }

  private newLeaf(): Leaf {
    return { leaf: true, entries: this.wide ? new Float64Array(LEAF_MAX) : new Uint32Array(LEAF_MAX), length: 0, next: null, prev: null };
  }

  // A typed array would silently wrap or round a value it cannot hold.
  private assertFits(entry: number): void {
    if (!this.wide && !(Number.isInteger(entry) && entry >= 0 && entry < NARROW_LIMIT)) throw new RangeError(`entry ${entry} does not fit a narrow tree`);
  }

  // Returns the new right sibling when the node had to split.
  private insertInto(node: TreeNode, entry: number): TreeNode | null {
    if (node.leaf) return this.insertIntoLeaf(node, entry);
    const i = this.childFor(node, entry);
    const child = node.children[i];
    const split = this.insertInto(child, entry);
    node.size++;
    node.lasts[i] = lastOf(child);
    if (!split) return null;
    node.children.splice(i + 1, 0, split);
    node.lasts.splice(i + 1, 0, lastOf(split));
    if (node.children.length <= BRANCH_MAX) return null;
    const half = BRANCH_MAX >> 1;
    const right = newBranch(node.children.splice(half));
    node.lasts.splice(half);
    node.size -= right.size;
    return right;
  }

  private insertIntoLeaf(node: Leaf, entry: number): Leaf | null {
    let lo = 0;
    let hi = node.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(node.entries[mid], entry) <= 0) lo = mid + 1;
      else hi = mid;
    }
    if (node.length < LEAF_MAX) {
      node.entries.copyWithin(lo + 1, lo, node.length);
      node.entries[lo] = entry;
      node.length++;
      return null;
    }
    // Full: the upper half moves to a new right sibling, then the entry goes into its half.
    const half = LEAF_MAX >> 1;
    const right = this.newLeaf();
    right.entries.set(node.entries.subarray(half, LEAF_MAX));
    right.length = LEAF_MAX - half;
    node.length = half;
    right.next = node.next;
    right.prev = node;
    if (node.next) node.next.prev = right;
    node.next = right;
    const target = lo <= half ? node : right;
    const at = lo <= half ? lo : lo - half;
    target.entries.copyWithin(at + 1, at, target.length);
    target.entries[at] = entry;
    target.length++;
    return right;
  }

  private removeFrom(node: TreeNode, entry: number): boolean {
    if (node.leaf) {
      const entries = node.entries;
      let lo = 0;
      let hi = node.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.compare(entries[mid], entry) < 0) lo = mid + 1;
        else hi = mid;
      }
      if (lo === node.length || this.compare(entries[lo], entry) !== 0) return false;
      entries.copyWithin(lo, lo + 1, node.length);
      node.length--;
      return true;
    }
    const i = this.childFor(node, entry);
    const child = node.children[i];
    if (!this.removeFrom(child, entry)) return false;
    node.size--;
    if (sizeOf(child) > 0) {
      node.lasts[i] = lastOf(child);
      return true;
    }
    node.children.splice(i, 1);
    node.lasts.splice(i, 1);
    if (child.leaf) {
      if (child.prev) child.prev.next = child.next;
      if (child.next) child.next.prev = child.prev;
    }
    return true;
  }

  // The first child whose last entry is not less than `entry` (the last child when there is none).
  private childFor(node: Branch, entry: number): number {
    const lasts = node.lasts;
    let lo = 0;
    let hi = lasts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(lasts[mid], entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Forward reader over a SortedTree. */
export class TreeCursor {
  constructor(
    private leaf: Leaf | null,
    private offset: number,
  ) {}

  next(): number | undefined {
    while (this.leaf) {
      if (this.offset < this.leaf.length) return this.leaf.entries[this.offset++];
      this.leaf = this.leaf.next;
      this.offset = 0;
    }
    return undefined;
  }
}
