import { subject } from '@casl/ability';
import { DivisionCodeError } from '../divisions/division-tree';
import { buildAbility, hiddenFields, NotAMemberError, UnknownRoleError, type AbilityInput, type RoleDefinition } from './ability-builder';
import { UnsupportedConditionError } from './conditions';

const roles = new Map<string, RoleDefinition>([
  ['dispatcher', { name: 'dispatcher', permissions: ['work-order:read', 'work-order:dispatch', 'device:read'] }],
  ['engineer', { name: 'engineer', permissions: ['device:read'], personal: ['work-order:read', 'work-order:update', 'work-order:read-sensitive'] }],
  ['auditor', { name: 'auditor', permissions: ['audit-log:read', 'member:read', 'member:read-sensitive'] }],
]);

const row = (over: Record<string, unknown>) => ({ _id: 'WO-1', status: 'open', assigneeId: null, scope: { tenants: ['E1'], regions: ['440305', '4403', '44', 'CN'] }, ...over });
const cityOperator: AbilityInput = {
  user: { id: 'U1' },
  memberships: [{ kind: 'operator', nodeId: 'N-SZ', roles: ['dispatcher'] }],
  operatorNode: { id: 'N-SZ', regionCode: '4403' },
  roles,
};

describe('buildAbility', () => {
  it('lets an operator act on rows in its subtree only', () => {
    const ability = buildAbility(cityOperator);
    expect(ability.can('dispatch', subject('WorkOrder', row({})))).toBe(true);
    expect(ability.can('dispatch', subject('WorkOrder', row({ scope: { tenants: ['E1'], regions: ['440106', '4401', '44', 'CN'] } })))).toBe(false);
    expect(ability.can('delete', subject('WorkOrder', row({})))).toBe(false);
    expect(ability.can('read', subject('Settlement', row({})))).toBe(false);
  });

  it('lets the national operator reach every row through the CN code', () => {
    const ability = buildAbility({ ...cityOperator, memberships: [{ kind: 'operator', nodeId: 'N-CN', roles: ['dispatcher'] }], operatorNode: { id: 'N-CN', regionCode: 'CN' } });
    expect(ability.can('read', subject('WorkOrder', row({ scope: { tenants: [], regions: ['110108', '1101', '11', 'CN'] } })))).toBe(true);
  });

  it('binds enterprise members to their active enterprise, and personal work to the assignee', () => {
    const ability = buildAbility({ user: { id: 'U7' }, memberships: [{ kind: 'enterprise', enterpriseId: 'E1', roles: ['engineer'] }], activeEnterpriseId: 'E1', roles });
    expect(ability.can('read', subject('WorkOrder', row({ assigneeId: 'U7' })))).toBe(true);
    expect(ability.can('read', subject('WorkOrder', row({ assigneeId: 'U8' })))).toBe(false);
    expect(ability.can('read', subject('WorkOrder', row({ assigneeId: 'U7', scope: { tenants: ['E2'], regions: ['44', 'CN'] } })))).toBe(false);
    expect(ability.can('read', subject('Device', row({})))).toBe(true);
  });

  it('refuses an active enterprise or node the user is not a member of, and unknown roles', () => {
    expect(() => buildAbility({ ...cityOperator, activeEnterpriseId: 'E9' })).toThrow(NotAMemberError);
    expect(() => buildAbility({ ...cityOperator, operatorNode: { id: 'N-GZ', regionCode: '4401' } })).toThrow(NotAMemberError);
    expect(() => buildAbility({ ...cityOperator, memberships: [{ kind: 'operator', nodeId: 'N-SZ', roles: ['ghost'] }] })).toThrow(UnknownRoleError);
    expect(() => buildAbility({ ...cityOperator, operatorNode: { id: 'N-SZ', regionCode: '44-03' } })).toThrow(DivisionCodeError);
  });

  it('grants nothing without an active context (deny by default)', () => {
    const ability = buildAbility({ ...cityOperator, operatorNode: null });
    expect(ability.rules.filter((r) => !r.inverted)).toEqual([]);
    expect(ability.can('read', subject('WorkOrder', row({})))).toBe(false);
  });

  it('applies allow overrides within the scope and deny overrides over the roles', () => {
    const ability = buildAbility({
      ...cityOperator,
      overrides: [
        { effect: 'allow', permission: 'work-order:close' },
        { effect: 'deny', permission: 'work-order:dispatch', conditions: { priority: { $gte: 3 } } },
        { effect: 'deny', permission: 'device:read' },
      ],
    });
    expect(ability.can('close', subject('WorkOrder', row({})))).toBe(true);
    expect(ability.can('close', subject('WorkOrder', row({ scope: { tenants: [], regions: ['4401', '44', 'CN'] } })))).toBe(false);
    expect(ability.can('dispatch', subject('WorkOrder', row({ priority: 2 })))).toBe(true);
    expect(ability.can('dispatch', subject('WorkOrder', row({ priority: 3 })))).toBe(false);
    expect(ability.can('read', subject('Device', row({})))).toBe(false);
  });

  it('rejects override conditions outside the supported operators', () => {
    const deny = (conditions: Record<string, unknown>) =>
      buildAbility({ ...cityOperator, overrides: [{ effect: 'deny', permission: 'work-order:read', conditions }] });
    expect(() => deny({ title: { $regex: '^VIP' } })).toThrow(UnsupportedConditionError);
    expect(() => deny({ title: /^VIP/ })).toThrow(UnsupportedConditionError);
    expect(() => deny({ priority: { $mod: [2, 0] } })).toThrow(UnsupportedConditionError);
    expect(() => deny({ $where: 'this.priority > 1' })).toThrow(UnsupportedConditionError);
    expect(() => deny({ tags: { $elemMatch: { $type: 'string' } } })).toThrow(UnsupportedConditionError);
    expect(deny({ tags: { $elemMatch: { $eq: 'vip' } }, priority: { $in: [1, 2] } }).rules.length).toBeGreaterThan(0);
  });

  it('hides sensitive fields unless the role grants read-sensitive; personal grants only on own rows', () => {
    const dispatcher = buildAbility(cityOperator);
    expect(hiddenFields(dispatcher, 'WorkOrder')).toEqual(['customer.phone', 'customer.address']);
    expect(dispatcher.can('read', subject('WorkOrder', row({})), 'status')).toBe(true);
    expect(dispatcher.can('read', subject('WorkOrder', row({})), 'customer.phone')).toBe(false);

    const auditor = buildAbility({ ...cityOperator, memberships: [{ kind: 'operator', nodeId: 'N-SZ', roles: ['auditor'] }] });
    expect(hiddenFields(auditor, 'Member')).toEqual([]);
    const denied = buildAbility({
      ...cityOperator,
      memberships: [{ kind: 'operator', nodeId: 'N-SZ', roles: ['auditor'] }],
      overrides: [{ effect: 'deny', permission: 'member:read-sensitive' }],
    });
    expect(hiddenFields(denied, 'Member')).toEqual(['phone', 'idNumber']);

    const engineer = buildAbility({ user: { id: 'U7' }, memberships: [{ kind: 'enterprise', enterpriseId: 'E1', roles: ['engineer'] }], activeEnterpriseId: 'E1', roles });
    expect(engineer.can('read', subject('WorkOrder', row({ assigneeId: 'U7' })), 'customer.phone')).toBe(true);
    expect(engineer.can('read', subject('WorkOrder', row({ assigneeId: 'U8' })), 'customer.phone')).toBe(false);
  });
});
