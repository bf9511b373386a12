import { randomBytes } from 'node:crypto';
import { update as mingoUpdate } from 'mingo';
import { InvalidWriteError, type Filter, type ReadModelDocument, type Update } from '../read-model-store.port';
import { deepCopy, identicalValues } from './deep-copy';
import { MINGO_OPTIONS } from './document-predicate';
import { applyUpdateOperators, UNSUPPORTED } from './update-operators';

// ---- Update operators, replacements and upserts, with MongoDB's rules ---------------------------

type Fields = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Fields =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** A stored document: a deep copy with `_id` first, as MongoDB stores it. */
export function storedDocument(collection: string, doc: Fields, id: unknown = doc['_id']): ReadModelDocument {
  if (typeof id !== 'string') throw new InvalidWriteError(collection, `_id must be a string, got ${JSON.stringify(id) ?? typeof id}`);
  return withIdFirst(deepCopy(doc), id);
}

function withIdFirst(doc: Fields, id: string): ReadModelDocument {
  // Only the first key is looked at: when it is already the right _id, no new object is needed.
  for (const key in doc) {
    if (key === '_id' && doc['_id'] === id) return doc as ReadModelDocument;
    break;
  }
  const { _id: _replaced, ...rest } = doc;
  return { _id: id, ...rest };
}

/**
 * Applies update operators to a copy of `current`; returns the new document, or null when nothing
 * changed (MongoDB then counts the document as matched but not modified). `$setOnInsert` only acts
 * when `inserting`. The filter is passed on for the positional operator (`items.$.qty`).
 */
export function applyUpdate(
  collection: string,
  current: ReadModelDocument,
  update: Update,
  filter: Filter,
  inserting: boolean,
): ReadModelDocument | null {
  const operators = Object.keys(update);
  if (operators.length === 0 || !operators.every((op) => op.startsWith('$'))) {
    throw new InvalidWriteError(collection, 'an update needs update operators ($set, $inc ...); use replaceOne to replace a document');
  }
  const { $setOnInsert: onInsert, ...modifier } = update;
  if (inserting && isPlainObject(onInsert)) {
    const set = isPlainObject(modifier['$set']) ? modifier['$set'] : {};
    modifier['$set'] = { ...set, ...onInsert };
  }
  const next = deepCopy(current);
  if (Object.keys(modifier).length > 0) {
    try {
      if (applyUpdateOperators(next, modifier) === UNSUPPORTED) {
        mingoUpdate(next, modifier, undefined, inserting ? undefined : filter, { cloneMode: 'deep', queryOptions: MINGO_OPTIONS });
      }
    } catch (error) {
      throw new InvalidWriteError(collection, error instanceof Error ? error.message : String(error));
    }
  }
  if (next['_id'] !== current._id) {
    throw new InvalidWriteError(collection, "performing an update on the path '_id' would modify the immutable field '_id'");
  }
  return identicalValues(next, current) ? null : withIdFirst(next, current._id);
}

/** The replacement for a matched document, or null when it equals the stored one. */
export function applyReplacement(collection: string, current: ReadModelDocument, replacement: Fields): ReadModelDocument | null {
  if (Object.keys(replacement).some((k) => k.startsWith('$'))) {
    throw new InvalidWriteError(collection, 'a replacement document must not contain update operators');
  }
  if ('_id' in replacement && replacement['_id'] !== current._id) {
    throw new InvalidWriteError(collection, "the (immutable) field '_id' was found to have been altered");
  }
  const next = storedDocument(collection, replacement, current._id);
  return identicalValues(next, current) ? null : next;
}

/** The document an update-style upsert starts from: the filter's equality fields (dot paths nested). */
export function upsertSeed(filter: Filter): Fields {
  const seed: Fields = {};
  const visit = (node: Filter): void => {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$and' && Array.isArray(value)) {
        for (const part of value) if (isPlainObject(part)) visit(part);
        continue;
      }
      if (key.startsWith('$')) continue;
      const equal = equalityOperand(value);
      if (equal.found) setPath(seed, key, deepCopy(equal.value));
    }
  };
  visit(filter);
  return seed;
}

/** The inserted document of a replace-style upsert: the replacement, with the filter's _id if it has none. */
export function replacementSeed(collection: string, filter: Filter, replacement: Fields): ReadModelDocument {
  const id = replacement['_id'] ?? upsertSeed(filter)['_id'] ?? generatedId();
  return storedDocument(collection, replacement, id);
}

/** The inserted document of an update-style upsert. */
export function updateSeed(collection: string, filter: Filter, update: Update): ReadModelDocument {
  const seed = upsertSeed(filter);
  const id = seed['_id'] ?? generatedId();
  const start = storedDocument(collection, seed, id);
  return applyUpdate(collection, start, update, filter, true) ?? start;
}

// An equality condition's value: a literal (not an operator object), or the operand of $eq.
function equalityOperand(condition: unknown): { found: boolean; value?: unknown } {
  if (condition instanceof RegExp) return { found: false };
  if (!isPlainObject(condition)) return { found: true, value: condition };
  const keys = Object.keys(condition);
  if (keys.length > 0 && keys.every((k) => k.startsWith('$'))) {
    return keys.length === 1 && keys[0] === '$eq' ? { found: true, value: condition['$eq'] } : { found: false };
  }
  return { found: true, value: condition };
}

function setPath(target: Fields, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const child = node[part];
    if (!isPlainObject(child)) node[part] = {};
    node = node[part] as Fields;
  }
  node[parts[parts.length - 1]] = value;
}

/** A new _id where MongoDB would make an ObjectId: 24 hex digits, time first so they sort by creation. */
export function generatedId(): string {
  return (
    Math.floor(Date.now() / 1000)
      .toString(16)
      .padStart(8, '0') + randomBytes(8).toString('hex')
  );
}
