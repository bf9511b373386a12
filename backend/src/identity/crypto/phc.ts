import type { Argon2Params } from './argon2id';

/** The parts of a stored argon2id password hash. */
export interface Argon2idHash {
  readonly params: Argon2Params;
  /** Id of the pepper (argon2 `secret`) the hash was made with; null when made without one. */
  readonly pepperId: string | null;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/** A stored password hash that is not an argon2id v19 PHC string this code writes. */
export class MalformedPasswordHashError extends Error {
  constructor(reason: string) {
    super(`malformed argon2id PHC string: ${reason}`);
    this.name = 'MalformedPasswordHashError';
  }
}

/** Pepper ids travel in the PHC `keyid` parameter, which the PHC spec limits to 8 bytes. */
export const PEPPER_ID = /^[A-Za-z0-9_-]{1,8}$/;

// PHC strings use standard base64 without padding ("B64" in the PHC spec).
export const toB64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64').replace(/=+$/, '');

/** Decodes PHC B64; null unless the text is the one canonical encoding of its bytes. */
export const fromB64 = (text: string): Buffer | null => {
  if (!/^[A-Za-z0-9+/]*$/.test(text) || text.length % 4 === 1) return null;
  const bytes = Buffer.from(text, 'base64');
  // Re-encoding rejects non-zero trailing bits, so one hash has exactly one spelling.
  return toB64(bytes) === text ? bytes : null;
};

/** `$argon2id$v=19$m=47104,t=1,p=1[,keyid=<B64>]$<B64 salt>$<B64 hash>` */
export const formatPhc = (h: Argon2idHash): string => {
  const keyId = h.pepperId === null ? '' : `,keyid=${toB64(Buffer.from(h.pepperId, 'utf8'))}`;
  const { memoryKiB: m, passes: t, parallelism: p } = h.params;
  return `$argon2id$v=19$m=${m},t=${t},p=${p}${keyId}$${toB64(h.salt)}$${toB64(h.hash)}`;
};

// Decimal without leading zeros (PHC spec); 10 digits at most so Number() stays exact.
const DECIMAL = '(0|[1-9][0-9]{0,9})';
const PHC = new RegExp(
  `^\\$argon2id\\$v=19\\$m=${DECIMAL},t=${DECIMAL},p=${DECIMAL}(?:,keyid=([A-Za-z0-9+/]{1,11}))?\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)$`,
);

/** Parses the syntax only; whether the costs are acceptable is the hasher's decision. */
export const parsePhc = (phc: string): Argon2idHash => {
  if (typeof phc !== 'string' || phc.length > 512) throw new MalformedPasswordHashError('not a string of at most 512 characters');
  const match = PHC.exec(phc);
  if (!match) throw new MalformedPasswordHashError('expected $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>');
  const [, m, t, p, keyIdB64, saltB64, hashB64] = match;
  let pepperId: string | null = null;
  if (keyIdB64 !== undefined) {
    const raw = fromB64(keyIdB64);
    pepperId = raw === null ? null : raw.toString('utf8');
    if (pepperId === null || !PEPPER_ID.test(pepperId)) throw new MalformedPasswordHashError('keyid is not a pepper id');
  }
  const salt = fromB64(saltB64);
  const hash = fromB64(hashB64);
  if (salt === null || hash === null) throw new MalformedPasswordHashError('salt or hash is not canonical unpadded base64');
  return { params: { memoryKiB: Number(m), passes: Number(t), parallelism: Number(p) }, pepperId, salt, hash };
};
