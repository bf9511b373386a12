import { createMongoAbility, subject } from '@casl/ability';
import { buildAbility, type AbilityInput, type AppAbility, type RoleDefinition } from './ability-builder';
import { accessibleFilter, MATCH_NOTHING, scoped } from './access-filter';
import { UnsupportedConditionError } from './conditions';

const roles = new Map<string, RoleDefinition>([['dispatcher', { name: 'dispatcher', permissions: ['work-order:read'], personal: ['work-order:update'] }]]);
const input: AbilityInput = {
  user: { id: 'U1' },
  memberships: [
    { kind: 'operator', nodeId: 'N', roles: ['dispatcher'] },
    { kind: 'enterprise', enterpriseId: 'E1', roles: ['dispatcher'] },
  ],
  operatorNode: { id: 'N', regionCode: '4403' },
  activeEnterpriseId: 'E1',
  roles,
  overrides: [{ effect: 'deny', permission: 'work-order:read', conditions: { status: 'draft' } }],
};

describe('accessibleFilter', () => {
  it('is the $or of the can rules, each bounded by a $nor of the cannot rules above it', () => {
    expect(accessibleFilter(buildAbility(input), 'read', 'WorkOrder')).toEqual({
      $or: [
        { $and: [{ 'scope.regions': '4403' }, { $nor: [{ status: 'draft' }] }] },
        { $and: [{ 'scope.tenants': 'E1' }, { $nor: [{ status: 'draft' }] }] },
      ],
    });
  });

  it('keeps personal rules inside the scope', () => {
    expect(accessibleFilter(buildAbility(input), 'update', 'WorkOrder')).toEqual({
      $or: [
        { 'scope.regions': '4403', assigneeId: 'U1' },
        { 'scope.tenants': 'E1', assigneeId: 'U1' },
      ],
    });
  });

  it('matches nothing without a rule, and everything for an unconditional can', () => {
    expect(accessibleFilter(buildAbility(input), 'delete', 'WorkOrder')).toBe(MATCH_NOTHING);
    const admin = createMongoAbility([{ action: 'read', subject: 'AuditLog' }]) as AppAbility;
    expect(accessibleFilter(admin, 'read', 'AuditLog')).toEqual({});
  });

  it('is not narrowed by field-level denials (they restrict fields, not rows)', () => {
    const ability = buildAbility({ ...input, overrides: [] });
    expect(ability.rules.some((r) => r.inverted && r.fields)).toBe(true);
    expect(accessibleFilter(ability, 'read', 'WorkOrder')).toEqual({ $or: [{ 'scope.regions': '4403' }, { 'scope.tenants': 'E1' }] });
  });

  it('refuses rules that use an operator outside the supported set, whoever built them', () => {
    const foreign = createMongoAbility([{ action: 'read', subject: 'WorkOrder', conditions: { title: { $regex: 'x' } } }]) as AppAbility;
    expect(foreign.can('read', subject('WorkOrder', { title: 'x' }))).toBe(true);
    expect(() => accessibleFilter(foreign, 'read', 'WorkOrder')).toThrow(UnsupportedConditionError);
  });
});

describe('scoped', () => {
  it('joins access and query under $and, so a query key cannot replace a scope key', () => {
    const access = { 'scope.tenants': 'E1' };
    expect(scoped({ 'scope.tenants': 'E2', status: 'open' }, access)).toEqual({ $and: [access, { 'scope.tenants': 'E2', status: 'open' }] });
  });
});
