// ---- Deep copies in and out of the embedded store, and MongoDB's "did the document change" --------
//
// The store hands out and takes in copies, so a caller mutating an object never changes stored rows.
// Rows are JSON-like (plain objects, arrays, primitives, dates); other class instances are kept as they
// are, like the driver keeps BSON values. `undefined` becomes null, as the driver's BSON serializer
// stores it by default.

/** A deep copy of a JSON-like value (dates and regular expressions copied too). */
export function deepCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = value[i] === undefined ? null : deepCopy(value[i]);
    return out as T;
  }
  // Plain objects first: they are nearly every value, and prototype checks are cheaper than instanceof.
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    // A spread copies the source's hidden class; adding fields one by one by computed name would
    // turn a row of more than ~16 fields into a dictionary-mode object, about three times the size.
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const key in out) {
      const field = out[key];
      if (field === undefined) out[key] = null;
      else if (typeof field === 'object' && field !== null) out[key] = deepCopy(field);
    }
    return out as T;
  }
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof RegExp) return new RegExp(value.source, value.flags) as T;
  if (value instanceof Uint8Array) return value.slice() as T;
  return value;
}

/**
 * Equality with field order, as MongoDB decides whether a replacement or an update modified a
 * document (it compares the stored bytes, so reordered fields count as a change).
 */
export function identicalValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!identicalValues(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof RegExp || b instanceof RegExp) return a instanceof RegExp && b instanceof RegExp && String(a) === String(b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i]) return false;
    if (!identicalValues((a as Record<string, unknown>)[ka[i]], (b as Record<string, unknown>)[kb[i]])) return false;
  }
  return true;
}
