import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { PURCHASING_COMMAND_HANDLERS } from './application/purchasing.commands';
import { PurchasingReactions } from './application/low-stock';
import { PurchasingController } from './api/purchasing.controller';
import { PURCHASING_QUERY_HANDLERS } from './read-models/purchasing.queries';

/**
 * Low stock and purchasing (INV-3, INV-4): thresholds per part × warehouse, the low-stock watch and the
 * reorder reaction, purchase requests with the enterprise's approval chain, purchase orders and their
 * receipts into stock. Its projections are in PURCHASING_PROJECTIONS (read-side.ts).
 */
@Module({
  imports: [IdentityModule, TenancyModule],
  controllers: [PurchasingController],
  providers: [...PURCHASING_COMMAND_HANDLERS, ...PURCHASING_QUERY_HANDLERS, PurchasingReactions],
})
export class PurchasingModule {}
