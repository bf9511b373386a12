import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { ReadModelStore } from '@kuaige/projections';
import { AnalyticsModule } from '../analytics/analytics.module';
import { AnalyticsReader } from '../analytics/application/analytics.queries';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { IdentityModule } from '../identity/identity.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { ExportsController } from './api/exports.controller';
import { EXPORT_COMMAND_HANDLERS } from './application/export.commands';
import { EXPORT_SETTINGS, ExportJobs, exportSettings } from './application/export-jobs';
import { ExportLive } from './application/export-live';
import { ExportSources } from './export-source';
import { analyticsBreakdownExportSource } from './sources/analytics-breakdown.export-source';
import { analyticsEngineersExportSource } from './sources/analytics-engineers.export-source';
import { workOrdersExportSource } from './sources/work-orders.export-source';

/**
 * Exports as jobs (#15 item 5): the registry of export kinds (ExportSources, exported for features to
 * register theirs), the jobs that write the files, their progress live, and the files kept for a set
 * time. Projection: EXPORTS_PROJECTIONS (read-side.ts). README.md here.
 */
@Module({
  imports: [IdentityModule, TenancyModule, AnalyticsModule],
  controllers: [ExportsController],
  providers: [
    ExportSources,
    ExportJobs,
    ExportLive,
    ...EXPORT_COMMAND_HANDLERS,
    { provide: EXPORT_SETTINGS, useFactory: (config: AppConfig) => exportSettings(config), inject: [APP_CONFIG] },
  ],
  exports: [ExportSources],
})
export class ExportsModule implements OnModuleInit {
  constructor(
    private readonly sources: ExportSources,
    private readonly analytics: AnalyticsReader,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  onModuleInit(): void {
    this.sources.register(workOrdersExportSource(this.store));
    this.sources.register(analyticsBreakdownExportSource(this.analytics));
    this.sources.register(analyticsEngineersExportSource(this.analytics));
  }
}
