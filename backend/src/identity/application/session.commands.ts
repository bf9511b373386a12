import { Injectable } from '@nestjs/common';
import { Command, CommandHandler } from '@nestjs/cqrs';
import { session, sessionStream, type SessionCommand, type SessionEvent, type SessionState } from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';

// ---- A session's commands on the CommandBus: one message and one thin handler each -----------------

export type SessionOutcome = CommandResult<SessionEvent, SessionState>;
type DataOf<T extends SessionCommand['type']> = Extract<SessionCommand, { type: T }>['data'];

abstract class SessionMessage<T extends SessionCommand['type']> extends Command<SessionOutcome> {
  abstract readonly type: T;
  constructor(
    readonly sessionId: string,
    readonly data: DataOf<T>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class StartSession extends SessionMessage<'StartSession'> {
  readonly type = 'StartSession';
}
export class RefreshSession extends SessionMessage<'RefreshSession'> {
  readonly type = 'RefreshSession';
}
export class RecordSessionActivity extends SessionMessage<'RecordSessionActivity'> {
  readonly type = 'RecordSessionActivity';
}
export class StepUpSession extends SessionMessage<'StepUpSession'> {
  readonly type = 'StepUpSession';
}
export class EndSession extends SessionMessage<'EndSession'> {
  readonly type = 'EndSession';
}
export class SwitchActingContext extends SessionMessage<'SwitchActingContext'> {
  readonly type = 'SwitchActingContext';
}

@Injectable()
abstract class OnSession<M extends SessionMessage<SessionCommand['type']>> {
  constructor(private readonly streams: AggregateStreams) {}

  execute(message: M): Promise<SessionOutcome> {
    return this.streams.handle(sessionStream(message.sessionId), { type: message.type, data: message.data } as SessionCommand, session, message.context);
  }
}

@CommandHandler(StartSession)
export class StartSessionHandler extends OnSession<StartSession> {}
@CommandHandler(RefreshSession)
export class RefreshSessionHandler extends OnSession<RefreshSession> {}
@CommandHandler(RecordSessionActivity)
export class RecordSessionActivityHandler extends OnSession<RecordSessionActivity> {}
@CommandHandler(StepUpSession)
export class StepUpSessionHandler extends OnSession<StepUpSession> {}
@CommandHandler(EndSession)
export class EndSessionHandler extends OnSession<EndSession> {}
@CommandHandler(SwitchActingContext)
export class SwitchActingContextHandler extends OnSession<SwitchActingContext> {}

export const SESSION_COMMAND_HANDLERS = [StartSessionHandler, RefreshSessionHandler, RecordSessionActivityHandler, StepUpSessionHandler, EndSessionHandler, SwitchActingContextHandler];
