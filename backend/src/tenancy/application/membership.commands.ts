import { Injectable } from '@nestjs/common';
import { Command, CommandHandler } from '@nestjs/cqrs';
import {
  departments,
  departmentsStream,
  membership,
  membershipStream,
  type MembershipCommand,
  type MembershipEvent,
  type MembershipState,
} from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { enterpriseOf } from './enterprise.commands';
import { scopedTo, stepOf } from './event-scope';
import { OrganisationFacts } from './organisation-facts';

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
export class ApproveMembership extends MembershipMessage<
  'ApproveMembership',
  Omit<DataOf<'ApproveMembership'>, 'approverRoles' | 'knownRoles'>
> {
  readonly type = 'ApproveMembership';
}
export class DeclineMembership extends MembershipMessage<'DeclineMembership', Omit<DataOf<'DeclineMembership'>, 'declinerRoles'>> {
  readonly type = 'DeclineMembership';
}
export class LeaveEnterprise extends MembershipMessage<'LeaveEnterprise', Omit<DataOf<'LeaveEnterprise'>, 'otherAdmins'>> {
  readonly type = 'LeaveEnterprise';
}
export class RemoveMember extends MembershipMessage<'RemoveMember', Omit<DataOf<'RemoveMember'>, 'removerRoles'>> {
  readonly type = 'RemoveMember';
}
export class ChangeMemberRoles extends MembershipMessage<
  'ChangeMemberRoles',
  Omit<DataOf<'ChangeMemberRoles'>, 'changerRoles' | 'knownRoles' | 'otherAdmins'>
> {
  readonly type = 'ChangeMemberRoles';
}
export class SetPermissionOverrides extends MembershipMessage<
  'SetPermissionOverrides',
  Omit<DataOf<'SetPermissionOverrides'>, 'setterRoles' | 'catalogue'>
> {
  readonly type = 'SetPermissionOverrides';
}

@Injectable()
abstract class OnMembership<M extends MembershipMessage<MembershipCommand['type'], { enterpriseId: string; userId: string }>> {
  constructor(
    protected readonly streams: AggregateStreams,
    protected readonly facts: OrganisationFacts,
  ) {}

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

/**
 * A departure (leaving, removal) also takes the member out of its department, as a second step under a
 * derived command id: a retry after a crash between the two appends finds the first done and does the second.
 */
abstract class OnDeparture<M extends LeaveEnterprise | RemoveMember> extends OnMembership<M> {
  override async execute(m: M): Promise<MembershipOutcome> {
    const outcome = await super.execute(m);
    const { enterpriseId, userId, at } = m.data;
    const enterprise = await enterpriseOf(this.streams, enterpriseId);
    await this.streams.handle(
      departmentsStream(enterpriseId),
      { type: 'ReleaseMemberDepartment', data: { enterpriseId, userId, at } },
      departments,
      stepOf(scopedTo(m.context, [enterpriseId], enterprise.jurisdiction), 'release-department'),
    );
    return outcome;
  }
}

@CommandHandler(LeaveEnterprise)
export class LeaveEnterpriseHandler extends OnDeparture<LeaveEnterprise> {
  protected override async commandOf(m: LeaveEnterprise): Promise<MembershipCommand> {
    return { type: 'LeaveEnterprise', data: { ...m.data, otherAdmins: await this.facts.otherAdmins(m.data.enterpriseId, m.data.userId) } };
  }
}

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
    const { enterpriseId, approvedBy } = m.data;
    return {
      type: 'ApproveMembership',
      data: {
        ...m.data,
        approverRoles: await this.rolesOf(enterpriseId, approvedBy),
        knownRoles: await this.facts.knownRoles(enterpriseId),
      },
    };
  }
}
@CommandHandler(DeclineMembership)
export class DeclineMembershipHandler extends OnMembership<DeclineMembership> {
  protected override async commandOf(m: DeclineMembership): Promise<MembershipCommand> {
    return { type: 'DeclineMembership', data: { ...m.data, declinerRoles: await this.rolesOf(m.data.enterpriseId, m.data.declinedBy) } };
  }
}
@CommandHandler(RemoveMember)
export class RemoveMemberHandler extends OnDeparture<RemoveMember> {
  protected override async commandOf(m: RemoveMember): Promise<MembershipCommand> {
    return { type: 'RemoveMember', data: { ...m.data, removerRoles: await this.rolesOf(m.data.enterpriseId, m.data.removedBy) } };
  }
}
@CommandHandler(ChangeMemberRoles)
export class ChangeMemberRolesHandler extends OnMembership<ChangeMemberRoles> {
  protected override async commandOf(m: ChangeMemberRoles): Promise<MembershipCommand> {
    const { enterpriseId, userId, changedBy } = m.data;
    return {
      type: 'ChangeMemberRoles',
      data: {
        ...m.data,
        changerRoles: await this.rolesOf(enterpriseId, changedBy),
        knownRoles: await this.facts.knownRoles(enterpriseId),
        otherAdmins: await this.facts.otherAdmins(enterpriseId, userId),
      },
    };
  }
}
@CommandHandler(SetPermissionOverrides)
export class SetPermissionOverridesHandler extends OnMembership<SetPermissionOverrides> {
  protected override async commandOf(m: SetPermissionOverrides): Promise<MembershipCommand> {
    return {
      type: 'SetPermissionOverrides',
      data: { ...m.data, setterRoles: await this.rolesOf(m.data.enterpriseId, m.data.setBy), catalogue: this.facts.catalogue() },
    };
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
  ChangeMemberRolesHandler,
  SetPermissionOverridesHandler,
];
