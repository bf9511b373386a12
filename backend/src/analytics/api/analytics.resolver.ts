import { QueryBus } from '@nestjs/cqrs';
import { Args, ArgsType, Field, Float, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, ValidateNested } from 'class-validator';
import { ANALYTICS_METRICS, type AnalyticsMetric } from '@kuaige/domain';
import { CurrentActor, Permit, type Actor } from '../../tenancy/api/authorization';
import {
  ANALYTICS_DIMENSIONS,
  ANALYTICS_GRANULARITIES,
  GetAnalyticsBreakdown,
  GetAnalyticsOverview,
  GetAnalyticsSeries,
  GetEngineerPerformance,
  type AnalyticsDimension,
  type AnalyticsGranularity,
} from '../application/analytics.queries';
import { AnalyticsFilterInput, filtersOf } from './analytics.dto';

// ---- Analytics over GraphQL: the same queries as REST, under the same guard (report:read) --------

@ObjectType('AnalyticsMetrics', { description: 'Rates 0…1, durations in minutes (bucket bounds), scores 1…5, money in fen; null without data' })
class AnalyticsMetricsType implements Record<AnalyticsMetric, number | null> {
  @Field(() => Int, { nullable: true }) requests!: number | null;
  @Field(() => Int, { nullable: true }) completed!: number | null;
  @Field(() => Int, { nullable: true }) cancelled!: number | null;
  @Field(() => Int, { nullable: true }) closed!: number | null;
  @Field(() => Float, { nullable: true }) firstTimeFixRate!: number | null;
  @Field(() => Float, { nullable: true }) reworkRate!: number | null;
  @Field(() => Float, { nullable: true }) responseP50!: number | null;
  @Field(() => Float, { nullable: true }) responseP90!: number | null;
  @Field(() => Float, { nullable: true }) repairP50!: number | null;
  @Field(() => Float, { nullable: true }) repairP90!: number | null;
  @Field(() => Float, { nullable: true }) slaCompliance!: number | null;
  @Field(() => Float, { nullable: true }) satisfaction!: number | null;
  @Field(() => Float, { nullable: true }) manufacturerSatisfaction!: number | null;
  @Field(() => Int, { nullable: true }) alarms!: number | null;
  @Field(() => Int, { nullable: true }) partsQuantity!: number | null;
  @Field(() => Float, { nullable: true }) partsValueFen!: number | null;
}

@ObjectType('AnalyticsRegion')
class AnalyticsRegionType {
  @Field() code!: string;
  @Field() name!: string;
}

@ObjectType('AnalyticsOverview')
class AnalyticsOverviewType {
  @Field(() => String, { nullable: true }) regionCode!: string | null;
  @Field(() => [AnalyticsRegionType], { description: 'The region and its ancestors, the nation first' }) regionPath!: AnalyticsRegionType[];
  @Field(() => AnalyticsMetricsType) metrics!: AnalyticsMetricsType;
  @Field(() => [Int]) responseHistogram!: number[];
  @Field(() => [Int]) repairHistogram!: number[];
}

@ObjectType('AnalyticsSeriesPoint')
class SeriesPointType {
  @Field() period!: string;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => Int) requests!: number;
}

@ObjectType('AnalyticsBreakdownItem')
class BreakdownItemType {
  @Field() key!: string;
  @Field() label!: string;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => Int) requests!: number;
}

@ObjectType('EngineerPerformance')
class EngineerPerformanceType {
  @Field() engineerId!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) providerId!: string | null;
  @Field(() => String, { nullable: true }) providerName!: string | null;
  @Field(() => AnalyticsMetricsType) metrics!: AnalyticsMetricsType;
}

@ArgsType()
class SeriesArgs {
  @Field(() => String, { description: ANALYTICS_METRICS.join(' | ') })
  @IsIn([...ANALYTICS_METRICS])
  metric!: AnalyticsMetric;

  @Field(() => String, { description: ANALYTICS_GRANULARITIES.join(' | '), defaultValue: 'day' })
  @IsIn([...ANALYTICS_GRANULARITIES])
  granularity!: AnalyticsGranularity;

  @Field(() => AnalyticsFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AnalyticsFilterInput)
  filters?: AnalyticsFilterInput;
}

@ArgsType()
class BreakdownArgs {
  @Field(() => String, { description: ANALYTICS_DIMENSIONS.join(' | ') })
  @IsIn([...ANALYTICS_DIMENSIONS])
  dimension!: AnalyticsDimension;

  @Field(() => String, { description: ANALYTICS_METRICS.join(' | ') })
  @IsIn([...ANALYTICS_METRICS])
  metric!: AnalyticsMetric;

  @Field(() => AnalyticsFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AnalyticsFilterInput)
  filters?: AnalyticsFilterInput;
}

@Resolver()
export class AnalyticsResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => AnalyticsOverviewType, { description: 'Totals in my scope (report:read)' })
  @Permit('report:read')
  analyticsOverview(@CurrentActor() actor: Actor, @Args('filters', { type: () => AnalyticsFilterInput, nullable: true }) filters?: AnalyticsFilterInput) {
    return this.queries.execute(new GetAnalyticsOverview(actor, filtersOf(filters)));
  }

  @Query(() => [SeriesPointType], { description: 'One metric per day, week or month of request (report:read)' })
  @Permit('report:read')
  analyticsSeries(@CurrentActor() actor: Actor, @Args() args: SeriesArgs) {
    return this.queries.execute(new GetAnalyticsSeries(actor, args.metric, args.granularity, filtersOf(args.filters)));
  }

  @Query(() => [BreakdownItemType], { description: 'One metric per region, device type, fault type or enterprise (report:read)' })
  @Permit('report:read')
  analyticsBreakdown(@CurrentActor() actor: Actor, @Args() args: BreakdownArgs) {
    return this.queries.execute(new GetAnalyticsBreakdown(actor, args.dimension, args.metric, filtersOf(args.filters)));
  }

  @Query(() => [EngineerPerformanceType], { description: 'Workload and quality per engineer in my scope (report:read)' })
  @Permit('report:read')
  analyticsEngineers(@CurrentActor() actor: Actor, @Args('filters', { type: () => AnalyticsFilterInput, nullable: true }) filters?: AnalyticsFilterInput) {
    return this.queries.execute(new GetEngineerPerformance(actor, filtersOf(filters)));
  }
}
