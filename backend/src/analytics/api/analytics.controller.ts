import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentActor, Permit, type Actor } from '../../tenancy/api/authorization';
import { GetAnalyticsBreakdown, GetAnalyticsOverview, GetAnalyticsSeries, GetEngineerPerformance } from '../application/analytics.queries';
import { AnalyticsBreakdownQueryDto, AnalyticsFilterInput, AnalyticsSeriesQueryDto, filtersOf } from './analytics.dto';

const METRICS =
  '{ requests, completed, cancelled, closed, firstTimeFixRate, reworkRate (0…1), responseP50, responseP90, repairP50, repairP90 (minutes, bucket bounds), slaCompliance (0…1), satisfaction, manufacturerSatisfaction (1…5), alarms, partsQuantity, partsValueFen } (null without data)';

/** The dashboards' numbers (AN-1…AN-5), in the caller's scope: the REST mirror of the GraphQL analytics queries. */
@ApiTags('analytics')
@Controller('api/v1/analytics')
export class AnalyticsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('overview')
  @Permit('report:read')
  @ApiOperation({ summary: 'Totals of the orders requested in the range, in my scope (an operator: its region or one inside it)' })
  @ApiOkResponse({ description: `{ regionCode, regionPath: [{ code, name }] (nation first), metrics: ${METRICS}, responseHistogram, repairHistogram }` })
  overview(@CurrentActor() actor: Actor, @Query() query: AnalyticsFilterInput) {
    return this.queries.execute(new GetAnalyticsOverview(actor, filtersOf(query)));
  }

  @Get('series')
  @Permit('report:read')
  @ApiOperation({ summary: 'One metric per day, ISO week (its Monday) or month of request' })
  @ApiOkResponse({ description: '{ items: [{ period, value, requests }] }' })
  async series(@CurrentActor() actor: Actor, @Query() query: AnalyticsSeriesQueryDto) {
    return { items: await this.queries.execute(new GetAnalyticsSeries(actor, query.metric, query.granularity ?? 'day', filtersOf(query))) };
  }

  @Get('breakdown')
  @Permit('report:read')
  @ApiOperation({ summary: 'One metric per region (the level below the one asked about), device type, fault type or enterprise' })
  @ApiOkResponse({ description: '{ items: [{ key, label, value, requests }] } (highest value first)' })
  async breakdown(@CurrentActor() actor: Actor, @Query() query: AnalyticsBreakdownQueryDto) {
    return { items: await this.queries.execute(new GetAnalyticsBreakdown(actor, query.dimension, query.metric, filtersOf(query))) };
  }

  @Get('engineers')
  @Permit('report:read')
  @ApiOperation({ summary: 'Workload and quality per engineer (STAFF-3): a provider its engineers, an engineer himself' })
  @ApiOkResponse({ description: `{ items: [{ engineerId, name, providerId, providerName, metrics: ${METRICS} }] }` })
  async engineers(@CurrentActor() actor: Actor, @Query() query: AnalyticsFilterInput) {
    return { items: await this.queries.execute(new GetEngineerPerformance(actor, filtersOf(query))) };
  }
}
