import { QueryBus } from '@nestjs/cqrs';
import { Args, ArgsType, Field, Float, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { ReportTable } from '@kuaige/domain';
import { CurrentActor, Permit, type Actor } from '../../tenancy/api/authorization';
import { GetReportResult, GetReports, type ReportView } from '../read-models/report.queries';

// ---- Reports over GraphQL: the list and a report's table, through the same queries as REST -------------

@ObjectType('ReportSummary')
class ReportSummaryType {
  @Field() id!: string;
  @Field() name!: string;
  @Field() description!: string;
  @Field() ownerId!: string;
  @Field(() => String, { nullable: true }) ownerName!: string | null;
  @Field({ description: 'private | shared' }) visibility!: string;
  @Field({ description: 'The rows’ dimension' }) rows!: string;
  @Field(() => String, { nullable: true, description: 'The dimension across, or a time granularity' }) columns!: string | null;
  @Field(() => [String]) measures!: string[];
  @Field({ description: 'table | bar | line | pie' }) chart!: string;
  @Field({ description: 'Whether it runs on a schedule' }) scheduled!: boolean;
  @Field() updatedAt!: string;
  @Field() mine!: boolean;
  @Field() editable!: boolean;
}

@ObjectType('ReportPage')
class ReportPageType {
  @Field(() => [ReportSummaryType]) items!: ReportSummaryType[];
  @Field(() => Int) total!: number;
  @Field(() => Int) page!: number;
  @Field(() => Int) pageSize!: number;
}

@ObjectType('ReportColumn')
class ReportColumnType {
  @Field() key!: string;
  @Field() label!: string;
  @Field({ description: 'dimension | measure' }) kind!: string;
  @Field(() => String, { nullable: true }) measure!: string | null;
  @Field(() => String, { nullable: true }) split!: string | null;
}

@ObjectType('ReportRow')
class ReportRowType {
  @Field() key!: string;
  @Field() label!: string;
  @Field(() => [Float], { nullable: 'items', description: 'One value per measure column, in the columns’ order' }) values!: (number | null)[];
}

@ObjectType('ReportTable')
class ReportTableType {
  @Field(() => [ReportColumnType]) columns!: ReportColumnType[];
  @Field(() => [ReportRowType]) rows!: ReportRowType[];
  @Field(() => [Float], { nullable: 'items', description: 'Totals per measure column, in the columns’ order' }) totals!: (number | null)[];
}

@ArgsType()
class ReportsArgs {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  q?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  page?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

@ArgsType()
class ReportResultArgs {
  @Field()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'id must be a report id' })
  id!: string;
}

const summaryOf = (v: ReportView): ReportSummaryType => ({
  id: v.id,
  name: v.name,
  description: v.description,
  ownerId: v.ownerId,
  ownerName: v.ownerName,
  visibility: v.visibility,
  rows: v.definition.rows,
  columns: v.definition.columns,
  measures: [...v.definition.measures],
  chart: v.definition.chart,
  scheduled: v.schedule !== null,
  updatedAt: v.updatedAt,
  mine: v.mine,
  editable: v.editable,
});

const tableOf = (t: ReportTable): ReportTableType => {
  const measures = t.columns.filter((c) => c.kind === 'measure');
  const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  return {
    columns: t.columns.map((c) => ({ key: c.key, label: c.label, kind: c.kind, measure: c.measure ?? null, split: c.split ?? null })),
    rows: t.rows.map((r) => ({ key: String(r['key'] ?? ''), label: String(r['label'] ?? ''), values: measures.map((c) => num(r[c.key])) })),
    totals: measures.map((c) => t.totals[c.key] ?? null),
  };
};

@Resolver()
export class ReportsResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => ReportPageType, { description: 'My reports and those shared with me (report:read)' })
  @Permit('report:read')
  async reports(@CurrentActor() actor: Actor, @Args() args: ReportsArgs): Promise<ReportPageType> {
    const page = await this.queries.execute(new GetReports(actor, args));
    return { ...page, items: page.items.map(summaryOf) };
  }

  @Query(() => ReportTableType, { description: 'A report run now in my own scope (report:read)' })
  @Permit('report:read')
  async reportResult(@CurrentActor() actor: Actor, @Args() args: ReportResultArgs): Promise<ReportTableType> {
    return tableOf(await this.queries.execute(new GetReportResult(actor, args.id, 'zh-CN')));
  }
}
