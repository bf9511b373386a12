import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Put, Query, UseFilters } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { DEFAULT_APPROVAL_CHAIN } from '@kuaige/domain';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { InventoryErrorFilter } from '../../inventory/api/inventory-error.filter';
import { partyOf } from '../../inventory/api/party';
import { CurrentActor, inScope, NotFoundInScope, Permit, type Actor } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import { visibleRows, type Filter, type ReadModelStore } from '@kuaige/projections';
import type { Action } from '@kuaige/tenancy';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import {
  ApprovePurchaseRequest,
  ConfigureApprovalChain,
  PlacePurchaseOrder,
  RaisePurchaseRequest,
  ReceivePurchaseOrder,
  RejectPurchaseRequest,
  SetStockThreshold,
} from '../application/purchasing.commands';
import {
  APPROVAL_CHAINS,
  PURCHASE_ORDERS,
  PURCHASE_REQUESTS,
  STOCK_THRESHOLDS,
  thresholdRowId,
} from '../read-models/purchasing.projections';
import { GetPurchasing, ListPurchasing, type PurchasingView } from '../read-models/purchasing.queries';
import { PurchasingErrorFilter } from './purchasing-error.filter';
import {
  ApprovePurchaseRequestDto,
  ConfigureApprovalChainDto,
  PlacePurchaseOrderDto,
  PurchaseOrderQueryDto,
  PurchaseRequestQueryDto,
  RaisePurchaseRequestDto,
  ReceivePurchaseOrderDto,
  RejectPurchaseRequestDto,
  SetStockThresholdDto,
  StockThresholdQueryDto,
} from './purchasing.dto';

const PURCHASING = [STOCK_THRESHOLDS, PURCHASE_REQUESTS, PURCHASE_ORDERS, APPROVAL_CHAINS, 'parts', 'warehouses', 'stock_levels'];

/**
 * Low stock and purchasing (INV-3, INV-4) of my enterprise: thresholds per part × warehouse and the
 * reorder list, the approval chain, purchase requests and their approvals, purchase orders and their
 * receipts into stock. Rows of another enterprise answer 404 and change nothing.
 */
