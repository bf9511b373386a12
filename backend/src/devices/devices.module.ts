import { Module } from '@nestjs/common';

/** Device registry, QR labels, warranty (DEV-1, DEV-7). Its projections are in DEVICES_PROJECTIONS (read-side.ts). */
@Module({})
export class DevicesModule {}
