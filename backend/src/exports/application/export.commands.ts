import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  exportDecider,
  exportStream,
  type CompleteExport as CompleteExportCommand,
  type ExpireExport as ExpireExportCommand,
  type ExportEvent,
  type ExportState,
  type FailExport as FailExportCommand,
  type RecordExportProgress as RecordExportProgressCommand,
  type RequestExport as RequestExportCommand,
} from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';

// ---- The export's commands on the CommandBus: one message and one thin handler each ----------------

export type ExportOutcome = CommandResult<ExportEvent, ExportState>;

export class RequestExport extends Command<ExportOutcome> {
  constructor(
    readonly data: RequestExportCommand['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class RecordExportProgress extends Command<ExportOutcome> {
  constructor(
    readonly data: RecordExportProgressCommand['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class CompleteExport extends Command<ExportOutcome> {
  constructor(
    readonly data: CompleteExportCommand['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class FailExport extends Command<ExportOutcome> {
  constructor(
    readonly data: FailExportCommand['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class ExpireExport extends Command<ExportOutcome> {
  constructor(
    readonly data: ExpireExportCommand['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RequestExport)
export class RequestExportHandler implements ICommandHandler<RequestExport> {
  constructor(private readonly streams: AggregateStreams) {}
  execute({ data, context }: RequestExport) {
    return this.streams.handle(exportStream(data.exportId), { type: 'RequestExport', data }, exportDecider, context);
  }
}

@CommandHandler(RecordExportProgress)
export class RecordExportProgressHandler implements ICommandHandler<RecordExportProgress> {
  constructor(private readonly streams: AggregateStreams) {}
  execute({ data, context }: RecordExportProgress) {
    return this.streams.handle(exportStream(data.exportId), { type: 'RecordExportProgress', data }, exportDecider, context);
  }
}

@CommandHandler(CompleteExport)
export class CompleteExportHandler implements ICommandHandler<CompleteExport> {
  constructor(private readonly streams: AggregateStreams) {}
  execute({ data, context }: CompleteExport) {
    return this.streams.handle(exportStream(data.exportId), { type: 'CompleteExport', data }, exportDecider, context);
  }
}

@CommandHandler(FailExport)
export class FailExportHandler implements ICommandHandler<FailExport> {
  constructor(private readonly streams: AggregateStreams) {}
  execute({ data, context }: FailExport) {
    return this.streams.handle(exportStream(data.exportId), { type: 'FailExport', data }, exportDecider, context);
  }
}

@CommandHandler(ExpireExport)
export class ExpireExportHandler implements ICommandHandler<ExpireExport> {
  constructor(private readonly streams: AggregateStreams) {}
  execute({ data, context }: ExpireExport) {
    return this.streams.handle(exportStream(data.exportId), { type: 'ExpireExport', data }, exportDecider, context);
  }
}

export const EXPORT_COMMAND_HANDLERS = [RequestExportHandler, RecordExportProgressHandler, CompleteExportHandler, FailExportHandler, ExpireExportHandler];
