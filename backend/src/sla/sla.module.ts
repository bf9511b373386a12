import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { AlertsController, WorkOrderSlaController } from './api/sla.controller';
import { EscalationTargets } from './application/escalation-targets';
import { SLA_SETTINGS, SlaClocks } from './application/sla-clocks';
import { SlaDeadlines } from './application/sla-deadlines';
import { SLA_QUERY_HANDLERS } from './application/sla.queries';
import { loadSlaSettings } from './sla.config';

/**
 * Response and resolution clocks on the business calendar, overdue alerts and escalation (WO-9): the
 * reaction from work-order events, the deadline jobs and their start-up sweep, the routes. Its
 * projections are in SLA_PROJECTIONS (read-side.ts). See README.md here.
 */
@Module({
  imports: [IdentityModule, TenancyModule],
  controllers: [WorkOrderSlaController, AlertsController],
  providers: [{ provide: SLA_SETTINGS, useFactory: () => loadSlaSettings(process.env) }, SlaClocks, EscalationTargets, SlaDeadlines, ...SLA_QUERY_HANDLERS],
  exports: [SlaClocks, SlaDeadlines],
})
export class SlaModule {}
