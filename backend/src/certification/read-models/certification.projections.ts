import type { CertificationEvent, CertificationKind, HistoryEntry, RealNameVerificationEvent } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, type Projection, type Row } from '@kuaige/projections';

// Read models of real-name verification and certification. Like the events, they hold the name and
// ID number only encrypted, blind-indexed or masked. Applications belong to no tenant: a review row is
// scoped by the jurisdiction of the applicant's county, which is what the operators' scoped filters match.

export type CertificationReadEvent = RealNameVerificationEvent | CertificationEvent;

/** What an application is for: the real-name verification, or one of the two certifications. */
export type ApplicationKind = 'real-name' | CertificationKind;

export type ReviewStatus = 'pending-review' | 'approved' | 'rejected' | 'revoked';

export interface VerificationReviewRow extends Row {
  readonly scope: { readonly tenants: readonly string[]; readonly regions: readonly string[] };
  readonly kind: ApplicationKind;
  readonly applicantId: string;
  readonly status: ReviewStatus;
  readonly countyCode: string;
  readonly submittedAt: string;
  readonly reviewedAt: string | null;
  readonly reviewerNodeId: string | null;
  readonly opinion: string | null;
  readonly history: readonly HistoryEntry[];
  readonly updatedAt: string;
  readonly [field: string]: unknown;
}

/** The review row's id: the application's kind and the applicant, e.g. `engineer-<userId>`. */
export const reviewIdOf = (kind: ApplicationKind, userId: string): string => `${kind}-${userId}`;

/** `RealNameVerification-<userId>` / `Certification-<userId>-<kind>`; user ids may hold '-'. */
export const applicationOf = (streamId: string): { kind: ApplicationKind; userId: string } => {
  const rest = streamId.slice(streamId.indexOf('-') + 1);
  if (streamId.startsWith('RealNameVerification-')) return { kind: 'real-name', userId: rest };
  const cut = rest.lastIndexOf('-');
  return { kind: rest.slice(cut + 1) as CertificationKind, userId: rest.slice(0, cut) };
};

const reviewRowOf = (e: RecordedEvent) => reviewIdOf(applicationOf(e.streamId).kind, applicationOf(e.streamId).userId);

/** A (re)submission: the row takes the new details, goes back to review, and its history grows. */
const submitted = (
  e: RecordedEvent,
  action: 'submitted' | 'resubmitted',
  { at, countyCode, jurisdiction }: { at: string; countyCode: string; jurisdiction: readonly string[] },
  fields: Record<string, unknown>,
) => {
  const { kind, userId } = applicationOf(e.streamId);
  return row<VerificationReviewRow>(reviewIdOf(kind, userId), (current) => ({
    ...(current ?? {}),
    ...fields,
    _id: reviewIdOf(kind, userId),
    scope: { tenants: [], regions: [...jurisdiction] },
    kind,
    applicantId: userId,
    countyCode,
    status: 'pending-review',
    submittedAt: at,
    reviewedAt: null,
    reviewerNodeId: null,
    opinion: null,
    history: [...(current?.history ?? []), { action, at, reviewerNodeId: null, opinion: null }],
    updatedAt: at,
  }));
};

const reviewed = (e: RecordedEvent, status: 'approved' | 'rejected' | 'revoked', review: { reviewerNodeId: string; opinion: string; at: string }) =>
  row<VerificationReviewRow>(reviewRowOf(e), (current) =>
    current
      ? {
          ...current,
          status,
          reviewedAt: review.at,
          reviewerNodeId: review.reviewerNodeId,
          opinion: review.opinion,
          history: [...current.history, { action: status, at: review.at, reviewerNodeId: review.reviewerNodeId, opinion: review.opinion }],
          updatedAt: review.at,
        }
      : null,
  );

/** `verification_reviews`: one row per application (the operators' review queue), its whole history. */
export const verificationReviewsProjection = projection<CertificationReadEvent, VerificationReviewRow>('verification_reviews', {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_region_status', key: { 'scope.regions': 1, status: 1, kind: 1 } },
    { name: 'by_applicant', key: { applicantId: 1 } },
  ],
  on: {
    RealNameVerificationSubmitted: (e) => submitted(e, 'submitted', e.data, realNameFields(e.data)),
    RealNameVerificationResubmitted: (e) => submitted(e, 'resubmitted', e.data, realNameFields(e.data)),
    RealNameVerificationApproved: (e) => reviewed(e, 'approved', e.data),
    RealNameVerificationRejected: (e) => reviewed(e, 'rejected', e.data),
    CertificationApplied: (e) => submitted(e, 'submitted', e.data, certificationFields(e.data)),
    CertificationResubmitted: (e) => submitted(e, 'resubmitted', e.data, certificationFields(e.data)),
    CertificationApproved: (e) => reviewed(e, 'approved', e.data),
    CertificationRejected: (e) => reviewed(e, 'rejected', e.data),
    CertificationRevoked: (e) => reviewed(e, 'revoked', e.data),
  },
});

