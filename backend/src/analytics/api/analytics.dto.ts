import { Field, InputType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, Validate, ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import { ANALYTICS_METRICS, DEVICE_TYPES, FAULT_TYPES } from '@kuaige/domain';
import { ANALYTICS_DIMENSIONS, ANALYTICS_GRANULARITIES, type AnalyticsFilters } from '../application/analytics.queries';

// ---- The dashboards' filters, over REST (query string) and GraphQL (input) alike -----------------

@ValidatorConstraint({ name: 'day' })
export class IsCalendarDay implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    const midnight = Date.parse(`${value}T00:00:00Z`);
    return Number.isFinite(midnight) && new Date(midnight).toISOString().slice(0, 10) === value;
  }
  defaultMessage(): string {
    return '$property must be a calendar day YYYY-MM-DD';
  }
}

@ValidatorConstraint({ name: 'range' })
export class NotBeforeFrom implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const from = (args.object as { from?: unknown }).from;
    return typeof from !== 'string' || typeof value !== 'string' || from <= value;
  }
  defaultMessage(): string {
    return 'to must not be before from';
  }
}

@InputType()
export class AnalyticsFilterInput implements AnalyticsFilters {
  @Field(() => String, { nullable: true, description: 'First China calendar day, YYYY-MM-DD' })
  @ApiPropertyOptional({ description: 'First China calendar day, YYYY-MM-DD (request day of the orders)' })
  @IsOptional()
  @Validate(IsCalendarDay)
  from?: string;

  @Field(() => String, { nullable: true, description: 'Last China calendar day, YYYY-MM-DD (included)' })
  @ApiPropertyOptional({ description: 'Last China calendar day, YYYY-MM-DD (included)' })
  @IsOptional()
  @Validate(IsCalendarDay)
  @Validate(NotBeforeFrom)
  to?: string;

  @Field(() => String, { nullable: true, description: "GB/T 2260 code: 'CN', a province (2 digits), a city (4) or a county (6)" })
  @ApiPropertyOptional({ description: "GB/T 2260 code: 'CN', a province (2 digits), a city (4) or a county (6); operators default to their own" })
  @IsOptional()
  @Matches(/^(CN|\d{2}|\d{4}|\d{6})$/, { message: 'regionCode must be CN or a 2, 4 or 6 digit division code' })
  regionCode?: string;

  @Field(() => String, { nullable: true, description: 'Orders this enterprise is a party to' })
  @ApiPropertyOptional({ description: 'Orders this enterprise is a party to (requester, owner, manufacturer or provider)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'enterpriseId must be 1-64 letters, digits, . _ or -' })
  enterpriseId?: string;

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ enum: Object.keys(DEVICE_TYPES) })
  @IsOptional()
  @IsIn(Object.keys(DEVICE_TYPES))
  deviceType?: string;

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ enum: Object.keys(FAULT_TYPES) })
  @IsOptional()
  @IsIn(Object.keys(FAULT_TYPES))
  faultType?: string;
}

export class AnalyticsSeriesQueryDto extends AnalyticsFilterInput {
  @ApiProperty({ enum: ANALYTICS_METRICS })
  @IsIn([...ANALYTICS_METRICS])
  metric!: (typeof ANALYTICS_METRICS)[number];

  @ApiPropertyOptional({ enum: ANALYTICS_GRANULARITIES, default: 'day' })
  @IsOptional()
  @IsIn([...ANALYTICS_GRANULARITIES])
  granularity?: (typeof ANALYTICS_GRANULARITIES)[number];
}

export class AnalyticsBreakdownQueryDto extends AnalyticsFilterInput {
  @ApiProperty({ enum: ANALYTICS_DIMENSIONS })
  @IsIn([...ANALYTICS_DIMENSIONS])
  dimension!: (typeof ANALYTICS_DIMENSIONS)[number];

  @ApiProperty({ enum: ANALYTICS_METRICS })
  @IsIn([...ANALYTICS_METRICS])
  metric!: (typeof ANALYTICS_METRICS)[number];
}

/** The filters as the queries take them: absent fields left out (GraphQL hands nulls). */
export const filtersOf = (input: AnalyticsFilterInput | null | undefined): AnalyticsFilters => {
  const { from, to, regionCode, enterpriseId, deviceType, faultType } = input ?? {};
  return Object.fromEntries(Object.entries({ from, to, regionCode, enterpriseId, deviceType, faultType }).filter(([, v]) => typeof v === 'string')) as AnalyticsFilters;
};
