import { hash } from 'node:crypto';
import type { RecordedEvent } from '@kuaige/eventsourcing';

// ---- Canonical encoding ---------------------------------------------------------------------------
//
// The hash of an event must be recomputable by anyone from what the store returns, in any language,
// years later. So the bytes hashed are defined here, not left to JSON.stringify's key order:
//
//   canonical JSON = JSON text (RFC 8259), UTF-8, no insignificant whitespace, where
//   - object members are sorted by key in UTF-16 code-unit order (Array.prototype.sort's default);
//   - strings and numbers are written as ECMAScript's JSON.stringify writes them (shortest round-trip
//     numbers, -0 as 0), which makes this the JSON Canonicalization Scheme of RFC 8785 for JSON values;
//   - as JSON.stringify does for values JSON cannot carry: members whose value is undefined, a function
//     or a symbol are left out (as array items they become null), non-finite numbers become null, and
//     toJSON() is honoured (Date becomes its ISO string). BigInt and cycles (nesting deeper than 256) are refused.
//
// Adapters store data and metadata as exactly this text, so what is read back re-encodes to the same
// bytes and the hash can be checked.

/** A value cannot be encoded as canonical JSON (BigInt, cycle). */
export class CanonicalEncodingError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot encode ${path} as JSON: ${reason}`);
    this.name = 'CanonicalEncodingError';
  }
}

// Deeper than this is taken for a cycle (JSON.stringify would overflow or refuse it too); counting depth
// is much cheaper on the append path than tracking every ancestor.
const MAX_DEPTH = 256;

/** Thrown inside the recursion; the public function turns it into a CanonicalEncodingError with the full path. */
class Refusal {
  readonly path: string[] = [];
  constructor(readonly reason: string) {}
}

// Keys repeat across events (metadata above all): quote each once.
const quotedKeys = new Map<string, string>();
const quoteKey = (key: string): string => {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
};

const hasToJson = (value: object): value is { toJSON(key: string): unknown } =>
  typeof (value as { toJSON?: unknown }).toJSON === 'function';

function encode(value: unknown, key: string, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // For finite numbers String() and JSON.stringify() agree (shortest round-trip form, -0 as 0).
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw new Refusal('BigInt has no JSON form; store it as a string');
    case 'object': {
      if (value === null) return 'null';
      if (depth > MAX_DEPTH) throw new Refusal(`nested deeper than ${MAX_DEPTH} levels (a cycle?)`);
      if (hasToJson(value)) return encode(value.toJSON(key), key, depth);
      let i = 0;
      try {
        if (Array.isArray(value)) {
          let text = '[';
          for (; i < value.length; i += 1) text += `${i === 0 ? '' : ','}${encode(value[i], String(i), depth + 1) ?? 'null'}`;
          return `${text}]`;
        }
        const record = value as Record<string, unknown>;
        const keys = Object.keys(record).sort();
        let text = '{';
        for (; i < keys.length; i += 1) {
          const member = encode(record[keys[i]!], keys[i]!, depth + 1);
          if (member !== undefined) text += `${text.length === 1 ? '' : ','}${quoteKey(keys[i]!)}:${member}`;
        }
        return `${text}}`;
      } catch (e) {
        if (e instanceof Refusal) {
          e.path.push(Array.isArray(value) ? `[${i}]` : `.${Object.keys(value).sort()[i]}`);
        }
        throw e;
      }
    }
  }
}

/** Canonical JSON text of a value (see the rules above); `what` names it in errors. */
export function canonicalJson(value: unknown, what = 'value'): string {
  let text: string | undefined;
  try {
    text = encode(value, '', 0);
  } catch (e) {
    if (e instanceof Refusal) throw new CanonicalEncodingError(what + e.path.reverse().join(''), e.reason);
    throw e;
  }
  if (text === undefined) throw new CanonicalEncodingError(what, `${typeof value} has no JSON form`);
  return text;
}

// ---- The chain ------------------------------------------------------------------------------------

/** Previous hash of the first event of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * `global`: one chain in commit order over the whole log, position included (the embedded store).
 * `per-stream`: one chain per stream in revision order, position left out because EventStoreDB assigns
 * it only after the append (the EventStoreDB adapter).
 */
export type ChainMode = 'global' | 'per-stream';

/** What a hash covers, with data and metadata already in canonical JSON. */
export interface ChainLink {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: number;
  /** Present in the global chain only. */
  readonly position?: number;
  readonly type: string;
  readonly dataJson: string;
  readonly metadataJson: string;
  readonly recordedAt: string;
  readonly previousHash: string;
}

/**
 * The hashed bytes: canonical JSON of { data, eventId, metadata, position?, previousHash, recordedAt,
 * revision, streamId, type }. Written out by hand in sorted key order so that appends encode data and
 * metadata once; `canonicalJson` of that object gives the same text (proven in hash-chain.spec.ts).
 */
export function chainInput(link: ChainLink): string {
  const position = link.position === undefined ? '' : `"position":${String(link.position)},`;
  return (
    `{"data":${link.dataJson},"eventId":${JSON.stringify(link.eventId)},"metadata":${link.metadataJson},${position}` +
    `"previousHash":${JSON.stringify(link.previousHash)},"recordedAt":${JSON.stringify(link.recordedAt)},` +
    `"revision":${String(link.revision)},"streamId":${JSON.stringify(link.streamId)},"type":${JSON.stringify(link.type)}}`
  );
}

/** SHA-256 (hex) of an event's link in its chain. */
export function chainHash(link: ChainLink): string {
  return hash('sha256', chainInput(link), 'hex');
}

// ---- Verification ---------------------------------------------------------------------------------

export interface VerifyChainOptions {
  readonly mode: ChainMode;
  /** Global mode: hash of the event just before the range; defaults to GENESIS_HASH (range starts at the first event). */
  readonly previousHash?: string;
  /** Per-stream mode: hash of the event just before the range, per stream; streams not listed start at GENESIS_HASH. */
  readonly previousHashes?: ReadonlyMap<string, string>;
}

/** The first event whose stored hash differs from the one recomputed from its content and its predecessor. */
export interface ChainBreak {
  readonly position: number;
  readonly eventId: string;
  readonly streamId: string;
  /** Hash recomputed from the event as read and the previous stored hash. */
  readonly expected: string;
  /** Hash stored with the event. */
  readonly actual: string;
}

export interface ChainVerification {
  /** Events whose hash matched, before the first break. */
  readonly checked: number;
  readonly firstBroken?: ChainBreak;
}

/**
 * Recomputes the hashes of a range of events, in the order given (commit order for `global`, revision
 * order within each stream for `per-stream`), and stops at the first mismatch. Each event is linked to
 * the stored hash of its predecessor, so a changed event is named itself; a deleted or reordered event
 * is named as its successor, whose link no longer fits.
 */
export async function verifyChain(
  events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>,
  options: VerifyChainOptions,
): Promise<ChainVerification> {
  let checked = 0;
  let previousGlobal = options.previousHash ?? GENESIS_HASH;
  const previousByStream = new Map(options.previousHashes ?? []);
  for await (const event of events) {
    const previousHash = options.mode === 'global' ? previousGlobal : (previousByStream.get(event.streamId) ?? GENESIS_HASH);
    const expected = chainHash({
      eventId: event.eventId,
      streamId: event.streamId,
      revision: event.revision,
      position: options.mode === 'global' ? event.position : undefined,
      type: event.type,
      dataJson: canonicalJson(event.data, 'data'),
      metadataJson: canonicalJson(event.metadata, 'metadata'),
      recordedAt: event.recordedAt,
      previousHash,
    });
    if (expected !== event.hash) {
      return {
        checked,
        firstBroken: { position: event.position, eventId: event.eventId, streamId: event.streamId, expected, actual: event.hash },
      };
    }
    checked += 1;
    if (options.mode === 'global') previousGlobal = event.hash;
    else previousByStream.set(event.streamId, event.hash);
  }
  return { checked };
}
