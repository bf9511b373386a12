import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  account,
  accountStream,
  privilegedRolesIn,
  type AccountCommand,
  type DomainEvent,
  type FounderAdmitted,
  type InvitationAccepted,
  type LiftMfaRequirement,
  type MemberLeft,
  type MemberRemoved,
  type MembershipApproved,
  type RequireMfa,
} from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { reaction, type Dispatch, type Reaction, type ReactionCommand, type ReactionHandler } from '@kuaige/projections';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { ReactionRegistry } from '../../event-sourcing/reaction-registry';

// ---- Privileged roles require MFA: a durable reaction from tenancy's events to the account ---------
// Whoever is granted a privileged role (PRIVILEGED_ROLES) gets the account's MFA requirement from it,
// one requirement per source, lifted when the membership ends. The command id derives from the
// triggering event, so a replay after a crash appends nothing (ADR 0006).

type Grant = FounderAdmitted | MembershipApproved | InvitationAccepted;
type Revocation = MemberLeft | MemberRemoved;
type ReactsTo = Grant | Revocation;

/** What requires MFA of a member of `enterpriseId`: their role there. */
export const enterpriseMfaSource = (enterpriseId: string): string => `enterprise:${enterpriseId}`;

/** The account command a reaction issues, addressed by user. */
type AccountReactionCommand = { type: RequireMfa['type']; data: RequireMfa['data'] & { userId: string } } | { type: LiftMfaRequirement['type']; data: LiftMfaRequirement['data'] & { userId: string } };

type TypedHandlers<E extends DomainEvent> = { readonly [T in E['type']]: (event: RecordedEvent<Extract<E, { type: T }>>) => AccountReactionCommand | null };
// The reactor calls each handler only with events of its key's type, so narrowing them is sound.
const typedReaction = <E extends DomainEvent>(name: string, handlers: TypedHandlers<E>): Reaction =>
  reaction(name, handlers as unknown as Readonly<Record<string, ReactionHandler>>);

const grant = (e: RecordedEvent<Grant>): AccountReactionCommand | null => {
  const privileged = privilegedRolesIn(e.data.roles);
  if (privileged.length === 0) return null;
  const { userId, enterpriseId, at } = e.data;
  return { type: 'RequireMfa', data: { userId, source: enterpriseMfaSource(enterpriseId), reason: `role:${privileged.join('+')}`, at } };
};
const revoke = (e: RecordedEvent<Revocation>): AccountReactionCommand => ({
  type: 'LiftMfaRequirement',
  data: { userId: e.data.userId, source: enterpriseMfaSource(e.data.enterpriseId), at: e.data.at },
});

export const privilegedRolesRequireMfa: Reaction = typedReaction<ReactsTo>('privileged-roles-require-mfa', {
  FounderAdmitted: grant,
  MembershipApproved: grant,
  InvitationAccepted: grant,
  MemberLeft: revoke,
  MemberRemoved: revoke,
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
