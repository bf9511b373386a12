import { Controller, Get, Param, Query, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { CurrentActor, Permit, type Actor } from '../../tenancy/api/authorization';
import { GetDevicePartsUsage, GetMyStock, GetWorkOrderParts } from '../read-models/work-order-parts.queries';
import { InventoryErrorFilter } from './inventory-error.filter';
import { MyStockQueryDto } from './work-order-parts.dto';

const READ = ['warehouses', 'stock_levels', 'work_order_parts', 'work_orders', 'devices'];

/** Parts and work orders (INV-7): an engineer's van stock, what an order or a device used. */
@ApiTags('inventory')
@Controller('api/v1')
@UseFilters(InventoryErrorFilter)
export class WorkOrderPartsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly freshness: ReadModelFreshness,
  ) {}

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
