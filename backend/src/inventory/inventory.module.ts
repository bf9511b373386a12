import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { CatalogueController } from './api/catalogue.controller';
import { StockController } from './api/stock.controller';
import { INVENTORY_COMMAND_HANDLERS } from './application/inventory.commands';
import { ImportPartsHandler } from './application/part-import';
import { StockTransfers, TransferStockOutHandler } from './application/stock-transfers';
import { INVENTORY_QUERY_HANDLERS } from './read-models/inventory.queries';
import { WorkOrderPartsController } from './api/work-order-parts.controller';
import { WorkOrderParts } from './application/work-order-parts';
import { PartsArrival, RequestMissingPartsHandler } from './application/work-order-missing-parts';
import { WORK_ORDER_PARTS_QUERY_HANDLERS } from './read-models/work-order-parts.queries';
import { STOCK_TAKE_COMMAND_HANDLERS, StockTakePosting } from './stock-take/stock-take.commands';
import { StockTakeController } from './stock-take/stock-take.controller';

/**
 * Spare parts (INV-1, INV-2, INV-5, INV-8): the catalogue, warehouses and the stock ledger on the
 * CommandBus, reads on the QueryBus, the transfers' durable completion. Its projections are in
 * INVENTORY_PROJECTIONS (read-side.ts).
 */
@Module({
  imports: [IdentityModule, TenancyModule],
  controllers: [CatalogueController, StockController, WorkOrderPartsController, StockTakeController],
  providers: [
    ...INVENTORY_COMMAND_HANDLERS,
    ImportPartsHandler,
    TransferStockOutHandler,
    StockTransfers,
    ...INVENTORY_QUERY_HANDLERS,
    WorkOrderParts,
    ...WORK_ORDER_PARTS_QUERY_HANDLERS,
    RequestMissingPartsHandler,
    PartsArrival,
    ...STOCK_TAKE_COMMAND_HANDLERS,
    StockTakePosting,
  ],
  // The work orders' record handlers move the stock of a record's parts through it.
  exports: [WorkOrderParts],
})
export class InventoryModule {}
