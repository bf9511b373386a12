import { Module } from '@nestjs/common';
import { AdminCredentials } from './admin-credentials';
import { AdminGuard } from './admin.guard';
import { MetricsController } from './metrics.controller';
import { ProjectionsController } from './projections.controller';

/** The operations API, served by every role (the projector role answers for its projections). */
@Module({ controllers: [ProjectionsController, MetricsController], providers: [AdminGuard, AdminCredentials], exports: [AdminCredentials] })
export class AdminModule {}
