import { IllegalTransition, type Decider } from '../event-sourcing/decider';
import type { EnterpriseCommand, EnterpriseSubmission } from './enterprise.commands';
import type { EnterpriseDetails, EnterpriseEvent, EnterpriseStatus, Review } from './enterprise.events';
import { assertReviewedByCity, levelOf, required, TenancyRuleViolation, type TenancyRules } from './tenancy-rules';

// ---- State ---------------------------------------------------------------------------------------

export type RegisteredEnterprise = EnterpriseDetails & {
  readonly status: Exclude<EnterpriseStatus, 'unregistered'>;
  readonly enterpriseId: string;
  readonly parentEnterpriseId: string | null;
  readonly registrantUserId: string;
  readonly lastReview: Review | null;
};

export type EnterpriseState = { readonly status: 'unregistered' } | RegisteredEnterprise;

// ---- Logic ---------------------------------------------------------------------------------------

export const LICENCE_MEDIA_TYPES: readonly string[] = ['application/pdf', 'image/jpeg', 'image/png'];
export const LICENCE_MAX_BYTES = 10 * 1024 * 1024;

/** The submission, checked, with the jurisdiction its county fixes. */
const detailsOf = (rules: TenancyRules, s: EnterpriseSubmission): EnterpriseDetails => {
  const uscc = rules.checkUscc(s.uscc);
  if (!uscc.valid) throw new TenancyRuleViolation(`uscc-${uscc.rule}`, 'uscc', uscc.message);
  if (levelOf(rules, s.address.countyCode, 'address.countyCode') !== 'county')
    throw new TenancyRuleViolation(
      'county-code',
      'address.countyCode',
      `${s.address.countyCode} is not a county: give the 6-digit county code`,
    );
  if (!LICENCE_MEDIA_TYPES.includes(s.licence.mediaType))
    throw new TenancyRuleViolation('licence-media-type', 'licence.mediaType', 'the licence must be a PDF, JPEG or PNG file');
  if (!Number.isInteger(s.licence.size) || s.licence.size <= 0 || s.licence.size > LICENCE_MAX_BYTES)
    throw new TenancyRuleViolation('licence-size', 'licence.size', 'the licence file must be between 1 byte and 10 MB');
  return {
    type: s.type,
    name: required(s.name, 'name'),
    uscc: s.uscc,
    address: { countyCode: s.address.countyCode, line: required(s.address.line, 'address.line') },
    jurisdiction: rules.jurisdictionOf(s.address.countyCode),
    licence: s.licence,
  };
};

const pendingReview = (state: EnterpriseState, command: string, reviewerDivisionCode: string): RegisteredEnterprise => {
  if (state.status !== 'pending-review') throw new IllegalTransition(state.status, command);
  assertReviewedByCity(state.jurisdiction, reviewerDivisionCode, 'enterprises');
  return state;
};

const decideWith =
  (rules: TenancyRules) =>
  (command: EnterpriseCommand, state: EnterpriseState): EnterpriseEvent[] => {
    const { type } = command;
    switch (command.type) {
      case 'RegisterEnterprise': {
        if (state.status !== 'unregistered') throw new IllegalTransition(state.status, type);
        const { enterpriseId, parentEnterpriseId, parentEnterpriseStatus, registrantUserId, at, ...submission } = command.data;
        if (parentEnterpriseId === enterpriseId)
          throw new TenancyRuleViolation('parent-enterprise', 'parentEnterpriseId', 'an enterprise cannot be its own parent');
        if (parentEnterpriseId !== null && (parentEnterpriseStatus ?? 'unregistered') === 'unregistered')
          throw new TenancyRuleViolation(
            'parent-enterprise-unknown',
            'parentEnterpriseId',
            `there is no enterprise ${parentEnterpriseId} to be a sub-enterprise of`,
          );
        return [
          {
            type: 'EnterpriseRegistered',
            data: { enterpriseId, ...detailsOf(rules, submission), parentEnterpriseId, registrantUserId, at },
          },
        ];
      }
      case 'ApproveEnterprise': {
        const { reviewerNodeId, reviewerDivisionCode, opinion, at } = command.data;
        pendingReview(state, type, reviewerDivisionCode);
        return [{ type: 'EnterpriseApproved', data: { reviewerNodeId, opinion: opinion?.trim() ?? '', at } }];
      }
      case 'RejectEnterprise': {
        const { reviewerNodeId, reviewerDivisionCode, opinion, at } = command.data;
        pendingReview(state, type, reviewerDivisionCode);
        // The registrant must learn what to correct before resubmitting.
        if (opinion.trim() === '') throw new TenancyRuleViolation('opinion-required', 'opinion', 'a rejection must say why');
        return [{ type: 'EnterpriseRejected', data: { reviewerNodeId, opinion: opinion.trim(), at } }];
      }
      case 'ResubmitEnterprise': {
        if (state.status !== 'rejected') throw new IllegalTransition(state.status, type);
        const { at, ...submission } = command.data;
        return [{ type: 'EnterpriseResubmitted', data: { ...detailsOf(rules, submission), at } }];
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  };

const evolve = (state: EnterpriseState, event: EnterpriseEvent): EnterpriseState => {
  if (event.type === 'EnterpriseRegistered') {
    const { at: _at, ...d } = event.data;
    return { status: 'pending-review', ...d, lastReview: null };
  }
  if (state.status === 'unregistered') return state;
  switch (event.type) {
    case 'EnterpriseApproved':
      return { ...state, status: 'approved', lastReview: event.data };
    case 'EnterpriseRejected':
      return { ...state, status: 'rejected', lastReview: event.data };
    case 'EnterpriseResubmitted': {
      const { at: _at, ...d } = event.data;
      return { ...state, ...d, status: 'pending-review' };
    }
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

/** An enterprise: registration, review by its city operator, resubmission (ORG-1…ORG-3). */
export const enterprise = (rules: TenancyRules): Decider<EnterpriseCommand, EnterpriseEvent, EnterpriseState> => ({
  initialState: () => ({ status: 'unregistered' }),
  decide: decideWith(rules),
  evolve,
});
