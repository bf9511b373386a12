import { Query } from 'mingo';
import { compareValues } from './bson-order';
import { deepCopy, identicalValues } from './deep-copy';
import { MINGO_OPTIONS } from './document-predicate';

// ---- MongoDB update operators on plain paths, applied in place to a private copy ------------------
//
// mingo's update() spends ~0.4 ms per call setting up its operator tables, which would make every
// updateOne of a projector batch cost that much. The common operators on object paths are applied
// here instead; anything else (positional `$`, `$[]`, paths through arrays, $push modifiers other
// than $each, $rename, $currentDate, $bit) answers UNSUPPORTED and the caller hands the update to mingo.

export const UNSUPPORTED = 'unsupported';

/** A MongoDB error for this update (wrong types, conflicting paths ...). */
export class UpdateOperatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpdateOperatorError';
  }
}

type Fields = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Fields =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

const SUPPORTED = new Set(['$set', '$unset', '$inc', '$mul', '$min', '$max', '$push', '$addToSet', '$pull', '$pullAll', '$pop']);
const CREATES_PATH = new Set(['$set', '$inc', '$mul', '$min', '$max', '$push', '$addToSet']);

interface Step {
  readonly operator: string;
  readonly path: string;
  readonly segments: string[];
  readonly argument: unknown;
}

/** Applies `modifier` to `doc` in place; returns UNSUPPORTED (doc untouched) when mingo must do it. */
export function applyUpdateOperators(doc: Fields, modifier: Fields): typeof UNSUPPORTED | void {
  const steps: Step[] = [];
  for (const [operator, spec] of Object.entries(modifier)) {
    if (!SUPPORTED.has(operator)) return UNSUPPORTED;
    if (!isPlainObject(spec)) throw new UpdateOperatorError(`modifiers for ${operator} must be an object`);
    for (const [path, argument] of Object.entries(spec)) {
      const segments = path.split('.');
      if (segments.some((s) => s === '' || s.startsWith('$'))) return UNSUPPORTED;
      if (operator === '$push' && isPlainObject(argument) && Object.keys(argument).some((k) => k !== '$each')) return UNSUPPORTED;
      steps.push({ operator, path, segments, argument });
    }
  }
  // MongoDB applies field updates in lexicographic order of their paths (new fields appear in that
  // order) and refuses two updates of one path or of a path and its parent.
  steps.sort((a, b) => comparePaths(a.segments, b.segments));
  for (let i = 1; i < steps.length; i++) {
    const [a, b] = [steps[i - 1].path, steps[i].path];
    if (a === b || b.startsWith(`${a}.`)) throw new UpdateOperatorError(`updating the path '${b}' would create a conflict at '${a}'`);
  }
  // Check every path before writing any, so an UNSUPPORTED answer leaves the document untouched.
  for (const step of steps) if (parentOf(doc, step.segments, false) === UNSUPPORTED) return UNSUPPORTED;
  for (const step of steps) {
    const parent = parentOf(doc, step.segments, CREATES_PATH.has(step.operator));
    if (parent !== UNSUPPORTED && parent !== null) apply(step, parent, step.segments[step.segments.length - 1]);
  }
}

