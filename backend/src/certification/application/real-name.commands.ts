import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  realNameVerification,
  realNameVerificationStream,
  type RealNameVerificationCommand,
  type RealNameVerificationEvent,
  type RealNameVerificationState,
} from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { regionsOf, scopedTo } from '../../tenancy/application/event-scope';
import { divisionOfNode } from '../../tenancy/application/operator-node.commands';
import { CERTIFICATION_RULES } from '../rules/certification-rules';

// ---- The real-name verification's commands on the CommandBus: one message and one thin handler each --
// A review names the reviewer's operator node; its division is read from that node's stream, and the
// decider decides whether it is the city of the applicant's county. Events are filed under the
// jurisdiction of that county, and under no tenant: a person is not an enterprise's data.

export type RealNameOutcome = CommandResult<RealNameVerificationEvent, RealNameVerificationState>;
type DataOf<T extends RealNameVerificationCommand['type']> = Extract<RealNameVerificationCommand, { type: T }>['data'];

export const realNameVerifications = realNameVerification(CERTIFICATION_RULES);

abstract class RealNameMessage<T extends RealNameVerificationCommand['type'], D = DataOf<T>> extends Command<RealNameOutcome> {
  abstract readonly type: T;
  constructor(
    readonly userId: string,
    readonly data: D,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class SubmitRealNameVerification extends RealNameMessage<'SubmitRealNameVerification', Omit<DataOf<'SubmitRealNameVerification'>, 'userId'>> {
  readonly type = 'SubmitRealNameVerification';
}
export class ApproveRealNameVerification extends RealNameMessage<
  'ApproveRealNameVerification',
  Omit<DataOf<'ApproveRealNameVerification'>, 'reviewerDivisionCode'>
> {
  readonly type = 'ApproveRealNameVerification';
}
export class RejectRealNameVerification extends RealNameMessage<
  'RejectRealNameVerification',
  Omit<DataOf<'RejectRealNameVerification'>, 'reviewerDivisionCode'>
> {
  readonly type = 'RejectRealNameVerification';
}

/** Where a user's real-name verification stands, read from its stream. */
export const realNameOf = async (streams: AggregateStreams, userId: string): Promise<RealNameVerificationState> =>
  (await streams.load(realNameVerificationStream(userId), realNameVerifications)).state;

@CommandHandler(SubmitRealNameVerification)
export class SubmitRealNameVerificationHandler implements ICommandHandler<SubmitRealNameVerification, RealNameOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(m: SubmitRealNameVerification) {
    return this.streams.handle(
      realNameVerificationStream(m.userId),
      { type: 'SubmitRealNameVerification', data: { ...m.data, userId: m.userId } },
      realNameVerifications,
      scopedTo(m.context, [], regionsOf(m.data.countyCode)),
    );
  }
}

@Injectable()
abstract class OnReview<M extends ApproveRealNameVerification | RejectRealNameVerification> {
  constructor(private readonly streams: AggregateStreams) {}
  async execute(m: M): Promise<RealNameOutcome> {
    // A node that does not exist has no division: the decider refuses it as outside the jurisdiction.
    const reviewerDivisionCode = (await divisionOfNode(this.streams, m.data.reviewerNodeId)) ?? '';
    const command = { type: m.type, data: { ...m.data, reviewerDivisionCode } } as RealNameVerificationCommand;
    const state = await realNameOf(this.streams, m.userId);
    const jurisdiction = state.status === 'none' ? [] : state.jurisdiction;
    return this.streams.handle(realNameVerificationStream(m.userId), command, realNameVerifications, scopedTo(m.context, [], jurisdiction));
  }
}

@CommandHandler(ApproveRealNameVerification)
export class ApproveRealNameVerificationHandler extends OnReview<ApproveRealNameVerification> {}
@CommandHandler(RejectRealNameVerification)
export class RejectRealNameVerificationHandler extends OnReview<RejectRealNameVerification> {}

export const REAL_NAME_COMMAND_HANDLERS = [SubmitRealNameVerificationHandler, ApproveRealNameVerificationHandler, RejectRealNameVerificationHandler];
