import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { ReturnVisitsController } from './api/return-visits.controller';
import { RETURN_VISIT_COMMAND_HANDLERS } from './application/return-visit.commands';
import { ReturnVisits } from './application/return-visits';

/** Return visits after closing (WO-15): the reaction from WorkOrderClosed, recording, the queue. Projections: RETURN_VISITS_PROJECTIONS. README.md here. */
@Module({
  imports: [IdentityModule, TenancyModule],
  controllers: [ReturnVisitsController],
  providers: [ReturnVisits, ...RETURN_VISIT_COMMAND_HANDLERS],
})
export class ReturnVisitsModule {}
