import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { GetEnterprise, GetOperatorNode, ListEnterprises, ListOperatorNodes, type Page } from '../read-models/tenancy.queries';
import { CurrentActor, Permit, type Actor } from './authorization';
import { EnterpriseReview } from './enterprise-review';

// ---- Tenancy over GraphQL: the same queries and review commands as REST, under the same guard ------

@ObjectType('OperatorNode')
class OperatorNodeType {
  @Field(() => ID) id!: string;
  @Field() divisionCode!: string;
  @Field() divisionName!: string;
  @Field() level!: string;
  @Field() name!: string;
  @Field() status!: string;
  @Field(() => String, { nullable: true }) parentNodeId!: string | null;
}

@ObjectType('OperatorNodePage')
class OperatorNodePage {
  @Field(() => [OperatorNodeType]) items!: OperatorNodeType[];
  @Field(() => Int) total!: number;
  @Field(() => Int) page!: number;
  @Field(() => Int) pageSize!: number;
}

@ObjectType('Enterprise')
class EnterpriseType {
  @Field(() => ID) id!: string;
  @Field() type!: string;
  @Field() name!: string;
  @Field() uscc!: string;
  @Field() status!: string;
  @Field() countyCode!: string;
  @Field() registeredAt!: string;
}

@ObjectType('EnterprisePage')
class EnterprisePage {
  @Field(() => [EnterpriseType]) items!: EnterpriseType[];
  @Field(() => Int) total!: number;
  @Field(() => Int) page!: number;
  @Field(() => Int) pageSize!: number;
}

@InputType()
export class PageInput {
  @Field(() => Int, { nullable: true, defaultValue: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;

  @Field(() => Int, { nullable: true, defaultValue: 20 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

@InputType()
export class EnterpriseFilter {
  @Field({ nullable: true })
  @IsOptional()
  @IsIn(['pending-review', 'approved', 'rejected'])
  status?: string;

  @Field({ nullable: true, description: 'Name contains' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  q?: string;
}

@InputType()
export class ReviewInput {
  @Field({ nullable: true, description: 'Required to reject; 1-500 characters' })
  @IsOptional()
  @IsString()
  @Matches(/^.{1,500}$/su, { message: 'opinion must be 1-500 characters' })
  opinion?: string;
}

const enterpriseOf = (row: Record<string, unknown>): EnterpriseType => ({
  id: String(row['id']),
  type: String(row['type']),
  name: String(row['name']),
  uscc: String(row['uscc']),
  status: String(row['status']),
  countyCode: String((row['address'] as { countyCode?: string } | undefined)?.countyCode ?? ''),
  registeredAt: String(row['registeredAt']),
});
const nodeOf = (row: Record<string, unknown>): OperatorNodeType => ({
  id: String(row['id']),
  divisionCode: String(row['divisionCode']),
  divisionName: String(row['divisionName']),
  level: String(row['level']),
  name: String(row['name']),
  status: String(row['status']),
  parentNodeId: (row['parentNodeId'] as string | null) ?? null,
});
const pageOf = <T>(page: Page<Record<string, unknown>>, view: (r: Record<string, unknown>) => T) => ({ ...page, items: page.items.map(view) });

@Resolver()
export class TenancyResolver {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
    private readonly review: EnterpriseReview,
  ) {}

  @Query(() => OperatorNodePage, { description: 'Operator nodes in my jurisdiction (operator-node:read)' })
  @Permit('operator-node:read')
  async operatorNodes(@CurrentActor() actor: Actor, @Args('page', { nullable: true }) page?: PageInput) {
    return pageOf(await this.queries.execute(new ListOperatorNodes(actor, { page: page?.page ?? 1, pageSize: page?.pageSize ?? 20 })), nodeOf);
  }

  @Query(() => OperatorNodeType, { description: 'One operator node in my jurisdiction; outside it NOT_FOUND' })
  @Permit('operator-node:read')
  async operatorNode(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return nodeOf(await this.queries.execute(new GetOperatorNode(actor, id)));
  }

  @Query(() => EnterprisePage, { description: 'Enterprises in my scope (enterprise:read)' })
  @Permit('enterprise:read')
  async enterprises(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: EnterpriseFilter, @Args('page', { nullable: true }) page?: PageInput) {
    const query = { ...(filter?.status ? { status: filter.status } : {}), ...(filter?.q ? { q: filter.q } : {}), page: page?.page ?? 1, pageSize: page?.pageSize ?? 20 };
    return pageOf(await this.queries.execute(new ListEnterprises(actor, query)), enterpriseOf);
  }

  @Query(() => EnterpriseType, { description: 'One enterprise in my scope; outside it NOT_FOUND' })
  @Permit('enterprise:read')
  async enterprise(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return enterpriseOf(await this.queries.execute(new GetEnterprise(actor, id)));
  }

  @Mutation(() => EnterpriseType, { description: 'Approve a pending enterprise of my jurisdiction (enterprise:review)' })
  @Permit('enterprise:review')
  async approveEnterprise(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Client() client: ClientCommand,
    @Args('review', { nullable: true }) review?: ReviewInput,
    @Args('commandId', { nullable: true, description: 'Client-chosen id of this request (8-128 of A-Z a-z 0-9 . _ : -)' }) _commandId?: string,
  ) {
    return enterpriseOf(await this.review.decide(actor, id, { outcome: 'approve', ...(review?.opinion ? { opinion: review.opinion } : {}) }, client));
  }

  @Mutation(() => EnterpriseType, { description: 'Reject a pending enterprise of my jurisdiction with an opinion (enterprise:review)' })
  @Permit('enterprise:review')
  async rejectEnterprise(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('review') review: ReviewInput,
    @Client() client: ClientCommand,
    @Args('commandId', { nullable: true, description: 'Client-chosen id of this request (8-128 of A-Z a-z 0-9 . _ : -)' }) _commandId?: string,
  ) {
    return enterpriseOf(await this.review.decide(actor, id, { outcome: 'reject', opinion: review.opinion ?? '' }, client));
  }
}
