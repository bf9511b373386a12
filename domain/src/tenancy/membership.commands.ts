import type { Command } from '../event-sourcing/decider';
import type { EnterpriseStatus } from './enterprise.events';

// ---- Commands of a membership. Time always comes in the command (`at`, ISO 8601). ----------------
// An admin's commands carry the roles the caller read from the admin's own membership stream.

type Pair = { enterpriseId: string; userId: string };
/** The enterprise's status as the caller read it from the enterprise's stream. */
type OfEnterprise = { enterpriseStatus: EnterpriseStatus };

/** The registrant of an enterprise, admitted as its first admin when the enterprise is registered. */
export type AdmitFounder = Command<
  'AdmitFounder',
  /** `registrantUserId`: whom the enterprise's stream names as registrant (null: no such enterprise). */
  Pair & { registrantUserId: string | null; at: string }
>;
/** The user found the enterprise by search and asks to join: an admin approves or declines. */
export type RequestToJoin = Command<'RequestToJoin', Pair & OfEnterprise & { at: string }>;
/** An admin invites the user by a link; only the token's hash is kept. */
export type InviteMember = Command<
  'InviteMember',
  Pair & OfEnterprise & { invitedBy: string; inviterRoles: string[]; tokenHash: string; expiresAt: string; at: string }
>;
/** The invitee follows the link: the hash of the token it carries must match and be unexpired. */
export type AcceptInvitation = Command<'AcceptInvitation', Pair & { tokenHash: string; at: string }>;
/** `knownRoles`: the built-in role keys and the enterprise's custom role ids, when the caller read them. */
export type ApproveMembership = Command<
  'ApproveMembership',
  Pair & { approvedBy: string; approverRoles: string[]; roles: string[]; knownRoles?: readonly string[]; at: string }
>;
/** Declines a join request, or withdraws an invitation not yet accepted. */
export type DeclineMembership = Command<
  'DeclineMembership',
  Pair & { declinedBy: string; declinerRoles: string[]; reason: string; at: string }
>;
/** `otherAdmins`: how many other active admins the enterprise has, when the caller counted them. */
export type LeaveEnterprise = Command<'LeaveEnterprise', Pair & { otherAdmins?: number; at: string }>;
export type RemoveMember = Command<'RemoveMember', Pair & { removedBy: string; removerRoles: string[]; reason: string; at: string }>;

/** An admin gives the member these roles; `otherAdmins` counts the enterprise's other active admins. */
export type ChangeMemberRoles = Command<
  'ChangeMemberRoles',
  Pair & { changedBy: string; changerRoles: string[]; roles: string[]; knownRoles: readonly string[]; otherAdmins: number; at: string }
>;
/** An admin sets the member's allow/deny exceptions, each a permission of the `catalogue`. */
export type SetPermissionOverrides = Command<
  'SetPermissionOverrides',
  Pair & {
    setBy: string;
    setterRoles: string[];
    overrides: { permission: string; effect: 'allow' | 'deny' }[];
    catalogue: readonly string[];
    at: string;
  }
>;

export type MembershipCommand =
  | AdmitFounder
  | RequestToJoin
  | InviteMember
  | AcceptInvitation
  | ApproveMembership
  | DeclineMembership
  | LeaveEnterprise
  | RemoveMember
  | ChangeMemberRoles
  | SetPermissionOverrides;
