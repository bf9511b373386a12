import { IllegalTransition, type Decider } from '../event-sourcing/decider';
import { assertReviewedByCity, type Review } from '../tenancy';
import type { RealNameVerificationCommand, SubmitRealNameVerification } from './real-name-verification.commands';
import type { IdPhoto, RealNameDetails, RealNameVerificationEvent } from './real-name-verification.events';
import { idNumberTaken } from './resident-id-claim';
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

export type SubmittedRealName = RealNameDetails & {
  readonly status: Exclude<ApplicationStatus, 'none' | 'revoked'>;
  readonly userId: string;
  readonly submittedAt: string;
  readonly lastReview: Review | null;
  readonly history: readonly HistoryEntry[];
};

export type RealNameVerificationState = { readonly status: 'none'; readonly history: readonly HistoryEntry[] } | SubmittedRealName;

// ---- Logic ---------------------------------------------------------------------------------------

export const ID_PHOTO_MEDIA_TYPES: readonly string[] = ['image/jpeg', 'image/png'];

// Letters of any script, with the middle dot of transliterated and minority names (阿依古丽·买买提).
const REAL_NAME = /^[\p{L}·• ]{2,40}$/u;

const checkPhotos = (photos: readonly IdPhoto[]): void => {
  if (!Array.isArray(photos) || photos.length !== 2 || !['front', 'back'].every((side) => photos.some((p) => p.side === side)))
    throw new CertificationRuleViolation('id-photos', 'photos', 'give one photo of the front and one of the back of the ID card');
  photos.forEach((photo, i) => checkBlob(photo, `photos.${i}`, ID_PHOTO_MEDIA_TYPES));
};

/** The submission, checked, as it is recorded: sealed values and masks, never the plain ones. */
const detailsOf = (rules: CertificationRules, d: SubmitRealNameVerification['data']): RealNameDetails => {
  const realName = (d.realName ?? '').trim();
  if (!REAL_NAME.test(realName))
    throw new CertificationRuleViolation('real-name', 'realName', 'the real name must be 2-40 letters as on the ID card (a middle dot · is allowed)');
  const id = rules.checkResidentId(d.idNumber, d.at);
  if (!id.valid) throw new CertificationRuleViolation(`id-number-${id.rule}`, 'idNumber', id.message);
  // The first six digits are the county where the card was first issued; counties merged since keep
  // their retired codes on valid cards, so only the province must be one GB/T 2260 lists.
  if (!rules.divisionExists(id.idNumber.slice(0, 2)))
    throw new CertificationRuleViolation('id-number-region', 'idNumber', 'the ID number does not begin with the code of a Chinese province');
  checkPhotos(d.photos);
  return {
    realNameEncrypted: d.sealed.realNameEncrypted,
    realNameMasked: rules.maskName(realName),
    idNumberEncrypted: d.sealed.idNumberEncrypted,
    idNumberIndex: d.sealed.idNumberIndex,
    idNumberMasked: rules.maskResidentId(id.idNumber),
    photos: d.photos.map(({ side, blobId, mediaType, size }) => ({ side, blobId, mediaType, size })),
    countyCode: d.countyCode,
    jurisdiction: countyJurisdiction(rules, d.countyCode),
  };
};

const pendingReview = (state: RealNameVerificationState, command: string, reviewerDivisionCode: string): SubmittedRealName => {
  if (state.status !== 'pending-review') throw new IllegalTransition(state.status, command);
  assertReviewedByCity(state.jurisdiction, reviewerDivisionCode, 'real-name verifications');
  return state;
};

const decideWith =
  (rules: CertificationRules) =>
  (command: RealNameVerificationCommand, state: RealNameVerificationState): RealNameVerificationEvent[] => {
    switch (command.type) {
      case 'SubmitRealNameVerification': {
        // One application at a time: a pending one is reviewed first, an approved one stays.
        if (state.status === 'pending-review' || state.status === 'approved') throw new IllegalTransition(state.status, command.type);
        const details = detailsOf(rules, command.data);
        if (command.data.idNumberHolder !== null && command.data.idNumberHolder !== command.data.userId) throw idNumberTaken();
        const data = { userId: command.data.userId, ...details, at: command.data.at };
        return [{ type: state.status === 'none' ? 'RealNameVerificationSubmitted' : 'RealNameVerificationResubmitted', data }];
      }
      case 'ApproveRealNameVerification': {
        const { reviewerNodeId, reviewerDivisionCode, opinion, at } = command.data;
        pendingReview(state, command.type, reviewerDivisionCode);
        return [{ type: 'RealNameVerificationApproved', data: { reviewerNodeId, opinion: opinion?.trim() ?? '', at } }];
      }
      case 'RejectRealNameVerification': {
        const { reviewerNodeId, reviewerDivisionCode, opinion, at } = command.data;
        pendingReview(state, command.type, reviewerDivisionCode);
        return [{ type: 'RealNameVerificationRejected', data: { reviewerNodeId, opinion: opinionRequired(opinion), at } }];
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  };

const evolve = (state: RealNameVerificationState, event: RealNameVerificationEvent): RealNameVerificationState => {
  switch (event.type) {
    case 'RealNameVerificationSubmitted':
    case 'RealNameVerificationResubmitted': {
      const { at, ...details } = event.data;
      const action = event.type === 'RealNameVerificationSubmitted' ? 'submitted' : 'resubmitted';
      return { ...details, status: 'pending-review', submittedAt: at, lastReview: null, history: [...state.history, submittedEntry(action, at)] };
    }
    case 'RealNameVerificationApproved':
      return state.status === 'none'
        ? state
        : { ...state, status: 'approved', lastReview: event.data, history: [...state.history, reviewEntry('approved', event.data)] };
    case 'RealNameVerificationRejected':
      return state.status === 'none'
        ? state
        : { ...state, status: 'rejected', lastReview: event.data, history: [...state.history, reviewEntry('rejected', event.data)] };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

/** A user's real-name verification: submitted, reviewed by the city operator, resubmitted (ID-6). */
export const realNameVerification = (
  rules: CertificationRules,
): Decider<RealNameVerificationCommand, RealNameVerificationEvent, RealNameVerificationState> => ({
  initialState: () => ({ status: 'none', history: [] }),
  decide: decideWith(rules),
  evolve,
});
