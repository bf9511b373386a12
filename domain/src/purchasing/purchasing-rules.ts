import { RuleViolation } from '../event-sourcing/decider';
import type { Party } from '../maintenance/party';

// ---- Checks shared by thresholds, approval chains, purchase requests and purchase orders ----------

/** A purchasing rule refused the command; `field` names the input it is about, for the 4xx body. */
export class PurchasingRuleViolation extends RuleViolation {
  constructor(
    rule: string,
    readonly field: string,
    message: string,
  ) {
    super(rule, message);
    this.name = 'PurchasingRuleViolation';
  }
}

export const purchaseRefusal = (rule: string, field: string, message: string): PurchasingRuleViolation =>
  new PurchasingRuleViolation(rule, field, message);

export const PURCHASING_LIMITS = {
  lines: 50,
  /** Per line, in the part's unit (inventory's per-movement limit). */
  quantity: 1_000_000,
  /** Per unit: 1,000,000 yuan, as inventory's unit cost. With `quantity` and `lines` every total stays below 2^53. */
  unitFen: 100_000_000,
  reason: 500,
  supplier: 100,
  bands: 5,
  levels: 3,
  rolesPerLevel: 5,
} as const;

export const ROLE_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

export const purchaseText = (value: string, field: string, max: number, required = true): string => {
  const trimmed = value.trim();
  if (required && trimmed === '') throw purchaseRefusal('required', field, `${field} must not be empty`);
  if ([...trimmed].length > max) throw purchaseRefusal('max-length', field, `${field} must be at most ${max} characters`);
  return trimmed;
};

export const purchaseWhole = (value: number, field: string, min: number, max: number): number => {
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw purchaseRefusal('integer-range', field, `${field} must be a whole number from ${min} to ${max}`);
  return value;
};

/** Only the enterprise a purchase belongs to acts on it (the platform's own reactions too). */
export const assertOfEnterprise = (by: Party, enterpriseId: string): void => {
  if (by.kind === 'system') return;
  if (by.kind !== 'enterprise' || by.enterpriseId !== enterpriseId)
    throw purchaseRefusal('not-your-role', 'by', 'only the enterprise that buys may act on its purchases');
};

/** The user behind a party, or null for the platform. */
export const userOfParty = (by: Party): string | null => (by.kind === 'system' ? null : by.userId);
