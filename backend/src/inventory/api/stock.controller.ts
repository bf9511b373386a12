import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Patch, Post, Query, UseFilters } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { StockCommand, StockRecipient } from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import type { Action } from '@kuaige/tenancy';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { CurrentActor, inScope, NotFoundInScope, Permit, scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import {
  AdjustStock,
  ApproveStockIssue,
  CancelStockIssue,
  DeliverStockIssue,
  OpenWarehouse,
  PickStockIssue,
  ReceiveStock,
  ReceiveStockTransfer,
  RejectStockIssue,
  RequestStockIssue,
  ReturnStock,
  ShelveStock,
  TransferStockOut,
  UpdateWarehouse,
  type StockMessage,
} from '../application/inventory.commands';
import {
  PARTS,
  STOCK_DOCUMENTS,
  STOCK_LEVELS,
  stockLevelRowId,
  WAREHOUSES,
  type PartRow,
  type StockDocumentRow,
  type StockLevelRow,
  type StockMovementRow,
  type WarehouseRow,
} from '../read-models/inventory.projections';
import { documentList, GetInventoryRow, movementList, stockLevelList, viewOf, warehouseList, type View } from '../read-models/inventory.queries';
import { InventoryErrorFilter } from './inventory-error.filter';
import {
  AdjustStockDto,
  OpenWarehouseDto,
  ReceiveStockDto,
  ReceiveTransferDto,
  RequestStockIssueDto,
  ReturnStockDto,
  ShelveStockDto,
  StockDocumentQueryDto,
  StockLevelQueryDto,
  StockMovementQueryDto,
  StockNoteDto,
  StockReasonDto,
  StockRecipientDto,
  TransferStockDto,
  UpdateWarehouseDto,
} from './inventory.dto';
import { partyOf } from './party';
import { PageQueryDto } from '../../tenancy/api/tenancy.dto';

const INVENTORY = ['parts', 'warehouses', 'stock_levels', 'stock_movements', 'stock_documents'];
const recipientOf = (dto: StockRecipientDto): StockRecipient =>
  dto.kind === 'engineer' ? { kind: 'engineer', engineerId: dto.engineerId! } : { kind: 'work-order', workOrderId: dto.workOrderId! };

type MovementView = View<StockMovementRow> & { partCode: string | null; partName: string | null; warehouseName: string | null };

/**
 * /api/v1/inventory/warehouses, /stock, /movements and the stock documents (receipts, issues, transfers,
 * returns, adjustments) of my enterprise (INV-2, INV-5, INV-8). Every movement is decided by the ledger
 * of its part × warehouse; a refusal because the stock is not there answers 409 `insufficient-stock`.
 */
@ApiTags('inventory')
@Controller('api/v1/inventory')
@UseFilters(InventoryErrorFilter)
export class StockController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly freshness: ReadModelFreshness,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  private caughtUp(): Promise<void> {
    return this.freshness.caughtUp(INVENTORY);
  }

  private async warehouse(actor: Actor, id: string, field = 'id'): Promise<View<WarehouseRow>> {
    await this.caughtUp();
    const found = await this.queries.execute(new GetInventoryRow<WarehouseRow>(actor, WAREHOUSES, 'Warehouse', id));
    if (!found) throw new NotFoundInScope('Warehouse', field);
    return found;
  }

  /** The part and warehouse of a new movement, both in my scope (404 otherwise), and my right to `action` there. */
  private async stockPlace(actor: Actor, action: Action, warehouseId: string, partId: string): Promise<void> {
    await this.caughtUp();
    const [w, p] = await Promise.all([
      this.store.collection<WarehouseRow>(WAREHOUSES).findOne({ $and: [visibleRows, scopedFilter(actor, 'read', 'Warehouse', { _id: warehouseId })] }),
      this.store.collection<PartRow>(PARTS).findOne({ $and: [visibleRows, scopedFilter(actor, 'read', 'Part', { _id: partId })] }),
    ]);
    if (!w) throw new NotFoundInScope('Warehouse', 'warehouseId');
    if (!p) throw new NotFoundInScope('Part', 'partId');
    inScope(actor, action, 'StockMove', { scope: w.scope }, 'warehouseId');
  }

  /** A stock document in my scope that I may `action` (404 outside it, 403 without the right). */
  private async document(actor: Actor, action: Action, id: string, kind: StockDocumentRow['kind']): Promise<StockDocumentRow> {
    await this.caughtUp();
    const found = await this.store.collection<StockDocumentRow>(STOCK_DOCUMENTS).findOne({ $and: [visibleRows, { _id: id, kind }] });
    return inScope(actor, action, 'StockMove', found);
  }

  private async documentView(actor: Actor, id: string): Promise<View<StockDocumentRow>> {
    await this.caughtUp();
    const found = await this.queries.execute(new GetInventoryRow<StockDocumentRow>(actor, STOCK_DOCUMENTS, 'StockMove', id));
    if (!found) throw new NotFoundInScope('StockMove');
    return found;
  }

  private async levelView(actor: Actor, warehouseId: string, partId: string): Promise<View<StockLevelRow>> {
    await this.caughtUp();
    const found = await this.queries.execute(new GetInventoryRow<StockLevelRow>(actor, STOCK_LEVELS, 'StockMove', stockLevelRowId(warehouseId, partId)));
    if (!found) throw new NotFoundInScope('StockMove');
    return found;
  }

  private send<T extends StockCommand['type']>(message: StockMessage<T>): Promise<unknown> {
    return this.commands.execute(message);
  }

  // ---- Warehouses ----------------------------------------------------------------------------------

  @Get('warehouses')
  @Permit('warehouse:read')
  @ApiOperation({ summary: 'Warehouses of my enterprise (store rooms, sites, engineers’ vans)' })
  @ApiOkResponse({ description: '{ items, total, page, pageSize }' })
  async warehouses(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    await this.caughtUp();
    return this.queries.execute(warehouseList(actor, { page: query.page ?? 1, pageSize: query.pageSize ?? 100 }));
  }

  @Post('warehouses')
  @Permit('warehouse:create')
  @ApiOperation({ summary: 'Open a warehouse of my enterprise (a service provider or manufacturer); a van names its engineer' })
  @ApiCreatedResponse({ description: 'The warehouse' })
  async openWarehouse(@CurrentActor() actor: Actor, @Body() dto: OpenWarehouseDto, @Client() client: ClientCommand) {
    const warehouseId = client.idOf('warehouse');
    const now = this.clock.now();
    await this.commands.execute(
      new OpenWarehouse(
        warehouseId,
        { name: dto.name, address: dto.address ?? '', bins: dto.bins ?? [], kind: dto.kind, engineerId: dto.engineerId ?? null, by: partyOf(actor), at: now.toISOString() },
        actingContext(client, 'open', actor, now),
      ),
    );
    return this.warehouse(actor, warehouseId);
  }

  @Get('warehouses/:id')
  @Permit('warehouse:read')
  @ApiOperation({ summary: 'A warehouse of my enterprise' })
  @ApiOkResponse({ description: 'The warehouse' })
  warehouseDetail(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.warehouse(actor, id);
  }

  @Patch('warehouses/:id')
  @Permit('warehouse:update')
  @ApiOperation({ summary: 'Rename a warehouse, change its address or its bins (its kind and engineer stay)' })
  @ApiOkResponse({ description: 'The warehouse as it is now' })
  async updateWarehouse(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateWarehouseDto, @Client() client: ClientCommand) {
    const current = inScope(actor, 'update', 'Warehouse', await this.warehouse(actor, id));
    const now = this.clock.now();
    await this.commands.execute(
      new UpdateWarehouse(
        id,
        { name: dto.name ?? current.name, address: dto.address ?? current.address, bins: dto.bins ?? current.bins, by: partyOf(actor), at: now.toISOString() },
        actingContext(client, 'update', actor, now),
      ),
    );
    return this.warehouse(actor, id);
  }

  // ---- Reading the stock ---------------------------------------------------------------------------

  @Get('stock')
  @Permit('stock-move:read')
  @ApiOperation({ summary: 'Stock levels per part × warehouse: on hand, reserved, available, in inspection, in transit, value (fen)' })
  @ApiOkResponse({ description: '{ items, total, page, pageSize }' })
  async stock(@CurrentActor() actor: Actor, @Query() query: StockLevelQueryDto) {
    await this.caughtUp();
    return this.queries.execute(stockLevelList(actor, query, { page: query.page ?? 1, pageSize: query.pageSize ?? 20 }));
  }

  @Get('movements')
  @Permit('stock-move:read')
  @ApiOperation({ summary: 'The movement ledger, newest first: every change of a stock level with its deltas' })
  @ApiOkResponse({ description: '{ items, total, page, pageSize }' })
  async movements(@CurrentActor() actor: Actor, @Query() query: StockMovementQueryDto) {
    await this.caughtUp();
    const page = await this.queries.execute(movementList(actor, query, { page: query.page ?? 1, pageSize: query.pageSize ?? 20 }));
    return { ...page, items: await this.withNames(page.items) };
  }

  /** Ledger rows name their part and warehouse as the catalogue says now. */
  private async withNames(items: readonly View<StockMovementRow>[]): Promise<MovementView[]> {
    const partIds = [...new Set(items.map((m) => m.partId))];
    const warehouseIds = [...new Set(items.flatMap((m) => [m.warehouseId, ...(m.otherWarehouseId ? [m.otherWarehouseId] : [])]))];
    const [parts, warehouses] = await Promise.all([
      this.store.collection<PartRow>(PARTS).find({ $and: [visibleRows, { _id: { $in: partIds } }] }),
      this.store.collection<WarehouseRow>(WAREHOUSES).find({ $and: [visibleRows, { _id: { $in: warehouseIds } }] }),
    ]);
    const part = new Map(parts.map((p) => [p._id, p]));
    const name = new Map(warehouses.map((w) => [w._id, w.name]));
    return items.map((m) => ({ ...m, partCode: part.get(m.partId)?.code ?? null, partName: part.get(m.partId)?.name ?? null, warehouseName: name.get(m.warehouseId) ?? null }));
  }

  @Get('documents')
  @Permit('stock-move:read')
  @ApiOperation({ summary: 'Receipts, issues and transfers with their status (?kind=issue&status=requested: the approvals inbox)' })
  @ApiOkResponse({ description: '{ items, total, page, pageSize }' })
  async documents(@CurrentActor() actor: Actor, @Query() query: StockDocumentQueryDto) {
    await this.caughtUp();
    const page = await this.queries.execute(documentList(actor, query, { page: query.page ?? 1, pageSize: query.pageSize ?? 20 }));
    const partIds = [...new Set(page.items.map((d) => d.partId))];
    const parts = await this.store.collection<PartRow>(PARTS).find({ $and: [visibleRows, { _id: { $in: partIds } }] });
    const part = new Map(parts.map((p) => [p._id, viewOf(p)]));
    return { ...page, items: page.items.map((d) => ({ ...d, partCode: part.get(d.partId)?.code ?? null, partName: part.get(d.partId)?.name ?? null, unit: part.get(d.partId)?.unit ?? null })) };
  }

  @Get('documents/:id')
  @Permit('stock-move:read')
  @ApiOperation({ summary: 'A receipt, issue or transfer of my enterprise' })
  @ApiOkResponse({ description: 'The document' })
  documentDetail(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.documentView(actor, id);
  }

  // ---- Receipts: received → inspected and shelved ------------------------------------------------------

  @Post('receipts')
  @Permit('stock-move:receive')
  @ApiOperation({ summary: 'Record parts delivered by a supplier, waiting for inspection (not on hand yet)' })
  @ApiCreatedResponse({ description: 'The receipt (status inspecting)' })
  async receive(@CurrentActor() actor: Actor, @Body() dto: ReceiveStockDto, @Client() client: ClientCommand) {
    await this.stockPlace(actor, 'receive', dto.warehouseId, dto.partId);
    const receiptId = client.idOf('receipt');
    const now = this.clock.now();
    await this.send(
      new ReceiveStock(
        dto.warehouseId,
        dto.partId,
        { receiptId, quantity: dto.quantity, unitCostFen: dto.unitCostFen, supplier: dto.supplier ?? '', note: dto.note ?? '', by: partyOf(actor), at: now.toISOString() },
        actingContext(client, 'receive', actor, now),
      ),
    );
    return this.documentView(actor, receiptId);
  }

  @Post('receipts/:id/shelve')
  @HttpCode(HttpStatus.OK)
  @Permit('stock-move:receive')
  @ApiOperation({ summary: 'Inspected: shelve the accepted quantity (on hand at the receipt’s cost), send back the rest' })
  @ApiOkResponse({ description: 'The receipt (status shelved)' })
  async shelve(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ShelveStockDto, @Client() client: ClientCommand) {
    const receipt = await this.document(actor, 'receive', id, 'receipt');
    const now = this.clock.now();
    await this.send(
      new ShelveStock(receipt.warehouseId, receipt.partId, { receiptId: id, acceptedQuantity: dto.acceptedQuantity, bin: dto.bin ?? null, by: partyOf(actor), at: now.toISOString() }, actingContext(client, 'shelve', actor, now)),
    );
    return this.documentView(actor, id);
  }

  // ---- Issues: requested → approved (reserved) → picked → delivered ----------------------------------

  @Post('issues')
  @Permit('stock-move:issue')
  @ApiOperation({ summary: 'Request parts for an engineer or a work order; approval reserves them' })
  @ApiCreatedResponse({ description: 'The issue (status requested)' })
  async requestIssue(@CurrentActor() actor: Actor, @Body() dto: RequestStockIssueDto, @Client() client: ClientCommand) {
    await this.stockPlace(actor, 'issue', dto.warehouseId, dto.partId);
    const issueId = client.idOf('issue');
    const now = this.clock.now();
    await this.send(
      new RequestStockIssue(
        dto.warehouseId,
        dto.partId,
        { issueId, quantity: dto.quantity, recipient: recipientOf(dto.recipient), note: dto.note ?? '', by: partyOf(actor), at: now.toISOString() },
        actingContext(client, 'request', actor, now),
      ),
    );
    return this.documentView(actor, issueId);
  }

  @Post('issues/:id/approve')
  @HttpCode(HttpStatus.OK)
  @Permit('stock-move:approve')
  @ApiOperation({ summary: 'Approve a requested issue: its quantity is reserved (409 insufficient-stock when not available)' })
  @ApiOkResponse({ description: 'The issue (status approved)' })
  async approve(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: StockNoteDto, @Client() client: ClientCommand) {
    const issue = await this.document(actor, 'approve', id, 'issue');
    const now = this.clock.now();
    await this.send(new ApproveStockIssue(issue.warehouseId, issue.partId, { issueId: id, note: dto.note ?? '', by: partyOf(actor), at: now.toISOString() }, actingContext(client, 'approve', actor, now)));
    return this.documentView(actor, id);
  }

  @Post('issues/:id/reject')
  @HttpCode(HttpStatus.OK)
  @Permit('stock-move:approve')
  @ApiOperation({ summary: 'Reject a requested issue, with the reason' })
  @ApiOkResponse({ description: 'The issue (status rejected)' })
  async reject(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: StockReasonDto, @Client() client: ClientCommand) {
    const issue = await this.document(actor, 'approve', id, 'issue');
    const now = this.clock.now();
    await this.send(new RejectStockIssue(issue.warehouseId, issue.partId, { issueId: id, reason: dto.reason, by: partyOf(actor), at: now.toISOString() }, actingContext(client, 'reject', actor, now)));
    return this.documentView(actor, id);
  }

  @Post('issues/:id/pick')
  @HttpCode(HttpStatus.OK)
  @Permit('stock-move:issue')
  @ApiOperation({ summary: 'The approved parts are taken off the shelf' })
  @ApiOkResponse({ description: 'The issue (status picked)' })
  async pick(@CurrentActor() actor: Actor, @Param('id') id: string, @Client() client: ClientCommand) {
    const issue = await this.document(actor, 'issue', id, 'issue');
    const now = this.clock.now();
    await this.send(new PickStockIssue(issue.warehouseId, issue.partId, { issueId: id, by: partyOf(actor), at: now.toISOString() }, actingContext(client, 'pick', actor, now)));
    return this.documentView(actor, id);
  }

  @Post('issues/:id/deliver')
  @HttpCode(HttpStatus.OK)
  @Permit('stock-move:issue')
  @ApiOperation({ summary: 'The picked parts are handed to the engineer or the work order: they leave the stock at the moving average cost' })
  @ApiOkResponse({ description: 'The issue (status delivered)' })
  async deliver(@CurrentActor() actor: Actor, @Param('id') id: string, @Client() client: ClientCommand) {
    const issue = await this.document(actor, 'issue', id, 'issue');
    const now = this.clock.now();
    await this.send(new DeliverStockIssue(issue.warehouseId, issue.partId, { issueId: id, by: partyOf(actor), at: now.toISOString() }, actingContext(client, 'deliver', actor, now)));
    return this.documentView(actor, id);
  }

  @Post('issues/:id/cancel')
  @HttpCode(HttpStatus.OK)
  @Permit('stock-move:issue')
  @ApiOperation({ summary: 'Withdraw an issue before delivery; its reservation is released' })
  @ApiOkResponse({ description: 'The issue (status cancelled)' })
  async cancel(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: StockReasonDto, @Client() client: ClientCommand) {
    const issue = await this.document(actor, 'issue', id, 'issue');
    const now = this.clock.now();
    await this.send(new CancelStockIssue(issue.warehouseId, issue.partId, { issueId: id, reason: dto.reason, by: partyOf(actor), at: now.toISOString() }, actingContext(client, 'cancel', actor, now)));
    return this.documentView(actor, id);
  }

  // ---- Returns, transfers, adjustments -----------------------------------------------------------------

  @Post('returns')
  @Permit('stock-move:receive')
  @ApiOperation({ summary: 'Parts come back unused: on hand again at the given cost or the moving average' })
  @ApiCreatedResponse({ description: 'The stock level after the return' })
  async returnStock(@CurrentActor() actor: Actor, @Body() dto: ReturnStockDto, @Client() client: ClientCommand) {
    await this.stockPlace(actor, 'receive', dto.warehouseId, dto.partId);
    const now = this.clock.now();
    await this.send(
      new ReturnStock(
        dto.warehouseId,
        dto.partId,
        { returnId: client.idOf('return'), quantity: dto.quantity, unitCostFen: dto.unitCostFen ?? null, from: dto.from ? recipientOf(dto.from) : null, reason: dto.reason, by: partyOf(actor), at: now.toISOString() },
        actingContext(client, 'return', actor, now),
      ),
    );
    return this.levelView(actor, dto.warehouseId, dto.partId);
  }

  @Post('transfers')
  @Permit('stock-move:issue')
  @ApiOperation({ summary: 'Send available stock to another warehouse of my enterprise: out now, in transit there until received' })
  @ApiCreatedResponse({ description: 'The transfer (status in-transit)' })
  async transfer(@CurrentActor() actor: Actor, @Body() dto: TransferStockDto, @Client() client: ClientCommand) {
    await this.stockPlace(actor, 'issue', dto.warehouseId, dto.partId);
    await this.warehouse(actor, dto.toWarehouseId, 'toWarehouseId');
    const transferId = client.idOf('transfer');
    const now = this.clock.now();
    await this.send(
      new TransferStockOut(dto.warehouseId, dto.partId, { transferId, toWarehouseId: dto.toWarehouseId, quantity: dto.quantity, by: partyOf(actor), at: now.toISOString() }, actingContext(client, 'transfer', actor, now)),
    );
    return this.documentView(actor, transferId);
  }

  @Post('transfers/:id/receive')
  @HttpCode(HttpStatus.OK)
  @Permit('stock-move:receive')
  @ApiOperation({ summary: 'The transfer arrived: its stock is on hand at the destination, at the value it left with' })
  @ApiOkResponse({ description: 'The transfer (status received)' })
  async receiveTransfer(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ReceiveTransferDto, @Client() client: ClientCommand) {
    const transfer = await this.document(actor, 'receive', id, 'transfer');
    const now = this.clock.now();
    await this.send(
      new ReceiveStockTransfer(transfer.toWarehouseId!, transfer.partId, { transferId: id, bin: dto.bin ?? null, by: partyOf(actor), at: now.toISOString() }, actingContext(client, 'receive', actor, now)),
    );
    return this.documentView(actor, id);
  }

  @Post('adjustments')
  @Permit('stock-move:stock-take')
  @ApiOperation({ summary: 'Correct the quantity on hand (found, lost, damaged) with a reason; never below what is reserved' })
  @ApiCreatedResponse({ description: 'The stock level after the adjustment' })
  async adjust(@CurrentActor() actor: Actor, @Body() dto: AdjustStockDto, @Client() client: ClientCommand) {
    await this.stockPlace(actor, 'stock-take', dto.warehouseId, dto.partId);
    const now = this.clock.now();
    await this.send(
      new AdjustStock(dto.warehouseId, dto.partId, { adjustmentId: client.idOf('adjustment'), delta: dto.delta, reason: dto.reason, by: partyOf(actor), at: now.toISOString() }, actingContext(client, 'adjust', actor, now)),
    );
    return this.levelView(actor, dto.warehouseId, dto.partId);
  }
}
