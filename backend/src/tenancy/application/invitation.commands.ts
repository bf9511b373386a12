import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { membership, membershipStream, TenancyRuleViolation } from '@kuaige/domain';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { PersonalData } from '../../identity/personal-data';
import { stepOf } from './event-scope';
import { invitationTokenHash, InvitationLinks } from './invitation-links';
import { AcceptInvitation, InviteMember, type MembershipOutcome } from './membership.commands';

// ---- Invitation links: issued by an admin, followed by the invitee ------------------------------

/** How long an invitation link admits. */
export const INVITATION_VALIDITY_MS = 7 * 24 * 60 * 60 * 1000;

export interface IssuedInvitation {
  readonly token: string;
  readonly expiresAt: string;
}

/**
 * An admin issues a link. For a named invitee (`userId`) the membership records the invitation now;
 * an open link records nothing until someone follows it, and is then recorded as that user's invitation.
 */
export class IssueInvitation extends Command<IssuedInvitation> {
  constructor(
    readonly data: { enterpriseId: string; invitedBy: string; userId: string | null; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The signed-in user follows an invitation link of the enterprise. */
export class FollowInvitation extends Command<MembershipOutcome> {
  constructor(
    readonly data: { enterpriseId: string; userId: string; token: string; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

const linksOf = (personal: PersonalData) => new InvitationLinks(personal.macKey('enterprise-invitation'));

@CommandHandler(IssueInvitation)
export class IssueInvitationHandler implements ICommandHandler<IssueInvitation> {
  constructor(
    private readonly commands: CommandBus,
    private readonly streams: AggregateStreams,
    private readonly personal: PersonalData,
  ) {}

  async execute({ data, context }: IssueInvitation): Promise<IssuedInvitation> {
    // A retried request answers the link it issued first: the stored hash is of that token.
    const earlier =
      data.userId === null
        ? null
        : await this.streams.earlier(membershipStream(data.enterpriseId, data.userId), membership, stepOf(context, 'invite'));
    const invited = earlier?.events.find((e) => e.type === 'MemberInvited');
    const expiresAt =
      invited?.type === 'MemberInvited' ? invited.data.expiresAt : new Date(Date.parse(data.at) + INVITATION_VALIDITY_MS).toISOString();
    // The nonce comes from the command id: the same request again yields the same link.
    const token = linksOf(this.personal).issue({ ...data, expiresAt, nonce: context.commandId ?? data.at });
    if (data.userId !== null) {
      const { enterpriseId, invitedBy, userId, at } = data;
      await this.commands.execute(
        new InviteMember(
          { enterpriseId, userId, invitedBy, tokenHash: invitationTokenHash(token), expiresAt, at },
          stepOf(context, 'invite'),
        ),
      );
    }
    return { token, expiresAt };
  }
}

@CommandHandler(FollowInvitation)
export class FollowInvitationHandler implements ICommandHandler<FollowInvitation> {
  constructor(
    private readonly commands: CommandBus,
    private readonly streams: AggregateStreams,
    private readonly personal: PersonalData,
  ) {}

  async execute({ data, context }: FollowInvitation): Promise<MembershipOutcome> {
    const { enterpriseId, userId, token, at } = data;
    const claims = linksOf(this.personal).read(token, enterpriseId);
    if (claims.userId !== null && claims.userId !== userId)
      throw new TenancyRuleViolation('invitation-token', 'token', 'this invitation link is for someone else');
    if (at >= claims.expiresAt)
      throw new TenancyRuleViolation('invitation-expired', 'token', 'the invitation has expired: ask for a new one');
    const tokenHash = invitationTokenHash(token);
    const { state } = await this.streams.load(membershipStream(enterpriseId, userId), membership);
    const recorded = state.status === 'invited' && state.invitation?.tokenHash === tokenHash;
    // An open link becomes this user's invitation by the admin who issued it (still an admin now).
    if (!recorded && state.status !== 'active')
      await this.commands.execute(
        new InviteMember(
          { enterpriseId, userId, invitedBy: claims.invitedBy, tokenHash, expiresAt: claims.expiresAt, at },
          stepOf(context, 'invite'),
        ),
      );
    return this.commands.execute(new AcceptInvitation({ enterpriseId, userId, tokenHash, at }, stepOf(context, 'accept')));
  }
}

export const INVITATION_COMMAND_HANDLERS = [IssueInvitationHandler, FollowInvitationHandler];
