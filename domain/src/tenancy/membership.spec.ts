import { deciderSpec } from '@kuaige/testkit';
import { IllegalTransition } from '../event-sourcing/decider';
import type { MembershipCommand } from './membership.commands';
import { membership } from './membership';
import type { MembershipEvent } from './membership.events';
import { TenancyRuleViolation } from './tenancy-rules';

const at = '2026-12-01T08:00:00.000Z';
const later = '2026-12-08T08:00:00.000Z';
const pair = { enterpriseId: 'e1', userId: 'u2' };
const admin = ['admin'];

const founded: MembershipEvent = { type: 'FounderAdmitted', data: { ...pair, roles: ['admin'], at } };
const requested: MembershipEvent = { type: 'JoinRequested', data: { ...pair, at } };
const invited: MembershipEvent = { type: 'MemberInvited', data: { ...pair, invitedBy: 'u1', tokenHash: 'H', expiresAt: later, at } };
const approved: MembershipEvent = { type: 'MembershipApproved', data: { ...pair, approvedBy: 'u1', roles: ['technician'], at } };
const declined: MembershipEvent = { type: 'MembershipDeclined', data: { ...pair, declinedBy: 'u1', reason: '', at } };
const left: MembershipEvent = { type: 'MemberLeft', data: { ...pair, at } };
const removed: MembershipEvent = { type: 'MemberRemoved', data: { ...pair, removedBy: 'u1', reason: '离职', at } };

const request: MembershipCommand = { type: 'RequestToJoin', data: { ...pair, enterpriseStatus: 'approved', at } };
const invite: MembershipCommand = {
  type: 'InviteMember',
  data: { ...pair, enterpriseStatus: 'approved', invitedBy: 'u1', inviterRoles: admin, tokenHash: 'H', expiresAt: later, at },
};
const accept = (tokenHash: string, when = at): MembershipCommand => ({ type: 'AcceptInvitation', data: { ...pair, tokenHash, at: when } });
const approve = (approverRoles = admin, roles = ['technician', 'technician']): MembershipCommand => ({
  type: 'ApproveMembership',
  data: { ...pair, approvedBy: 'u1', approverRoles, roles, at },
});
const decline = (declinerRoles = admin): MembershipCommand => ({
  type: 'DeclineMembership',
  data: { ...pair, declinedBy: 'u1', declinerRoles, reason: ' ', at },
});
const leave: MembershipCommand = { type: 'LeaveEnterprise', data: { ...pair, at } };
const remove = (removedBy = 'u1', removerRoles = admin): MembershipCommand => ({
  type: 'RemoveMember',
  data: { ...pair, removedBy, removerRoles, reason: '离职', at },
});

const violates = (rule: string, field: string) => (e: TenancyRuleViolation) => {
  expect(e.rule).toBe(rule);
  expect(e.field).toBe(field);
};

