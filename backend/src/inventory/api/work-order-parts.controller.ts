import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { CurrentActor, inScope, Permit, type Actor } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import { partyOf } from '../../work-orders/application/acting-party';
import { WorkOrderErrorFilter } from '../../work-orders/api/work-order-error.filter';
import { GetWorkOrder } from '../../work-orders/read-models/work-order.queries';
import { WORK_ORDERS_COLLECTION } from '../../work-orders/read-models/work-orders.projections';
import { RequestMissingParts } from '../application/work-order-missing-parts';
import { GetDevicePartsUsage, GetMyStock, GetWorkOrderParts } from '../read-models/work-order-parts.queries';
import { InventoryErrorFilter } from './inventory-error.filter';
import { MissingPartsDto, MyStockQueryDto } from './work-order-parts.dto';

const READ = ['warehouses', 'stock_levels', 'work_order_parts', 'work_orders', 'devices'];

/** Parts and work orders (INV-7): an engineer's van stock, what an order or a device used. */
@ApiTags('inventory')
@Controller('api/v1')
@UseFilters(InventoryErrorFilter, WorkOrderErrorFilter)
export class WorkOrderPartsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
  ) {}

  @Post('work-orders/:id/missing-parts')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:update')
  @ApiOperation({ summary: '缺件申请: raise a purchase request for the order’s missing parts and pause it awaiting them (its engineer or provider); the receipt resumes it' })
  @ApiOkResponse({ description: '{ purchaseRequestId, workOrder: the order as its detail shows it }' })
  async missingParts(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: MissingPartsDto, @Client() client: ClientCommand) {
    await this.freshness.caughtUp(['work_orders']);
    inScope(actor, 'update', 'WorkOrder', await this.store.collection(WORK_ORDERS_COLLECTION).findOne({ $and: [{ _id: id }, visibleRows] }));
    const now = this.clock.now();
    const lines = dto.lines.map((l) => ({ partId: l.partId, warehouseId: l.warehouseId, quantity: l.quantity, estimatedUnitFen: l.estimatedUnitFen ?? null }));
    const outcome = await this.commands.execute(new RequestMissingParts(id, { lines, note: dto.note ?? '' }, partyOf(actor), now.toISOString(), actingContext(client, 'missing-parts', actor, now)));
    await this.freshness.reached(['work_orders'], outcome.position);
    return { purchaseRequestId: outcome.purchaseRequestId, workOrder: await this.queries.execute(new GetWorkOrder(actor, id)) };
  }

  @Get('inventory/my-stock')
  @Permit('warehouse:read')
  @ApiOperation({ summary: 'The stock of the vans I drive in my active enterprise (the record dialog’s part picker)' })
  @ApiOkResponse({ description: '{ items: [{ warehouseId, warehouseName, partId, partCode, partName, unit, onHand, reserved, available }], total, page, pageSize, vans }' })
  async myStock(@CurrentActor() actor: Actor, @Query() query: MyStockQueryDto) {
    await this.freshness.caughtUp(READ);
    return this.queries.execute(new GetMyStock(actor, query.q ?? '', query.available === 'true', query.page ?? 1, query.pageSize ?? 20));
  }

  @Get('work-orders/:id/parts')
  @Permit('work-order:read')
  @ApiOperation({ summary: 'Parts used on a work order in my scope, per warehouse; unit costs for readers of that stock ledger' })
  @ApiOkResponse({ description: '{ items: [{ partCode, partName, unit, warehouseName, quantity, pendingQuantity, returnedQuantity, unitCostFen|null, valueFen|null }], totalValueFen|null }' })
  async workOrderParts(@CurrentActor() actor: Actor, @Param('id') id: string) {
    await this.freshness.caughtUp(READ);
    return this.queries.execute(new GetWorkOrderParts(actor, id));
  }

  @Get('devices/:id/parts-usage')
  @Permit('device:read')
  @ApiOperation({ summary: 'Parts fitted to a device in my scope over its work orders, by part' })
  @ApiOkResponse({ description: '{ items: [{ partId, partCode, partName, unit, quantity, workOrders, valueFen|null }], orders: [per order and warehouse] }' })
  async deviceParts(@CurrentActor() actor: Actor, @Param('id') id: string) {
    await this.freshness.caughtUp(READ);
    return this.queries.execute(new GetDevicePartsUsage(actor, id));
  }
}