@ApiTags('purchasing')
@Controller('api/v1')
@UseFilters(PurchasingErrorFilter, InventoryErrorFilter)
export class PurchasingController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly freshness: ReadModelFreshness,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  private caughtUp(): Promise<void> {
    return this.freshness.caughtUp(PURCHASING);
  }

  private async view(
    actor: Actor,
    collection: string,
    subject: 'PurchaseRequest' | 'PurchaseOrder' | 'StockMove',
    id: string,
    field = 'id',
  ): Promise<PurchasingView> {
    await this.caughtUp();
    const found = await this.queries.execute(new GetPurchasing(actor, collection, subject, id));
    if (!found) throw new NotFoundInScope(subject, field);
    return found;
  }

  /** The row in my scope that I may `action` (404 outside it, 403 without the right). */
  private async target(
    actor: Actor,
    collection: string,
    subject: 'PurchaseRequest' | 'PurchaseOrder' | 'Warehouse' | 'Part',
    action: Action,
    id: string,
    field = 'id',
  ) {
    const found = await this.store.collection(collection).findOne({ $and: [visibleRows, { _id: id }] });
    return inScope(actor, action, subject, found, field);
  }

  // ---- Thresholds and the reorder list ----------------------------------------------------------------

  @Get('inventory/thresholds')
  @Permit('stock-move:read')
  @ApiOperation({ summary: 'Thresholds per part × warehouse with the stock now; state=low: the open alerts (reorder suggestions)' })
  @ApiOkResponse({ description: '{ items, total, page, pageSize }' })
  async thresholds(@CurrentActor() actor: Actor, @Query() query: StockThresholdQueryDto) {
    await this.caughtUp();
    const filter: Filter = {
      ...(query.warehouseId ? { warehouseId: query.warehouseId } : {}),
      ...(query.state === 'low' ? { low: true } : query.state === 'ok' ? { low: false } : {}),
    };
    return this.queries.execute(
      new ListPurchasing(
        actor,
        STOCK_THRESHOLDS,
        'StockMove',
        filter,
        { low: -1, detectedAt: -1, _id: 1 },
        { page: query.page ?? 1, pageSize: query.pageSize ?? 20 },
      ),
    );
  }

  @Put('inventory/thresholds')
  @Permit('warehouse:update')
  @ApiOperation({
    summary: 'Set the minimum and the reorder quantity of a part in a warehouse; below the minimum, one purchase request is raised',
  })
  @ApiOkResponse({ description: 'The threshold with the stock now' })
  async setThreshold(@CurrentActor() actor: Actor, @Body() dto: SetStockThresholdDto, @Client() client: ClientCommand) {
    await this.caughtUp();
    await this.target(actor, 'warehouses', 'Warehouse', 'update', dto.warehouseId, 'warehouseId');
    await this.target(actor, 'parts', 'Part', 'read', dto.partId, 'partId');
    const now = this.clock.now();
    await this.commands.execute(
      new SetStockThreshold(
        {
          warehouseId: dto.warehouseId,
          partId: dto.partId,
          minimum: dto.minimum,
          reorderQuantity: dto.reorderQuantity,
          by: partyOf(actor),
          at: now.toISOString(),
        },
        actingContext(client, 'threshold', actor, now),
      ),
    );
    return this.view(actor, STOCK_THRESHOLDS, 'StockMove', thresholdRowId(dto.warehouseId, dto.partId));
  }

  // ---- The approval chain --------------------------------------------------------------------------------

  @Get('purchasing/approval-chain')
  @Permit('purchase-request:read')
  @ApiOperation({ summary: 'My enterprise’s approval chain: amount bands (fen) and the roles of each level' })
  @ApiOkResponse({ description: '{ configured, bands: [{ upToFen, levels: [{ level, roles }] }] }' })
  async approvalChain(@CurrentActor() actor: Actor) {
    await this.caughtUp();
    const found = await this.queries.execute(new GetPurchasing(actor, APPROVAL_CHAINS, 'PurchaseRequest', actor.enterpriseId ?? ''));
    return found
      ? { configured: true, bands: found['bands'], updatedAt: found['updatedAt'] }
      : { configured: false, bands: DEFAULT_APPROVAL_CHAIN, updatedAt: null };
  }

  @Put('purchasing/approval-chain')
  @Permit('enterprise:update')
  @ApiOperation({ summary: 'Configure the approval chain: bands ascending by upToFen, the last open-ended (null); 1–3 levels each' })
  @ApiOkResponse({ description: 'The chain as configured' })
  async configureChain(@CurrentActor() actor: Actor, @Body() dto: ConfigureApprovalChainDto, @Client() client: ClientCommand) {
    const now = this.clock.now();
    await this.commands.execute(
      new ConfigureApprovalChain(
        {
          enterpriseId: actor.enterpriseId ?? '',
          bands: dto.bands.map((b) => ({ upToFen: b.upToFen, levels: b.levels.map((l) => ({ roles: l.roles })) })),
          by: partyOf(actor),
          at: now.toISOString(),
        },
        actingContext(client, 'chain', actor, now),
      ),
    );
    return this.approvalChain(actor);
  }

  // ---- Purchase requests --------------------------------------------------------------------------------

  @Get('purchasing/requests')
  @Permit('purchase-request:read')
  @ApiOperation({ summary: 'Purchase requests, newest first; mine=true: those waiting for a level I may approve (my inbox)' })
  @ApiOkResponse({ description: '{ items, total, page, pageSize }; each item’s yourStep is the level I may decide now, or null' })
  async requests(@CurrentActor() actor: Actor, @Query() query: PurchaseRequestQueryDto) {
    await this.caughtUp();
    const filter: Filter = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.source ? { sourceKind: query.source } : {}),
      ...(query.mine === 'true' ? { status: 'pending', openRoles: { $in: [...actor.roles] }, approvers: { $nin: [actor.userId] } } : {}),
    };
    return this.queries.execute(
      new ListPurchasing(
        actor,
        PURCHASE_REQUESTS,
        'PurchaseRequest',
        filter,
        { raisedAt: -1, _id: 1 },
        { page: query.page ?? 1, pageSize: query.pageSize ?? 20 },
      ),
    );
  }

  @Get('purchasing/requests/:id')
  @Permit('purchase-request:read')
  @ApiOperation({ summary: 'A purchase request with its levels and approvals' })
  @ApiOkResponse({ description: 'The request' })
  request(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.view(actor, PURCHASE_REQUESTS, 'PurchaseRequest', id);
  }

  @Post('purchasing/requests')
  @Permit('purchase-request:create')
  @ApiOperation({ summary: 'Raise a purchase request by hand; its estimated total picks the approval band' })
  @ApiCreatedResponse({ description: 'The request (pending)' })
  async raise(@CurrentActor() actor: Actor, @Body() dto: RaisePurchaseRequestDto, @Client() client: ClientCommand) {
    await this.caughtUp();
    for (const [i, line] of dto.lines.entries()) {
      await this.target(actor, 'warehouses', 'Warehouse', 'read', line.warehouseId, `lines.${i}.warehouseId`);
      await this.target(actor, 'parts', 'Part', 'read', line.partId, `lines.${i}.partId`);
    }
    const purchaseRequestId = client.idOf('purchase-request');
    const now = this.clock.now();
    await this.commands.execute(
      new RaisePurchaseRequest(
        {
          purchaseRequestId,
          enterpriseId: actor.enterpriseId ?? '',
          lines: dto.lines.map((l) => ({ ...l })),
          source: { kind: 'manual' },
          reason: dto.reason,
          by: partyOf(actor),
          at: now.toISOString(),
        },
        actingContext(client, 'raise', actor, now),
      ),
    );
    return this.view(actor, PURCHASE_REQUESTS, 'PurchaseRequest', purchaseRequestId);
  }

  @Post('purchasing/requests/:id/approve')
  @HttpCode(HttpStatus.OK)
  @Permit('purchase-request:approve')
  @ApiOperation({ summary: 'Approve the waiting level (403 without its role, naming the level; 409 when approved already)' })
  @ApiOkResponse({ description: 'The request' })
  async approve(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: ApprovePurchaseRequestDto,
    @Client() client: ClientCommand,
  ) {
    await this.caughtUp();
    await this.target(actor, PURCHASE_REQUESTS, 'PurchaseRequest', 'approve', id);
    const now = this.clock.now();
    await this.commands.execute(
      new ApprovePurchaseRequest(
        id,
        { level: dto.level, approverRoles: actor.roles, note: dto.note ?? '', by: partyOf(actor), at: now.toISOString() },
        actingContext(client, 'approve', actor, now),
      ),
    );
    return this.view(actor, PURCHASE_REQUESTS, 'PurchaseRequest', id);
  }

  @Post('purchasing/requests/:id/reject')
  @HttpCode(HttpStatus.OK)
  @Permit('purchase-request:approve')
  @ApiOperation({ summary: 'Reject the request at its waiting level, with the reason' })
  @ApiOkResponse({ description: 'The request (rejected)' })
  async reject(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: RejectPurchaseRequestDto,
    @Client() client: ClientCommand,
  ) {
    await this.caughtUp();
    await this.target(actor, PURCHASE_REQUESTS, 'PurchaseRequest', 'approve', id);
    const now = this.clock.now();
    await this.commands.execute(
      new RejectPurchaseRequest(
        id,
        { approverRoles: actor.roles, reason: dto.reason, by: partyOf(actor), at: now.toISOString() },
        actingContext(client, 'reject', actor, now),
      ),
    );
    return this.view(actor, PURCHASE_REQUESTS, 'PurchaseRequest', id);
  }

  // ---- Purchase orders ------------------------------------------------------------------------------------

  @Get('purchasing/orders')
  @Permit('purchase-order:read')
  @ApiOperation({ summary: 'Purchase orders, newest first' })
  @ApiOkResponse({ description: '{ items, total, page, pageSize }' })
  async orders(@CurrentActor() actor: Actor, @Query() query: PurchaseOrderQueryDto) {
    await this.caughtUp();
    const filter: Filter = query.status ? { status: query.status } : {};
    return this.queries.execute(
      new ListPurchasing(
        actor,
        PURCHASE_ORDERS,
        'PurchaseOrder',
        filter,
        { placedAt: -1, _id: 1 },
        { page: query.page ?? 1, pageSize: query.pageSize ?? 20 },
      ),
    );
  }

  @Get('purchasing/orders/:id')
  @Permit('purchase-order:read')
  @ApiOperation({ summary: 'A purchase order with what has been received of each line' })
  @ApiOkResponse({ description: 'The order' })
  order(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.view(actor, PURCHASE_ORDERS, 'PurchaseOrder', id);
  }

  @Post('purchasing/orders')
  @Permit('purchase-order:create')
  @ApiOperation({ summary: 'Place the purchase order of an approved request with a supplier, at agreed unit prices (fen)' })
  @ApiCreatedResponse({ description: 'The order (placed)' })
  async place(@CurrentActor() actor: Actor, @Body() dto: PlacePurchaseOrderDto, @Client() client: ClientCommand) {
    await this.caughtUp();
    await this.target(actor, PURCHASE_REQUESTS, 'PurchaseRequest', 'read', dto.purchaseRequestId, 'purchaseRequestId');
    const purchaseOrderId = client.idOf('purchase-order');
    const now = this.clock.now();
    await this.commands.execute(
      new PlacePurchaseOrder(
        purchaseOrderId,
        {
          purchaseRequestId: dto.purchaseRequestId,
          supplier: dto.supplier,
          lines: dto.lines.map((l) => ({ ...l })),
          note: dto.note ?? '',
          by: partyOf(actor),
          at: now.toISOString(),
        },
        actingContext(client, 'place', actor, now),
      ),
    );
    return this.view(actor, PURCHASE_ORDERS, 'PurchaseOrder', purchaseOrderId);
  }

  @Post('purchasing/orders/:id/receive')
  @HttpCode(HttpStatus.OK)
  @Permit('purchase-order:receive')
  @ApiOperation({
    summary: 'Record a delivery against the order (partial allowed); its stock is received and shelved at the order’s prices',
  })
  @ApiOkResponse({ description: 'The order' })
  async receive(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: ReceivePurchaseOrderDto,
    @Client() client: ClientCommand,
  ) {
    await this.caughtUp();
    await this.target(actor, PURCHASE_ORDERS, 'PurchaseOrder', 'receive', id);
    const now = this.clock.now();
    await this.commands.execute(
      new ReceivePurchaseOrder(
        id,
        { receiptId: client.idOf('receipt'), lines: dto.lines.map((l) => ({ ...l })), by: partyOf(actor), at: now.toISOString() },
        actingContext(client, 'receive', actor, now),
      ),
    );
    return this.view(actor, PURCHASE_ORDERS, 'PurchaseOrder', id);
  }
}
