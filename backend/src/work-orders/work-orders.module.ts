import { Module } from '@nestjs/common';

/** Work-order lifecycle, its read models and routes (WO-1…WO-12, WO-14). Its projections are in WORK_ORDERS_PROJECTIONS (read-side.ts). */
@Module({})
export class WorkOrdersModule {}
