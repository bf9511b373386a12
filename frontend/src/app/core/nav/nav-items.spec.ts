import { describe, expect, it } from 'vitest';
import { OPERATOR_SECTION, ORGANIZATION_SECTION, permittedSections } from './nav-items';

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
});
