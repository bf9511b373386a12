import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  enterprise,
  enterpriseStream,
  membership,
  membershipStream,
  type EnterpriseCommand,
  type EnterpriseEvent,
  type EnterpriseStatus,
  type EnterpriseState,
} from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { TENANCY_RULES } from '../rules/tenancy-rules';
import { regionsOf, scopedTo } from './event-scope';
import { divisionOfNode } from './operator-node.commands';

// ---- The enterprise's commands on the CommandBus: one message and one thin handler each -----------
// A review names the reviewer's operator node; its division is read from that node's stream, and the
// decider decides whether it is the enterprise's city.

export type EnterpriseOutcome = CommandResult<EnterpriseEvent, EnterpriseState>;
type DataOf<T extends EnterpriseCommand['type']> = Extract<EnterpriseCommand, { type: T }>['data'];

export const enterprises = enterprise(TENANCY_RULES);

/** Where an enterprise stands and its jurisdiction (none while unregistered), read from its stream. */
export const enterpriseOf = async (
  streams: AggregateStreams,
  enterpriseId: string,
): Promise<{ status: EnterpriseStatus; jurisdiction: readonly string[]; registrantUserId: string | null }> => {
  const { state } = await streams.load(enterpriseStream(enterpriseId), enterprises);
  return state.status === 'unregistered'
    ? { status: state.status, jurisdiction: [], registrantUserId: null }
    : { status: state.status, jurisdiction: state.jurisdiction, registrantUserId: state.registrantUserId };
};

abstract class EnterpriseMessage<T extends EnterpriseCommand['type'], D = DataOf<T>> extends Command<EnterpriseOutcome> {
  abstract readonly type: T;
  constructor(
    readonly enterpriseId: string,
    readonly data: D,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class RegisterEnterprise extends EnterpriseMessage<
  'RegisterEnterprise',
  Omit<DataOf<'RegisterEnterprise'>, 'enterpriseId' | 'parentEnterpriseStatus'>
> {
  readonly type = 'RegisterEnterprise';
}
export class ApproveEnterprise extends EnterpriseMessage<'ApproveEnterprise', Omit<DataOf<'ApproveEnterprise'>, 'reviewerDivisionCode'>> {
  readonly type = 'ApproveEnterprise';
}
export class RejectEnterprise extends EnterpriseMessage<'RejectEnterprise', Omit<DataOf<'RejectEnterprise'>, 'reviewerDivisionCode'>> {
  readonly type = 'RejectEnterprise';
}
export class ResubmitEnterprise extends EnterpriseMessage<'ResubmitEnterprise'> {
  readonly type = 'ResubmitEnterprise';
}

/**
 * Registers the enterprise, then admits its registrant as first admin in the membership stream. The
 * second step's command id derives from the first's, so retrying the request completes a registration
 * interrupted between the two writes and duplicates neither.
 */
@CommandHandler(RegisterEnterprise)
export class RegisterEnterpriseHandler implements ICommandHandler<RegisterEnterprise, EnterpriseOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  async execute(m: RegisterEnterprise) {
    const parentEnterpriseStatus =
      m.data.parentEnterpriseId === null ? null : (await enterpriseOf(this.streams, m.data.parentEnterpriseId)).status;
    const data = { ...m.data, enterpriseId: m.enterpriseId, parentEnterpriseStatus };
    const context = scopedTo(m.context, [m.enterpriseId], regionsOf(m.data.address.countyCode));
    const registered = await this.streams.handle(
      enterpriseStream(m.enterpriseId),
      { type: 'RegisterEnterprise', data },
      enterprises,
      context,
    );
    const { registrantUserId: userId, at } = m.data;
    await this.streams.handle(
      membershipStream(m.enterpriseId, userId),
      { type: 'AdmitFounder', data: { enterpriseId: m.enterpriseId, userId, registrantUserId: userId, at } },
      membership,
      {
        ...context,
        commandId: `${registered.commandId}:founder`,
        causationId: registered.commandId,
        correlationId: m.context.correlationId ?? registered.commandId,
      },
    );
    return registered;
  }
}

@Injectable()
abstract class OnReview<M extends ApproveEnterprise | RejectEnterprise> {
  constructor(private readonly streams: AggregateStreams) {}
  async execute(m: M): Promise<EnterpriseOutcome> {
    // A node that does not exist has no division: the decider refuses it as outside the jurisdiction.
    const reviewerDivisionCode = (await divisionOfNode(this.streams, m.data.reviewerNodeId)) ?? '';
    const command = { type: m.type, data: { ...m.data, reviewerDivisionCode } } as EnterpriseCommand;
    const { jurisdiction } = await enterpriseOf(this.streams, m.enterpriseId);
    return this.streams.handle(enterpriseStream(m.enterpriseId), command, enterprises, scopedTo(m.context, [m.enterpriseId], jurisdiction));
  }
}

@CommandHandler(ApproveEnterprise)
export class ApproveEnterpriseHandler extends OnReview<ApproveEnterprise> {}
@CommandHandler(RejectEnterprise)
export class RejectEnterpriseHandler extends OnReview<RejectEnterprise> {}

@CommandHandler(ResubmitEnterprise)
export class ResubmitEnterpriseHandler implements ICommandHandler<ResubmitEnterprise, EnterpriseOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(m: ResubmitEnterprise) {
    // Filed under the jurisdiction the resubmission moves to, as its row is.
    const context = scopedTo(m.context, [m.enterpriseId], regionsOf(m.data.address.countyCode));
    return this.streams.handle(enterpriseStream(m.enterpriseId), { type: 'ResubmitEnterprise', data: m.data }, enterprises, context);
  }
}

export const ENTERPRISE_COMMAND_HANDLERS = [
  RegisterEnterpriseHandler,
  ApproveEnterpriseHandler,
  RejectEnterpriseHandler,
  ResubmitEnterpriseHandler,
];
