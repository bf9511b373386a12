import { RuleViolation } from '../event-sourcing/decider';

// ---- Refusals and money rules of settlements ------------------------------------------------------
// Money is integer fen everywhere; rates are integer basis points (1 bp = 0.01 %).

/** A settlement, fee-schedule or ledger rule refused the command; `field` names what the caller sent. */
export class SettlementRuleViolation extends RuleViolation {
  constructor(
    rule: string,
    readonly field: string,
    message: string,
  ) {
    super(rule, message);
    this.name = 'SettlementRuleViolation';
  }
}

/** The caller is not the party this step belongs to (the payer of the line, the provider, the operator). */
export class SettlementNotYourRole extends SettlementRuleViolation {
  constructor(message: string) {
    super('not-your-role', 'by', message);
    this.name = 'SettlementNotYourRole';
  }
}

/** Rules refused because of the state of things now rather than the input: answered 409. */
export const SETTLEMENT_CONFLICT_RULES: readonly string[] = [
  'dispute-open',
  'already-confirmed',
  'already-paid',
  'line-disputed',
  'entry-exists',
  'dispute-closed',
];

/** ¥100,000,000: an amount above it is a typing error rather than a price. */
export const MAX_AMOUNT_FEN = 10_000_000_000;
export const MAX_RATE_BP = 10_000;
export const MAX_TEXT_LENGTH = 500;

/** A whole number of fen from 0 to MAX_AMOUNT_FEN (never a float). */
export const fenOf = (value: number, field: string, max = MAX_AMOUNT_FEN): number => {
  if (!Number.isSafeInteger(value) || value < 0 || value > max)
    throw new SettlementRuleViolation('fen', field, `${field} is a whole number of fen from 0 to ${max}`);
  return value;
};

export const basisPointsOf = (value: number, field: string): number => {
  if (!Number.isInteger(value) || value < 0 || value > MAX_RATE_BP)
    throw new SettlementRuleViolation('basis-points', field, `${field} is a whole number of basis points from 0 to ${MAX_RATE_BP}`);
  return value;
};

/**
 * `amountFen × rateBp / 10 000`, rounded half-up to the fen, in exact integer arithmetic (BigInt, so a
 * large amount times a rate never loses a fen to floating point). What rounding drops below half a fen
 * stays with whoever the rate is charged to; half a fen or more is charged as a whole fen.
 */
export const applyRate = (amountFen: number, rateBp: number): number => Number((BigInt(amountFen) * BigInt(rateBp) + 5_000n) / 10_000n);

export const settlementText = (value: string | undefined, field: string, required: boolean, max = MAX_TEXT_LENGTH): string => {
  const text = (value ?? '').trim();
  if (required && text.length === 0) throw new SettlementRuleViolation('required', field, `${field} is required`);
  if ([...text].length > max) throw new SettlementRuleViolation('max-length', field, `${field} has at most ${max} characters`);
  return text;
};
