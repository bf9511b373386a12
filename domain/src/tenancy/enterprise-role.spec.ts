import { deciderSpec } from '@kuaige/testkit';
import { IllegalTransition } from '../event-sourcing/decider';
import type { EnterpriseRoleCommand } from './enterprise-role.commands';
import { enterpriseRole } from './enterprise-role';
import type { EnterpriseRoleEvent } from './enterprise-role.events';
import { TenancyRuleViolation } from './tenancy-rules';

const at = '2026-12-01T08:00:00.000Z';
const ofRole = { enterpriseId: 'e1', roleId: 'r1' };
const catalogue = ['department:read', 'department:create', 'member:read', 'work-order:dispatch'];
const builtInKeys = ['admin', 'member'];

const define = (permissions: string[], name = ' 调度员 ', roleId = 'r1'): EnterpriseRoleCommand => ({
  type: 'DefineEnterpriseRole',
  data: {
    ...ofRole,
    roleId,
    name,
    description: ' 派单 ',
    permissions,
    catalogue,
    builtInKeys,
    takenNames: ['企业管理员', 'Warehouse'],
    at,
  },
});
const defined: EnterpriseRoleEvent = {
  type: 'EnterpriseRoleDefined',
  data: { ...ofRole, name: '调度员', description: '派单', permissions: ['member:read', 'work-order:dispatch'], at },
};
const change = (permissions: string[]): EnterpriseRoleCommand => ({
  type: 'ChangeEnterpriseRolePermissions',
  data: { ...ofRole, permissions, catalogue, at },
});
const deleted: EnterpriseRoleEvent = { type: 'EnterpriseRoleDeleted', data: { ...ofRole, at } };

const violates = (rule: string, field: string) => (e: TenancyRuleViolation) => {
  expect({ rule: e.rule, field: e.field }).toEqual({ rule, field });
};

describe('EnterpriseRole', () => {
  const given = deciderSpec(enterpriseRole);

  it('is defined with permissions from the catalogue, de-duplicated in catalogue order', () => {
    given([])
      .when(define(['work-order:dispatch', 'member:read', 'member:read']))
      .then([defined]);
    given([]).when(define([])).thenThrows(TenancyRuleViolation, violates('permissions-required', 'permissions'));
    given([])
      .when(define(['member:read', 'member:fly']))
      .thenThrows(TenancyRuleViolation, violates('unknown-permission', 'permissions.1'));
    given([])
      .when(define(['member:read'], ' '))
      .thenThrows(TenancyRuleViolation, violates('required', 'name'));
    given([])
      .when(define(['member:read'], '角'.repeat(31)))
      .thenThrows(TenancyRuleViolation, violates('max-length', 'name'));
    given([defined])
      .when(define(['member:read']))
      .thenThrows(IllegalTransition);
  });

  it('goes by a name no other role of the enterprise has, whatever its case or width', () => {
    given([])
      .when(define(['member:read'], ' warehouse '))
      .thenThrows(TenancyRuleViolation, violates('name-taken', 'name'));
    given([])
      .when(define(['member:read'], '企业管理员'))
      .thenThrows(TenancyRuleViolation, violates('name-taken', 'name'));
    given([defined])
      .when({ type: 'RenameEnterpriseRole', data: { ...ofRole, name: 'ＷＡＲＥＨＯＵＳＥ', takenNames: ['warehouse'], at } })
      .thenThrows(TenancyRuleViolation, violates('name-taken', 'name'));
  });

  it('cannot take the key of a built-in role', () => {
    given([])
      .when(define(['member:read'], '管理员', 'admin'))
      .thenThrows(TenancyRuleViolation, violates('built-in-role', 'roleId'));
  });

  it('is renamed and given other permissions; unchanged input changes nothing', () => {
    given([defined])
      .when({ type: 'RenameEnterpriseRole', data: { ...ofRole, name: '高级调度员', takenNames: [], at } })
      .then([{ type: 'EnterpriseRoleRenamed', data: { ...ofRole, name: '高级调度员', description: '派单', at } }]);
    given([defined])
      .when({ type: 'RenameEnterpriseRole', data: { ...ofRole, name: '调度员', description: '派单', takenNames: [], at } })
      .then([]);
    given([defined])
      .when(change(['department:read']))
      .then([{ type: 'EnterpriseRolePermissionsChanged', data: { ...ofRole, permissions: ['department:read'], at } }]);
    given([defined])
      .when(change(['work-order:dispatch', 'member:read']))
      .then([]);
    given([defined])
      .when(change(['nope']))
      .thenThrows(TenancyRuleViolation, violates('unknown-permission', 'permissions.0'));
    given([])
      .when(change(['member:read']))
      .thenThrows(IllegalTransition);
  });

  it('is deleted only while no member holds it, and then is gone', () => {
    const remove = (holders: number): EnterpriseRoleCommand => ({ type: 'DeleteEnterpriseRole', data: { ...ofRole, holders, at } });
    given([defined]).when(remove(2)).thenThrows(TenancyRuleViolation, violates('role-in-use', 'roleId'));
    given([defined]).when(remove(0)).then([deleted]);
    given([defined, deleted]).when(remove(0)).thenThrows(IllegalTransition);
    given([defined, deleted])
      .when(change(['member:read']))
      .thenThrows(IllegalTransition);
    given([defined, deleted])
      .when(define(['member:read']))
      .thenThrows(IllegalTransition);
  });
});
