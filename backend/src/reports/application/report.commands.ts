import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  report,
  reportPartyOf,
  reportStream,
  type Report,
  type ReportActor,
  type ReportCommand,
  type ReportDefinition,
  type ReportEvent,
  type ReportParty,
  type ReportSchedule,
} from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { scopedTo } from '../../tenancy/application/event-scope';
import type { MembershipsRow } from '../../tenancy/read-models/tenancy.projections';
import { operatorStaffRowId, type OperatorStaffRow } from '../../tenancy/read-models/operator-staff.projection';
import { partyScope } from './report-run.command';
import { ReportSchedules } from './report-schedules';

// ---- Saving, sharing, scheduling and deleting reports: one message and one thin handler each -------
// Every event of a report is filed under its owner's party alone (the enterprise, or exactly the node's
// region), which is what keeps a report inside that party. Schedules follow the stream: after a change
// the report's job schedule is set to what its state now says.

export type ReportOutcome = CommandResult<ReportEvent, Report>;

abstract class ReportMessage extends Command<ReportOutcome> {
  constructor(
    readonly reportId: string,
    readonly by: ReportActor,
    readonly at: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class CreateReport extends ReportMessage {
  constructor(reportId: string, readonly definition: ReportDefinition, by: ReportActor, at: string, context: CommandContext) {
    super(reportId, by, at, context);
  }
}
export class UpdateReport extends ReportMessage {
  constructor(reportId: string, readonly definition: ReportDefinition, by: ReportActor, at: string, context: CommandContext) {
    super(reportId, by, at, context);
  }
}
export class ShareReport extends ReportMessage {}
export class UnshareReport extends ReportMessage {}
export class ScheduleReport extends ReportMessage {
  constructor(reportId: string, readonly schedule: ReportSchedule, readonly recipients: readonly string[], by: ReportActor, at: string, context: CommandContext) {
    super(reportId, by, at, context);
  }
}
export class UnscheduleReport extends ReportMessage {}
export class DeleteReport extends ReportMessage {}

const asked = (m: ReportMessage) => ({ reportId: m.reportId, by: m.by, at: m.at });

/** Handles a report command, filed under the party of the report (or, when new, of its author). */
const handle = async (streams: AggregateStreams, m: ReportMessage, command: ReportCommand): Promise<ReportOutcome> => {
  const { state } = await streams.load(reportStream(m.reportId), report);
  const party = state.status === 'none' ? reportPartyOf(m.by.party) : state.party;
  const scope = party ? partyScope(party) : { tenants: [], regions: [] };
  return streams.handle(reportStream(m.reportId), command, report, scopedTo(m.context, scope.tenants, scope.regions));
};

@CommandHandler(CreateReport)
export class CreateReportHandler implements ICommandHandler<CreateReport, ReportOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(m: CreateReport) {
    return handle(this.streams, m, { type: 'CreateReport', data: { ...asked(m), definition: m.definition } });
  }
}

@CommandHandler(UpdateReport)
export class UpdateReportHandler implements ICommandHandler<UpdateReport, ReportOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(m: UpdateReport) {
    return handle(this.streams, m, { type: 'UpdateReport', data: { ...asked(m), definition: m.definition } });
  }
}

@CommandHandler(ShareReport)
export class ShareReportHandler implements ICommandHandler<ShareReport, ReportOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(m: ShareReport) {
    return handle(this.streams, m, { type: 'ShareReport', data: asked(m) });
  }
}

@CommandHandler(UnshareReport)
export class UnshareReportHandler implements ICommandHandler<UnshareReport, ReportOutcome> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(m: UnshareReport) {
    return handle(this.streams, m, { type: 'UnshareReport', data: asked(m) });
  }
}

@CommandHandler(ScheduleReport)
export class ScheduleReportHandler implements ICommandHandler<ScheduleReport, ReportOutcome> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly schedules: ReportSchedules,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  async execute(m: ScheduleReport) {
    const { state } = await this.streams.load(reportStream(m.reportId), report);
    const outsideParty = state.status === 'none' ? [] : await this.outside(m.recipients, state.party);
    const outcome = await handle(this.streams, m, { type: 'ScheduleReport', data: { ...asked(m), schedule: m.schedule, recipients: m.recipients, outsideParty } });
    await this.schedules.follow(outcome.state);
    return outcome;
  }

  /** Recipients who are neither active members of the enterprise nor on the staff of the node. */
  private async outside(userIds: readonly string[], party: ReportParty): Promise<string[]> {
    if (userIds.length === 0) return [];
    const inside =
      party.kind === 'enterprise'
        ? (await this.store.collection<MembershipsRow>('memberships').find({ $and: [{ _id: { $in: [...userIds] } }, visibleRows] }))
            .filter((r) => r.enterprises.some((e) => e.enterpriseId === party.id && e.status === 'active'))
            .map((r) => r._id)
        : (await this.store.collection<OperatorStaffRow>('operator_staff').find({ $and: [{ _id: { $in: userIds.map((u) => operatorStaffRowId(party.id, u)) } }, visibleRows] })).map((s) => s.userId);
    return userIds.filter((u) => !inside.includes(u));
  }
}

@CommandHandler(UnscheduleReport)
export class UnscheduleReportHandler implements ICommandHandler<UnscheduleReport, ReportOutcome> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly schedules: ReportSchedules,
  ) {}
  async execute(m: UnscheduleReport) {
    const outcome = await handle(this.streams, m, { type: 'UnscheduleReport', data: asked(m) });
    await this.schedules.follow(outcome.state);
    return outcome;
  }
}

@CommandHandler(DeleteReport)
export class DeleteReportHandler implements ICommandHandler<DeleteReport, ReportOutcome> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly schedules: ReportSchedules,
  ) {}
  async execute(m: DeleteReport) {
    const outcome = await handle(this.streams, m, { type: 'DeleteReport', data: asked(m) });
    await this.schedules.follow(outcome.state);
    return outcome;
  }
}

export const REPORT_COMMAND_HANDLERS = [
  CreateReportHandler,
  UpdateReportHandler,
  ShareReportHandler,
  UnshareReportHandler,
  ScheduleReportHandler,
  UnscheduleReportHandler,
  DeleteReportHandler,
];
