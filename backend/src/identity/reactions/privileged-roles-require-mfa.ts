import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  account,
  accountStream,
  type AccountCommand,
  type DomainEvent,
  type FounderAdmitted,
  type InvitationAccepted,
  type LiftMfaRequirement,
  type MemberLeft,
  type MemberRemoved,
  type MembershipApproved,
  type OperatorStaffAppointed,
  type OperatorStaffRemoved,
  type OperatorStaffRolesChanged,
  type RequireMfa,
} from '@kuaige/domain';
import { PRIVILEGED_ROLE_KEYS } from '@kuaige/tenancy';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { reaction, type Dispatch, type Reaction, type ReactionCommand, type ReactionHandler } from '@kuaige/projections';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { ReactionRegistry } from '../../event-sourcing/reaction-registry';

// ---- Privileged roles require MFA: a durable reaction from tenancy's events to the account ---------
// Whoever is granted a privileged role (PRIVILEGED_ROLE_KEYS of @kuaige/tenancy: enterprise admin,
// operator admin, compliance) gets the account's MFA requirement from it, one requirement per
// enterprise or operator node, lifted when the place or the role is given up. The command id derives
// from the triggering event, so a replay after a crash appends nothing (ADR 0006).

type Grant = FounderAdmitted | MembershipApproved | InvitationAccepted;
type Revocation = MemberLeft | MemberRemoved;
type StaffChange = OperatorStaffAppointed | OperatorStaffRolesChanged;
type ReactsTo = Grant | Revocation | StaffChange | OperatorStaffRemoved;

/** What requires MFA of a member of `enterpriseId`: their role there. */
export const enterpriseMfaSource = (enterpriseId: string): string => `enterprise:${enterpriseId}`;
/** What requires MFA of a member of an operator node's staff: their role there. */
export const operatorNodeMfaSource = (nodeId: string): string => `operator-node:${nodeId}`;

/** The privileged ones among `roles`. */
export const privilegedRolesIn = (roles: readonly string[]): string[] => roles.filter((role) => PRIVILEGED_ROLE_KEYS.includes(role));

/** The account command a reaction issues, addressed by user. */
type AccountReactionCommand = { type: RequireMfa['type']; data: RequireMfa['data'] & { userId: string } } | { type: LiftMfaRequirement['type']; data: LiftMfaRequirement['data'] & { userId: string } };

type TypedHandlers<E extends DomainEvent> = { readonly [T in E['type']]: (event: RecordedEvent<Extract<E, { type: T }>>) => AccountReactionCommand | null };
// The reactor calls each handler only with events of its key's type, so narrowing them is sound.
const typedReaction = <E extends DomainEvent>(name: string, handlers: TypedHandlers<E>): Reaction =>
  reaction(name, handlers as unknown as Readonly<Record<string, ReactionHandler>>);

const requirement = (userId: string, source: string, roles: readonly string[], at: string): AccountReactionCommand | null => {
  const privileged = privilegedRolesIn(roles);
  return privileged.length === 0 ? null : { type: 'RequireMfa', data: { userId, source, reason: `role:${privileged.join('+')}`, at } };
};
const lift = (userId: string, source: string, at: string): AccountReactionCommand => ({ type: 'LiftMfaRequirement', data: { userId, source, at } });

const grant = (e: RecordedEvent<Grant>) => requirement(e.data.userId, enterpriseMfaSource(e.data.enterpriseId), e.data.roles, e.data.at);
const revoke = (e: RecordedEvent<Revocation>) => lift(e.data.userId, enterpriseMfaSource(e.data.enterpriseId), e.data.at);
// Roles changed to none privileged: the node no longer requires MFA (lifting what was never imposed appends nothing).
const staffed = (e: RecordedEvent<StaffChange>) => {
  const source = operatorNodeMfaSource(e.data.nodeId);
  return requirement(e.data.userId, source, e.data.roles, e.data.at) ?? (e.type === 'OperatorStaffRolesChanged' ? lift(e.data.userId, source, e.data.at) : null);
};

export const privilegedRolesRequireMfa: Reaction = typedReaction<ReactsTo>('privileged-roles-require-mfa', {
  FounderAdmitted: grant,
  MembershipApproved: grant,
  InvitationAccepted: grant,
  MemberLeft: revoke,
  MemberRemoved: revoke,
  OperatorStaffAppointed: staffed,
  OperatorStaffRolesChanged: staffed,
  OperatorStaffRemoved: (e) => lift(e.data.userId, operatorNodeMfaSource(e.data.nodeId), e.data.at),
});

/** Registers the reaction with the account commands it issues, on the account's stream. */
@Injectable()
export class PrivilegedRolesRequireMfa implements OnModuleInit {
  constructor(
    private readonly registry: ReactionRegistry,
    private readonly streams: AggregateStreams,
  ) {}

  onModuleInit(): void {
    const onAccount: Dispatch = (command: ReactionCommand, context) => {
      const { userId, ...data } = (command as AccountReactionCommand).data;
      return this.streams.handle(accountStream(userId), { type: command.type, data } as AccountCommand, account, {
        ...context,
        actor: { userId: 'system:reactor' },
        tenantIds: [],
        jurisdiction: [],
      });
    };
    this.registry.add(privilegedRolesRequireMfa, { RequireMfa: onAccount, LiftMfaRequirement: onAccount });
  }
}
