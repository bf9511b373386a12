import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  realNameVerification,
  realNameVerificationStream,
  residentIdClaim,
  residentIdClaimStream,
  type RealNameVerificationCommand,
  type RealNameVerificationEvent,
  type RealNameVerificationState,
} from '@kuaige/domain';
import { BlobReferences } from '../../blobs/blob-references';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { regionsOf, scopedTo, stepOf } from '../../tenancy/application/event-scope';
import { divisionOfNode } from '../../tenancy/application/operator-node.commands';
import { CERTIFICATION_RULES } from '../rules/certification-rules';
import { checkUploadedFiles, handledBefore } from './uploaded-files';

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

export class SubmitRealNameVerification extends RealNameMessage<
  'SubmitRealNameVerification',
  Omit<DataOf<'SubmitRealNameVerification'>, 'userId' | 'idNumberHolder'>
> {
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

/** The account that verified the ID number with this blind index, if any ('' is no index: no holder). */
const holderOf = async (streams: AggregateStreams, idNumberIndex: string): Promise<string | null> =>
  idNumberIndex === '' ? null : (await streams.load(residentIdClaimStream(idNumberIndex), residentIdClaim)).state.userId;

/** Where a user's real-name verification stands, read from its stream. */
export const realNameOf = async (streams: AggregateStreams, userId: string): Promise<RealNameVerificationState> =>
  (await streams.load(realNameVerificationStream(userId), realNameVerifications)).state;

/**
 * Submits (or resubmits) after deciding it on the current state (pure) and checking that both photos
 * are files the applicant uploaded, as declared: a refused submission appends nothing, not even the
 * request's key. A retry is answered from the events it recorded.
 */
@CommandHandler(SubmitRealNameVerification)
export class SubmitRealNameVerificationHandler implements ICommandHandler<SubmitRealNameVerification, RealNameOutcome> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly blobs: BlobReferences,
  ) {}
  async execute(m: SubmitRealNameVerification) {
    const idNumberHolder = await holderOf(this.streams, m.data.sealed.idNumberIndex);
    const command: RealNameVerificationCommand = { type: 'SubmitRealNameVerification', data: { ...m.data, userId: m.userId, idNumberHolder } };
    const stream = realNameVerificationStream(m.userId);
    const { state, events } = await this.streams.load(stream, realNameVerifications);
    if (!handledBefore(events, m.context)) {
      realNameVerifications.decide(command, state);
      await checkUploadedFiles(this.blobs, m.data.photos, 'photos', m.userId);
    }
    return this.streams.handle(stream, command, realNameVerifications, scopedTo(m.context, [], regionsOf(m.data.countyCode)));
  }
}

@Injectable()
abstract class OnReview<M extends ApproveRealNameVerification | RejectRealNameVerification> {
  constructor(protected readonly streams: AggregateStreams) {}

  /** The command with the reviewer's division, the application's state, and the context filed under its jurisdiction. */
  protected async prepare(m: M) {
    // A node that does not exist has no division: the decider refuses it as outside the jurisdiction.
    const reviewerDivisionCode = (await divisionOfNode(this.streams, m.data.reviewerNodeId)) ?? '';
    const command = { type: m.type, data: { ...m.data, reviewerDivisionCode } } as RealNameVerificationCommand;
    const state = await realNameOf(this.streams, m.userId);
    const context = scopedTo({ ...m.context, commandId: m.context.commandId ?? randomUUID() }, [], state.status === 'none' ? [] : state.jurisdiction);
    return { command, state, context };
  }

  async execute(m: M): Promise<RealNameOutcome> {
    const { command, context } = await this.prepare(m);
    return this.streams.handle(realNameVerificationStream(m.userId), command, realNameVerifications, context);
  }
}

/**
 * Approves a pending verification after claiming its ID number for the applicant, so that one person
 * verifies one account. The claim is made only after the approval was decided on the pending state
 * (pure): a refused approval claims nothing, and a retry of an interrupted one finds the claim its own.
 */
@CommandHandler(ApproveRealNameVerification)
export class ApproveRealNameVerificationHandler extends OnReview<ApproveRealNameVerification> {
  override async execute(m: ApproveRealNameVerification): Promise<RealNameOutcome> {
    const { command, state, context } = await this.prepare(m);
    if (state.status === 'pending-review') {
      realNameVerifications.decide(command, state);
      await this.streams.handle(
        residentIdClaimStream(state.idNumberIndex),
        { type: 'ClaimResidentId', data: { idNumberIndex: state.idNumberIndex, userId: m.userId, at: m.data.at } },
        residentIdClaim,
        stepOf(context, 'resident-id'),
      );
    }
    return this.streams.handle(realNameVerificationStream(m.userId), command, realNameVerifications, context);
  }
}
@CommandHandler(RejectRealNameVerification)
export class RejectRealNameVerificationHandler extends OnReview<RejectRealNameVerification> {}

export const REAL_NAME_COMMAND_HANDLERS = [SubmitRealNameVerificationHandler, ApproveRealNameVerificationHandler, RejectRealNameVerificationHandler];
