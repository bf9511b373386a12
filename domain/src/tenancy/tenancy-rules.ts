import { RuleViolation } from '../event-sourcing/decider';

// ---- The pure rules of @kuaige/tenancy the tenancy deciders need ---------------------------------
// Domain imports nothing of ours (module boundaries), so the backend passes tenancy's functions in:
// `checkUscc`, `levelOfCode`, `jurisdictionOf` from @kuaige/tenancy satisfy this interface as they are;
// `divisionExists` asks the division tree built from the pinned GB/T 2260 data (ADR 0010).

export type DivisionLevel = 'national' | 'province' | 'city' | 'county';

export interface TenancyRules {
  /** GB 32100 check of a unified social credit code; `rule` names the first check that failed. */
  readonly checkUscc: (
    code: string,
  ) => { readonly valid: true } | { readonly valid: false; readonly rule: string; readonly message: string };
  /** The level a GB/T 2260 code's shape denotes; throws for a malformed code. */
  readonly levelOfCode: (code: string) => DivisionLevel;
  /** The code and its ancestors' codes, nearest first: '440305' → ['440305', '4403', '44', 'CN']. */
  readonly jurisdictionOf: (code: string) => string[];
  /** Whether GB/T 2260 lists the (well-formed) code. */
  readonly divisionExists: (code: string) => boolean;
}

/** A tenancy rule refused the command; `field` names the input it is about, for the 4xx body. */
export class TenancyRuleViolation extends RuleViolation {
  constructor(
    rule: string,
    readonly field: string,
    message: string,
  ) {
    super(rule, message);
    this.name = 'TenancyRuleViolation';
  }
}

/** The level of a division code GB/T 2260 lists; otherwise a violation on `field` naming what is wrong. */
export const levelOf = (rules: TenancyRules, code: string, field: string): DivisionLevel => {
  let level: DivisionLevel;
  try {
    level = rules.levelOfCode(code);
  } catch {
    throw new TenancyRuleViolation('division-code', field, `${JSON.stringify(code)} is not a GB/T 2260 code ('CN', or 2, 4 or 6 digits)`);
  }
  if (!rules.divisionExists(code))
    throw new TenancyRuleViolation('division-unknown', field, `division ${code} does not exist in GB/T 2260`);
  return level;
};

export const required = (value: string, field: string): string => {
  const trimmed = value.trim();
  if (trimmed === '') throw new TenancyRuleViolation('required', field, `${field} must not be empty`);
  return trimmed;
};

/**
 * Applications filed in a county (enterprises, real-name verifications, certifications) are reviewed
 * by the operator of its city (云站, S3 流程八); `jurisdiction` is [county, city, province, CN].
 */
export const assertReviewedByCity = (jurisdiction: readonly string[], reviewerDivisionCode: string, what: string): void => {
  const city = jurisdiction[1];
  if (city === undefined || reviewerDivisionCode !== city)
    throw new TenancyRuleViolation(
      'reviewer-jurisdiction',
      'reviewerNodeId',
      `${what} of county ${jurisdiction[0] ?? '?'} are reviewed by the operator of city ${city ?? '?'}`,
    );
};
