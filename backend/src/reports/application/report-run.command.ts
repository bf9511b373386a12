import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { reportRun, reportRunStream, type ReportParty, type ReportRunEvent, type ReportRunRecorded, type ReportRunState } from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { scopedTo } from '../../tenancy/application/event-scope';

/** Where a report's events are filed: its party alone (the enterprise, or exactly the node's region). */
export const partyScope = (party: ReportParty): { tenants: string[]; regions: string[] } =>
  party.kind === 'enterprise' ? { tenants: [party.id], regions: [] } : { tenants: [], regions: [party.regionCode] };

/** Records one run of a report for one person; the run id is derived from report, due time and person. */
export class RecordReportRun extends Command<CommandResult<ReportRunEvent, ReportRunState>> {
  constructor(
    readonly run: ReportRunRecorded['data'],
    readonly party: ReportParty,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordReportRun)
export class RecordReportRunHandler implements ICommandHandler<RecordReportRun> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(m: RecordReportRun) {
    const scope = partyScope(m.party);
    return this.streams.handle(reportRunStream(m.run.runId), { type: 'RecordReportRun', data: m.run }, reportRun, scopedTo(m.context, scope.tenants, scope.regions));
  }
}
