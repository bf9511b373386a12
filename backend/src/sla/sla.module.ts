import { Module } from '@nestjs/common';

/** Response and resolution clocks on the business calendar, overdue alerts and escalation (WO-9). Its projections are in SLA_PROJECTIONS (read-side.ts). */
@Module({})
export class SlaModule {}
