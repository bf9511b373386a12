import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Put, Query, UseFilters } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CommandBus, QueryBus, type Command } from '@nestjs/cqrs';
import type { DeviceType, FaultType, KnowledgeContent, Party } from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import type { Action } from '@kuaige/tenancy';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import type { CommandContext } from '../../event-sourcing/command-context';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { CurrentActor, inScope, Permit, type Actor } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import { partyOf } from '../../work-orders/application/acting-party';
import {
  ApproveKnowledgeEntry,
  DraftKnowledgeEntry,
  ProposeFromWorkOrder,
  ProposeKnowledgeEntry,
  PublishKnowledgeEntry,
  RejectKnowledgeEntry,
  RetireKnowledgeEntry,
  ReviseKnowledgeEntry,
  type KnowledgeOutcome,
} from '../application/knowledge.commands';
import { KNOWLEDGE_ENTRIES_COLLECTION, type KnowledgeEntryRow } from '../read-models/knowledge.projections';
import { GetKnowledgeCatalogue, GetKnowledgeDraftFromWorkOrder, GetKnowledgeEntry, GetKnowledgeSuggestions, ListKnowledgeEntries } from '../read-models/knowledge.queries';
import { KnowledgeErrorFilter } from './knowledge-error.filter';
import { DraftKnowledgeEntryDto, KnowledgeContentDto, KnowledgeListQueryDto, KnowledgeReasonDto, KnowledgeReviewDto } from './knowledge.dto';

const PROJECTIONS = [KNOWLEDGE_ENTRIES_COLLECTION];
const ENTRY = '{ id, title, status, deviceType, faultType, models, symptom, cause, steps, parts, tools, images, ownerId, ownerName, authorId, reviewerIds, source: { workOrderId, number } | null, review, revision, createdAt, updatedAt, publishedAt, parties, actions: [revise | propose | approve | reject | publish | retire: what I may do now] }';

export const contentOf = (dto: KnowledgeContentDto): KnowledgeContent => ({
  title: dto.title,
  deviceType: dto.deviceType as DeviceType,
  faultType: dto.faultType as FaultType,
  models: dto.models ?? [],
  symptom: dto.symptom ?? '',
  cause: dto.cause ?? '',
  steps: dto.steps.map((s) => s.trim()),
  parts: (dto.parts ?? []).map((p) => ({ name: p.name, quantity: p.quantity, unit: p.unit ?? '' })),
  tools: dto.tools ?? [],
  images: (dto.images ?? []).map((i) => ({ blobId: i.blobId, mediaType: i.mediaType, size: i.size })),
});

type Make = (by: Party, at: string, context: CommandContext) => Command<KnowledgeOutcome>;

