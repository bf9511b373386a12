// ---- Shared copies of the values stored documents repeat ------------------------------------------
//
// Rows come from parsed events, so every row holds its own copy of values most rows repeat: ids of
// tenants, status codes, region paths, device types. Stored documents are never mutated (writes swap
// in a new private copy, reads hand out deep copies), so equal strings, and equal small arrays and
// documents of scalars, can be one shared (frozen) value. Sharing is decided per field path: each
// path keeps a dictionary of the values seen there, and a path whose values hardly repeat (ids,
// timestamps, free text) drops its dictionary after a trial, so unique values cost nothing extra.
// Within one document, equal longer strings are shared too (updatedAt is usually another timestamp).

// A path is tried on this many values; it keeps its dictionary when at most KEEP_RATIO were new.
const TRIAL = 16_384;
const KEEP_RATIO = 0.75;
// Past this many distinct values a dictionary takes no new ones (it still shares those it holds).
const MAX_DISTINCT = 1 << 20;
const MAX_STRING = 128;
const MAX_ARRAY = 16;
const MAX_FIELDS = 8;

class Dictionary {
  private values: Map<string, unknown> | null = new Map();
  private lookups = 0;

  /** The shared value equal to `value` (`key` identifies it), or `value` itself. */
  share<T>(key: string, value: T, freeze: boolean): T {
    const values = this.values;
    if (!values) return value;
    const known = values.get(key);
    if (known !== undefined) return known as T;
    if (++this.lookups === TRIAL && values.size > TRIAL * KEEP_RATIO) {
      this.values = null;
      return value;
    }
    if (values.size < MAX_DISTINCT) values.set(key, freeze ? Object.freeze(value) : value);
    return value;
  }

  get active(): boolean {
    return this.values !== null;
  }
}

/** One field path of a collection's documents: its dictionary and those of the paths below it. */
class PathNode {
  readonly strings = new Dictionary();
  /** Arrays and documents, keyed by their JSON text (apart from strings, which JSON text could spell). */
  readonly composites = new Dictionary();
  private children: Map<string, PathNode> | null = null;

  child(key: string): PathNode {
    this.children ??= new Map();
    let node = this.children.get(key);
    if (!node) {
      node = new PathNode();
      this.children.set(key, node);
    }
    return node;
  }
}

const ELEMENTS = '[]';

const isPlain = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

// Values JSON names uniquely, so JSON text can key a dictionary of arrays and documents of them.
const isKeyable = (v: unknown): boolean =>
  v === null || typeof v === 'boolean' || (typeof v === 'string' && v.length <= MAX_STRING) || (typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0));

// Strings shorter than this are not worth comparing with the document's others.
const MIN_LOCAL = 16;
const MAX_LOCAL = 32;

export class ValueInterner {
  private readonly root = new PathNode();
  /** The document's longer strings so far. */
  private local: string[] = [];

  /** `doc` (a private copy, changed in place) with its repeated values replaced by shared ones. */
  intern<T extends Record<string, unknown>>(doc: T): T {
    this.local = [];
    this.fields(doc, this.root);
    this.local = [];
    return doc;
  }

  private withinDocument(value: string): string {
    if (value.length < MIN_LOCAL) return value;
    const local = this.local;
    for (let i = 0; i < local.length; i++) if (local[i] === value) return local[i];
    if (local.length < MAX_LOCAL) local.push(value);
    return value;
  }

  private fields(doc: Record<string, unknown>, node: PathNode): void {
    for (const key in doc) {
      const value = doc[key];
      if (typeof value === 'string' || (typeof value === 'object' && value !== null)) doc[key] = this.value(value, node.child(key));
    }
  }

  // Returns the value to store: shared when an equal one is known at this path.
  private value(value: unknown, node: PathNode): unknown {
    if (typeof value === 'string') return this.withinDocument(value.length <= MAX_STRING ? node.strings.share(value, value, false) : value);
    // Already shared (a value of a stored document that came back in a new one).
    if (Object.isFrozen(value)) return value;
    if (Array.isArray(value)) {
      const elements = node.child(ELEMENTS);
      let keyable = value.length <= MAX_ARRAY;
      for (let i = 0; i < value.length; i++) {
        const element: unknown = value[i];
        if (typeof element === 'string' || (typeof element === 'object' && element !== null)) value[i] = this.value(element, elements);
        keyable &&= isKeyable(value[i]);
      }
      return keyable && node.composites.active ? node.composites.share(JSON.stringify(value), value, true) : value;
    }
    if (!isPlain(value)) return value;
    this.fields(value, node);
    if (!node.composites.active) return value;
    let fields = 0;
    for (const key in value) {
      const field = value[key];
      if (++fields > MAX_FIELDS || !(isKeyable(field) || (Array.isArray(field) && Object.isFrozen(field)))) return value;
    }
    return node.composites.share(JSON.stringify(value), value, true);
  }
}
