import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '@kuaige/domain';
import { publicRow, visibleRows, type Filter, type ReadModelStore } from '@kuaige/projections';
import type { ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import type { ApplicationKind, VerificationReviewRow } from '../read-models/certification.projections';
import { CertificationRuleViolation } from '@kuaige/domain';
import { ApproveCertification, RejectCertification, RevokeCertification } from './certification.commands';
import { ApproveRealNameVerification, RejectRealNameVerification } from './real-name.commands';
import { placeName } from '../../tenancy/division-data';

// ---- The operators' review queue (云站 · 资质审核): list, one application, approve or reject --------
// The caller hands in the access filter of the reviewer's jurisdiction (scopedFilter), so these
// handlers never see a row the reviewer may not.

const COLLECTION = 'verification_reviews';

export interface ReviewPage {
  readonly items: readonly VerificationReviewRow[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/** A page of applications the access filter lets through, oldest submission first (first come, first reviewed). */
export class ListVerificationReviews extends Query<ReviewPage> {
  constructor(
    readonly filter: Filter,
    readonly page: number,
    readonly pageSize: number,
  ) {
    super();
  }
}

@QueryHandler(ListVerificationReviews)
export class ListVerificationReviewsHandler implements IQueryHandler<ListVerificationReviews, ReviewPage> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly freshness: ReadModelFreshness,
  ) {}
  async execute({ filter, page, pageSize }: ListVerificationReviews): Promise<ReviewPage> {
    await this.freshness.caughtUp([COLLECTION]);
    const query = { $and: [visibleRows, filter] };
    const collection = this.store.collection<VerificationReviewRow>(COLLECTION);
    const [rows, total] = await Promise.all([
      collection.find(query, { sort: { submittedAt: 1, _id: 1 }, skip: (page - 1) * pageSize, limit: pageSize }),
      collection.count(query),
    ]);
    return { items: rows.map((r) => ({ ...publicRow(r), placeName: placeName(r.countyCode) })), total, page, pageSize };
  }
}

/** One application by id, whoever may see it (the caller checks that with `inScope`); null if none. */
export class GetVerificationReview extends Query<VerificationReviewRow | null> {
  constructor(readonly reviewId: string) {
    super();
  }
}

@QueryHandler(GetVerificationReview)
export class GetVerificationReviewHandler implements IQueryHandler<GetVerificationReview, VerificationReviewRow | null> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly freshness: ReadModelFreshness,
  ) {}
  async execute({ reviewId }: GetVerificationReview): Promise<VerificationReviewRow | null> {
    await this.freshness.caughtUp([COLLECTION]);
    const row = await this.store.collection<VerificationReviewRow>(COLLECTION).findOne({ $and: [visibleRows, { _id: reviewId }] });
    return row === null ? null : { ...publicRow(row), placeName: placeName(row.countyCode) };
  }
}

export type ReviewDecision = 'approve' | 'reject' | 'revoke';

/** A reviewer acting for an operator node decides on an application. */
export class ReviewApplication extends Command<void> {
  constructor(
    readonly reviewer: { readonly userId: string; readonly operatorNodeId: string; readonly ip: string },
    readonly application: { readonly kind: ApplicationKind; readonly applicantId: string },
    readonly decision: ReviewDecision,
    readonly opinion: string | undefined,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

@CommandHandler(ReviewApplication)
export class ReviewApplicationHandler implements ICommandHandler<ReviewApplication, void> {
  constructor(
    private readonly bus: CommandBus,
    private readonly clock: Clock,
  ) {}

  async execute({ reviewer, application, decision, opinion, client }: ReviewApplication): Promise<void> {
    const now = this.clock.now();
    const at = now.toISOString();
    const actor: Actor = { userId: reviewer.userId, operatorNodeId: reviewer.operatorNodeId, ip: reviewer.ip };
    const context = client.context(`review-${application.kind}`, actor, now);
    const { kind, applicantId } = application;
    const review = { reviewerNodeId: reviewer.operatorNodeId, at };
    const withOpinion = { ...review, ...(opinion !== undefined ? { opinion } : {}) };
    if (kind === 'real-name') {
      // A verified identity stays verified: only a certification (a role) can be taken back.
      if (decision === 'revoke') throw new CertificationRuleViolation('not-revocable', 'id', 'a real-name verification cannot be revoked; certifications can');
      await this.bus.execute(
        decision === 'approve'
          ? new ApproveRealNameVerification(applicantId, withOpinion, context)
          : new RejectRealNameVerification(applicantId, { ...review, opinion: opinion ?? '' }, context),
      );
      return;
    }
    const opinionRequired = { ...review, opinion: opinion ?? '' };
    await this.bus.execute(
      decision === 'approve'
        ? new ApproveCertification(applicantId, kind, withOpinion, context)
        : decision === 'reject'
          ? new RejectCertification(applicantId, kind, opinionRequired, context)
          : new RevokeCertification(applicantId, kind, opinionRequired, context),
    );
  }
}

export const REVIEW_HANDLERS = [ListVerificationReviewsHandler, GetVerificationReviewHandler, ReviewApplicationHandler];
