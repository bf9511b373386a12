import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';

// ---- Ed25519 signing keys: the private half stays in this object, the public half is published ------

/** A published verification key: a JWK (RFC 8037 OKP/Ed25519) with its id and validity. */
export interface PublicSigningKey {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  /** The raw public key, base64url. */
  readonly x: string;
  /** RFC 7638 JWK thumbprint (SHA-256, base64url) of { crv, kty, x }: anyone can recompute it. */
  readonly kid: string;
  readonly alg: 'EdDSA';
  readonly use: 'sig';
  /** Digests made from this instant on may be signed with it … */
  readonly validFrom: string;
  /** … and until this one (exclusive); null while it is the current key. */
  readonly validUntil: string | null;
}

export const KEY_SET_FORMAT = 'kuaige-audit-keys/1';

/** The public key set, as served at /.well-known/kuaige-audit-keys.json and accepted by `--keys`. */
export interface KeySet {
  readonly format: typeof KEY_SET_FORMAT;
  readonly keys: readonly PublicSigningKey[];
}

/** RFC 7638 thumbprint of an Ed25519 public JWK. */
export const keyIdOf = (x: string): string => createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest('base64url');

const publicX = (key: KeyObject): string => {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new RangeError('the audit signing key must be an Ed25519 key');
  return jwk.x;
};

/** The private key of the current signer. Logging or serialising it shows its id, never the key. */
export class SigningKey {
  readonly #key: KeyObject;
  readonly kid: string;
  readonly x: string;

  private constructor(key: KeyObject) {
    if (key.asymmetricKeyType !== 'ed25519') throw new RangeError('the audit signing key must be an Ed25519 key');
    this.#key = key;
    this.x = publicX(key);
    this.kid = keyIdOf(this.x);
  }

  static generate(): SigningKey {
    return new SigningKey(generateKeyPairSync('ed25519').privateKey);
  }

  /** From PKCS#8 PEM, or base64 of PKCS#8 DER (what `openssl genpkey -algorithm ed25519` writes). */
  static parse(text: string): SigningKey {
    const trimmed = text.trim();
    const key = trimmed.startsWith('-----BEGIN')
      ? createPrivateKey({ key: trimmed, format: 'pem' })
      : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
    return new SigningKey(key);
  }

  /** PKCS#8 PEM, for the key file only. */
  exportPem(): string {
    return this.#key.export({ format: 'pem', type: 'pkcs8' }).toString();
  }

  /** Ed25519 signature (base64url) of the bytes. */
  sign(bytes: Buffer): string {
    return sign(null, bytes, this.#key).toString('base64url');
  }

  publicKey(validFrom: string, validUntil: string | null = null): PublicSigningKey {
    return { kty: 'OKP', crv: 'Ed25519', x: this.x, kid: this.kid, alg: 'EdDSA', use: 'sig', validFrom, validUntil };
  }

  toJSON(): object {
    return { kid: this.kid, privateKey: '[redacted]' };
  }

  [inspect.custom](): string {
    return `SigningKey { kid: ${this.kid}, privateKey: [redacted] }`;
  }
}

/** Reads a key set file's JSON (the well-known document, or a bare array of keys); throws naming what is wrong. */
export function parseKeySet(text: string): PublicSigningKey[] {
  const value = JSON.parse(text) as unknown;
  const keys = Array.isArray(value) ? value : (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new Error('a key set must be { "keys": [...] } or an array of keys');
  return keys.map((k, i) => {
    const key = k as Partial<PublicSigningKey>;
    if (key.kty !== 'OKP' || key.crv !== 'Ed25519' || typeof key.x !== 'string') throw new Error(`keys[${i}] must be an Ed25519 JWK (kty OKP, crv Ed25519, x)`);
    if (typeof key.validFrom !== 'string' || (key.validUntil !== null && typeof key.validUntil !== 'string')) throw new Error(`keys[${i}] must carry validFrom and validUntil (null when current)`);
    // The id is recomputed, never taken from the file: a key cannot pose under another's id.
    return { kty: 'OKP', crv: 'Ed25519', x: key.x, kid: keyIdOf(key.x), alg: 'EdDSA', use: 'sig', validFrom: key.validFrom, validUntil: key.validUntil ?? null };
  });
}
