import { describe, expect, it } from 'vitest';
import { AUDIT_SECTION, OPERATOR_SECTION, ORGANIZATION_SECTION, WORK_ORDER_SECTION, permittedSections } from './nav-items';

describe('navigation by permission', () => {
  it('lists only the entries the active context grants, and drops sections left empty', () => {
    const granted = new Set(['department:read', 'role:read']);
    const sections = permittedSections([ORGANIZATION_SECTION, OPERATOR_SECTION], (p) => granted.has(p));
    expect(sections.map((s) => s.labelKey)).toEqual(['nav.sections.organization']);
    expect(sections[0]!.items.map((i) => i.path)).toEqual(['/organization/departments', '/organization/roles']);
  });

  it('shows a county operator the tree and the review queues it may work on', () => {
    const granted = new Set(['operator-node:read', 'enterprise:review']);
    const [operator] = permittedSections([OPERATOR_SECTION], (p) => granted.has(p));
    expect(operator!.items.map((i) => i.path)).toEqual(['/operator-network', '/enterprises/review']);
  });

  it('offers each work-order desk to the party whose step it is, however many permissions it holds', () => {
    const everything = () => true;
    const paths = (context: 'enterprise' | 'operator' | null) =>
      permittedSections([WORK_ORDER_SECTION], everything, context)[0]?.items.map((i) => i.path);
    expect(paths('operator')).toEqual(['/work-orders', '/work-orders/dispatch', '/knowledge']);
    expect(paths('enterprise')).toEqual(['/work-orders', '/work-orders/new', '/work-orders/provider-queue', '/my-tasks', '/knowledge']);
    expect(paths(null)).toEqual(['/work-orders', '/knowledge']);
    // An engineer holds work-order:update for their own tasks only: my tasks, nothing to dispatch.
    const engineer = new Set(['work-order:read', 'work-order:update']);
    expect(permittedSections([WORK_ORDER_SECTION], (p) => engineer.has(p), 'enterprise')[0]!.items.map((i) => i.path)).toEqual([
      '/work-orders',
      '/my-tasks',
    ]);
  });

  it('offers the audit log to holders of audit-log:read only', () => {
    const compliance = new Set(['audit-log:read', 'audit-log:export']);
    expect(permittedSections([AUDIT_SECTION], (p) => compliance.has(p), 'operator').flatMap((s) => s.items.map((i) => i.path))).toEqual(['/audit']);
    const operator = new Set(['operator-node:read', 'work-order:dispatch']);
    expect(permittedSections([AUDIT_SECTION], (p) => operator.has(p), 'operator')).toEqual([]);
  });

  it('offers the log’s integrity check to holders of audit-log:verify', () => {
    const compliance = new Set(['audit-log:read', 'audit-log:export', 'audit-log:verify']);
    expect(permittedSections([AUDIT_SECTION], (p) => compliance.has(p), 'operator').flatMap((s) => s.items.map((i) => i.path))).toEqual(['/audit', '/audit/integrity']);
  });
});
