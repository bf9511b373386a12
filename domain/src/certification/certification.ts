import { IllegalTransition, type Decider } from '../event-sourcing/decider';
import { assertReviewedByCity, type Review } from '../tenancy';
import type { ApplyForCertification, CertificationCommand } from './certification.commands';
import type { CertificationDetails, CertificationEvent, CertificationKind, MaterialType } from './certification.events';
import {
  checkBlob,
  countyJurisdiction,
  CertificationRuleViolation,
  opinionRequired,
  reviewEntry,
  submittedEntry,
  type ApplicationStatus,
  type CertificationRules,
  type HistoryEntry,
} from './verification';

// ---- State ---------------------------------------------------------------------------------------

export type AppliedCertification = CertificationDetails & {
  readonly status: Exclude<ApplicationStatus, 'none'>;
  readonly userId: string;
  readonly kind: CertificationKind;
  readonly submittedAt: string;
  /** When the current approval was given; null unless approved. */
  readonly approvedAt: string | null;
  readonly lastReview: Review | null;
  readonly history: readonly HistoryEntry[];
};

export type CertificationState = { readonly status: 'none'; readonly history: readonly HistoryEntry[] } | AppliedCertification;

// ---- Logic ---------------------------------------------------------------------------------------

export const MATERIAL_MEDIA_TYPES: readonly string[] = ['application/pdf', 'image/jpeg', 'image/png'];
export const MATERIAL_TYPES: readonly MaterialType[] = ['education', 'qualification', 'work-experience', 'identity', 'other'];
export const MAX_MATERIALS = 20;
export const MAX_SKILLS = 20;
export const MAX_YEARS = 70;

const detailsOf = (rules: CertificationRules, d: ApplyForCertification['data']): CertificationDetails => {
  if (!Array.isArray(d.materials) || d.materials.length === 0 || d.materials.length > MAX_MATERIALS)
    throw new CertificationRuleViolation('materials', 'materials', `give 1 to ${MAX_MATERIALS} certificates or proofs`);
  d.materials.forEach((m, i) => {
    if (!MATERIAL_TYPES.includes(m.type))
      throw new CertificationRuleViolation('material-type', `materials.${i}.type`, `a material is one of ${MATERIAL_TYPES.join(', ')}`);
    checkBlob(m, `materials.${i}`, MATERIAL_MEDIA_TYPES);
  });
  const skills = [...new Set((d.skills ?? []).map((s) => s.trim()))];
  if (skills.length === 0 || skills.length > MAX_SKILLS || skills.some((s) => s.length === 0 || s.length > 40))
    throw new CertificationRuleViolation('skills', 'skills', `name 1 to ${MAX_SKILLS} fields of expertise of 1-40 characters each`);
  if (!Number.isInteger(d.years) || d.years < 0 || d.years > MAX_YEARS)
    throw new CertificationRuleViolation('years', 'years', `years of experience is a whole number from 0 to ${MAX_YEARS}`);
  return {
    materials: d.materials.map(({ type, blobId, mediaType, size }) => ({ type, blobId, mediaType, size })),
    skills,
    years: d.years,
    countyCode: d.countyCode,
    jurisdiction: countyJurisdiction(rules, d.countyCode),
  };
};

const inStatus = (state: CertificationState, status: ApplicationStatus, command: string, reviewerDivisionCode: string): AppliedCertification => {
  if (state.status === 'none' || state.status !== status) throw new IllegalTransition(state.status, command);
  assertReviewedByCity(state.jurisdiction, reviewerDivisionCode, 'certifications');
  return state;
};

const decideWith =
  (rules: CertificationRules) =>
  (command: CertificationCommand, state: CertificationState): CertificationEvent[] => {
    switch (command.type) {
      case 'ApplyForCertification': {
        if (state.status === 'pending-review' || state.status === 'approved') throw new IllegalTransition(state.status, command.type);
        // S3 三.一.1(2)(3): both roles are open to users whose real-name verification was approved.
        if (command.data.realNameStatus !== 'approved')
          throw new CertificationRuleViolation('real-name-required', 'kind', 'complete real-name verification before applying for a certification');
        const { userId, kind, at } = command.data;
        const data = { userId, kind, ...detailsOf(rules, command.data), at };
        return [{ type: state.status === 'none' ? 'CertificationApplied' : 'CertificationResubmitted', data }];
      }
      case 'ApproveCertification': {
        const { reviewerNodeId, reviewerDivisionCode, opinion, at } = command.data;
        inStatus(state, 'pending-review', command.type, reviewerDivisionCode);
        return [{ type: 'CertificationApproved', data: { reviewerNodeId, opinion: opinion?.trim() ?? '', at } }];
      }
      case 'RejectCertification': {
        const { reviewerNodeId, reviewerDivisionCode, opinion, at } = command.data;
        inStatus(state, 'pending-review', command.type, reviewerDivisionCode);
        return [{ type: 'CertificationRejected', data: { reviewerNodeId, opinion: opinionRequired(opinion), at } }];
      }
      case 'RevokeCertification': {
        const { reviewerNodeId, reviewerDivisionCode, opinion, at } = command.data;
        inStatus(state, 'approved', command.type, reviewerDivisionCode);
        return [{ type: 'CertificationRevoked', data: { reviewerNodeId, opinion: opinionRequired(opinion), at } }];
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  };

const reviewed = (state: CertificationState, status: 'approved' | 'rejected' | 'revoked', review: Review): CertificationState =>
  state.status === 'none'
    ? state
    : {
        ...state,
        status,
        approvedAt: status === 'approved' ? review.at : null,
        lastReview: review,
        history: [...state.history, reviewEntry(status, review)],
      };

const evolve = (state: CertificationState, event: CertificationEvent): CertificationState => {
  switch (event.type) {
    case 'CertificationApplied':
    case 'CertificationResubmitted': {
      const { at, ...details } = event.data;
      const action = event.type === 'CertificationApplied' ? 'submitted' : 'resubmitted';
      return {
        ...details,
        status: 'pending-review',
        submittedAt: at,
        approvedAt: null,
        lastReview: null,
        history: [...state.history, submittedEntry(action, at)],
      };
    }
    case 'CertificationApproved':
      return reviewed(state, 'approved', event.data);
    case 'CertificationRejected':
      return reviewed(state, 'rejected', event.data);
    case 'CertificationRevoked':
      return reviewed(state, 'revoked', event.data);
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

/** A user's engineer or expert certification: applied, reviewed by the city operator, revoked (ID-7). */
export const certification = (rules: CertificationRules): Decider<CertificationCommand, CertificationEvent, CertificationState> => ({
  initialState: () => ({ status: 'none', history: [] }),
  decide: decideWith(rules),
  evolve,
});
