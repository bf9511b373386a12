// ---- A B+tree of entries kept in sorted order: O(log n) insert, seek and rank ---------------------
//
// Nodes are small on purpose: inserting into a JavaScript array moves every later element through
// V8's write barrier (~10-20 ns each once the array is old), so a sorted array of a few hundred
// entries already costs microseconds per insert, and a million-entry array is out of the question.
// Leaves hold at most 64 entries and are linked both ways for range scans and removals; branches keep
// each child's last entry (to route seeks) and entry count (to rank positions, which sizes ranges in
// O(log n)). A removal leaves leaves under-full rather than rebalancing (a leaf that empties goes), so
// routing never refers to an entry that is no longer in the tree: entries may be references whose
// key is read from elsewhere, which is only meaningful while they are stored.

const LEAF_MAX = 64;
const BRANCH_MAX = 64;
// Bulk-built leaves are left a little room so the first inserts do not split them all.
const BULK_FILL = 60;

interface Leaf<E> {
  readonly leaf: true;
  entries: E[];
  next: Leaf<E> | null;
  prev: Leaf<E> | null;
}

interface Branch<E> {
  readonly leaf: false;
  children: TreeNode<E>[];
  /** The last entry of each child's subtree. */
  lasts: E[];
  /** Entries in this subtree. */
  size: number;
}

type TreeNode<E> = Leaf<E> | Branch<E>;

/** A place in the tree: before `offset` in `leaf`; `rank` entries come before it. */
export interface TreePosition {
  readonly rank: number;
  /** Opaque to callers; read by cursors. */
  readonly leaf: unknown;
  readonly offset: number;
}

const newLeaf = <E>(entries: E[]): Leaf<E> => ({ leaf: true, entries, next: null, prev: null });
const sizeOf = <E>(node: TreeNode<E>): number => (node.leaf ? node.entries.length : node.size);
const lastOf = <E>(node: TreeNode<E>): E => (node.leaf ? node.entries[node.entries.length - 1] : node.lasts[node.lasts.length - 1]);
const newBranch = <E>(children: TreeNode<E>[]): Branch<E> => ({
  leaf: false,
  children,
  lasts: children.map(lastOf),
  size: children.reduce((n, c) => n + sizeOf(c), 0),
});

export class SortedTree<E> {
  private root: TreeNode<E> = newLeaf([]);

  constructor(private readonly compare: (a: E, b: E) => number) {}

  /** Builds a tree from entries already sorted by `compare`, in one pass. */
  static fromSorted<E>(compare: (a: E, b: E) => number, sorted: readonly E[]): SortedTree<E> {
    const tree = new SortedTree(compare);
    if (sorted.length === 0) return tree;
    let level: TreeNode<E>[] = [];
    let previous: Leaf<E> | null = null;
    for (let i = 0; i < sorted.length; i += BULK_FILL) {
      const leaf = newLeaf(sorted.slice(i, i + BULK_FILL));
      leaf.prev = previous;
      if (previous) previous.next = leaf;
      previous = leaf;
      level.push(leaf);
    }
    while (level.length > 1) {
      const up: TreeNode<E>[] = [];
      for (let i = 0; i < level.length; i += BULK_FILL) up.push(newBranch(level.slice(i, i + BULK_FILL)));
      level = up;
    }
    tree.root = level[0];
    return tree;
  }

  get size(): number {
    return sizeOf(this.root);
  }

  insert(entry: E): void {
    const split = this.insertInto(this.root, entry);
    if (split) this.root = newBranch([this.root, split]);
  }

  /** Removes the entry that compares equal to `entry`; false when there is none. */
  remove(entry: E): boolean {
    const found = this.removeFrom(this.root, entry);
    if (found && !this.root.leaf) {
      // Collapse a root left with one child (or none) so seeks do not walk empty levels.
      while (!this.root.leaf && this.root.children.length <= 1) this.root = this.root.children[0] ?? newLeaf([]);
    }
    return found;
  }

  /** The first position whose entry is not `below` (entries below must form a prefix of the order). */
  seek(below: (entry: E) => boolean): TreePosition {
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
    let hi = entries.length;
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
  cursor(from: TreePosition): TreeCursor<E> {
    return new TreeCursor(from.leaf as Leaf<E> | null, from.offset);
  }

  *[Symbol.iterator](): IterableIterator<E> {
    const cursor = this.cursor(this.start());
    for (let entry = cursor.next(); entry !== undefined; entry = cursor.next()) yield entry;
  }

  // Returns the new right sibling when the node had to split.
  private insertInto(node: TreeNode<E>, entry: E): TreeNode<E> | null {
    if (node.leaf) {
      const entries = node.entries;
      let lo = 0;
      let hi = entries.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.compare(entries[mid], entry) <= 0) lo = mid + 1;
        else hi = mid;
      }
      if (lo === entries.length) entries.push(entry);
      else entries.splice(lo, 0, entry);
      if (entries.length <= LEAF_MAX) return null;
      const right = newLeaf(entries.splice(LEAF_MAX >> 1));
      right.next = node.next;
      right.prev = node;
      if (node.next) node.next.prev = right;
      node.next = right;
      return right;
    }
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

  private removeFrom(node: TreeNode<E>, entry: E): boolean {
    if (node.leaf) {
      const entries = node.entries;
      let lo = 0;
      let hi = entries.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.compare(entries[mid], entry) < 0) lo = mid + 1;
        else hi = mid;
      }
      if (lo === entries.length || this.compare(entries[lo], entry) !== 0) return false;
      entries.splice(lo, 1);
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
  private childFor(node: Branch<E>, entry: E): number {
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
export class TreeCursor<E> {
  constructor(
    private leaf: Leaf<E> | null,
    private offset: number,
  ) {}

  next(): E | undefined {
    while (this.leaf) {
      if (this.offset < this.leaf.entries.length) return this.leaf.entries[this.offset++];
      this.leaf = this.leaf.next;
      this.offset = 0;
    }
    return undefined;
  }
}
