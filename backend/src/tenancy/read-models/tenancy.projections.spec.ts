import { eventLog } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';
import {
  abilityMembershipsOf,
  abilityOverridesOf,
  enterprisesProjection,
  membershipsProjection,
  operatorNodesProjection,
  type MembershipsRow,
  type TenancyEvent,
} from './tenancy.projections';

const contacts = { phoneEncrypted: 'enc:v1:p', phoneIndex: 'IDX', email: null };
const submission = {
  type: 'manufacturer' as const,
  name: '深圳快修',
  uscc: '914403001922038216',
  address: { countyCode: '440305', line: '科技园' },
  jurisdiction: ['440305', '4403', '44', 'CN'],
  licence: { blobId: 'b1', mediaType: 'application/pdf', size: 10 },
};

describe('tenancy read models', () => {
  it('operator_nodes: one row per node, scoped to its division and above, with its status', async () => {
    const log = eventLog<TenancyEvent>();
    await projectionSpec(operatorNodesProjection)
      .given(
        log.record('OperatorNode-n1', {
          type: 'OperatorNodeCreated',
          data: {
            nodeId: 'n1',
            divisionCode: '4403',
            level: 'city',
            parentNodeId: 'n0',
            name: '云站',
            principal: { name: '王', userId: null },
            contacts,
            at: 't0',
          },
        }),
        log.record('OperatorNode-n1', { type: 'OperatorNodeRenamed', data: { name: '深圳云站', at: 't1' } }),
        log.record('OperatorNode-n1', { type: 'OperatorPrincipalChanged', data: { principal: { name: '李', userId: 'u9' }, at: 't2' } }),
        log.record('OperatorNode-n1', { type: 'OperatorContactsChanged', data: { contacts: { ...contacts, email: 'a@b.cn' }, at: 't3' } }),
        log.record('OperatorNode-n1', { type: 'OperatorNodeSuspended', data: { reason: '整改', at: 't4' } }),
      )
      .then([
        {
          _id: 'n1',
          scope: { tenants: [], regions: ['4403', '44', 'CN'] },
          divisionCode: '4403',
          level: 'city',
          parentNodeId: 'n0',
          name: '深圳云站',
          principal: { name: '李', userId: 'u9' },
          contacts: { ...contacts, email: 'a@b.cn' },
          status: 'suspended',
          suspendedReason: '整改',
          createdAt: 't0',
          updatedAt: 't4',
        },
      ]);
  });

  it('operator_nodes: reactivated', async () => {
    const log = eventLog<TenancyEvent>();
    await projectionSpec(operatorNodesProjection)
      .given(
        log.record('OperatorNode-n0', {
          type: 'OperatorNodeCreated',
          data: {
            nodeId: 'n0',
            divisionCode: 'CN',
            level: 'national',
            parentNodeId: null,
            name: '总运营商',
            principal: { name: '王', userId: null },
            contacts,
            at: 't0',
          },
        }),
        log.record('OperatorNode-n0', { type: 'OperatorNodeSuspended', data: { reason: 'x', at: 't1' } }),
        log.record('OperatorNode-n0', { type: 'OperatorNodeReactivated', data: { at: 't2' } }),
      )
      .thenRow('n0', expect.objectContaining({ status: 'active', suspendedReason: null, scope: { tenants: [], regions: ['CN'] } }));
  });

  it('enterprises: scoped to itself and its jurisdiction; review and resubmission move status and scope', async () => {
    const log = eventLog<TenancyEvent>();
    const registered = log.record('Enterprise-e-1', {
      type: 'EnterpriseRegistered',
      data: { enterpriseId: 'e-1', ...submission, parentEnterpriseId: 'e-0', registrantUserId: 'u1', at: 't0' },
    });
    const rejected = log.record('Enterprise-e-1', {
      type: 'EnterpriseRejected',
      data: { reviewerNodeId: 'n1', opinion: '模糊', at: 't1' },
    });
    const resubmitted = log.record('Enterprise-e-1', {
      type: 'EnterpriseResubmitted',
      data: { ...submission, address: { countyCode: '440106', line: '天河' }, jurisdiction: ['440106', '4401', '44', 'CN'], at: 't2' },
    });
    await projectionSpec(enterprisesProjection)
      .given(registered, rejected)
      .thenRow(
        'e-1',
        expect.objectContaining({ status: 'rejected', review: { reviewerNodeId: 'n1', opinion: '模糊', at: 't1', outcome: 'rejected' } }),
      );
    await projectionSpec(enterprisesProjection)
      .given(
        registered,
        rejected,
        resubmitted,
        log.record('Enterprise-e-1', { type: 'EnterpriseApproved', data: { reviewerNodeId: 'n2', opinion: '', at: 't3' } }),
      )
      .then([
        {
          _id: 'e-1',
          scope: { tenants: ['e-1'], regions: ['440106', '4401', '44', 'CN'] },
          type: 'manufacturer',
          name: '深圳快修',
          uscc: '914403001922038216',
          address: { countyCode: '440106', line: '天河' },
          licence: submission.licence,
          parentEnterpriseId: 'e-0',
          registrantUserId: 'u1',
          status: 'approved',
          review: { reviewerNodeId: 'n2', opinion: '', at: 't3', outcome: 'approved' },
          registeredAt: 't0',
          updatedAt: 't3',
        },
      ]);
  });

  it('memberships: per user, the enterprises with roles; pending ones listed, ended ones gone', async () => {
    const log = eventLog<TenancyEvent>();
    await projectionSpec(membershipsProjection)
      .given(
        log.record('Membership-e1-u1', { type: 'FounderAdmitted', data: { enterpriseId: 'e1', userId: 'u1', roles: ['admin'], at: 't0' } }),
        log.record('Membership-e2-u1', { type: 'JoinRequested', data: { enterpriseId: 'e2', userId: 'u1', at: 't1' } }),
        log.record('Membership-e3-u1', {
          type: 'MemberInvited',
          data: { enterpriseId: 'e3', userId: 'u1', invitedBy: 'u3', tokenHash: 'H', expiresAt: 't9', at: 't1' },
        }),
        log.record('Membership-e3-u1', {
          type: 'InvitationAccepted',
          data: { enterpriseId: 'e3', userId: 'u1', roles: ['member'], at: 't2' },
        }),
        log.record('Membership-e1-u2', { type: 'JoinRequested', data: { enterpriseId: 'e1', userId: 'u2', at: 't3' } }),
        log.record('Membership-e1-u2', {
          type: 'MembershipApproved',
          data: { enterpriseId: 'e1', userId: 'u2', approvedBy: 'u1', roles: ['technician'], at: 't4' },
        }),
        log.record('Membership-e1-u2', { type: 'MemberLeft', data: { enterpriseId: 'e1', userId: 'u2', at: 't5' } }),
        log.record('Membership-e4-u3', { type: 'JoinRequested', data: { enterpriseId: 'e4', userId: 'u3', at: 't3' } }),
        log.record('Membership-e4-u3', {
          type: 'MembershipDeclined',
          data: { enterpriseId: 'e4', userId: 'u3', declinedBy: 'u9', reason: '', at: 't4' },
        }),
        log.record('Membership-e1-u4', { type: 'FounderAdmitted', data: { enterpriseId: 'e1', userId: 'u4', roles: ['admin'], at: 't0' } }),
        log.record('Membership-e1-u4', {
          type: 'MemberRemoved',
          data: { enterpriseId: 'e1', userId: 'u4', removedBy: 'u1', reason: 'x', at: 't6' },
        }),
      )
      .then([
        {
          _id: 'u1',
          scope: { tenants: ['e1', 'e2', 'e3'], regions: [] },
          enterprises: [
            { enterpriseId: 'e1', status: 'active', roles: ['admin'], since: 't0' },
            { enterpriseId: 'e2', status: 'requested', roles: [], since: 't1' },
            { enterpriseId: 'e3', status: 'active', roles: ['member'], since: 't2' },
          ],
        },
      ]);
  });

  it('feeds the ability builder with the active memberships only', () => {
    const row: MembershipsRow = {
      _id: 'u1',
      scope: { tenants: ['e1', 'e2'], regions: [] },
      enterprises: [
        { enterpriseId: 'e1', status: 'active', roles: ['admin'], since: 't0' },
        { enterpriseId: 'e2', status: 'requested', roles: [], since: 't1' },
      ],
    };
    expect(abilityMembershipsOf(row)).toEqual([{ kind: 'enterprise', enterpriseId: 'e1', roles: ['admin'] }]);
    expect(abilityMembershipsOf(null)).toEqual([]);
  });
  it('memberships: roles, department and overrides of an entry follow their own events', async () => {
    const log = eventLog<TenancyEvent>();
    const pair = { enterpriseId: 'e1', userId: 'u2' };
    const deny = { permission: 'department:read', effect: 'deny' as const };
    await projectionSpec(membershipsProjection)
      .given(
        log.record('Membership-e1-u2', { type: 'JoinRequested', data: { ...pair, at: 't1' } }),
        log.record('Membership-e1-u2', { type: 'MembershipApproved', data: { ...pair, approvedBy: 'u1', roles: ['member'], at: 't2' } }),
        log.record('Membership-e1-u2', { type: 'MemberRolesChanged', data: { ...pair, changedBy: 'u1', roles: ['r-1'], at: 't3' } }),
        log.record('Membership-e1-u2', { type: 'PermissionOverridesSet', data: { ...pair, setBy: 'u1', overrides: [deny], at: 't4' } }),
        log.record('Departments-e1', {
          type: 'MemberDepartmentChanged',
          data: { ...pair, departmentId: 'd1', previousDepartmentId: null, at: 't5' },
        }),
        // Another user's department change touches no one else's row, and makes none.
        log.record('Departments-e1', {
          type: 'MemberDepartmentChanged',
          data: { enterpriseId: 'e1', userId: 'u9', departmentId: 'd1', previousDepartmentId: null, at: 't5' },
        }),
      )
      .then([
        {
          _id: 'u2',
          scope: { tenants: ['e1'], regions: [] },
          enterprises: [{ enterpriseId: 'e1', status: 'active', roles: ['r-1'], since: 't2', overrides: [deny], departmentId: 'd1' }],
        },
      ]);
  });

  it('feeds the ability builder the overrides of the active enterprise only, catalogue entries only', () => {
    const deny = { permission: 'department:read', effect: 'deny' as const };
    const row: MembershipsRow = {
      _id: 'u1',
      scope: { tenants: ['e1', 'e2'], regions: [] },
      enterprises: [
        {
          enterpriseId: 'e1',
          status: 'active',
          roles: ['member'],
          since: 't0',
          overrides: [deny, { permission: 'gone:read', effect: 'allow' }],
        },
        {
          enterpriseId: 'e2',
          status: 'active',
          roles: ['member'],
          since: 't1',
          overrides: [{ permission: 'member:read', effect: 'allow' }],
        },
      ],
    };
    expect(abilityOverridesOf(row, 'e1')).toEqual([deny]);
    expect(abilityOverridesOf(row, 'e3')).toEqual([]);
    expect(abilityOverridesOf(null, 'e1')).toEqual([]);
  });
});
