import type { DomainEvent } from '../event-sourcing/event';

// ---- Events of one user's membership of one enterprise (stream `Membership-<enterpriseId>-<userId>`)
// Every event names both ids: ids may contain '-', so the stream name is not parsed back.

type Pair = { enterpriseId: string; userId: string };

export const ENTERPRISE_ADMIN = 'admin';
export const ENTERPRISE_MEMBER = 'member';

export type FounderAdmitted = DomainEvent<'FounderAdmitted', Pair & { roles: string[]; at: string }>;
export type JoinRequested = DomainEvent<'JoinRequested', Pair & { at: string }>;
export type MemberInvited = DomainEvent<'MemberInvited', Pair & { invitedBy: string; tokenHash: string; expiresAt: string; at: string }>;
export type InvitationAccepted = DomainEvent<'InvitationAccepted', Pair & { roles: string[]; at: string }>;
export type MembershipApproved = DomainEvent<'MembershipApproved', Pair & { approvedBy: string; roles: string[]; at: string }>;
export type MembershipDeclined = DomainEvent<'MembershipDeclined', Pair & { declinedBy: string; reason: string; at: string }>;
export type MemberLeft = DomainEvent<'MemberLeft', Pair & { at: string }>;
export type MemberRemoved = DomainEvent<'MemberRemoved', Pair & { removedBy: string; reason: string; at: string }>;
/** The member's roles as they are now (built-in keys and custom role ids). */
export type MemberRolesChanged = DomainEvent<'MemberRolesChanged', Pair & { changedBy: string; roles: string[]; at: string }>;

export interface PermissionOverrideEntry {
  readonly permission: string;
  readonly effect: 'allow' | 'deny';
}
/** The member's per-user exceptions to its roles as they are now (ORG-8); an empty list clears them. */
export type PermissionOverridesSet = DomainEvent<
  'PermissionOverridesSet',
  Pair & { setBy: string; overrides: PermissionOverrideEntry[]; at: string }
>;

export type MembershipEvent =
  | FounderAdmitted
  | JoinRequested
  | MemberInvited
  | InvitationAccepted
  | MembershipApproved
  | MembershipDeclined
  | MemberLeft
  | MemberRemoved
  | MemberRolesChanged
  | PermissionOverridesSet;

export const membershipStream = (enterpriseId: string, userId: string): string => `Membership-${enterpriseId}-${userId}`;
