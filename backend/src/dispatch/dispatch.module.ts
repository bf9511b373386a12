import { Module } from '@nestjs/common';

/** Provider and engineer profiles (STAFF-1), dispatch suggestions with their reasons (WO-4, WO-5). Its projections are in DISPATCH_PROJECTIONS (read-side.ts). */
@Module({})
export class DispatchModule {}
