import { RuleViolation } from '../event-sourcing/decider';

// ---- Refusals of expert help ---------------------------------------------------------------------

/** A rule of expert help refused the command; `field` names what the caller sent or addressed. */
export class ExpertHelpRuleViolation extends RuleViolation {
  constructor(
    rule: string,
    readonly field: string,
    message: string,
  ) {
    super(rule, message);
    this.name = 'ExpertHelpRuleViolation';
  }
}

/** The caller is not the party this step belongs to (the engineer of the order, the expert asked). */
export class ExpertHelpNotYourRole extends ExpertHelpRuleViolation {
  constructor(message: string) {
    super('not-your-role', 'by', message);
    this.name = 'ExpertHelpNotYourRole';
  }
}

/** Rules refused because of the state of things now, not the input: answered 409. */
export const EXPERT_HELP_CONFLICT_RULES: readonly string[] = ['work-order-not-in-progress', 'expert-unavailable', 'already-rated', 'certification-required'];

export const MAX_QUESTION_LENGTH = 2000;
export const MAX_MESSAGE_LENGTH = 2000;
export const MAX_SUMMARY_LENGTH = 4000;
export const MAX_REASON_LENGTH = 500;
export const MAX_COMMENT_LENGTH = 500;
export const MAX_BIO_LENGTH = 500;
export const MAX_IMAGES = 9;
/** ¥100,000: a tariff above it is a typing error rather than a price. */
export const MAX_TARIFF_FEN = 10_000_000;

/** Trimmed text of at most `max` characters (code points); `required` refuses an empty one. */
export const textOf = (value: string | undefined, field: string, max: number, required: boolean): string => {
  const text = (value ?? '').trim();
  if (required && text.length === 0) throw new ExpertHelpRuleViolation('required', field, `${field} is required`);
  if ([...text].length > max) throw new ExpertHelpRuleViolation('max-length', field, `${field} has at most ${max} characters`);
  return text;
};

export const blobIdsOf = (ids: readonly string[] | undefined, field: string): string[] => {
  const list = [...new Set(ids ?? [])];
  if (list.length > MAX_IMAGES) throw new ExpertHelpRuleViolation('max-items', field, `at most ${MAX_IMAGES} files`);
  return list;
};
