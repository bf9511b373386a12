import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  enterprise,
  enterpriseStream,
  membership,
  membershipStream,
  usccClaim,
  usccClaimStream,
  TenancyRuleViolation,
  type EnterpriseCommand,
  type EnterpriseEvent,
  type EnterpriseStatus,
  type EnterpriseState,
  type UsccClaimCommand,
  type UsccClaimEvent,
  type UsccClaimState,
} from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import { BlobReferences, type BlobReference } from '../../blobs/blob-references';
import type { CommandContext } from '../../event-sourcing/command-context';
import { TENANCY_RULES } from '../rules/tenancy-rules';
import { regionsOf, scopedTo, stepOf } from './event-scope';
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

/** Refuses a licence that is not a file the registrant uploaded, or not the file it is said to be. */
const checkLicence = async (blobs: BlobReferences, licence: BlobReference, registrantUserId: string): Promise<void> => {
  const problem = await blobs.problemWith(licence, registrantUserId);
  if (problem) throw new TenancyRuleViolation(`licence-${problem.rule}`, `licence.${problem.part}`, problem.message);
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
 * Claims the USCC, registers the enterprise, then admits its registrant as first admin. Each step's
 * command id derives from the request's, so retrying it completes a registration interrupted between
 * two writes and duplicates none. The code is claimed only while the enterprise's stream is empty, and
 * after the command was decided on that empty state (pure), so a refused registration claims nothing.
 */
@CommandHandler(RegisterEnterprise)
export class RegisterEnterpriseHandler implements ICommandHandler<RegisterEnterprise, EnterpriseOutcome> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly blobs: BlobReferences,
  ) {}
  async execute(m: RegisterEnterprise) {
    const parentEnterpriseStatus =
      m.data.parentEnterpriseId === null ? null : (await enterpriseOf(this.streams, m.data.parentEnterpriseId)).status;
    const command: EnterpriseCommand = {
      type: 'RegisterEnterprise',
      data: { ...m.data, enterpriseId: m.enterpriseId, parentEnterpriseStatus },
    };
    const { state } = await this.streams.load(enterpriseStream(m.enterpriseId), enterprises);
    const context = scopedTo(
      { ...m.context, commandId: m.context.commandId ?? randomUUID() },
      [m.enterpriseId],
      regionsOf(m.data.address.countyCode),
    );
    const step = (name: string): CommandContext => stepOf(context, name);
    const { uscc, registrantUserId: userId, at } = m.data;
    if (state.status === 'unregistered') {
      enterprises.decide(command, state);
      await checkLicence(this.blobs, m.data.licence, userId);
      await this.streams.handle(
        usccClaimStream(uscc),
        { type: 'ClaimUscc', data: { uscc, enterpriseId: m.enterpriseId, at } },
        usccClaim,
        step('uscc'),
      );
    }
    // Registered already: a retry finds its events, another request is refused by the decider.
    const registered = await this.streams.handle(enterpriseStream(m.enterpriseId), command, enterprises, context);
    await this.streams.handle(
      membershipStream(m.enterpriseId, userId),
      { type: 'AdmitFounder', data: { enterpriseId: m.enterpriseId, userId, registrantUserId: userId, at } },
      membership,
      step('founder'),
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

/**
 * Resubmits a rejected enterprise; a changed USCC is claimed first (after the command was decided on
 * the rejected state, pure) and the old one released after. In any other state the command goes
 * straight to the stream: a retry is answered from its events, anything else refused by the decider.
 */
@CommandHandler(ResubmitEnterprise)
export class ResubmitEnterpriseHandler implements ICommandHandler<ResubmitEnterprise, EnterpriseOutcome> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly blobs: BlobReferences,
  ) {}
  async execute(m: ResubmitEnterprise) {
    const command: EnterpriseCommand = { type: 'ResubmitEnterprise', data: m.data };
    const { state } = await this.streams.load(enterpriseStream(m.enterpriseId), enterprises);
    // Filed under the jurisdiction the resubmission moves to, as its row is.
    const context = scopedTo(
      { ...m.context, commandId: m.context.commandId ?? randomUUID() },
      [m.enterpriseId],
      regionsOf(m.data.address.countyCode),
    );
    const step = (name: string): CommandContext => stepOf(context, name);
    const { uscc, at } = m.data;
    if (state.status === 'rejected') {
      enterprises.decide(command, state);
      await checkLicence(this.blobs, m.data.licence, state.registrantUserId);
    }
    const replaced = state.status === 'rejected' && state.uscc !== uscc ? state.uscc : null;
    if (replaced !== null) {
      enterprises.decide(command, state);
      await this.streams.handle(
        usccClaimStream(uscc),
        { type: 'ClaimUscc', data: { uscc, enterpriseId: m.enterpriseId, at } },
        usccClaim,
        step('uscc'),
      );
    }
    const resubmitted = await this.streams.handle(enterpriseStream(m.enterpriseId), command, enterprises, context);
    if (replaced !== null)
      await this.streams.handle(
        usccClaimStream(replaced),
        { type: 'ReleaseUscc', data: { uscc: replaced, enterpriseId: m.enterpriseId, at } },
        usccClaim,
        step('uscc-release'),
      );
    return resubmitted;
  }
}

export type UsccClaimOutcome = CommandResult<UsccClaimEvent, UsccClaimState>;

abstract class UsccMessage extends Command<UsccClaimOutcome> {
  constructor(
    readonly data: Extract<UsccClaimCommand, { type: 'ClaimUscc' }>['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}
export class ClaimUscc extends UsccMessage {}
export class ReleaseUscc extends UsccMessage {}

@CommandHandler(ClaimUscc)
export class ClaimUsccHandler implements ICommandHandler<ClaimUscc, UsccClaimOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(m: ClaimUscc) {
    return this.streams.handle(
      usccClaimStream(m.data.uscc),
      { type: 'ClaimUscc', data: m.data },
      usccClaim,
      scopedTo(m.context, [m.data.enterpriseId], []),
    );
  }
}
@CommandHandler(ReleaseUscc)
export class ReleaseUsccHandler implements ICommandHandler<ReleaseUscc, UsccClaimOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(m: ReleaseUscc) {
    return this.streams.handle(
      usccClaimStream(m.data.uscc),
      { type: 'ReleaseUscc', data: m.data },
      usccClaim,
      scopedTo(m.context, [m.data.enterpriseId], []),
    );
  }
}

export const ENTERPRISE_COMMAND_HANDLERS = [
  ClaimUsccHandler,
  ReleaseUsccHandler,
  RegisterEnterpriseHandler,
  ApproveEnterpriseHandler,
  RejectEnterpriseHandler,
  ResubmitEnterpriseHandler,
];
