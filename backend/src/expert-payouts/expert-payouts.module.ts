import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { ExpertPayoutsController } from './api/expert-payouts.controller';
import { EXPERT_PAYOUT_COMMAND_HANDLERS } from './application/expert-payout.commands';
import { ExpertPayouts } from './application/expert-payouts';
import { DevelopmentPayoutSink, EXPERT_PAYOUT_PROVIDER } from './application/payout-provider';

/** Expert remuneration and withdrawals (SET-4, EXP-3). Projections: EXPERT_PAYOUTS_PROJECTIONS. README.md here. */
@Module({
  imports: [IdentityModule, TenancyModule],
  controllers: [ExpertPayoutsController],
  providers: [ExpertPayouts, DevelopmentPayoutSink, { provide: EXPERT_PAYOUT_PROVIDER, useExisting: DevelopmentPayoutSink }, ...EXPERT_PAYOUT_COMMAND_HANDLERS],
})
export class ExpertPayoutsModule {}