// Reviewers see the masks beside the photos; the encrypted values stay in the event log.
const realNameFields = (d: Extract<RealNameVerificationEvent, { type: 'RealNameVerificationSubmitted' }>['data']) => ({
  realNameMasked: d.realNameMasked,
  idNumberMasked: d.idNumberMasked,
  photos: d.photos,
});
const certificationFields = (d: Extract<CertificationEvent, { type: 'CertificationApplied' }>['data']) => ({
  materials: d.materials,
  skills: d.skills,
  years: d.years,
});

export type QualificationStatus = 'none' | ReviewStatus;

export interface QualificationsRow extends Row {
  readonly scope: { readonly tenants: readonly string[]; readonly regions: readonly string[] };
  readonly realNameVerified: boolean;
  readonly realNameVerifiedAt: string | null;
  readonly engineer: boolean;
  readonly engineerSince: string | null;
  readonly expert: boolean;
  readonly expertSince: string | null;
  /** Where each application stands, for the console to say what may be applied for next. */
  readonly statuses: { readonly 'real-name': QualificationStatus; readonly engineer: QualificationStatus; readonly expert: QualificationStatus };
  readonly updatedAt: string;
}

const HELD = { 'real-name': ['realNameVerified', 'realNameVerifiedAt'], engineer: ['engineer', 'engineerSince'], expert: ['expert', 'expertSince'] } as const;

/** The user's row with one application's status; holding a role (and since when) follows from it. */
const withStatus = (e: RecordedEvent, status: ReviewStatus, at: string, regions?: readonly string[]) => {
  const { kind, userId } = applicationOf(e.streamId);
  return row<QualificationsRow>(userId, (current) => {
    const base: QualificationsRow = current ?? {
      _id: userId,
      scope: { tenants: [], regions: [] },
      realNameVerified: false,
      realNameVerifiedAt: null,
      engineer: false,
      engineerSince: null,
      expert: false,
      expertSince: null,
      statuses: { 'real-name': 'none', engineer: 'none', expert: 'none' },
      updatedAt: at,
    };
    const [held, since] = HELD[kind];
    // A resubmission of a held role cannot happen (the decider refuses it), so only approval grants
    // and only revocation takes away; a pending or rejected application leaves a held role as it was.
    const holds = status === 'approved' ? true : status === 'revoked' ? false : base[held];
    return {
      ...base,
      // The real-name county places the person; certifications may name another county.
      scope: kind === 'real-name' && regions ? { tenants: [], regions: [...regions] } : base.scope,
      [held]: holds,
      [since]: status === 'approved' ? at : holds ? base[since] : null,
      statuses: { ...base.statuses, [kind]: status },
      updatedAt: at,
    };
  });
};

/** `qualifications`: one row per user — real-name verified, engineer, expert, since when (ID-6, ID-7). */
export const qualificationsProjection = projection<CertificationReadEvent, QualificationsRow>('qualifications', {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_engineer', key: { engineer: 1, 'scope.regions': 1 } },
    { name: 'by_expert', key: { expert: 1, 'scope.regions': 1 } },
  ],
  on: {
    RealNameVerificationSubmitted: (e) => withStatus(e, 'pending-review', e.data.at, e.data.jurisdiction),
    RealNameVerificationResubmitted: (e) => withStatus(e, 'pending-review', e.data.at, e.data.jurisdiction),
    RealNameVerificationApproved: (e) => withStatus(e, 'approved', e.data.at),
    RealNameVerificationRejected: (e) => withStatus(e, 'rejected', e.data.at),
    CertificationApplied: (e) => withStatus(e, 'pending-review', e.data.at),
    CertificationResubmitted: (e) => withStatus(e, 'pending-review', e.data.at),
    CertificationApproved: (e) => withStatus(e, 'approved', e.data.at),
    CertificationRejected: (e) => withStatus(e, 'rejected', e.data.at),
    CertificationRevoked: (e) => withStatus(e, 'revoked', e.data.at),
  },
});

export const CERTIFICATION_PROJECTIONS: readonly Projection[] = [verificationReviewsProjection, qualificationsProjection];
