// ---- Rule conditions: only what CASL and both read stores interpret the same way -----------------
//
// CASL does not reject an operator it does not know: the condition silently means something else
// (and MongoDB may mean a third thing). So conditions are checked against the operators that CASL's
// mongo matcher, mingo and MongoDB agree on. $regex is left out on purpose: scoping is array membership
// on indexed keys, never a pattern. Where even the supported operators differ (found by the property
// test in projections/src/store/embedded/scoped-access.spec.ts), the shapes that differ are refused or
// rewritten:
// - an upper bound ($lt/$lte) matches a missing or null field in CASL but not in MongoDB, so
//   normalizeConditions gives it a lower bound of the bound's type and `$ne: null`;
// - `$in`/`$nin` with null treat a missing field differently, so null is refused there (use $eq null);
// - `$all: []` matches every array in CASL and none in MongoDB, so it is refused.
// Ranges also assume the field holds values of the bound's type (MongoDB compares within one type,
// CASL coerces across types) — true of read-model rows, which projections type.

export const SUPPORTED_OPERATORS = ['$eq', '$ne', '$lt', '$lte', '$gt', '$gte', '$in', '$nin', '$all', '$size', '$elemMatch', '$exists'] as const;

export type Conditions = Record<string, unknown>;

const SUPPORTED = new Set<string>(SUPPORTED_OPERATORS);

export class UnsupportedConditionError extends Error {
  constructor(
    readonly path: string,
    readonly operator: string,
    detail = `which is outside the supported set ${SUPPORTED_OPERATORS.join(' ')}`,
  ) {
    super(`condition at ${path || '(root)'} uses ${operator}, ${detail}`);
    this.name = 'UnsupportedConditionError';
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

const isOperatorObject = (value: unknown): value is Record<string, unknown> =>
  isPlainObject(value) && Object.keys(value).length > 0 && Object.keys(value).every((k) => k.startsWith('$'));

function checkValue(value: unknown, path: string): void {
  if (value instanceof RegExp) throw new UnsupportedConditionError(path, 'a regular expression');
  if (Array.isArray(value)) value.forEach((v, i) => checkValue(v, `${path}[${i}]`));
  else if (typeof value === 'object' && value !== null && !isPlainObject(value))
    throw new UnsupportedConditionError(path, `a ${value.constructor?.name ?? 'non-plain'} object`);
  else if (isOperatorObject(value)) checkOperators(value, path);
  else if (isPlainObject(value)) checkFields(value, path);
}

function checkOperators(operators: Record<string, unknown>, path: string): void {
  for (const [op, operand] of Object.entries(operators)) {
    if (!SUPPORTED.has(op)) throw new UnsupportedConditionError(path, op);
    const bound = (v: unknown) => {
      if (typeof v !== 'number' && typeof v !== 'string') throw new UnsupportedConditionError(path, op, 'with a bound that is neither a number nor a string');
    };
    switch (op) {
      case '$lt':
      case '$lte':
        bound(operand);
        if (!('$gt' in operators || '$gte' in operators))
          throw new UnsupportedConditionError(path, op, 'without a lower bound: CASL matches a missing field against it, MongoDB does not (normalizeConditions adds one)');
        break;
      case '$gt':
      case '$gte':
        bound(operand);
        break;
      case '$in':
      case '$nin':
        if (!Array.isArray(operand)) throw new UnsupportedConditionError(path, op, 'without an array');
        if (operand.includes(null)) throw new UnsupportedConditionError(path, op, 'with null: CASL and MongoDB differ on missing fields (use $eq: null)');
        break;
      case '$all':
        if (!Array.isArray(operand) || operand.length === 0) throw new UnsupportedConditionError(path, op, 'without a non-empty array');
        break;
      case '$size':
        if (!Number.isInteger(operand)) throw new UnsupportedConditionError(path, op, 'without an integer');
        break;
      case '$exists':
        if (typeof operand !== 'boolean') throw new UnsupportedConditionError(path, op, 'without true or false');
        break;
      case '$elemMatch':
        if (!isPlainObject(operand)) throw new UnsupportedConditionError(path, op, 'without an object');
        if (isOperatorObject(operand)) checkOperators(operand, `${path}.$elemMatch`);
        else checkFields(operand, `${path}.$elemMatch`);
        continue;
    }
    checkValue(operand, `${path}.${op}`);
  }
}

function checkFields(conditions: Record<string, unknown>, path: string): void {
  for (const [key, value] of Object.entries(conditions)) {
    if (key.startsWith('$')) throw new UnsupportedConditionError(path, key, 'in place of a field name ($and, $or and $nor are built from the rules, not written in them)');
    checkValue(value, path ? `${path}.${key}` : key);
  }
}

/** Throws UnsupportedConditionError unless `conditions` uses only shapes both stores and CASL agree on. */
export function assertSupportedConditions(conditions: Conditions): void {
  if (!isPlainObject(conditions)) throw new UnsupportedConditionError('', 'a non-object condition');
  checkFields(conditions, '');
}

function withLowerBounds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withLowerBounds);
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withLowerBounds(v)]));
  const upper = copy['$lt'] ?? copy['$lte'];
  if (upper !== undefined && !('$gt' in copy || '$gte' in copy) && (typeof upper === 'number' || typeof upper === 'string')) {
    copy['$gte'] = typeof upper === 'number' ? -Infinity : '';
    if (!('$ne' in copy)) copy['$ne'] = null;
  }
  return copy;
}

/** A copy of `conditions` with the rewrites above applied, then checked; use it for any outside condition. */
export function normalizeConditions(conditions: Conditions): Conditions {
  if (!isPlainObject(conditions)) throw new UnsupportedConditionError('', 'a non-object condition');
  const normalized = withLowerBounds(conditions) as Conditions;
  assertSupportedConditions(normalized);
  return normalized;
}
