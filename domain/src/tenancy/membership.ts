import { IllegalTransition, type Decider } from '../event-sourcing/decider';
import type { MembershipCommand } from './membership.commands';
import { ENTERPRISE_ADMIN, ENTERPRISE_MEMBER, type MembershipEvent, type PermissionOverrideEntry } from './membership.events';
import { TenancyRuleViolation } from './tenancy-rules';

// ---- State ---------------------------------------------------------------------------------------

/** `none`, `declined`, `left`, `removed`: not a member, and free to request or be invited again. */
export type MembershipStatus = 'none' | 'requested' | 'invited' | 'active' | 'declined' | 'left' | 'removed';

export interface MembershipState {
  readonly status: MembershipStatus;
  readonly roles: readonly string[];
  readonly invitation: { readonly tokenHash: string; readonly expiresAt: string } | null;
  readonly overrides: readonly PermissionOverrideEntry[];
}

const OPEN: readonly MembershipStatus[] = ['none', 'declined', 'left', 'removed'];

const expect = (state: MembershipState, allowed: readonly MembershipStatus[], command: string): void => {
  if (!allowed.includes(state.status)) throw new IllegalTransition(state.status, command);
};

/** Only a reviewed and approved enterprise takes members beyond its founder. */
const approvedEnterprise = (status: string): void => {
  if (status !== 'approved')
    throw new TenancyRuleViolation('enterprise-not-approved', 'enterpriseId', 'this enterprise does not take members until it is approved');
};

const byAdmin = (roles: readonly string[], field: string): void => {
  if (!roles.includes(ENTERPRISE_ADMIN))
    throw new TenancyRuleViolation('admin-required', field, 'only an admin of the enterprise may do this');
};

/** The enterprise keeps at least one admin: its last one neither drops the role nor leaves. */
const keepsAnAdmin = (state: MembershipState, stillAdmin: boolean, otherAdmins: number | undefined, field: string): void => {
  if (otherAdmins === undefined || otherAdmins > 0 || stillAdmin || !state.roles.includes(ENTERPRISE_ADMIN)) return;
  throw new TenancyRuleViolation('last-admin', field, 'this is the enterprise’s last admin: make another member admin first');
};

const knownRolesOnly = (roles: readonly string[], knownRoles: readonly string[] | undefined): void => {
  if (knownRoles === undefined) return;
  roles.forEach((role, index) => {
    if (!knownRoles.includes(role))
      throw new TenancyRuleViolation('unknown-role', `roles.${index}`, `role ${JSON.stringify(role)} is not defined in this enterprise`);
  });
};

const overridesOf = (overrides: readonly PermissionOverrideEntry[], catalogue: readonly string[]): PermissionOverrideEntry[] => {
  const seen = new Set<string>();
  return overrides.map(({ permission, effect }, index) => {
    if (!catalogue.includes(permission))
      throw new TenancyRuleViolation(
        'unknown-permission',
        `overrides.${index}.permission`,
        `${JSON.stringify(permission)} is not in the permission catalogue`,
      );
    if (seen.has(permission))
      throw new TenancyRuleViolation(
        'duplicate-override',
        `overrides.${index}.permission`,
        `${permission} is overridden twice: allow or deny it once`,
      );
    seen.add(permission);
    return { permission, effect };
  });
};

const sameOverrides = (a: readonly PermissionOverrideEntry[], b: readonly PermissionOverrideEntry[]) =>
  a.length === b.length && a.every((o) => b.some((p) => p.permission === o.permission && p.effect === o.effect));

// ---- Logic ---------------------------------------------------------------------------------------

