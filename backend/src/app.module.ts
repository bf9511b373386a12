import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from './config/config';
import { roleRuns } from './config/config';
import { ConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { PlatformResolver } from './graphql/platform.resolver';
import { graphqlLimitRule, loadGraphqlLimits } from './graphql/graphql-limits';
import { ErrorBodyFilter } from './http/error-body.filter';
import { AccessGuard } from './http/access';
import { PlatformModule } from './platform/platform.module';
import { EventSourcingModule } from './event-sourcing/event-sourcing.module';
import { AdminModule } from './admin/admin.module';
import { IdentityModule } from './identity/identity.module';
import { BlobsModule } from './blobs/blobs.module';
import { TenancyModule } from './tenancy/tenancy.module';
import { CertificationModule } from './certification/certification.module';
import { DevicesModule } from './devices/devices.module';
import { WorkOrdersModule } from './work-orders/work-orders.module';
import { SlaModule } from './sla/sla.module';
import { DispatchModule } from './dispatch/dispatch.module';
import { BackupModule } from './backup/backup.module';
import { AuditIntegrityModule } from './audit/integrity/integrity.module';
import { ExpertHelpModule } from './expert-help/expert-help.module';
import { NotificationsModule } from './notifications/notifications.module';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { CommentsModule } from './comments/comments.module';
import { AppointmentsModule } from './appointments/appointments.module';
import { ReturnVisitsModule } from './return-visits/return-visits.module';
import { EvaluationsModule } from './evaluations/evaluations.module';
import { ExpertPayoutsModule } from './expert-payouts/expert-payouts.module';
import { InventoryModule } from './inventory/inventory.module';
import { PurchasingModule } from './purchasing/purchasing.module';
import { AuditTrailModule } from './audit/trail/audit-trail.module';
import { SettlementsModule } from './settlements/settlements.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { ExportsModule } from './exports/exports.module';
import { ReportsModule } from './reports/reports.module';
import { loggerOptions } from './platform/logging';

/** The composition root: which modules a process loads follows from its configuration and role. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const runs = roleRuns(config.role);
    const imports: DynamicModule['imports'] = [
      ConfigModule.forRoot(config),
      LoggerModule.forRoot(loggerOptions(config)),
      PlatformModule,
      EventSourcingModule,
      HealthModule,
      AdminModule,
      IdentityModule,
      BlobsModule,
      TenancyModule,
      CertificationModule,
      DevicesModule,
      WorkOrdersModule,
      SlaModule,
      DispatchModule,
      BackupModule,
      AuditIntegrityModule,
      ExpertHelpModule,
      NotificationsModule,
      KnowledgeModule,
      CommentsModule,
      AppointmentsModule,
      ReturnVisitsModule,
      InventoryModule,
      PurchasingModule,
      AuditTrailModule,
      SettlementsModule,
      EvaluationsModule,
      ExpertPayoutsModule,
      AnalyticsModule,
      ExportsModule,
      ReportsModule,
    ];
    const providers: Provider[] = [
      { provide: APP_FILTER, useClass: ErrorBodyFilter },
      // First guard of every route and field: refuses endpoints that declare no access.
      { provide: APP_GUARD, useClass: AccessGuard },
    ];
    if (runs.api) {
      imports.push(
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          sortSchema: true,
          path: '/graphql',
          graphiql: config.nodeEnv !== 'production',
          introspection: config.nodeEnv !== 'production',
          includeStacktraceInErrorResponses: config.nodeEnv === 'development',
          validationRules: [graphqlLimitRule(loadGraphqlLimits(process.env))],
        }),
      );
      providers.push(PlatformResolver);
    }
    return { module: AppModule, imports, providers };
  }
}
