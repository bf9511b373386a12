import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AdminModule } from '../admin/admin.module';
import { HealthController } from './health.controller';

@Module({ imports: [TerminusModule, AdminModule], controllers: [HealthController] })
export class HealthModule {}
