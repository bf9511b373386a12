import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { ExportSources } from '../exports/export-source';
import { ExportsModule } from '../exports/exports.module';
import { IdentityModule } from '../identity/identity.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { AnalyticsModule } from '../analytics/analytics.module';
import { ReportsController } from './api/reports.controller';
import { ReportsResolver } from './api/reports.resolver';
import { CustomReportExport } from './application/custom-report.export';
import { REPORT_COMMAND_HANDLERS } from './application/report.commands';
import { RecordReportRunHandler } from './application/report-run.command';
import { ReportSchedules } from './application/report-schedules';
import { ReportTables } from './application/report-tables';
import { REPORT_QUERY_HANDLERS } from './read-models/report.queries';

/**
 * Custom reports (#15 item 4): saved definitions over the analytics, shared inside the owner's party,
 * run in the runner's scope, scheduled (reports.run jobs), exported (kind custom-report). Projections:
 * REPORTS_PROJECTIONS (read-side.ts). README.md here.
 */
@Module({
  imports: [IdentityModule, TenancyModule, AnalyticsModule, ExportsModule],
  controllers: [ReportsController],
  providers: [
    ReportTables,
    ReportSchedules,
    CustomReportExport,
    ReportsResolver,
    RecordReportRunHandler,
    ...REPORT_COMMAND_HANDLERS,
    ...REPORT_QUERY_HANDLERS,
  ],
  exports: [ReportSchedules, CustomReportExport],
})
export class ReportsModule implements OnApplicationBootstrap {
  constructor(
    private readonly schedules: ReportSchedules,
    private readonly exportSource: CustomReportExport,
    private readonly exports: ExportSources,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.exports.register(this.exportSource);
    await this.schedules.install();
  }
}
