import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { ReadModelStore } from '@kuaige/projections';
import { BlobReadPolicies } from '../blobs/blob-read-policy';
import { BlobStorageModule } from '../blobs/blobs.module';
import { READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { ActorDirectory } from '../tenancy/api/authorization';
import { readableWithRow } from '../tenancy/api/scoped-blob-policy';
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
  imports: [IdentityModule, TenancyModule, BlobStorageModule],
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
export class CertificationModule implements OnModuleInit {
  constructor(
    private readonly policies: BlobReadPolicies,
    private readonly actors: ActorDirectory,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  /** ID photos and certification materials are readable by the operators who may read the application. */
  onModuleInit(): void {
    this.policies.register(
      readableWithRow(this.actors, this.store, 'verification_reviews', 'Certification', (blobId) => ({
        $or: [{ 'photos.blobId': blobId }, { 'materials.blobId': blobId }],
      })),
    );
  }
}
