import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { AnalyticsController } from './api/analytics.controller';
import { AnalyticsResolver } from './api/analytics.resolver';
import { ANALYTICS_QUERY_HANDLERS, AnalyticsReader } from './application/analytics.queries';

/**
 * Analytics (#15): the order facts projection (in ANALYTICS_PROJECTIONS, read-side.ts), the county,
 * engineer and region rows summed from it, and the dashboards' queries over REST and GraphQL. See
 * README.md here.
 */
@Module({
  imports: [IdentityModule, TenancyModule],
  controllers: [AnalyticsController],
  providers: [...ANALYTICS_QUERY_HANDLERS, AnalyticsResolver],
  // Custom reports (backend/src/reports) compute their tables through the reader's public queries.
  exports: [AnalyticsReader],
})
export class AnalyticsModule {}
