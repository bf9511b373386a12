import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { PURCHASING_COMMAND_HANDLERS } from './application/purchasing.commands';
import { PurchasingReactions } from './application/low-stock';

/**
 * Low stock and purchasing (INV-3, INV-4): thresholds per part × warehouse, the low-stock watch and the
 * reorder reaction, purchase requests with the enterprise's approval chain, purchase orders and their
 * receipts into stock. Its projections are in PURCHASING_PROJECTIONS (read-side.ts).
 */
@Module({
  imports: [IdentityModule, TenancyModule],
  controllers: [],
  providers: [...PURCHASING_COMMAND_HANDLERS, PurchasingReactions],
})
export class PurchasingModule {}
