import { describe, expect, it } from 'vitest';
import type { Department } from '../organization.model';
import { canMove, departmentTree, subtreeOf } from './department-tree';

const d = (id: string, name: string, parentId: string | null = null): Department => ({ id, name, parentId, memberCount: 0 });

const departments = [
  d('sales', '销售部'),
  d('north', '华北区', 'sales'),
  d('beijing', '北京组', 'north'),
  d('it', '信息部'),
  d('south', '华南区', 'sales'),
];

describe('department tree', () => {
  it('lists each department after its parent, with its depth', () => {
    const tree = departmentTree(departments, 'en');
    expect(tree.map((t) => [t.id, t.depth, t.hasChildren])).toEqual([
      ['it', 0, false],
      ['sales', 0, true],
      ['north', 1, true],
      ['beijing', 2, false],
      ['south', 1, false],
    ]);
  });

  it('keeps departments whose parent is unknown or that form a cycle, at the top level', () => {
    const tree = departmentTree([d('a', 'A', 'gone'), d('x', 'X', 'y'), d('y', 'Y', 'x')], 'en');
    expect(tree.map((t) => [t.id, t.depth])).toEqual([
      ['a', 0],
      ['x', 0],
      ['y', 0],
    ]);
  });

  it('knows the subtree of a department', () => {
    expect([...subtreeOf(departments, 'sales')].sort()).toEqual(['beijing', 'north', 'sales', 'south']);
    expect([...subtreeOf(departments, 'it')]).toEqual(['it']);
  });

  it('refuses to move a department under itself or its descendants, or to where it already is', () => {
    expect(canMove(departments, 'sales', 'beijing')).toBe(false);
    expect(canMove(departments, 'sales', 'sales')).toBe(false);
    expect(canMove(departments, 'north', 'sales')).toBe(false);
    expect(canMove(departments, 'north', 'it')).toBe(true);
    expect(canMove(departments, 'north', null)).toBe(true);
    expect(canMove(departments, 'it', null)).toBe(false);
  });
});
