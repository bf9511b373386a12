import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { CurrentCaller } from '../../identity/api/caller';
import { Authenticated } from '../../identity/api/guards';
import type { Caller } from '../../identity/application/session-control';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { RegisterEnterprise, ResubmitEnterprise } from '../application/enterprise.commands';
import { EnterpriseReview } from './enterprise-review';
import { EnterpriseDirectory, GetEnterprise, ListEnterprises } from '../read-models/tenancy.queries';
import { CurrentActor, inScope, Permit, type Actor } from './authorization';
import { actingContext } from './command-contexts';
import { DirectoryQueryDto, EnterpriseListQueryDto, EnterpriseSubmissionDto, RegisterEnterpriseDto, RejectDto, ReviewDto } from './tenancy.dto';

const PROJECTIONS = ['enterprises', 'memberships'];

/** /api/v1/enterprises: registration, review by the city operator of the jurisdiction, lists in scope (ORG-1…ORG-4). */
@ApiTags('tenancy')
@Controller('api/v1/enterprises')
export class EnterprisesController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
    private readonly review: EnterpriseReview,
  ) {}

  @Post()
  @Authenticated()
  @ApiOperation({ summary: 'Register an enterprise; I become its first admin, and it waits for review by the city operator of its county' })
  @ApiCreatedResponse({ description: '{ id, status: "pending-review", ... } — switch to it with POST /api/v1/me/context' })
  async register(@CurrentCaller() caller: Caller, @Body() dto: RegisterEnterpriseDto, @Client() client: ClientCommand) {
    const enterpriseId = client.idOf('enterprise');
    const now = this.clock.now();
    await this.commands.execute(
      new RegisterEnterprise(
        enterpriseId,
        {
          type: dto.type,
          name: dto.name,
          uscc: dto.uscc.toUpperCase(),
          address: { countyCode: dto.address.countyCode, line: dto.address.line },
          licence: { blobId: dto.licence.blobId, mediaType: dto.licence.mediaType, size: dto.licence.size },
          parentEnterpriseId: dto.parentEnterpriseId ?? null,
          registrantUserId: caller.userId,
          at: now.toISOString(),
        },
        actingContext(client, 'register-enterprise', caller, now),
      ),
    );
    await this.freshness.caughtUp(PROJECTIONS);
    const row = await this.store.collection('enterprises').findOne({ $and: [{ _id: enterpriseId }, visibleRows] });
    const { scope: _scope, _id, ...rest } = row ?? { _id: enterpriseId };
    return { id: enterpriseId, ...rest };
  }

  @Get('directory')
  @Authenticated()
  @ApiOperation({ summary: 'Find an approved enterprise to join, by name (names and types only)' })
  @ApiOkResponse({ description: '{ items: [{ id, name, type }] } (at most 20)' })
  async directory(@Query() query: DirectoryQueryDto) {
    await this.freshness.caughtUp(['enterprises']);
    return this.queries.execute(new EnterpriseDirectory(query.q));
  }

  @Get()
  @Permit('enterprise:read')
  @ApiOperation({ summary: 'Enterprises in my scope: mine as a member, those of my jurisdiction as an operator (the review queue: ?status=pending-review)' })
  @ApiOkResponse({ description: '{ items, total, page, pageSize }' })
  async list(@CurrentActor() actor: Actor, @Query() query: EnterpriseListQueryDto) {
    await this.freshness.caughtUp(PROJECTIONS);
    return this.queries.execute(new ListEnterprises(actor, { ...query, page: query.page ?? 1, pageSize: query.pageSize ?? 20 }));
  }

  @Get(':enterpriseId')
  @Permit('enterprise:read')
  @ApiOperation({ summary: 'One enterprise in my scope' })
  async get(@CurrentActor() actor: Actor, @Param('enterpriseId') enterpriseId: string) {
    await this.freshness.caughtUp(PROJECTIONS);
    return this.queries.execute(new GetEnterprise(actor, enterpriseId));
  }

  @Post(':enterpriseId/approve')
  @HttpCode(HttpStatus.OK)
  @Permit('enterprise:review')
  @ApiOperation({ summary: 'Approve a pending enterprise (the city operator of its county)' })
  approve(@CurrentActor() actor: Actor, @Param('enterpriseId') enterpriseId: string, @Body() dto: ReviewDto, @Client() client: ClientCommand) {
    return this.review.decide(actor, enterpriseId, { outcome: 'approve', ...(dto.opinion ? { opinion: dto.opinion } : {}) }, client);
  }

  @Post(':enterpriseId/reject')
  @HttpCode(HttpStatus.OK)
  @Permit('enterprise:review')
  @ApiOperation({ summary: 'Reject a pending enterprise with an opinion; its admin may resubmit' })
  reject(@CurrentActor() actor: Actor, @Param('enterpriseId') enterpriseId: string, @Body() dto: RejectDto, @Client() client: ClientCommand) {
    return this.review.decide(actor, enterpriseId, { outcome: 'reject', opinion: dto.opinion }, client);
  }

  @Post(':enterpriseId/resubmit')
  @HttpCode(HttpStatus.OK)
  @Permit('enterprise:update')
  @ApiOperation({ summary: 'Correct and resubmit a rejected enterprise (its admin)' })
  async resubmit(@CurrentActor() actor: Actor, @Param('enterpriseId') enterpriseId: string, @Body() dto: EnterpriseSubmissionDto, @Client() client: ClientCommand) {
    await this.inScope(actor, 'update', enterpriseId);
    const now = this.clock.now();
    await this.commands.execute(
      new ResubmitEnterprise(
        enterpriseId,
        {
          type: dto.type,
          name: dto.name,
          uscc: dto.uscc.toUpperCase(),
          address: { countyCode: dto.address.countyCode, line: dto.address.line },
          licence: { blobId: dto.licence.blobId, mediaType: dto.licence.mediaType, size: dto.licence.size },
          at: now.toISOString(),
        },
        actingContext(client, 'resubmit', actor, now),
      ),
    );
    await this.freshness.caughtUp(PROJECTIONS);
    return this.queries.execute(new GetEnterprise(actor, enterpriseId));
  }

  private async inScope(actor: Actor, action: 'update', enterpriseId: string) {
    await this.freshness.caughtUp(PROJECTIONS);
    const row = await this.store.collection('enterprises').findOne({ $and: [{ _id: enterpriseId }, visibleRows] });
    return inScope(actor, action, 'Enterprise', row);
  }
}
