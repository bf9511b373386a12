import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { MyQualificationsController } from './api/my-qualifications.controller';
import { VerificationReviewsController } from './api/verification-reviews.controller';
import { CERTIFICATION_COMMAND_HANDLERS } from './application/certification.commands';
import { MY_QUALIFICATION_HANDLERS } from './application/my-qualifications';
import { REAL_NAME_COMMAND_HANDLERS } from './application/real-name.commands';
import { REVIEW_HANDLERS } from './application/reviews';
import { CERTIFICATION_PROJECTIONS } from './read-models/certification.projections';

/** The projections of the certification read models, for the read side that runs them. */
export const CERTIFICATION_READ_MODELS = Symbol('CERTIFICATION_READ_MODELS');

/**
 * Real-name verification and engineer/expert certification (ID-6, ID-7): the applicant's routes, the
 * operators' review queue, the command side on the CommandBus and the read models' projections.
 * Needs the global EventSourcingModule (AggregateStreams) and identity (sessions, personal data).
 */
@Module({
  imports: [IdentityModule, TenancyModule],
  controllers: [MyQualificationsController, VerificationReviewsController],
  providers: [
    ...REAL_NAME_COMMAND_HANDLERS,
    ...CERTIFICATION_COMMAND_HANDLERS,
    ...MY_QUALIFICATION_HANDLERS,
    ...REVIEW_HANDLERS,
    { provide: CERTIFICATION_READ_MODELS, useValue: CERTIFICATION_PROJECTIONS },
  ],
  exports: [CERTIFICATION_READ_MODELS],
})
export class CertificationModule {}
