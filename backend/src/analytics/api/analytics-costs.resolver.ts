import { QueryBus } from '@nestjs/cqrs';
import { Args, ArgsType, Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, ValidateNested } from 'class-validator';
import type { CostTotal } from '@kuaige/domain';
import { CurrentActor, Permit, type Actor } from '../../tenancy/api/authorization';
import { GetAnalyticsCosts } from '../application/analytics-costs.queries';
import { ANALYTICS_GRANULARITIES, type AnalyticsGranularity } from '../application/analytics.queries';
import { AnalyticsFilterInput, filtersOf } from './analytics.dto';

// ---- Cost analytics over GraphQL: the same query as REST, under the same guard (report:read) ------

@ObjectType('AnalyticsCostTotals', { description: 'Integer fen and counts; null where the reader’s side does not show it' })
class CostTotalsType implements Record<CostTotal, number | null> {
  @Field(() => Int, { nullable: true }) settlements!: number | null;
  @Field(() => Int, { nullable: true }) cancelled!: number | null;
  @Field(() => Int, { nullable: true }) disputes!: number | null;
  // Fen can pass 2^31 over a province and a year: GraphQL's Int is 32-bit, so money travels as Float (whole numbers).
  @Field(() => Number, { nullable: true }) chargedFen!: number | null;
  @Field(() => Number, { nullable: true }) labourFen!: number | null;
  @Field(() => Number, { nullable: true }) travelFen!: number | null;
  @Field(() => Number, { nullable: true }) partsFen!: number | null;
  @Field(() => Number, { nullable: true }) expertFen!: number | null;
  @Field(() => Number, { nullable: true }) platformFeeFen!: number | null;
  @Field(() => Number, { nullable: true }) warrantyFen!: number | null;
  @Field(() => Number, { nullable: true }) earnedFen!: number | null;
  @Field(() => Number, { nullable: true }) paidFen!: number | null;
  @Field(() => Number, { nullable: true }) outstandingFen!: number | null;
  @Field(() => Number, { nullable: true }) cancelledFen!: number | null;
  @Field(() => Number, { nullable: true }) averageFen!: number | null;
}

@ObjectType('AnalyticsCostPeriod')
class CostPeriodType {
  @Field() period!: string;
  @Field(() => CostTotalsType) totals!: CostTotalsType;
}

@ObjectType('AnalyticsCostItem')
class CostItemType {
  @Field() key!: string;
  @Field() label!: string;
  @Field(() => CostTotalsType) totals!: CostTotalsType;
}

@ObjectType('AnalyticsCostRegion')
class CostRegionType {
  @Field() code!: string;
  @Field() name!: string;
}

@ObjectType('AnalyticsCosts')
class AnalyticsCostsType {
  @Field(() => String, { nullable: true }) regionCode!: string | null;
  @Field(() => [CostRegionType]) regionPath!: CostRegionType[];
  @Field(() => CostTotalsType) totals!: CostTotalsType;
  @Field(() => [CostPeriodType]) trend!: CostPeriodType[];
  @Field(() => [CostItemType]) byDeviceType!: CostItemType[];
  @Field(() => [CostItemType]) byFaultType!: CostItemType[];
  @Field(() => [CostItemType]) byProvider!: CostItemType[];
}

@ArgsType()
class CostsArgs {
  @Field(() => String, { description: ANALYTICS_GRANULARITIES.join(' | '), defaultValue: 'day' })
  @IsIn([...ANALYTICS_GRANULARITIES])
  granularity!: AnalyticsGranularity;

  @Field(() => AnalyticsFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AnalyticsFilterInput)
  filters?: AnalyticsFilterInput;
}

@Resolver()
export class AnalyticsCostsResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => AnalyticsCostsType, { description: 'Settlement costs in my scope: totals, trend, per device type, fault type and provider (report:read)' })
  @Permit('report:read')
  analyticsCosts(@CurrentActor() actor: Actor, @Args() args: CostsArgs) {
    return this.queries.execute(new GetAnalyticsCosts(actor, args.granularity, filtersOf(args.filters)));
  }
}
