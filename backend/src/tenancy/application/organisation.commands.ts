import { Injectable } from '@nestjs/common';
import { Command, CommandHandler } from '@nestjs/cqrs';
import {
  departments,
  departmentsStream,
  enterpriseRole,
  enterpriseRoleStream,
  membership,
  membershipStream,
  type Decider,
  type DepartmentsCommand,
  type DepartmentsEvent,
  type DepartmentsState,
  type EnterpriseRoleCommand,
  type EnterpriseRoleEvent,
  type EnterpriseRoleState,
} from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { enterpriseOf } from './enterprise.commands';
import { scopedTo } from './event-scope';
import { OrganisationFacts } from './organisation-facts';

// ---- Department and role commands on the CommandBus: one message and one thin handler each --------
// What the deciders check against and a caller must not assert is read here: the member's status from
// its membership stream, the catalogue and built-in role keys, the number of a role's holders.

export type DepartmentsOutcome = CommandResult<DepartmentsEvent, DepartmentsState>;
export type EnterpriseRoleOutcome = CommandResult<EnterpriseRoleEvent, EnterpriseRoleState>;
type DepartmentsData<T extends DepartmentsCommand['type']> = Extract<DepartmentsCommand, { type: T }>['data'];
type RoleData<T extends EnterpriseRoleCommand['type']> = Extract<EnterpriseRoleCommand, { type: T }>['data'];

