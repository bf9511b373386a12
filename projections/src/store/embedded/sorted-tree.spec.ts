import { SortedTree } from './sorted-tree';

const byNumber = (a: number, b: number) => a - b;

const random = (() => {
  let seed = 7;
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
})();

describe('SortedTree', () => {
  it('keeps random inserts in order across many leaf and branch splits', () => {
    const tree = new SortedTree(byNumber);
    const values = Array.from({ length: 20_000 }, () => Math.floor(random() * 1e9));
    for (const v of values) tree.insert(v);
    expect(tree.size).toBe(values.length);
    expect([...tree]).toEqual([...values].sort(byNumber));
  });

  it('seeks the first entry not below a bound and ranks it', () => {
    const tree = new SortedTree(byNumber);
    for (let v = 0; v < 5000; v++) tree.insert(v * 2);
    const at = tree.seek((e) => e < 3001);
    expect(at.rank).toBe(1501);
    expect(tree.cursor(at).next()).toBe(3002);
    const end = tree.seek(() => true);
    expect(end.rank).toBe(5000);
    expect(tree.cursor(end).next()).toBeUndefined();
  });

  it('reads ranges forward through leaf boundaries', () => {
    const tree = new SortedTree(byNumber);
    for (let v = 999; v >= 0; v--) tree.insert(v);
    const from = tree.seek((e) => e < 100);
    const to = tree.seek((e) => e < 400);
    const cursor = tree.cursor(from);
    const read = Array.from({ length: to.rank - from.rank }, () => cursor.next());
    expect(read).toEqual(Array.from({ length: 300 }, (_, i) => 100 + i));
  });

  it('is built from sorted entries in one pass and still accepts inserts', () => {
    const sorted = Array.from({ length: 10_000 }, (_, i) => i * 3);
    const tree = SortedTree.fromSorted(byNumber, sorted);
    expect(tree.size).toBe(10_000);
    for (let v = 1; v < 3000; v += 3) tree.insert(v);
    expect([...tree]).toEqual([...sorted, ...Array.from({ length: 1000 }, (_, i) => 1 + 3 * i)].sort(byNumber));
    expect(tree.seek((e) => e < 30).rank).toBe(20);
  });

  it('answers an empty tree', () => {
    const tree = new SortedTree(byNumber);
    expect(tree.size).toBe(0);
    expect([...tree]).toEqual([]);
    expect(tree.seek(() => true).rank).toBe(0);
  });
});
