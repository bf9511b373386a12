import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  divisionClaim,
  divisionClaimStream,
  operatorNode,
  operatorNodeStream,
  type DivisionClaimCommand,
  type DivisionClaimEvent,
  type DivisionClaimState,
  type OperatorNodeCommand,
  type OperatorNodeEvent,
  type OperatorNodeState,
} from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { TENANCY_RULES } from '../rules/tenancy-rules';
import { regionsOf, scopedTo, stepOf } from './event-scope';

// ---- The operator node's commands on the CommandBus: one message and one thin handler each --------
// Every rule is the decider's; a handler addresses the stream and, for creation, reads the parent
// node's division from the parent's own stream, so a caller cannot claim a parent it does not have,
// and claims the division (one node per division) before the node is created.

export type OperatorNodeOutcome = CommandResult<OperatorNodeEvent, OperatorNodeState>;
export type DivisionClaimOutcome = CommandResult<DivisionClaimEvent, DivisionClaimState>;
type DataOf<T extends OperatorNodeCommand['type']> = Extract<OperatorNodeCommand, { type: T }>['data'];

export const operatorNodes = operatorNode(TENANCY_RULES);

abstract class OperatorNodeMessage<T extends OperatorNodeCommand['type'], D = DataOf<T>> extends Command<OperatorNodeOutcome> {
  abstract readonly type: T;
  constructor(
    readonly nodeId: string,
    readonly data: D,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The parent's division is not the caller's to say: the handler reads it from the parent node. */
export class CreateOperatorNode extends OperatorNodeMessage<
  'CreateOperatorNode',
  Omit<DataOf<'CreateOperatorNode'>, 'nodeId' | 'parentDivisionCode'>
> {
  readonly type = 'CreateOperatorNode';
}
export class RenameOperatorNode extends OperatorNodeMessage<'RenameOperatorNode'> {
  readonly type = 'RenameOperatorNode';
}
export class ChangeOperatorPrincipal extends OperatorNodeMessage<'ChangeOperatorPrincipal'> {
  readonly type = 'ChangeOperatorPrincipal';
}
export class ChangeOperatorContacts extends OperatorNodeMessage<'ChangeOperatorContacts'> {
  readonly type = 'ChangeOperatorContacts';
}
export class SuspendOperatorNode extends OperatorNodeMessage<'SuspendOperatorNode'> {
  readonly type = 'SuspendOperatorNode';
}
export class ReactivateOperatorNode extends OperatorNodeMessage<'ReactivateOperatorNode'> {
  readonly type = 'ReactivateOperatorNode';
}

/** The division code of an existing node, or null when there is no such node. */
export const divisionOfNode = async (streams: AggregateStreams, nodeId: string): Promise<string | null> => {
  const { state } = await streams.load(operatorNodeStream(nodeId), operatorNodes);
  return state.status === 'none' ? null : state.divisionCode;
};

@CommandHandler(CreateOperatorNode)
export class CreateOperatorNodeHandler implements ICommandHandler<CreateOperatorNode, OperatorNodeOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  async execute(m: CreateOperatorNode) {
    const parentDivisionCode = m.data.parentNodeId === null ? null : await divisionOfNode(this.streams, m.data.parentNodeId);
    const command: OperatorNodeCommand = { type: 'CreateOperatorNode', data: { ...m.data, nodeId: m.nodeId, parentDivisionCode } };
    // The division is claimed only while the node's stream is empty, and after the command was decided
    // on that empty state (pure): a refused creation claims nothing, and a retry of an interrupted one
    // finds the claim its own and goes on. An existing node is left to the decider (or to deduplication).
    const { state } = await this.streams.load(operatorNodeStream(m.nodeId), operatorNodes);
    // Both steps share the command id (generated once when the caller gave none) so that each is deduplicated.
    const context = scopedTo({ ...m.context, commandId: m.context.commandId ?? randomUUID() }, [], regionsOf(m.data.divisionCode));
    if (state.status === 'none') {
      operatorNodes.decide(command, state);
      const claim: DivisionClaimCommand = {
        type: 'ClaimDivision',
        data: { divisionCode: m.data.divisionCode, nodeId: m.nodeId, at: m.data.at },
      };
      await this.streams.handle(divisionClaimStream(m.data.divisionCode), claim, divisionClaim, stepOf(context, 'division'));
    }
    return this.streams.handle(operatorNodeStream(m.nodeId), command, operatorNodes, context);
  }
}

export class ClaimDivision extends Command<DivisionClaimOutcome> {
  constructor(
    readonly data: DivisionClaimCommand['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ClaimDivision)
export class ClaimDivisionHandler implements ICommandHandler<ClaimDivision, DivisionClaimOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(m: ClaimDivision) {
    const context = scopedTo(m.context, [], regionsOf(m.data.divisionCode));
    return this.streams.handle(divisionClaimStream(m.data.divisionCode), { type: 'ClaimDivision', data: m.data }, divisionClaim, context);
  }
}

@Injectable()
abstract class OnOperatorNode<M extends OperatorNodeMessage<Exclude<OperatorNodeCommand['type'], 'CreateOperatorNode'>>> {
  constructor(private readonly streams: AggregateStreams) {}
  async execute(m: M): Promise<OperatorNodeOutcome> {
    const division = await divisionOfNode(this.streams, m.nodeId);
    return this.streams.handle(
      operatorNodeStream(m.nodeId),
      { type: m.type, data: m.data } as OperatorNodeCommand,
      operatorNodes,
      scopedTo(m.context, [], division === null ? [] : regionsOf(division)),
    );
  }
}

@CommandHandler(RenameOperatorNode)
export class RenameOperatorNodeHandler extends OnOperatorNode<RenameOperatorNode> {}
@CommandHandler(ChangeOperatorPrincipal)
export class ChangeOperatorPrincipalHandler extends OnOperatorNode<ChangeOperatorPrincipal> {}
@CommandHandler(ChangeOperatorContacts)
export class ChangeOperatorContactsHandler extends OnOperatorNode<ChangeOperatorContacts> {}
@CommandHandler(SuspendOperatorNode)
export class SuspendOperatorNodeHandler extends OnOperatorNode<SuspendOperatorNode> {}
@CommandHandler(ReactivateOperatorNode)
export class ReactivateOperatorNodeHandler extends OnOperatorNode<ReactivateOperatorNode> {}

export const OPERATOR_NODE_COMMAND_HANDLERS = [
  CreateOperatorNodeHandler,
  ClaimDivisionHandler,
  RenameOperatorNodeHandler,
  ChangeOperatorPrincipalHandler,
  ChangeOperatorContactsHandler,
  SuspendOperatorNodeHandler,
  ReactivateOperatorNodeHandler,
];
