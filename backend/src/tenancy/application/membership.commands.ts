import { Injectable } from '@nestjs/common';
import { Command, CommandHandler } from '@nestjs/cqrs';
import { membership, membershipStream, type MembershipCommand, type MembershipEvent, type MembershipState } from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { enterpriseOf } from './enterprise.commands';
import { scopedTo } from './event-scope';

type Enterprise = Awaited<ReturnType<typeof enterpriseOf>>;

// ---- Membership commands on the CommandBus: one message and one thin handler each ----------------
// An admin's command names the admin; the handler reads the admin's roles from the admin's own
// membership stream (never from the caller), and the decider decides whether they suffice.

export type MembershipOutcome = CommandResult<MembershipEvent, MembershipState>;
type DataOf<T extends MembershipCommand['type']> = Extract<MembershipCommand, { type: T }>['data'];

abstract class MembershipMessage<T extends MembershipCommand['type'], D = DataOf<T>> extends Command<MembershipOutcome> {
  abstract readonly type: T;
  constructor(
    readonly data: D,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class AdmitFounder extends MembershipMessage<'AdmitFounder', Omit<DataOf<'AdmitFounder'>, 'registrantUserId'>> {
  readonly type = 'AdmitFounder';
}
export class RequestToJoin extends MembershipMessage<'RequestToJoin', Omit<DataOf<'RequestToJoin'>, 'enterpriseStatus'>> {
  readonly type = 'RequestToJoin';
}
export class InviteMember extends MembershipMessage<'InviteMember', Omit<DataOf<'InviteMember'>, 'inviterRoles' | 'enterpriseStatus'>> {
  readonly type = 'InviteMember';
}
export class AcceptInvitation extends MembershipMessage<'AcceptInvitation'> {
  readonly type = 'AcceptInvitation';
}
export class ApproveMembership extends MembershipMessage<'ApproveMembership', Omit<DataOf<'ApproveMembership'>, 'approverRoles'>> {
  readonly type = 'ApproveMembership';
}
export class DeclineMembership extends MembershipMessage<'DeclineMembership', Omit<DataOf<'DeclineMembership'>, 'declinerRoles'>> {
  readonly type = 'DeclineMembership';
}
export class LeaveEnterprise extends MembershipMessage<'LeaveEnterprise'> {
  readonly type = 'LeaveEnterprise';
}
export class RemoveMember extends MembershipMessage<'RemoveMember', Omit<DataOf<'RemoveMember'>, 'removerRoles'>> {
  readonly type = 'RemoveMember';
}

@Injectable()
abstract class OnMembership<M extends MembershipMessage<MembershipCommand['type'], { enterpriseId: string; userId: string }>> {
  constructor(protected readonly streams: AggregateStreams) {}

  /** The roles the acting user holds in the enterprise now: none unless its membership is active. */
  protected async rolesOf(enterpriseId: string, userId: string): Promise<string[]> {
    const { state } = await this.streams.load(membershipStream(enterpriseId, userId), membership);
    return state.status === 'active' ? [...state.roles] : [];
  }

  /** The domain command for the message: its data, plus what the handler read for it. */
  protected async commandOf(m: M, _enterprise: Enterprise): Promise<MembershipCommand> {
    return { type: m.type, data: m.data } as MembershipCommand;
  }

  async execute(m: M): Promise<MembershipOutcome> {
    const enterprise = await enterpriseOf(this.streams, m.data.enterpriseId);
    const context = scopedTo(m.context, [m.data.enterpriseId], enterprise.jurisdiction);
    return this.streams.handle(
      membershipStream(m.data.enterpriseId, m.data.userId),
      await this.commandOf(m, enterprise),
      membership,
      context,
    );
  }
}

@CommandHandler(AdmitFounder)
export class AdmitFounderHandler extends OnMembership<AdmitFounder> {
  protected override async commandOf(m: AdmitFounder, enterprise: Enterprise): Promise<MembershipCommand> {
    return { type: 'AdmitFounder', data: { ...m.data, registrantUserId: enterprise.registrantUserId } };
  }
}
@CommandHandler(RequestToJoin)
export class RequestToJoinHandler extends OnMembership<RequestToJoin> {
  protected override async commandOf(m: RequestToJoin, enterprise: Enterprise): Promise<MembershipCommand> {
    return { type: 'RequestToJoin', data: { ...m.data, enterpriseStatus: enterprise.status } };
  }
}
@CommandHandler(AcceptInvitation)
export class AcceptInvitationHandler extends OnMembership<AcceptInvitation> {}
@CommandHandler(LeaveEnterprise)
export class LeaveEnterpriseHandler extends OnMembership<LeaveEnterprise> {}

@CommandHandler(InviteMember)
export class InviteMemberHandler extends OnMembership<InviteMember> {
  protected override async commandOf(m: InviteMember, enterprise: Enterprise): Promise<MembershipCommand> {
    const enterpriseStatus = enterprise.status;
    return {
      type: 'InviteMember',
      data: { ...m.data, enterpriseStatus, inviterRoles: await this.rolesOf(m.data.enterpriseId, m.data.invitedBy) },
    };
  }
}
@CommandHandler(ApproveMembership)
export class ApproveMembershipHandler extends OnMembership<ApproveMembership> {
  protected override async commandOf(m: ApproveMembership): Promise<MembershipCommand> {
    return { type: 'ApproveMembership', data: { ...m.data, approverRoles: await this.rolesOf(m.data.enterpriseId, m.data.approvedBy) } };
  }
}
@CommandHandler(DeclineMembership)
export class DeclineMembershipHandler extends OnMembership<DeclineMembership> {
  protected override async commandOf(m: DeclineMembership): Promise<MembershipCommand> {
    return { type: 'DeclineMembership', data: { ...m.data, declinerRoles: await this.rolesOf(m.data.enterpriseId, m.data.declinedBy) } };
  }
}
@CommandHandler(RemoveMember)
export class RemoveMemberHandler extends OnMembership<RemoveMember> {
  protected override async commandOf(m: RemoveMember): Promise<MembershipCommand> {
    return { type: 'RemoveMember', data: { ...m.data, removerRoles: await this.rolesOf(m.data.enterpriseId, m.data.removedBy) } };
  }
}

export const MEMBERSHIP_COMMAND_HANDLERS = [
  AdmitFounderHandler,
  RequestToJoinHandler,
  InviteMemberHandler,
  AcceptInvitationHandler,
  ApproveMembershipHandler,
  DeclineMembershipHandler,
  LeaveEnterpriseHandler,
  RemoveMemberHandler,
];