abstract class DepartmentsMessage<T extends DepartmentsCommand['type'], D = DepartmentsData<T>> extends Command<DepartmentsOutcome> {
  abstract readonly type: T;
  constructor(
    readonly data: D,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class CreateDepartment extends DepartmentsMessage<'CreateDepartment'> {
  readonly type = 'CreateDepartment';
}
export class UpdateDepartment extends DepartmentsMessage<'UpdateDepartment'> {
  readonly type = 'UpdateDepartment';
}
export class DeleteDepartment extends DepartmentsMessage<'DeleteDepartment'> {
  readonly type = 'DeleteDepartment';
}
export class AssignMemberDepartment extends DepartmentsMessage<
  'AssignMemberDepartment',
  Omit<DepartmentsData<'AssignMemberDepartment'>, 'memberStatus'>
> {
  readonly type = 'AssignMemberDepartment';
}
export class ReleaseMemberDepartment extends DepartmentsMessage<'ReleaseMemberDepartment'> {
  readonly type = 'ReleaseMemberDepartment';
}

/** Loads the enterprise for its scope and handles the command on the aggregate's stream. */
const handleIn = async <C extends DepartmentsCommand | EnterpriseRoleCommand, E extends DepartmentsEvent | EnterpriseRoleEvent, S>(
  streams: AggregateStreams,
  streamId: string,
  command: C,
  decider: Decider<C, E, S>,
  context: CommandContext,
) => {
  const { enterpriseId } = command.data;
  const enterprise = await enterpriseOf(streams, enterpriseId);
  return streams.handle(streamId, command, decider, scopedTo(context, [enterpriseId], enterprise.jurisdiction));
};

@Injectable()
abstract class OnDepartments<M extends DepartmentsMessage<DepartmentsCommand['type'], { enterpriseId: string }>> {
  constructor(protected readonly streams: AggregateStreams) {}

  protected async commandOf(m: M): Promise<DepartmentsCommand> {
    return { type: m.type, data: m.data } as DepartmentsCommand;
  }

  async execute(m: M): Promise<DepartmentsOutcome> {
    return handleIn(this.streams, departmentsStream(m.data.enterpriseId), await this.commandOf(m), departments, m.context);
  }
}

@CommandHandler(CreateDepartment)
export class CreateDepartmentHandler extends OnDepartments<CreateDepartment> {}
@CommandHandler(UpdateDepartment)
export class UpdateDepartmentHandler extends OnDepartments<UpdateDepartment> {}
@CommandHandler(DeleteDepartment)
export class DeleteDepartmentHandler extends OnDepartments<DeleteDepartment> {}
@CommandHandler(ReleaseMemberDepartment)
export class ReleaseMemberDepartmentHandler extends OnDepartments<ReleaseMemberDepartment> {}
@CommandHandler(AssignMemberDepartment)
export class AssignMemberDepartmentHandler extends OnDepartments<AssignMemberDepartment> {
  protected override async commandOf(m: AssignMemberDepartment): Promise<DepartmentsCommand> {
    const { state } = await this.streams.load(membershipStream(m.data.enterpriseId, m.data.userId), membership);
    return { type: 'AssignMemberDepartment', data: { ...m.data, memberStatus: state.status } };
  }
}

// ---- Custom roles --------------------------------------------------------------------------------

abstract class RoleMessage<T extends EnterpriseRoleCommand['type'], D = RoleData<T>> extends Command<EnterpriseRoleOutcome> {
  abstract readonly type: T;
  constructor(
    readonly data: D,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class DefineEnterpriseRole extends RoleMessage<
  'DefineEnterpriseRole',
  Omit<RoleData<'DefineEnterpriseRole'>, 'catalogue' | 'builtInKeys' | 'takenNames'>
> {
  readonly type = 'DefineEnterpriseRole';
}
export class RenameEnterpriseRole extends RoleMessage<'RenameEnterpriseRole', Omit<RoleData<'RenameEnterpriseRole'>, 'takenNames'>> {
  readonly type = 'RenameEnterpriseRole';
}
export class ChangeEnterpriseRolePermissions extends RoleMessage<
  'ChangeEnterpriseRolePermissions',
  Omit<RoleData<'ChangeEnterpriseRolePermissions'>, 'catalogue'>
> {
  readonly type = 'ChangeEnterpriseRolePermissions';
}
export class DeleteEnterpriseRole extends RoleMessage<'DeleteEnterpriseRole', Omit<RoleData<'DeleteEnterpriseRole'>, 'holders'>> {
  readonly type = 'DeleteEnterpriseRole';
}

@Injectable()
abstract class OnEnterpriseRole<M extends RoleMessage<EnterpriseRoleCommand['type'], { enterpriseId: string; roleId: string }>> {
  constructor(
    protected readonly streams: AggregateStreams,
    protected readonly facts: OrganisationFacts,
  ) {}

  protected async commandOf(m: M): Promise<EnterpriseRoleCommand> {
    return { type: m.type, data: m.data } as EnterpriseRoleCommand;
  }

  async execute(m: M): Promise<EnterpriseRoleOutcome> {
    const streamId = enterpriseRoleStream(m.data.enterpriseId, m.data.roleId);
    return handleIn(this.streams, streamId, await this.commandOf(m), enterpriseRole, m.context);
  }
}

@CommandHandler(DefineEnterpriseRole)
export class DefineEnterpriseRoleHandler extends OnEnterpriseRole<DefineEnterpriseRole> {
  protected override async commandOf(m: DefineEnterpriseRole): Promise<EnterpriseRoleCommand> {
    return {
      type: 'DefineEnterpriseRole',
      data: {
        ...m.data,
        catalogue: this.facts.catalogue(),
        builtInKeys: this.facts.builtInRoleKeys(),
        takenNames: await this.facts.roleNamesBesides(m.data.enterpriseId, m.data.roleId),
      },
    };
  }
}
@CommandHandler(RenameEnterpriseRole)
export class RenameEnterpriseRoleHandler extends OnEnterpriseRole<RenameEnterpriseRole> {
  protected override async commandOf(m: RenameEnterpriseRole): Promise<EnterpriseRoleCommand> {
    return {
      type: 'RenameEnterpriseRole',
      data: { ...m.data, takenNames: await this.facts.roleNamesBesides(m.data.enterpriseId, m.data.roleId) },
    };
  }
}
@CommandHandler(ChangeEnterpriseRolePermissions)
export class ChangeEnterpriseRolePermissionsHandler extends OnEnterpriseRole<ChangeEnterpriseRolePermissions> {
  protected override async commandOf(m: ChangeEnterpriseRolePermissions): Promise<EnterpriseRoleCommand> {
    return { type: 'ChangeEnterpriseRolePermissions', data: { ...m.data, catalogue: this.facts.catalogue() } };
  }
}
@CommandHandler(DeleteEnterpriseRole)
export class DeleteEnterpriseRoleHandler extends OnEnterpriseRole<DeleteEnterpriseRole> {
  protected override async commandOf(m: DeleteEnterpriseRole): Promise<EnterpriseRoleCommand> {
    return { type: 'DeleteEnterpriseRole', data: { ...m.data, holders: await this.facts.holdersOf(m.data.enterpriseId, m.data.roleId) } };
  }
}

export const ORGANISATION_COMMAND_HANDLERS = [
  CreateDepartmentHandler,
  UpdateDepartmentHandler,
  DeleteDepartmentHandler,
  AssignMemberDepartmentHandler,
  ReleaseMemberDepartmentHandler,
  DefineEnterpriseRoleHandler,
  RenameEnterpriseRoleHandler,
  ChangeEnterpriseRolePermissionsHandler,
  DeleteEnterpriseRoleHandler,
];
