// ---- Rule conditions: only the operators CASL and both read stores interpret the same way ----------
//
// CASL does not reject an operator it does not know: the condition silently means something else
// (and MongoDB may mean a third thing). So conditions that come from outside the builder (overrides)
// are checked against the set that CASL's mongo matcher, mingo and MongoDB agree on. $regex is left out
// on purpose: scoping is array membership on indexed keys, never a pattern.

export const SUPPORTED_OPERATORS = ['$eq', '$ne', '$lt', '$lte', '$gt', '$gte', '$in', '$nin', '$all', '$size', '$elemMatch', '$exists'] as const;

export type Conditions = Record<string, unknown>;

const SUPPORTED = new Set<string>(SUPPORTED_OPERATORS);

export class UnsupportedConditionError extends Error {
  constructor(
    readonly path: string,
    readonly operator: string,
  ) {
    super(`condition at ${path || '(root)'} uses ${operator}, which is outside the supported set ${SUPPORTED_OPERATORS.join(' ')}`);
    this.name = 'UnsupportedConditionError';
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

function checkValue(value: unknown, path: string): void {
  if (value instanceof RegExp) throw new UnsupportedConditionError(path, 'a regular expression');
  if (Array.isArray(value)) value.forEach((v, i) => checkValue(v, `${path}[${i}]`));
  else if (typeof value === 'object' && value !== null && !isPlainObject(value))
    throw new UnsupportedConditionError(path, `a ${value.constructor?.name ?? 'non-plain'} object`);
  else if (isPlainObject(value)) checkObject(value, path);
}

function checkObject(conditions: Record<string, unknown>, path: string): void {
  for (const [key, value] of Object.entries(conditions)) {
    const at = path ? `${path}.${key}` : key;
    if (key.startsWith('$')) {
      if (!SUPPORTED.has(key) || path === '') throw new UnsupportedConditionError(path, key);
      if (key === '$elemMatch') {
        if (!isPlainObject(value)) throw new UnsupportedConditionError(at, '$elemMatch without an object');
        checkElemMatch(value, at);
        continue;
      }
    }
    checkValue(value, at);
  }
}

// Inside $elemMatch a key is either a field of the element or, for scalar arrays, an operator.
function checkElemMatch(value: Record<string, unknown>, path: string): void {
  for (const [key, inner] of Object.entries(value)) {
    if (key.startsWith('$') && !SUPPORTED.has(key)) throw new UnsupportedConditionError(path, key);
    checkValue(inner, `${path}.${key}`);
  }
}

/** Throws UnsupportedConditionError unless every operator in `conditions` is in SUPPORTED_OPERATORS. */
export function assertSupportedConditions(conditions: Conditions): void {
  if (!isPlainObject(conditions)) throw new UnsupportedConditionError('', 'a non-object condition');
  checkObject(conditions, '');
}
