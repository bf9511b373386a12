import { QueryBus } from '@nestjs/cqrs';
import { Args, Field, ID, InputType, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, Validate } from 'class-validator';
import { DEVICE_TYPES, FAULT_TYPES, PRIORITIES, WORK_ORDER_STATUSES } from '@kuaige/domain';
import { CurrentActor, Permit, type Actor } from '../../tenancy/api/authorization';
import { PageInput } from '../../tenancy/api/tenancy.resolver';
import { IsDateOrInstant } from './work-orders.dto';
import { GetWorkOrder, ListWorkOrders, WORK_ORDER_QUEUES, WORK_ORDER_SORTS, type Page, type TimelineEntry } from '../read-models/work-order.queries';

// ---- Work orders over GraphQL: the same list and detail queries as REST, under the same guard ------

@ObjectType('WorkOrderTimelineEntry')
class TimelineEntryType {
  @Field() type!: string;
  @Field() at!: string;
  @Field() byUserId!: string;
  @Field(() => String, { nullable: true }) byEnterpriseId!: string | null;
  @Field(() => String, { nullable: true }) byOperatorNodeId!: string | null;
  @Field() summary!: string;
}

@ObjectType('WorkOrder')
class WorkOrderType {
  @Field(() => ID) id!: string;
  @Field() number!: string;
  @Field() status!: string;
  @Field() priority!: string;
  @Field() paused!: boolean;
  @Field() deviceId!: string;
  @Field() deviceName!: string;
  @Field() deviceType!: string;
  @Field() faultType!: string;
  @Field() faultSummary!: string;
  @Field() countyCode!: string;
  @Field() requesterId!: string;
  @Field(() => String, { nullable: true }) ownerId!: string | null;
  @Field(() => String, { nullable: true }) manufacturerId!: string | null;
  @Field(() => String, { nullable: true }) providerId!: string | null;
  @Field(() => String, { nullable: true }) assigneeId!: string | null;
  @Field() submittedAt!: string;
  @Field() updatedAt!: string;
  @Field(() => String, { nullable: true }) dispatchedAt!: string | null;
  @Field(() => String, { nullable: true }) completedAt!: string | null;
  @Field(() => String, { nullable: true }) closedAt!: string | null;
  @Field(() => Int, { nullable: true }) userScore!: number | null;
  @Field(() => Int, { nullable: true }) manufacturerScore!: number | null;
  @Field(() => [TimelineEntryType], { nullable: true, description: 'Only on workOrder(id)' }) timeline!: TimelineEntryType[] | null;
}

@ObjectType('WorkOrderPage')
class WorkOrderPage {
  @Field(() => [WorkOrderType]) items!: WorkOrderType[];
  @Field(() => Int, { description: 'Exact up to 10,000 matches; beyond that a lower bound (totalExact false)' }) total!: number;
  @Field(() => Boolean) totalExact!: boolean;
  @Field(() => Int) page!: number;
  @Field(() => Int) pageSize!: number;
}

@InputType()
export class WorkOrderFilter {
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(WORK_ORDER_STATUSES.length)
  @IsIn([...WORK_ORDER_STATUSES], { each: true })
  status?: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(Object.keys(PRIORITIES))
  priority?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(Object.keys(DEVICE_TYPES))
  deviceType?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(Object.keys(FAULT_TYPES))
  faultType?: string;

  @Field(() => String, { nullable: true, description: 'Division code' })
  @IsOptional()
  @Matches(/^(CN|\d{2}|\d{4}|\d{6})$/)
  region?: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD (China) or ISO instant' })
  @IsOptional()
  @Validate(IsDateOrInstant)
  from?: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD (China, included) or ISO instant' })
  @IsOptional()
  @Validate(IsDateOrInstant)
  to?: string;

  @Field(() => String, { nullable: true, description: 'Text in the fault description' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  q?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  deviceId?: string;

  @Field(() => String, { nullable: true, description: WORK_ORDER_QUEUES.join(' | ') })
  @IsOptional()
  @IsIn([...WORK_ORDER_QUEUES])
  queue?: (typeof WORK_ORDER_QUEUES)[number];

  @Field(() => String, { nullable: true, description: 'A field, `-` first for descending (default -submittedAt)' })
  @IsOptional()
  @IsIn(WORK_ORDER_SORTS.flatMap((s) => [s, `-${s}`]))
  sort?: string;
}

const workOrderOf = (row: Record<string, unknown>): WorkOrderType => {
  const timeline = row['timeline'] as TimelineEntry[] | undefined;
  return {
    ...(row as unknown as WorkOrderType),
    timeline: timeline
      ? timeline.map((e) => ({ type: e.type, at: e.at, byUserId: e.by.userId, byEnterpriseId: e.by.enterpriseId, byOperatorNodeId: e.by.operatorNodeId, summary: e.summary }))
      : null,
  };
};

@Resolver()
export class WorkOrdersResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => WorkOrderPage, { description: 'Work orders in my scope (work-order:read)' })
  @Permit('work-order:read')
  async workOrders(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: WorkOrderFilter, @Args('page', { nullable: true }) page?: PageInput) {
    const result: Page<Record<string, unknown>> = await this.queries.execute(
      new ListWorkOrders(actor, { ...Object.fromEntries(Object.entries(filter ?? {}).filter(([, v]) => v !== undefined && v !== null)), page: page?.page ?? 1, pageSize: page?.pageSize ?? 20 }),
    );
    return { ...result, items: result.items.map(workOrderOf) };
  }

  @Query(() => WorkOrderType, { description: 'One work order in my scope, with its timeline; outside it NOT_FOUND' })
  @Permit('work-order:read')
  async workOrder(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return workOrderOf(await this.queries.execute(new GetWorkOrder(actor, id)));
  }
}
