import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../../event-store/hash-chain';
import type { ChainMode } from '../../event-store/hash-chain';
import type { BrokenLink } from './chain-cursor';
import type { PublicSigningKey } from './signing-key';

// ---- Signed digests of the chain head: the body, the file, checking a file against trusted keys ----

export const DIGEST_FORMAT = 'kuaige-audit-digest/1';

/** What a digest attests, signed as its canonical JSON (README.md says every field). */
export interface DigestBody {
  readonly format: typeof DIGEST_FORMAT;
  readonly digestId: string;
  /** Adapter of the log: `embedded-sqlite` or `eventstoredb`. */
  readonly store: string;
  readonly chain: ChainMode;
  /** Last position of the log covered. */
  readonly position: number;
  readonly eventCount: number;
  /** Event id and stored hash of the event at `position` (null for an empty log). */
  readonly headEventId: string | null;
  readonly headHash: string;
  readonly streamCount: number;
  /** RFC 6962 Merkle root over every stream's (stream id, revision, hash) head, sorted by stream id. */
  readonly streamsRoot: string;
  readonly createdAt: string;
  readonly keyId: string;
  /** SHA-256 (hex) of the previous digest's canonical body; null for the first. */
  readonly previousDigestHash: string | null;
}

/** The self-contained file a digest is downloaded as. `key` is informative: trust comes from elsewhere. */
export interface DigestFile {
  readonly digest: DigestBody;
  readonly signature: { readonly alg: 'EdDSA'; readonly kid: string; readonly value: string };
  readonly key: PublicSigningKey;
}

/** The bytes signed: UTF-8 of the body's canonical JSON. */
export const signedBytes = (body: DigestBody): Buffer => Buffer.from(canonicalJson(body, 'digest'), 'utf8');

/** SHA-256 (hex) of a body, as the next digest's `previousDigestHash` names it. */
export const digestHash = (body: DigestBody): string => createHash('sha256').update(signedBytes(body)).digest('hex');

export const publicKeyObject = (key: Pick<PublicSigningKey, 'kty' | 'crv' | 'x'>): KeyObject =>
  createPublicKey({ key: { kty: key.kty, crv: key.crv, x: key.x }, format: 'jwk' });

const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const HEX64 = /^[0-9a-f]{64}$/;

/** Why a parsed JSON value is not a digest file, or null when it is one. */
function malformation(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'the file is not a JSON object';
  const file = value as Record<string, unknown>;
  const d = file['digest'] as Record<string, unknown> | undefined;
  const s = file['signature'] as Record<string, unknown> | undefined;
  if (typeof d !== 'object' || d === null) return 'missing "digest"';
  if (d['format'] !== DIGEST_FORMAT) return `digest.format must be "${DIGEST_FORMAT}"`;
  for (const f of ['digestId', 'store', 'createdAt', 'keyId'] as const) if (!isString(d[f])) return `digest.${f} must be a string`;
  if (d['chain'] !== 'global' && d['chain'] !== 'per-stream') return 'digest.chain must be "global" or "per-stream"';
  for (const f of ['position', 'eventCount', 'streamCount'] as const) if (!isCount(d[f])) return `digest.${f} must be a whole number ≥ 0`;
  for (const f of ['headHash', 'streamsRoot'] as const) if (!isString(d[f]) || !HEX64.test(d[f])) return `digest.${f} must be 64 hex digits`;
  if (d['headEventId'] !== null && !isString(d['headEventId'])) return 'digest.headEventId must be a string or null';
  if (d['previousDigestHash'] !== null && !(isString(d['previousDigestHash']) && HEX64.test(d['previousDigestHash']))) return 'digest.previousDigestHash must be 64 hex digits or null';
  if (Number.isNaN(Date.parse(d['createdAt'] as string))) return 'digest.createdAt must be an ISO 8601 time';
  if (typeof s !== 'object' || s === null || s['alg'] !== 'EdDSA' || !isString(s['kid']) || !isString(s['value'])) return 'signature must be { alg: "EdDSA", kid, value }';
  if (s['kid'] !== d['keyId']) return 'signature.kid differs from digest.keyId';
  return null;
}

/** Reads a digest file's JSON text; a malformed one answers a `malformed-digest` break. */
export function parseDigestFile(text: string): DigestFile | BrokenLink {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'malformed-digest', position: null, detail: 'the digest file is not JSON' };
  }
  const problem = malformation(value);
  return problem ? { kind: 'malformed-digest', position: null, detail: problem } : (value as DigestFile);
}

export const isBroken = (value: object): value is BrokenLink => 'kind' in value && 'detail' in value;

/**
 * Checks a digest's signature against the trusted keys only (never the key inside the file): the key
 * must be known, the signature must verify over the canonical body, and the key must have been valid
 * when the digest says it was made.
 */
export function authenticateDigest(file: DigestFile, trusted: readonly PublicSigningKey[]): BrokenLink | undefined {
  const d = file.digest;
  const base = { position: d.position, digestId: d.digestId };
  const key = trusted.find((k) => k.kid === d.keyId);
  if (!key) {
    return { kind: 'unknown-key', ...base, actual: d.keyId, detail: `digest ${d.digestId} is signed by key ${d.keyId}, which is not among the trusted keys (${trusted.map((k) => k.kid).join(', ') || 'none'})` };
  }
  let valid: boolean;
  try {
    valid = verify(null, signedBytes(d), publicKeyObject(key), Buffer.from(file.signature.value, 'base64url'));
  } catch {
    valid = false;
  }
  if (!valid) return { kind: 'bad-signature', ...base, detail: `the signature of digest ${d.digestId} does not verify with key ${key.kid}: the digest was changed after signing or signed by another key` };
  const at = Date.parse(d.createdAt);
  if (at < Date.parse(key.validFrom) || (key.validUntil !== null && at >= Date.parse(key.validUntil))) {
    return {
      kind: 'key-not-valid',
      ...base,
      expected: `${key.validFrom} … ${key.validUntil ?? 'now'}`,
      actual: d.createdAt,
      detail: `digest ${d.digestId} says it was made at ${d.createdAt}, outside the validity of key ${key.kid} (${key.validFrom} to ${key.validUntil ?? 'now'})`,
    };
  }
  return undefined;
}
