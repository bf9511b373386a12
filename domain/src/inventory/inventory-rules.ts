import { RuleViolation } from '../event-sourcing/decider';
import type { Party } from '../maintenance/party';

// ---- Checks shared by the catalogue, the warehouses and the stock ledger --------------------------

/** An inventory rule refused the command; `field` names the input it is about, for the 4xx body. */
export class InventoryRuleViolation extends RuleViolation {
  constructor(
    rule: string,
    readonly field: string,
    message: string,
  ) {
    super(rule, message);
    this.name = 'InventoryRuleViolation';
  }
}

export const violation = (rule: string, field: string, message: string): InventoryRuleViolation => new InventoryRuleViolation(rule, field, message);

export const INVENTORY_LIMITS = {
  name: 100,
  model: 100,
  spec: 500,
  maker: 100,
  address: 200,
  note: 500,
  suppliers: 10,
  compatibleModels: 50,
  bins: 200,
  binCode: 20,
  categoryDepth: 5,
  /** Per movement, in the part's unit. */
  quantity: 1_000_000,
  /** Per unit: 1,000,000 yuan. With `quantity` it keeps every product below 2^53. */
  unitCostFen: 100_000_000,
  safetyStock: 1_000_000,
} as const;

/**
 * Category codes: 2–12 capital letters or digits, unique per enterprise (`BRG`, `BRG01`). A part code is
 * its category's code, a dash and a sequence of 4–6 digits (`BRG01-0007`); the catalogue gives the next
 * free sequence of the category when the caller leaves the code out.
 */
export const CATEGORY_CODE_PATTERN = /^[A-Z0-9]{2,12}$/;
export const PART_CODE_PATTERN = /^([A-Z0-9]{2,12})-(\d{4,6})$/;
export const PART_CODE_RULE = 'a part code is its category code, a dash and 4–6 digits, such as BRG01-0007';

/** The part code of the n-th part of a category: `BRG01-0007` (more digits once 9999 is passed). */
export const partCodeOf = (categoryCode: string, sequence: number): string => `${categoryCode}-${String(sequence).padStart(4, '0')}`;

/** Units of measure a part is counted in; quantities are whole numbers of it. */
export const PART_UNITS = {
  pcs: { 'zh-CN': '个', en: 'piece' },
  set: { 'zh-CN': '套', en: 'set' },
  box: { 'zh-CN': '盒', en: 'box' },
  pair: { 'zh-CN': '对', en: 'pair' },
  roll: { 'zh-CN': '卷', en: 'roll' },
  m: { 'zh-CN': '米', en: 'metre' },
  kg: { 'zh-CN': '千克', en: 'kilogram' },
  l: { 'zh-CN': '升', en: 'litre' },
} as const;
export type PartUnit = keyof typeof PART_UNITS;
export const isPartUnit = (unit: string): unit is PartUnit => Object.hasOwn(PART_UNITS, unit);

export const boundedText = (value: string, field: string, max: number, required = true): string => {
  const trimmed = value.trim();
  if (required && trimmed === '') throw violation('required', field, `${field} must not be empty`);
  if ([...trimmed].length > max) throw violation('max-length', field, `${field} must be at most ${max} characters`);
  return trimmed;
};

export const wholeNumber = (value: number, field: string, min: number, max: number): number => {
  if (!Number.isSafeInteger(value) || value < min || value > max) throw violation('integer-range', field, `${field} must be a whole number from ${min} to ${max}`);
  return value;
};

/** The enterprise a party acts for; inventory is kept by enterprises only. */
export const enterpriseOf = (by: Party): string | null => (by.kind === 'enterprise' ? by.enterpriseId : null);

export const assertMember = (by: Party, enterpriseId: string): void => {
  if (enterpriseOf(by) !== enterpriseId) throw violation('not-your-role', 'by', 'only the enterprise that keeps this inventory may change it');
};

// ---- Valuation: moving average cost in integer fen -------------------------------------------------
// A part × warehouse keeps its quantity on hand and the total value of it (integer fen). Stock coming in
// adds its own value exactly (quantity × unit cost). Stock going out takes the share of the value its
// quantity has, quantity × value / on hand, rounded half up to the fen — and the last units on hand take
// all the value that is left. So the value never drifts from the quantity: it is 0 exactly when nothing
// is on hand, and it never goes negative. The average unit cost shown is value / on hand, rounded half up.

/** ⌊(2·a·b + c) / 2c⌋: a·b / c rounded half up, exact for any safe integers (BigInt inside). */
const mulDivHalfUp = (a: number, b: number, c: number): number => Number((2n * BigInt(a) * BigInt(b) + BigInt(c)) / (2n * BigInt(c)));

/** The value `quantity` units take out of `onHand` units worth `valueFen` (quantity ≤ onHand). */
export const outgoingValueFen = (quantity: number, onHand: number, valueFen: number): number =>
  quantity >= onHand ? valueFen : mulDivHalfUp(quantity, valueFen, onHand);

/** The moving average unit cost; null when nothing is on hand. */
export const averageCostFen = (onHand: number, valueFen: number): number | null => (onHand <= 0 ? null : mulDivHalfUp(1, valueFen, onHand));
