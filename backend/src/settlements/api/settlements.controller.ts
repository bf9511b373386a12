import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { findCappedPage, visibleRows, type Filter, type ReadModelStore } from '@kuaige/projections';
import type { Action } from '@kuaige/tenancy';
import type { PaymentMethod } from '@kuaige/domain';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { CurrentActor, inScope, Permit, scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import { partyOf } from '../../work-orders/application/acting-party';
import {
  AnswerDispute,
  ArbitrateDispute,
  CancelSettlementStep,
  CloseSettlementStep,
  ConfirmSettlementStep,
  InvoiceSettlementStep,
  PaySettlementStep,
  RaiseDispute,
} from '../application/settlements.commands';
import { SETTLEMENTS_COLLECTION, type SettlementRow } from '../read-models/settlements.projections';
import { SettlementErrorFilter } from './settlement-error.filter';
import { SETTLEMENT_VIEW, settlementListItem, settlementView } from './settlement-views';
import {
  AnswerDisputeDto,
  ArbitrateDisputeDto,
  CancelDto,
  InvoiceDto,
  PayDto,
  RaiseDisputeDto,
  SettlementListQueryDto,
} from './settlements.dto';

const SORTS: Record<string, Record<string, 1 | -1>> = {
  createdAt: { createdAt: 1, _id: 1 },
  '-createdAt': { createdAt: -1, _id: 1 },
  totalFen: { totalFen: 1, _id: 1 },
  '-totalFen': { totalFen: -1, _id: 1 },
};

/** Settlements of work orders (SET-1, SET-3): list, detail, disputes, confirmation, payment, invoice, close, cancel. */
@ApiTags('settlements')
@Controller('api/v1/settlements')
@UseFilters(SettlementErrorFilter)
export class SettlementsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly commands: CommandBus,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Permit('settlement:read')
  @ApiOperation({ summary: 'Settlements I may see (?status&workOrderId&providerId&regionCode&page&pageSize&sort=-createdAt|createdAt|totalFen|-totalFen)' })
  @ApiOkResponse({
    description:
      '{ items: [{ settlementId, workOrderId, workOrderNumber, status, parties, totalFen, openDisputes, createdAt, updatedAt }], total, page, pageSize }',
  })
  async list(@CurrentActor() actor: Actor, @Query() query: SettlementListQueryDto) {
    await this.freshness.caughtUp([SETTLEMENTS_COLLECTION]);
    const parts: Filter[] = [visibleRows];
    if (query.status) parts.push({ status: query.status });
    if (query.workOrderId) parts.push({ workOrderId: query.workOrderId });
    if (query.providerId) parts.push({ 'parties.providerId': query.providerId });
    if (query.regionCode && query.regionCode !== 'CN') parts.push({ 'scope.regions': query.regionCode });
    const filter = scopedFilter(actor, 'read', 'Settlement', { $and: parts });
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const rows = this.store.collection<SettlementRow>(SETTLEMENTS_COLLECTION);
    const { items, total, totalExact } = await findCappedPage(rows, filter, { sort: SORTS[query.sort ?? '-createdAt']!, page, pageSize });
    return { items: items.map(settlementListItem), total, totalExact, page, pageSize };
  }

  @Get(':settlementId')
  @Permit('settlement:read')
  @ApiOperation({ summary: 'One settlement with its lines, disputes, confirmations, payments, invoice and the steps I may take' })
  @ApiOkResponse({ description: SETTLEMENT_VIEW })
  async get(@CurrentActor() actor: Actor, @Param('settlementId') id: string) {
    await this.freshness.caughtUp([SETTLEMENTS_COLLECTION]);
    return settlementView(await this.row(actor, id, 'read'), partyOf(actor));
  }

  @Post(':settlementId/disputes')
  @HttpCode(HttpStatus.OK)
  @Permit('settlement:review')
  @ApiOperation({ summary: 'Contest a line of a draft settlement (the party the line is charged to)' })
  @ApiOkResponse({ description: SETTLEMENT_VIEW })
  async dispute(
    @CurrentActor() actor: Actor,
    @Param('settlementId') id: string,
    @Body() dto: RaiseDisputeDto,
    @Client() client: ClientCommand,
  ) {
    return this.step(
      actor,
      id,
      'review',
      client,
      'raise-dispute',
      (at, ctx) => new RaiseDispute(id, { lineId: dto.lineId, reason: dto.reason }, partyOf(actor), at, ctx),
    );
  }

  @Post(':settlementId/disputes/:disputeId/answer')
  @HttpCode(HttpStatus.OK)
  @Permit('settlement:review')
  @ApiOperation({ summary: 'Answer a dispute (the provider of the work order)' })
  @ApiOkResponse({ description: SETTLEMENT_VIEW })
  async answer(
    @CurrentActor() actor: Actor,
    @Param('settlementId') id: string,
    @Param('disputeId') disputeId: string,
    @Body() dto: AnswerDisputeDto,
    @Client() client: ClientCommand,
  ) {
    return this.step(
      actor,
      id,
      'review',
      client,
      'answer-dispute',
      (at, ctx) => new AnswerDispute(id, { disputeId, answer: dto.answer }, partyOf(actor), at, ctx),
    );
  }

  @Post(':settlementId/disputes/:disputeId/arbitrate')
  @HttpCode(HttpStatus.OK)
  @Permit('settlement:review')
  @ApiOperation({ summary: 'Decide a dispute (an operator of the work order’s jurisdiction); upheld sets the line’s adjusted amount' })
  @ApiOkResponse({ description: SETTLEMENT_VIEW })
  async arbitrate(
    @CurrentActor() actor: Actor,
    @Param('settlementId') id: string,
    @Param('disputeId') disputeId: string,
    @Body() dto: ArbitrateDisputeDto,
    @Client() client: ClientCommand,
  ) {
    return this.step(
      actor,
      id,
      'review',
      client,
      'arbitrate-dispute',
      (at, ctx) =>
        new ArbitrateDispute(
          id,
          { disputeId, decision: dto.decision, adjustedAmountFen: dto.adjustedAmountFen ?? null, note: dto.note },
          partyOf(actor),
          at,
          ctx,
        ),
    );
  }

  @Post(':settlementId/confirm')
  @HttpCode(HttpStatus.OK)
  @Permit('settlement:approve')
  @ApiOperation({ summary: 'Confirm my share (a paying party); the last confirmation posts the platform fee' })
  @ApiOkResponse({ description: SETTLEMENT_VIEW })
  async confirm(@CurrentActor() actor: Actor, @Param('settlementId') id: string, @Client() client: ClientCommand) {
    return this.step(
      actor,
      id,
      'approve',
      client,
      'confirm-settlement',
      (at, ctx) => new ConfirmSettlementStep(id, {}, partyOf(actor), at, ctx),
    );
  }

  @Post(':settlementId/pay')
  @HttpCode(HttpStatus.OK)
  @Permit('settlement:approve')
  @ApiOperation({ summary: 'Pay my share through the payment provider (a paying party of a confirmed settlement)' })
  @ApiOkResponse({ description: SETTLEMENT_VIEW })
  async pay(@CurrentActor() actor: Actor, @Param('settlementId') id: string, @Body() dto: PayDto, @Client() client: ClientCommand) {
    return this.step(
      actor,
      id,
      'approve',
      client,
      'pay-settlement',
      (at, ctx) => new PaySettlementStep(id, { method: dto.method as PaymentMethod }, partyOf(actor), at, ctx),
    );
  }

  @Post(':settlementId/invoice')
  @HttpCode(HttpStatus.OK)
  @Permit('settlement:approve')
  @ApiOperation({ summary: 'Capture the invoice details (a paying party of a paid settlement)' })
  @ApiOkResponse({ description: SETTLEMENT_VIEW })
  async invoice(@CurrentActor() actor: Actor, @Param('settlementId') id: string, @Body() dto: InvoiceDto, @Client() client: ClientCommand) {
    return this.step(
      actor,
      id,
      'approve',
      client,
      'invoice-settlement',
      (at, ctx) =>
        new InvoiceSettlementStep(id, { title: dto.title, taxNumber: dto.taxNumber, email: dto.email ?? null }, partyOf(actor), at, ctx),
    );
  }

  @Post(':settlementId/close')
  @HttpCode(HttpStatus.OK)
  @Permit('settlement:approve')
  @ApiOperation({ summary: 'Close a paid or invoiced settlement (the provider or an operator of the jurisdiction)' })
  @ApiOkResponse({ description: SETTLEMENT_VIEW })
  async close(@CurrentActor() actor: Actor, @Param('settlementId') id: string, @Client() client: ClientCommand) {
    return this.step(
      actor,
      id,
      'approve',
      client,
      'close-settlement',
      (at, ctx) => new CloseSettlementStep(id, {}, partyOf(actor), at, ctx),
    );
  }

  @Post(':settlementId/cancel')
  @HttpCode(HttpStatus.OK)
  @Permit('settlement:approve')
  @ApiOperation({ summary: 'Cancel a settlement by reversing what it posted (an operator of the jurisdiction; not once invoiced)' })
  @ApiOkResponse({ description: SETTLEMENT_VIEW })
  async cancel(@CurrentActor() actor: Actor, @Param('settlementId') id: string, @Body() dto: CancelDto, @Client() client: ClientCommand) {
    return this.step(
      actor,
      id,
      'approve',
      client,
      'cancel-settlement',
      (at, ctx) => new CancelSettlementStep(id, { reason: dto.reason }, partyOf(actor), at, ctx),
    );
  }

  private async row(actor: Actor, id: string, action: Action): Promise<SettlementRow> {
    return inScope(
      actor,
      action,
      'Settlement',
      await this.store.collection<SettlementRow>(SETTLEMENTS_COLLECTION).findOne({ $and: [{ _id: id }, visibleRows] }),
    );
  }

  private async step(
    actor: Actor,
    id: string,
    action: Action,
    client: ClientCommand,
    name: string,
    command: (at: string, context: ReturnType<typeof actingContext>) => object,
  ) {
    await this.freshness.caughtUp([SETTLEMENTS_COLLECTION]);
    await this.row(actor, id, action);
    const now = this.clock.now();
    await this.commands.execute(command(now.toISOString(), actingContext(client, name, actor, now)) as never);
    await this.freshness.caughtUp([SETTLEMENTS_COLLECTION]);
    return settlementView(await this.row(actor, id, 'read'), partyOf(actor));
  }
}