describe('Membership', () => {
  const given = deciderSpec(membership);

  it('admits the registrant of an enterprise as its first admin, once, and no one else', () => {
    given([])
      .when({ type: 'AdmitFounder', data: { ...pair, registrantUserId: 'u2', at } })
      .then([founded]);
    given([founded])
      .when({ type: 'AdmitFounder', data: { ...pair, registrantUserId: 'u2', at } })
      .thenThrows(IllegalTransition, (e) => expect(e.state).toBe('active'));
    for (const registrantUserId of ['u1', null])
      given([])
        .when({ type: 'AdmitFounder', data: { ...pair, registrantUserId, at } })
        .thenThrows(TenancyRuleViolation, violates('founder-is-registrant', 'userId'));
  });

  it('joins by request, approved by an admin with de-duplicated roles', () => {
    given([]).when(request).then([requested]);
    given([requested]).when(request).then([]);
    given([requested]).when(approve()).then([approved]);
    given([requested])
      .when(approve(['technician']))
      .thenThrows(TenancyRuleViolation, violates('admin-required', 'approvedBy'));
    given([requested]).when(approve(admin, [])).thenThrows(TenancyRuleViolation, violates('roles-required', 'roles'));
  });

  it('is requested of, or invited to, an approved enterprise only', () => {
    for (const enterpriseStatus of ['unregistered', 'pending-review', 'rejected'] as const) {
      given([])
        .when({ type: 'RequestToJoin', data: { ...pair, enterpriseStatus, at } })
        .thenThrows(TenancyRuleViolation, violates('enterprise-not-approved', 'enterpriseId'));
      given([])
        .when({ ...invite, data: { ...invite.data, enterpriseStatus } } as MembershipCommand)
        .thenThrows(TenancyRuleViolation, violates('enterprise-not-approved', 'enterpriseId'));
    }
  });

  it('is declined by an admin, and may be requested again', () => {
    given([requested])
      .when(decline())
      .then([{ type: 'MembershipDeclined', data: { ...pair, declinedBy: 'u1', reason: '', at } }]);
    given([requested]).when(decline([])).thenThrows(TenancyRuleViolation, violates('admin-required', 'declinedBy'));
    given([requested, declined]).when(request).then([requested]);
  });

  it('joins by an invitation an admin issued, with the token it carries, before it expires', () => {
    given([]).when(invite).then([invited]);
    given([])
      .when({ ...invite, data: { ...invite.data, inviterRoles: [] } } as MembershipCommand)
      .thenThrows(TenancyRuleViolation, violates('admin-required', 'invitedBy'));
    given([])
      .when({ ...invite, data: { ...invite.data, expiresAt: at } } as MembershipCommand)
      .thenThrows(TenancyRuleViolation, violates('invitation-expiry', 'expiresAt'));
    given([invited])
      .when(accept('H'))
      .then([{ type: 'InvitationAccepted', data: { ...pair, roles: ['member'], at } }]);
    given([invited]).when(accept('other')).thenThrows(TenancyRuleViolation, violates('invitation-token', 'token'));
    given([invited]).when(accept('H', later)).thenThrows(TenancyRuleViolation, violates('invitation-expired', 'token'));
    // An admin withdraws an invitation not yet accepted.
    expect(
      given([invited])
        .when(decline())
        .events()
        .map((e) => e.type),
    ).toEqual(['MembershipDeclined']);
  });

  it('is left by the member, or removed by an admin other than the member', () => {
    given([requested, approved]).when(leave).then([left]);
    given([requested, approved]).when(remove()).then([removed]);
    given([requested, approved])
      .when(remove('u1', ['technician']))
      .thenThrows(TenancyRuleViolation, violates('admin-required', 'removedBy'));
    given([founded]).when(remove('u2')).thenThrows(TenancyRuleViolation, violates('remove-self', 'userId'));
    for (const history of [
      [requested, approved, left],
      [requested, approved, removed],
    ])
      given(history).when(request).then([requested]);
  });

  it('refuses every transition its status does not allow', () => {
    const cases: [MembershipEvent[], MembershipCommand, string][] = [
      [[founded], request, 'active'],
      [[invited], request, 'invited'],
      [[founded], invite, 'active'],
      [[requested], invite, 'requested'],
      [[], accept('H'), 'none'],
      [[requested], accept('H'), 'requested'],
      [[], approve(), 'none'],
      [[invited], approve(), 'invited'],
      [[founded], approve(), 'active'],
      [[], decline(), 'none'],
      [[founded], decline(), 'active'],
      [[], leave, 'none'],
      [[requested], leave, 'requested'],
      [[requested, approved, left], leave, 'left'],
      [[], remove(), 'none'],
      [[requested, approved, removed], remove(), 'removed'],
      [[requested, declined], approve(), 'declined'],
    ];
    for (const [history, command, state] of cases)
      given(history)
        .when(command)
        .thenThrows(IllegalTransition, (e) => expect(e.state).toBe(state));
  });
  describe('roles and overrides of an active member', () => {
    const known = ['admin', 'member', 'technician', 'r-dispatcher'];
    const changeRoles = (roles: string[], otherAdmins = 1, changerRoles = admin): MembershipCommand => ({
      type: 'ChangeMemberRoles',
      data: { ...pair, changedBy: 'u1', changerRoles, roles, knownRoles: known, otherAdmins, at },
    });
    const rolesChanged = (roles: string[]): MembershipEvent => ({
      type: 'MemberRolesChanged',
      data: { ...pair, changedBy: 'u1', roles, at },
    });
    const catalogue = ['department:read', 'member:read', 'member:assign'];
    const setOverrides = (overrides: { permission: string; effect: 'allow' | 'deny' }[], setterRoles = admin): MembershipCommand => ({
      type: 'SetPermissionOverrides',
      data: { ...pair, setBy: 'u1', setterRoles, overrides, catalogue, at },
    });
    const deny = { permission: 'department:read', effect: 'deny' as const };
    const overridden: MembershipEvent = { type: 'PermissionOverridesSet', data: { ...pair, setBy: 'u1', overrides: [deny], at } };

    it('changes roles by an admin, to known roles only, de-duplicated; the same roles change nothing', () => {
      given([approved])
        .when(changeRoles(['r-dispatcher', 'technician', 'r-dispatcher']))
        .then([rolesChanged(['r-dispatcher', 'technician'])]);
      given([approved])
        .when(changeRoles(['technician']))
        .then([]);
      given([approved])
        .when(changeRoles(['ghost']))
        .thenThrows(TenancyRuleViolation, violates('unknown-role', 'roles.0'));
      given([approved]).when(changeRoles([])).thenThrows(TenancyRuleViolation, violates('roles-required', 'roles'));
      given([approved])
        .when(changeRoles(['admin'], 1, ['technician']))
        .thenThrows(TenancyRuleViolation, violates('admin-required', 'changedBy'));
      given([requested])
        .when(changeRoles(['technician']))
        .thenThrows(IllegalTransition);
      given([approved, rolesChanged(['admin'])])
        .when(changeRoles(['member']))
        .then([rolesChanged(['member'])]);
    });

    it('keeps at least one admin: the last one can neither drop the role nor leave', () => {
      given([founded])
        .when(changeRoles(['member'], 0))
        .thenThrows(TenancyRuleViolation, violates('last-admin', 'roles'));
      given([founded])
        .when(changeRoles(['admin', 'member'], 0))
        .then([rolesChanged(['admin', 'member'])]);
      given([founded])
        .when({ type: 'LeaveEnterprise', data: { ...pair, otherAdmins: 0, at } })
        .thenThrows(TenancyRuleViolation, violates('last-admin', 'userId'));
      given([founded])
        .when({ type: 'LeaveEnterprise', data: { ...pair, otherAdmins: 1, at } })
        .then([left]);
      given([approved])
        .when({ type: 'LeaveEnterprise', data: { ...pair, otherAdmins: 0, at } })
        .then([left]);
    });

    it('sets per-user overrides from the catalogue, once per permission; clearing them is a change too', () => {
      given([approved])
        .when(setOverrides([deny]))
        .then([overridden]);
      given([approved, overridden])
        .when(setOverrides([deny]))
        .then([]);
      given([approved, overridden])
        .when(setOverrides([]))
        .then([{ type: 'PermissionOverridesSet', data: { ...pair, setBy: 'u1', overrides: [], at } }]);
      given([approved])
        .when(setOverrides([{ permission: 'member:fly', effect: 'allow' }]))
        .thenThrows(TenancyRuleViolation, violates('unknown-permission', 'overrides.0.permission'));
      given([approved])
        .when(setOverrides([deny, { permission: 'department:read', effect: 'allow' }]))
        .thenThrows(TenancyRuleViolation, violates('duplicate-override', 'overrides.1.permission'));
      given([approved])
        .when(setOverrides([deny], ['technician']))
        .thenThrows(TenancyRuleViolation, violates('admin-required', 'setBy'));
      given([invited])
        .when(setOverrides([deny]))
        .thenThrows(IllegalTransition);
      // A member who leaves and comes back starts without the old exceptions.
      given([approved, overridden, left, requested, approved])
        .when(setOverrides([deny]))
        .then([overridden]);
    });

    it('approves with known roles only, when the caller read them', () => {
      given([requested])
        .when({
          type: 'ApproveMembership',
          data: { ...pair, approvedBy: 'u1', approverRoles: admin, roles: ['ghost'], knownRoles: known, at },
        })
        .thenThrows(TenancyRuleViolation, violates('unknown-role', 'roles.0'));
    });
  });
});
