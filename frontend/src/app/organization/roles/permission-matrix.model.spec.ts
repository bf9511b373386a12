import { describe, expect, it } from 'vitest';
import type { PermissionCatalogue } from '../organization.model';
import { labelIn, matrixOf, nextOverride, overridesOf, toggled, toggledRow } from './permission-matrix.model';

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const catalogue: PermissionCatalogue = {
  actions: [
    { action: 'read', label: l('查看', 'View') },
    { action: 'create', label: l('新建', 'Create') },
    { action: 'dispatch', label: l('派单', 'Dispatch') },
    { action: 'verify', label: l('校验', 'Verify') },
  ],
  subjects: [
    {
      type: 'Department',
      slug: 'department',
      label: l('部门', 'Department'),
      actions: [
        { action: 'read', permission: 'department:read', label: l('查看', 'View') },
        { action: 'create', permission: 'department:create', label: l('新建', 'Create') },
      ],
    },
    {
      type: 'WorkOrder',
      slug: 'work-order',
      label: l('工单', 'Work order'),
      actions: [
        { action: 'read', permission: 'work-order:read', label: l('查看', 'View') },
        { action: 'dispatch', permission: 'work-order:dispatch', label: l('派单', 'Dispatch') },
      ],
    },
  ],
  roles: [],
};

describe('permission matrix', () => {
  it('has a column for each action some subject has, and a checkbox only where the catalogue has the pair', () => {
    const matrix = matrixOf(catalogue);
    expect(matrix.actions.map((a) => a.action)).toEqual(['read', 'create', 'dispatch']);
    expect(matrix.rows.map((r) => [r.subject.slug, r.cells])).toEqual([
      ['department', ['department:read', 'department:create', null]],
      ['work-order', ['work-order:read', null, 'work-order:dispatch']],
    ]);
  });

  it('switches single permissions and whole rows', () => {
    const [department] = matrixOf(catalogue).rows;
    expect([...toggled(new Set(), 'department:read', true)]).toEqual(['department:read']);
    expect([...toggled(new Set(['department:read']), 'department:read', false)]).toEqual([]);
    expect([...toggledRow(new Set(['department:read']), department!)].sort()).toEqual(['department:create', 'department:read']);
    expect([...toggledRow(new Set(['department:read', 'department:create', 'x:y']), department!)]).toEqual(['x:y']);
  });

  it('cycles override cells inherit → allow → deny and sends only the set ones', () => {
    expect(nextOverride('inherit')).toBe('allow');
    expect(nextOverride('allow')).toBe('deny');
    expect(nextOverride('deny')).toBe('inherit');
    const states = new Map([
      ['work-order:read', 'deny' as const],
      ['department:read', 'inherit' as const],
      ['department:create', 'allow' as const],
    ]);
    expect(overridesOf(states)).toEqual([
      { permission: 'department:create', effect: 'allow' },
      { permission: 'work-order:read', effect: 'deny' },
    ]);
  });

  it('labels in the active language', () => {
    expect(labelIn(l('部门', 'Department'), 'zh-CN')).toBe('部门');
    expect(labelIn(l('部门', 'Department'), 'en')).toBe('Department');
  });
});
