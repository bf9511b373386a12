import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { FeeSchedulesController } from './api/fee-schedules.controller';
import { LedgerController } from './api/ledger.controller';
import { SettlementsController } from './api/settlements.controller';
import { DevelopmentPaymentSink, PAYMENT_PROVIDER } from './application/payment-provider';
import { SettlementCreation } from './application/settlement-creation';
import { Settlements } from './application/settlements';
import { SETTLEMENT_COMMAND_HANDLERS } from './application/settlements.commands';
import { PostJournalEntryHandler } from './ledger';

/** Settlements (SET-1…SET-3, OPS-4): fee schedules, the creation reaction, the lifecycle, the ledger. Projections: SETTLEMENTS_PROJECTIONS. README.md here. */
@Module({
  imports: [IdentityModule, TenancyModule],
  controllers: [FeeSchedulesController, SettlementsController, LedgerController],
  providers: [
    Settlements,
    SettlementCreation,
    ...SETTLEMENT_COMMAND_HANDLERS,
    PostJournalEntryHandler,
    DevelopmentPaymentSink,
    { provide: PAYMENT_PROVIDER, useExisting: DevelopmentPaymentSink },
  ],
  exports: [PAYMENT_PROVIDER],
})
export class SettlementsModule {}
