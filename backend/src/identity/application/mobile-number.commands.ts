import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  mobileNumber,
  mobileNumberStream,
  smsChallenge,
  smsChallengeStream,
  type MobileNumberCommand,
  type MobileNumberEvent,
  type MobileNumberState,
  type SmsChallengeCommand,
  type SmsChallengeEvent,
  type SmsChallengeState,
} from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';

// ---- Commands on the streams of one mobile number (by its blind index): its claim and SMS codes.
// ---- One message and one thin handler each (sign-in attempts: login-attempts.commands.ts).

export type MobileNumberOutcome = CommandResult<MobileNumberEvent, MobileNumberState>;
export type SmsChallengeOutcome = CommandResult<SmsChallengeEvent, SmsChallengeState>;

abstract class OnNumber<D, R> extends Command<R> {
  constructor(
    readonly mobileIndex: string,
    readonly data: D,
    readonly context: CommandContext,
  ) {
    super();
  }
}

type ClaimData = Extract<MobileNumberCommand, { type: 'ClaimMobileNumber' }>['data'];
type ReleaseData = Extract<MobileNumberCommand, { type: 'ReleaseMobileNumber' }>['data'];
type IssueData = Extract<SmsChallengeCommand, { type: 'IssueSmsCode' }>['data'];
type VerifyData = Extract<SmsChallengeCommand, { type: 'VerifySmsCode' }>['data'];

export class ClaimMobileNumber extends OnNumber<ClaimData, MobileNumberOutcome> {}
export class ReleaseMobileNumber extends OnNumber<ReleaseData, MobileNumberOutcome> {}
export class IssueSmsCode extends OnNumber<IssueData, SmsChallengeOutcome> {}
export class VerifySmsCode extends OnNumber<VerifyData, SmsChallengeOutcome> {}

@CommandHandler(ClaimMobileNumber)
export class ClaimMobileNumberHandler implements ICommandHandler<ClaimMobileNumber, MobileNumberOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(c: ClaimMobileNumber) {
    return this.streams.handle(mobileNumberStream(c.mobileIndex), { type: 'ClaimMobileNumber', data: c.data }, mobileNumber, c.context);
  }
}

@CommandHandler(ReleaseMobileNumber)
export class ReleaseMobileNumberHandler implements ICommandHandler<ReleaseMobileNumber, MobileNumberOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(c: ReleaseMobileNumber) {
    return this.streams.handle(mobileNumberStream(c.mobileIndex), { type: 'ReleaseMobileNumber', data: c.data }, mobileNumber, c.context);
  }
}

@CommandHandler(IssueSmsCode)
export class IssueSmsCodeHandler implements ICommandHandler<IssueSmsCode, SmsChallengeOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(c: IssueSmsCode) {
    return this.streams.handle(smsChallengeStream(c.mobileIndex), { type: 'IssueSmsCode', data: c.data }, smsChallenge, c.context);
  }
}

@CommandHandler(VerifySmsCode)
export class VerifySmsCodeHandler implements ICommandHandler<VerifySmsCode, SmsChallengeOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(c: VerifySmsCode) {
    return this.streams.handle(smsChallengeStream(c.mobileIndex), { type: 'VerifySmsCode', data: c.data }, smsChallenge, c.context);
  }
}

export const MOBILE_NUMBER_COMMAND_HANDLERS = [ClaimMobileNumberHandler, ReleaseMobileNumberHandler, IssueSmsCodeHandler, VerifySmsCodeHandler];