const decide = (command: MembershipCommand, state: MembershipState): MembershipEvent[] => {
  const { type } = command;
  const pair = { enterpriseId: command.data.enterpriseId, userId: command.data.userId };
  switch (command.type) {
    case 'AdmitFounder':
      expect(state, ['none'], type);
      if (command.data.registrantUserId !== pair.userId)
        throw new TenancyRuleViolation(
          'founder-is-registrant',
          'userId',
          'only the user who registered the enterprise is admitted as its founder',
        );
      return [{ type: 'FounderAdmitted', data: { ...pair, roles: [ENTERPRISE_ADMIN], at: command.data.at } }];
    case 'RequestToJoin':
      approvedEnterprise(command.data.enterpriseStatus);
      if (state.status === 'requested') return [];
      expect(state, OPEN, type);
      return [{ type: 'JoinRequested', data: { ...pair, at: command.data.at } }];
    case 'InviteMember': {
      const { invitedBy, inviterRoles, tokenHash, expiresAt, at } = command.data;
      approvedEnterprise(command.data.enterpriseStatus);
      byAdmin(inviterRoles, 'invitedBy');
      expect(state, OPEN, type);
      if (expiresAt <= at) throw new TenancyRuleViolation('invitation-expiry', 'expiresAt', 'an invitation must expire after it is issued');
      return [{ type: 'MemberInvited', data: { ...pair, invitedBy, tokenHash, expiresAt, at } }];
    }
    case 'AcceptInvitation': {
      expect(state, ['invited'], type);
      const invitation = state.invitation!;
      if (command.data.tokenHash !== invitation.tokenHash)
        throw new TenancyRuleViolation('invitation-token', 'token', 'this invitation link is not valid for this user and enterprise');
      // ISO 8601 instants of one format compare as strings.
      if (command.data.at >= invitation.expiresAt)
        throw new TenancyRuleViolation('invitation-expired', 'token', 'the invitation has expired: ask for a new one');
      return [{ type: 'InvitationAccepted', data: { ...pair, roles: [ENTERPRISE_MEMBER], at: command.data.at } }];
    }
    case 'ApproveMembership': {
      const { approvedBy, approverRoles, roles, at } = command.data;
      byAdmin(approverRoles, 'approvedBy');
      expect(state, ['requested'], type);
      if (roles.length === 0) throw new TenancyRuleViolation('roles-required', 'roles', 'an approved member needs at least one role');
      knownRolesOnly(roles, command.data.knownRoles);
      return [{ type: 'MembershipApproved', data: { ...pair, approvedBy, roles: [...new Set(roles)], at } }];
    }
    case 'DeclineMembership': {
      const { declinedBy, declinerRoles, reason, at } = command.data;
      byAdmin(declinerRoles, 'declinedBy');
      expect(state, ['requested', 'invited'], type);
      return [{ type: 'MembershipDeclined', data: { ...pair, declinedBy, reason: reason.trim(), at } }];
    }
    case 'LeaveEnterprise':
      expect(state, ['active'], type);
      keepsAnAdmin(state, false, command.data.otherAdmins, 'userId');
      return [{ type: 'MemberLeft', data: { ...pair, at: command.data.at } }];
    case 'RemoveMember': {
      const { removedBy, removerRoles, reason, at } = command.data;
      byAdmin(removerRoles, 'removedBy');
      expect(state, ['active'], type);
      // Leaving is the member's own act, recorded as such; removal is always someone else's decision.
      if (removedBy === pair.userId) throw new TenancyRuleViolation('remove-self', 'userId', 'to leave the enterprise yourself, use leave');
      return [{ type: 'MemberRemoved', data: { ...pair, removedBy, reason: reason.trim(), at } }];
    }
    case 'ChangeMemberRoles': {
      const { changedBy, changerRoles, knownRoles, otherAdmins, at } = command.data;
      byAdmin(changerRoles, 'changedBy');
      expect(state, ['active'], type);
      const roles = [...new Set(command.data.roles)];
      if (roles.length === 0) throw new TenancyRuleViolation('roles-required', 'roles', 'a member needs at least one role');
      knownRolesOnly(roles, knownRoles);
      keepsAnAdmin(state, roles.includes(ENTERPRISE_ADMIN), otherAdmins, 'roles');
      if (roles.length === state.roles.length && roles.every((r) => state.roles.includes(r))) return [];
      return [{ type: 'MemberRolesChanged', data: { ...pair, changedBy, roles, at } }];
    }
    case 'SetPermissionOverrides': {
      const { setBy, setterRoles, catalogue, at } = command.data;
      byAdmin(setterRoles, 'setBy');
      expect(state, ['active'], type);
      const overrides = overridesOf(command.data.overrides, catalogue);
      if (sameOverrides(overrides, state.overrides)) return [];
      return [{ type: 'PermissionOverridesSet', data: { ...pair, setBy, overrides, at } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
};

const evolve = (state: MembershipState, event: MembershipEvent): MembershipState => {
  switch (event.type) {
    case 'FounderAdmitted':
    case 'InvitationAccepted':
    case 'MembershipApproved':
      return { status: 'active', roles: event.data.roles, invitation: null, overrides: [] };
    case 'JoinRequested':
      return { status: 'requested', roles: [], invitation: null, overrides: [] };
    case 'MemberInvited':
      return {
        status: 'invited',
        roles: [],
        invitation: { tokenHash: event.data.tokenHash, expiresAt: event.data.expiresAt },
        overrides: [],
      };
    case 'MembershipDeclined':
      return { status: 'declined', roles: [], invitation: null, overrides: [] };
    case 'MemberLeft':
      return { status: 'left', roles: [], invitation: null, overrides: [] };
    case 'MemberRemoved':
      return { status: 'removed', roles: [], invitation: null, overrides: [] };
    case 'MemberRolesChanged':
      return { ...state, roles: event.data.roles };
    case 'PermissionOverridesSet':
      return { ...state, overrides: event.data.overrides };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

/** One user's membership of one enterprise (ORG-4, ORG-6, ORG-8): join, roles, overrides, leave, removal. */
export const membership: Decider<MembershipCommand, MembershipEvent, MembershipState> = {
  initialState: () => ({ status: 'none', roles: [], invitation: null, overrides: [] }),
  decide,
  evolve,
};
