import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  loginAttempts,
  loginAttemptsStream,
  mobileNumber,
  mobileNumberStream,
  smsChallenge,
  smsChallengeStream,
  type LoginAttemptsEvent,
  type LoginThrottle,
  type MobileNumberCommand,
  type MobileNumberEvent,
  type MobileNumberState,
  type RecordUnknownLogin as RecordUnknownLoginCommand,
  type SmsChallengeCommand,
  type SmsChallengeEvent,
  type SmsChallengeState,
} from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';

// ---- Commands on the streams of one mobile number (by its blind index): its claim, SMS codes, and
// ---- sign-in attempts while nobody holds it. One message and one thin handler each.

export type MobileNumberOutcome = CommandResult<MobileNumberEvent, MobileNumberState>;
export type SmsChallengeOutcome = CommandResult<SmsChallengeEvent, SmsChallengeState>;
export type LoginAttemptsOutcome = CommandResult<LoginAttemptsEvent, LoginThrottle>;

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
export class RecordUnknownLogin extends OnNumber<RecordUnknownLoginCommand['data'], LoginAttemptsOutcome> {}

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

@CommandHandler(RecordUnknownLogin)
export class RecordUnknownLoginHandler implements ICommandHandler<RecordUnknownLogin, LoginAttemptsOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(c: RecordUnknownLogin) {
    return this.streams.handle(loginAttemptsStream(c.mobileIndex), { type: 'RecordUnknownLogin', data: c.data }, loginAttempts, c.context);
  }
}

export const MOBILE_NUMBER_COMMAND_HANDLERS = [ClaimMobileNumberHandler, ReleaseMobileNumberHandler, IssueSmsCodeHandler, VerifySmsCodeHandler, RecordUnknownLoginHandler];