// Numeric field names sort numerically, others by string (MongoDB's order for update fields).
function comparePaths(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    const na = /^[0-9]+$/.test(a[i]);
    const nb = /^[0-9]+$/.test(b[i]);
    if (na && nb) return Number(a[i]) - Number(b[i]) || (a[i] < b[i] ? -1 : 1);
    if (na !== nb) return na ? -1 : 1;
    return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * The object holding the path's last field; missing objects on the way are created when `create`,
 * else the answer is null. UNSUPPORTED when the path crosses an array, null or a scalar.
 */
function parentOf(doc: Fields, segments: readonly string[], create: boolean): Fields | null | typeof UNSUPPORTED {
  let node: Fields = doc;
  for (let i = 0; i < segments.length - 1; i++) {
    const child = node[segments[i]];
    if (child === undefined) {
      if (!create) return null;
      const created: Fields = {};
      node[segments[i]] = created;
      node = created;
    } else if (isPlainObject(child)) node = child;
    else return UNSUPPORTED;
  }
  return node;
}

function apply(step: Step, parent: Fields, field: string): void {
  const current = parent[field];
  const has = Object.prototype.hasOwnProperty.call(parent, field);
  const arg = step.argument;
  switch (step.operator) {
    case '$set':
      parent[field] = deepCopy(arg);
      return;
    case '$unset':
      delete parent[field];
      return;
    case '$inc':
    case '$mul': {
      if (typeof arg !== 'number') throw new UpdateOperatorError(`cannot ${step.operator} with non-numeric argument at '${step.path}'`);
      if (!has) parent[field] = step.operator === '$inc' ? arg : 0;
      else if (typeof current !== 'number')
        throw new UpdateOperatorError(`cannot apply ${step.operator} to a value of non-numeric type at '${step.path}'`);
      else parent[field] = step.operator === '$inc' ? current + arg : current * arg;
      return;
    }
    case '$min':
    case '$max': {
      const c = has ? compareValues(arg, current) : 0;
      if (!has || (step.operator === '$min' ? c < 0 : c > 0)) parent[field] = deepCopy(arg);
      return;
    }
    case '$push':
    case '$addToSet': {
      const values = isPlainObject(arg) && '$each' in arg ? arg['$each'] : [arg];
      if (!Array.isArray(values))
        throw new UpdateOperatorError(`the argument to $each in ${step.operator} must be an array at '${step.path}'`);
      const list = has ? current : [];
      if (!Array.isArray(list)) throw new UpdateOperatorError(`the field '${step.path}' must be an array to ${step.operator} to it`);
      const next = list.slice();
      for (const value of values) {
        if (step.operator === '$push' || !next.some((existing) => identicalValues(existing, value))) next.push(deepCopy(value));
      }
      parent[field] = next;
      return;
    }
    case '$pull':
    case '$pullAll': {
      if (!has) return;
      if (!Array.isArray(current)) throw new UpdateOperatorError(`cannot apply ${step.operator} to a non-array value at '${step.path}'`);
      if (step.operator === '$pullAll' && !Array.isArray(arg))
        throw new UpdateOperatorError(`$pullAll requires an array argument at '${step.path}'`);
      const removes =
        step.operator === '$pullAll' ? (v: unknown) => (arg as unknown[]).some((x) => compareValues(x, v) === 0) : pullMatcher(arg);
      parent[field] = current.filter((v) => !removes(v));
      return;
    }
    case '$pop': {
      if (!has) return;
      if (!Array.isArray(current)) throw new UpdateOperatorError(`the field '${step.path}' must be an array to $pop from it`);
      parent[field] = arg === -1 ? current.slice(1) : current.slice(0, -1);
      return;
    }
    default:
      throw new UpdateOperatorError(`unknown update operator ${step.operator}`);
  }
}

// $pull's condition: operators apply to each element; a document is a query on element documents;
// anything else is equality.
function pullMatcher(condition: unknown): (value: unknown) => boolean {
  if (!isPlainObject(condition)) return (v) => compareValues(v, condition) === 0 && sameKind(v, condition);
  const keys = Object.keys(condition);
  if (keys.length > 0 && keys.every((k) => k.startsWith('$'))) {
    const query = new Query({ v: condition }, MINGO_OPTIONS);
    return (v) => query.test({ v });
  }
  const query = new Query(condition, MINGO_OPTIONS);
  return (v) => isPlainObject(v) && query.test(v);
}

// compareValues orders (e.g.) 1 and 1n alike; equality for $pull also needs the same broad kind.
const sameKind = (a: unknown, b: unknown): boolean => Array.isArray(a) === Array.isArray(b);
