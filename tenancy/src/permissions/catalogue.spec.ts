import { ACTIONS, PERMISSIONS, SUBJECTS, UnknownPermissionError, isPermission, parsePermission, type Permission, type SubjectType } from './catalogue';

describe('permission catalogue', () => {
  it('has the product subjects, each with read and a zh-CN and en label', () => {
    const subjects = Object.keys(SUBJECTS);
    for (const s of ['OperatorNode', 'Enterprise', 'Department', 'Member', 'Role', 'Certification', 'Device', 'WorkOrder', 'Part', 'Warehouse', 'StockMove', 'Settlement', 'AuditLog', 'Report'])
      expect(subjects).toContain(s);
    for (const type of subjects as SubjectType[]) {
      expect(SUBJECTS[type].actions).toContain('read');
      expect(SUBJECTS[type].label['zh-CN']).toMatch(/\p{Script=Han}/u);
      expect(SUBJECTS[type].label.en).toMatch(/^[A-Z][a-z ]+$/);
    }
  });

  it('lists every permission once, with labels in both languages', () => {
    const names = PERMISSIONS.map((p) => p.permission);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('work-order:dispatch');
    const dispatch = parsePermission('work-order:dispatch');
    expect(dispatch).toMatchObject({ subject: 'WorkOrder', action: 'dispatch', label: { 'zh-CN': '工单 · 派单', en: 'Dispatch · Work order' } });
    for (const action of Object.keys(ACTIONS)) expect(PERMISSIONS.some((p) => p.action === action)).toBe(true);
  });

  it('has read-sensitive exactly on the subjects that declare sensitive fields', () => {
    for (const type of Object.keys(SUBJECTS) as SubjectType[]) {
      const entry = SUBJECTS[type];
      expect((entry.actions as readonly string[]).includes('read-sensitive')).toBe(entry.sensitiveFields.length > 0);
    }
  });

  it('rejects a permission outside the catalogue, at compile time and at run time', () => {
    // @ts-expect-error 'work-order:fly' is not a Permission
    const bogus: Permission = 'work-order:fly';
    expect(isPermission(bogus)).toBe(false);
    expect(isPermission('part:dispatch')).toBe(false);
    expect(() => parsePermission('part:dispatch')).toThrow(UnknownPermissionError);
  });
});
