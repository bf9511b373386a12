import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { EvaluationReportsController } from './api/evaluation-reports.controller';

/** Evaluation reports (CX-1, CX-2). Projections: EVALUATIONS_PROJECTIONS. README.md here. */
@Module({
  imports: [IdentityModule, TenancyModule],
  controllers: [EvaluationReportsController],
})
export class EvaluationsModule {}
