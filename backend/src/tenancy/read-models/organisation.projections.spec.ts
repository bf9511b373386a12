import { eventLog } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';
import {
  departmentsProjection,
  enterpriseMembersProjection,
  enterpriseRolesProjection,
  type OrganisationEvent,
} from './organisation.projections';

const enterpriseId = 'e-1';
const jurisdiction = ['440305', '4403', '44', 'CN'];
const scope = { tenants: [enterpriseId], regions: jurisdiction };
const log = () => eventLog<OrganisationEvent>({ tenantIds: [enterpriseId], jurisdiction });
const tree = 'Departments-e-1';

describe('organisation read models', () => {
  it('departments: flat rows with parent and member count; edits, moves and deletion', async () => {
    const l = log();
    await projectionSpec(departmentsProjection)
      .given(
        l.record(tree, {
          type: 'DepartmentCreated',
          data: { enterpriseId, departmentId: 'd1', name: '售后部', parentId: null, responsibilities: '', at: 't0' },
        }),
        l.record(tree, {
          type: 'DepartmentCreated',
          data: { enterpriseId, departmentId: 'd2', name: '维修组', parentId: 'd1', responsibilities: '', at: 't1' },
        }),
        l.record(tree, {
          type: 'DepartmentCreated',
          data: { enterpriseId, departmentId: 'd3', name: '临时组', parentId: null, responsibilities: '', at: 't1' },
        }),
        l.record(tree, {
          type: 'DepartmentEdited',
          data: { enterpriseId, departmentId: 'd2', name: '上门维修组', responsibilities: '上门', at: 't2' },
        }),
        l.record(tree, {
          type: 'MemberDepartmentChanged',
          data: { enterpriseId, userId: 'u1', departmentId: 'd2', previousDepartmentId: null, at: 't3' },
        }),
        l.record(tree, {
          type: 'MemberDepartmentChanged',
          data: { enterpriseId, userId: 'u2', departmentId: 'd2', previousDepartmentId: null, at: 't3' },
        }),
        l.record(tree, {
          type: 'MemberDepartmentChanged',
          data: { enterpriseId, userId: 'u2', departmentId: 'd1', previousDepartmentId: 'd2', at: 't4' },
        }),
        l.record(tree, {
          type: 'DepartmentMoved',
          data: { enterpriseId, departmentId: 'd2', parentId: null, previousParentId: 'd1', at: 't5' },
        }),
        l.record(tree, { type: 'DepartmentDeleted', data: { enterpriseId, departmentId: 'd3', at: 't6' } }),
      )
      .then([
        {
          _id: 'd1',
          scope,
          enterpriseId,
          name: '售后部',
          parentId: null,
          responsibilities: '',
          memberCount: 1,
          createdAt: 't0',
          updatedAt: 't0',
        },
        {
          _id: 'd2',
          scope,
          enterpriseId,
          name: '上门维修组',
          parentId: null,
          responsibilities: '上门',
          memberCount: 1,
          createdAt: 't1',
          updatedAt: 't5',
        },
      ]);
  });

  it('enterprise_roles: one row per custom role, keyed by its id, gone when deleted', async () => {
    const l = log();
    const ofRole = (roleId: string) => ({ enterpriseId, roleId });
    await projectionSpec(enterpriseRolesProjection)
      .given(
        l.record('EnterpriseRole-e-1-r1', {
          type: 'EnterpriseRoleDefined',
          data: { ...ofRole('r1'), name: '调度员', description: '', permissions: ['work-order:dispatch'], at: 't0' },
        }),
        l.record('EnterpriseRole-e-1-r1', {
          type: 'EnterpriseRoleRenamed',
          data: { ...ofRole('r1'), name: '高级调度员', description: '派单', at: 't1' },
        }),
        l.record('EnterpriseRole-e-1-r1', {
          type: 'EnterpriseRolePermissionsChanged',
          data: { ...ofRole('r1'), permissions: ['member:read', 'work-order:dispatch'], at: 't2' },
        }),
        l.record('EnterpriseRole-e-1-r2', {
          type: 'EnterpriseRoleDefined',
          data: { ...ofRole('r2'), name: '仓管', description: '', permissions: ['part:read'], at: 't3' },
        }),
        l.record('EnterpriseRole-e-1-r2', { type: 'EnterpriseRoleDeleted', data: { ...ofRole('r2'), at: 't4' } }),
      )
      .then([
        {
          _id: 'r1',
          scope,
          enterpriseId,
          key: 'r1',
          name: '高级调度员',
          description: '派单',
          permissions: ['member:read', 'work-order:dispatch'],
          createdAt: 't0',
          updatedAt: 't2',
        },
      ]);
  });

  it('enterprise_members: one row per membership with roles, department, overrides, joining and departure', async () => {
    const l = log();
    const pair = (userId: string) => ({ enterpriseId, userId });
    const stream = (userId: string) => `Membership-e-1-${userId}`;
    const deny = { permission: 'department:read', effect: 'deny' as const };
    await projectionSpec(enterpriseMembersProjection)
      .given(
        l.record(stream('u1'), { type: 'FounderAdmitted', data: { ...pair('u1'), roles: ['admin'], at: 't0' } }),
        l.record(stream('u2'), { type: 'JoinRequested', data: { ...pair('u2'), at: 't1' } }),
        l.record(stream('u2'), { type: 'MembershipApproved', data: { ...pair('u2'), approvedBy: 'u1', roles: ['member'], at: 't2' } }),
        l.record(stream('u2'), { type: 'MemberRolesChanged', data: { ...pair('u2'), changedBy: 'u1', roles: ['r1'], at: 't3' } }),
        l.record(stream('u2'), { type: 'PermissionOverridesSet', data: { ...pair('u2'), setBy: 'u1', overrides: [deny], at: 't4' } }),
        l.record(tree, {
          type: 'MemberDepartmentChanged',
          data: { ...pair('u2'), departmentId: 'd1', previousDepartmentId: null, at: 't5' },
        }),
        l.record(stream('u3'), {
          type: 'MemberInvited',
          data: { ...pair('u3'), invitedBy: 'u1', tokenHash: 'H', expiresAt: 't9', at: 't1' },
        }),
        l.record(stream('u4'), { type: 'FounderAdmitted', data: { ...pair('u4'), roles: ['admin'], at: 't0' } }),
        l.record(stream('u4'), { type: 'MemberRemoved', data: { ...pair('u4'), removedBy: 'u1', reason: '离职', at: 't6' } }),
        l.record(tree, {
          type: 'MemberDepartmentChanged',
          data: { ...pair('u4'), departmentId: null, previousDepartmentId: null, at: 't6' },
        }),
        // A department change for a user with no membership row makes none.
        l.record(tree, {
          type: 'MemberDepartmentChanged',
          data: { ...pair('u9'), departmentId: 'd1', previousDepartmentId: null, at: 't7' },
        }),
      )
      .then([
        expect.objectContaining({ _id: 'e-1/u1', scope, status: 'active', roles: ['admin'], joinedAt: 't0', departmentId: null }),
        {
          _id: 'e-1/u2',
          scope,
          enterpriseId,
          userId: 'u2',
          status: 'active',
          roles: ['r1'],
          departmentId: 'd1',
          overrides: [deny],
          requestedAt: 't1',
          invitedAt: null,
          joinedAt: 't2',
          departedAt: null,
          departure: null,
          updatedAt: 't5',
        },
        expect.objectContaining({ _id: 'e-1/u3', status: 'invited', invitedAt: 't1', joinedAt: null }),
        expect.objectContaining({
          _id: 'e-1/u4',
          status: 'removed',
          roles: [],
          joinedAt: 't0',
          departedAt: 't6',
          departure: { kind: 'removed', by: 'u1', reason: '离职' },
        }),
      ]);
  });

  it('enterprise_members: a member who comes back starts a fresh row', async () => {
    const l = log();
    const pair = { enterpriseId, userId: 'u2' };
    await projectionSpec(enterpriseMembersProjection)
      .given(
        l.record('Membership-e-1-u2', { type: 'JoinRequested', data: { ...pair, at: 't1' } }),
        l.record('Membership-e-1-u2', { type: 'MembershipApproved', data: { ...pair, approvedBy: 'u1', roles: ['member'], at: 't2' } }),
        l.record('Membership-e-1-u2', { type: 'MemberLeft', data: { ...pair, at: 't3' } }),
        l.record('Membership-e-1-u2', { type: 'JoinRequested', data: { ...pair, at: 't4' } }),
      )
      .thenRow(
        'e-1/u2',
        expect.objectContaining({ status: 'requested', requestedAt: 't4', joinedAt: null, departedAt: null, departure: null }),
      );
  });
});