/** /api/v1/knowledge: repair plans by device and fault type, their review and publication (WO-13). */
@ApiTags('knowledge')
@Controller('api/v1/knowledge')
@UseFilters(KnowledgeErrorFilter)
@ApiConflictResponse({ description: 'the entry’s status does not allow the step (errors[0].rule = "illegal-transition"), or the work order is not closed' })
@ApiUnprocessableEntityResponse({ description: 'a business rule refused the input: errors[0] names field and rule' })
export class KnowledgeController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
  ) {}

  @Get('catalogue')
  @Permit('knowledge:read')
  @ApiOperation({ summary: 'Fault types per device type, with the number of published entries of each' })
  @ApiOkResponse({ description: '{ deviceTypes: [{ code, label, faultTypes: [{ code, label, entries }] }] }' })
  async catalogue() {
    await this.freshness.caughtUp(PROJECTIONS);
    return this.queries.execute(new GetKnowledgeCatalogue());
  }

  @Get('entries')
  @Permit('knowledge:read')
  @ApiOperation({ summary: 'Search the knowledge base (Chinese and model numbers): published entries, or my enterprise’s by status and queue' })
  @ApiOkResponse({ description: '{ items: [{ id, title, status, deviceType, faultType, models, symptom, cause, ownerId, ownerName, source, publishedAt, updatedAt, score, matched: [query terms found, for highlighting] }], total, page, pageSize }' })
  async list(@CurrentActor() actor: Actor, @Query() query: KnowledgeListQueryDto) {
    await this.freshness.caughtUp(PROJECTIONS);
    const { page, pageSize, ...rest } = query;
    return this.queries.execute(new ListKnowledgeEntries(actor, { ...rest, page: page ?? 1, pageSize: pageSize ?? 20 }));
  }

  @Get('entries/:id')
  @Permit('knowledge:read')
  @ApiOperation({ summary: 'One entry: published, or of my enterprise (owner or reviewer)' })
  @ApiOkResponse({ description: ENTRY })
  async get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    await this.freshness.caughtUp(PROJECTIONS);
    return this.queries.execute(new GetKnowledgeEntry(actor, id));
  }

  @Post('entries')
  @Permit('knowledge:create')
  @ApiOperation({ summary: 'Draft a repair plan for my enterprise (manufacturer or provider), or propose one from a closed work order (workOrderId)' })
  @ApiCreatedResponse({ description: ENTRY })
  async draft(@CurrentActor() actor: Actor, @Body() dto: DraftKnowledgeEntryDto, @Client() client: ClientCommand) {
    const entryId = client.idOf('knowledge-entry');
    const now = this.clock.now();
    const content = contentOf(dto);
    const context = actingContext(client, 'draft', actor, now);
    if (dto.workOrderId) {
      // Proposals come from an order the caller can see; another's order is a 404 like a missing one.
      const order = await this.store.collection('work_orders').findOne({ $and: [{ _id: dto.workOrderId }, visibleRows] });
      inScope(actor, 'read', 'WorkOrder', order, 'workOrderId');
      await this.commands.execute(new ProposeFromWorkOrder(entryId, { workOrderId: dto.workOrderId, content }, partyOf(actor), now.toISOString(), context));
    } else {
      await this.commands.execute(new DraftKnowledgeEntry(entryId, { content }, partyOf(actor), now.toISOString(), context));
    }
    await this.freshness.caughtUp(PROJECTIONS);
    return this.queries.execute(new GetKnowledgeEntry(actor, entryId));
  }

  @Put('entries/:id')
  @Permit('knowledge:update')
  @ApiOperation({ summary: 'Revise a draft or rejected entry of my enterprise' })
  @ApiOkResponse({ description: ENTRY })
  revise(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: KnowledgeContentDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'update', client, 'revise', (by, at, context) => new ReviseKnowledgeEntry(id, { content: contentOf(dto) }, by, at, context));
  }

  @Post('entries/:id/propose')
  @HttpCode(HttpStatus.OK)
  @Permit('knowledge:update')
  @ApiOperation({ summary: 'Send a draft or rejected entry for review' })
  @ApiOkResponse({ description: ENTRY })
  propose(@CurrentActor() actor: Actor, @Param('id') id: string, @Client() client: ClientCommand) {
    return this.step(actor, id, 'update', client, 'propose', (by, at, context) => new ProposeKnowledgeEntry(id, {}, by, at, context));
  }

  @Post('entries/:id/approve')
  @HttpCode(HttpStatus.OK)
  @Permit('knowledge:review')
  @ApiOperation({ summary: 'Approve a proposed entry (a reviewer who did not write it)' })
  @ApiOkResponse({ description: ENTRY })
  approve(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: KnowledgeReviewDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'review', client, 'approve', (by, at, context) => new ApproveKnowledgeEntry(id, { opinion: dto.opinion ?? '' }, by, at, context));
  }

  @Post('entries/:id/reject')
  @HttpCode(HttpStatus.OK)
  @Permit('knowledge:review')
  @ApiOperation({ summary: 'Reject a proposed entry, saying why; its owner revises it' })
  @ApiOkResponse({ description: ENTRY })
  reject(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: KnowledgeReasonDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'review', client, 'reject', (by, at, context) => new RejectKnowledgeEntry(id, { reason: dto.reason }, by, at, context));
  }

  @Post('entries/:id/publish')
  @HttpCode(HttpStatus.OK)
  @Permit('knowledge:review')
  @ApiOperation({ summary: 'Publish an approved entry: everyone signed in reads it' })
  @ApiOkResponse({ description: ENTRY })
  publish(@CurrentActor() actor: Actor, @Param('id') id: string, @Client() client: ClientCommand) {
    return this.step(actor, id, 'review', client, 'publish', (by, at, context) => new PublishKnowledgeEntry(id, {}, by, at, context));
  }

  @Post('entries/:id/retire')
  @HttpCode(HttpStatus.OK)
  @Permit('knowledge:review')
  @ApiOperation({ summary: 'Retire a published entry (no longer found by others)' })
  @ApiOkResponse({ description: ENTRY })
  retire(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: KnowledgeReasonDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'review', client, 'retire', (by, at, context) => new RetireKnowledgeEntry(id, { reason: dto.reason }, by, at, context));
  }

  /** A step on an entry in the caller's scope (404 otherwise, 403 without the action), then its detail. */
  private async step(actor: Actor, id: string, action: Action, client: ClientCommand, name: string, make: Make) {
    await this.freshness.caughtUp(PROJECTIONS);
    inScope(actor, action, 'KnowledgeEntry', await this.store.collection<KnowledgeEntryRow>(KNOWLEDGE_ENTRIES_COLLECTION).findOne({ $and: [{ _id: id }, visibleRows] }));
    const now = this.clock.now();
    await this.commands.execute(make(partyOf(actor), now.toISOString(), actingContext(client, name, actor, now)));
    await this.freshness.caughtUp(PROJECTIONS);
    return this.queries.execute(new GetKnowledgeEntry(actor, id));
  }
}

/** The knowledge base on a work order: suggestions for its fault, and a proposal prefilled from it. */
@ApiTags('knowledge')
@Controller('api/v1/work-orders')
@UseFilters(KnowledgeErrorFilter)
export class WorkOrderKnowledgeController {
  constructor(
    private readonly queries: QueryBus,
    private readonly freshness: ReadModelFreshness,
  ) {}

  @Get(':id/knowledge-suggestions')
  @Permit('work-order:read')
  @ApiOperation({ summary: 'Published repair plans for the order’s device type, ranked by fault type, model and the fault description' })
  @ApiOkResponse({ description: '{ items: [{ id, title, deviceType, faultType, models, symptom, cause, steps, score, reasons: [fault-type | model | text], matched }] }' })
  async suggestions(@CurrentActor() actor: Actor, @Param('id') id: string) {
    await this.freshness.caughtUp([...PROJECTIONS, 'work_orders']);
    return this.queries.execute(new GetKnowledgeSuggestions(actor, id));
  }

  @Get(':id/knowledge-draft')
  @Permit('knowledge:create')
  @ApiOperation({ summary: 'A knowledge entry prefilled from the order’s device, fault and processing records (cause, steps, parts, tools)' })
  @ApiOkResponse({ description: '{ workOrderId, number, title, deviceType, faultType, models, symptom, cause, steps, parts, tools, images }' })
  async draftFrom(@CurrentActor() actor: Actor, @Param('id') id: string) {
    await this.freshness.caughtUp(['work_orders']);
    return this.queries.execute(new GetKnowledgeDraftFromWorkOrder(actor, id));
  }
}
