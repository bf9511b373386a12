import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { operatorNodeStream, operatorStaff, operatorStaffStream, TenancyRuleViolation, type OperatorStaffCommand, type OperatorStaffEvent, type OperatorStaffState } from '@kuaige/domain';
import { rolesOfScope } from '@kuaige/tenancy';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { divisionOfNode, operatorNodes } from './operator-node.commands';
import { regionsOf, scopedTo } from './event-scope';

// ---- Operator staff on the CommandBus: one message and one thin handler for each command -----------
// The node's division is read from the node's stream (a caller cannot place staff under a division of
// its choosing), and it is what the staff row's scope and the events' jurisdiction are filed under.

export type OperatorStaffOutcome = CommandResult<OperatorStaffEvent, OperatorStaffState>;

export const operatorStaffDecider = operatorStaff(rolesOfScope('operator').map((r) => r.key));

export class AppointOperatorStaff extends Command<OperatorStaffOutcome> {
  constructor(
    readonly data: Omit<Extract<OperatorStaffCommand, { type: 'AppointOperatorStaff' }>['data'], 'divisionCode' | 'nodeStatus'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
export class ChangeOperatorStaffRoles extends Command<OperatorStaffOutcome> {
  constructor(
    readonly data: Extract<OperatorStaffCommand, { type: 'ChangeOperatorStaffRoles' }>['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}
export class RemoveOperatorStaff extends Command<OperatorStaffOutcome> {
  constructor(
    readonly data: Extract<OperatorStaffCommand, { type: 'RemoveOperatorStaff' }>['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}

const divisionOrRefuse = async (streams: AggregateStreams, nodeId: string): Promise<string> => {
  const division = await divisionOfNode(streams, nodeId);
  if (division === null) throw new TenancyRuleViolation('node-exists', 'nodeId', `there is no operator node ${nodeId}`);
  return division;
};

@CommandHandler(AppointOperatorStaff)
export class AppointOperatorStaffHandler implements ICommandHandler<AppointOperatorStaff, OperatorStaffOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  async execute(m: AppointOperatorStaff) {
    const { state: node } = await this.streams.load(operatorNodeStream(m.data.nodeId), operatorNodes);
    const data = node.status === 'none' ? { ...m.data, divisionCode: '', nodeStatus: null } : { ...m.data, divisionCode: node.divisionCode, nodeStatus: node.status };
    return this.streams.handle(
      operatorStaffStream(m.data.nodeId, m.data.userId),
      { type: 'AppointOperatorStaff', data },
      operatorStaffDecider,
      scopedTo(m.context, [], regionsOf(data.divisionCode)),
    );
  }
}

@CommandHandler(ChangeOperatorStaffRoles)
export class ChangeOperatorStaffRolesHandler implements ICommandHandler<ChangeOperatorStaffRoles, OperatorStaffOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  async execute(m: ChangeOperatorStaffRoles) {
    const division = await divisionOrRefuse(this.streams, m.data.nodeId);
    return this.streams.handle(
      operatorStaffStream(m.data.nodeId, m.data.userId),
      { type: 'ChangeOperatorStaffRoles', data: m.data },
      operatorStaffDecider,
      scopedTo(m.context, [], regionsOf(division)),
    );
  }
}

@CommandHandler(RemoveOperatorStaff)
export class RemoveOperatorStaffHandler implements ICommandHandler<RemoveOperatorStaff, OperatorStaffOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  async execute(m: RemoveOperatorStaff) {
    const division = await divisionOrRefuse(this.streams, m.data.nodeId);
    return this.streams.handle(
      operatorStaffStream(m.data.nodeId, m.data.userId),
      { type: 'RemoveOperatorStaff', data: m.data },
      operatorStaffDecider,
      scopedTo(m.context, [], regionsOf(division)),
    );
  }
}

export const OPERATOR_STAFF_COMMAND_HANDLERS = [AppointOperatorStaffHandler, ChangeOperatorStaffRolesHandler, RemoveOperatorStaffHandler];
