import { Module } from '@nestjs/common';
import { AdminGuard } from './admin.guard';
import { MetricsController } from './metrics.controller';
import { ProjectionsController } from './projections.controller';

/** The operations API, served by every role (the projector role answers for its projections). */
@Module({ controllers: [ProjectionsController, MetricsController], providers: [AdminGuard] })
export class AdminModule {}
