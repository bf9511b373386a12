import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { AnalyticsController } from './api/analytics.controller';
import { AnalyticsResolver } from './api/analytics.resolver';
import { ANALYTICS_QUERY_HANDLERS, AnalyticsReader } from './application/analytics.queries';
import { AnalyticsCostsController } from './api/analytics-costs.controller';
import { AnalyticsCostsResolver } from './api/analytics-costs.resolver';
import { ANALYTICS_COST_QUERY_HANDLERS } from './application/analytics-costs.queries';

/**
 * Analytics (#15): the order facts projection (in ANALYTICS_PROJECTIONS, read-side.ts), the county,
 * engineer and region rows summed from it, and the dashboards' queries over REST and GraphQL. See
 * README.md here.
 */
@Module({
  imports: [IdentityModule, TenancyModule],
  controllers: [AnalyticsController, AnalyticsCostsController],
  providers: [...ANALYTICS_QUERY_HANDLERS, AnalyticsResolver, ...ANALYTICS_COST_QUERY_HANDLERS, AnalyticsCostsResolver],
  // Custom reports (backend/src/reports) compute their tables through the reader's public queries.
  exports: [AnalyticsReader],
})
export class AnalyticsModule {}
