import { createHmac, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * Crockford's base32 in lower case: no i, l, o or u, and on input o/i/l read as 0/1/1, so what a
 * person copies from paper cannot be misread. 32 symbols × 12 characters = 60 bits per code.
 */
export const RECOVERY_CODE_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const GROUPS = 3;
const GROUP_LENGTH = 4;
const LENGTH = GROUPS * GROUP_LENGTH;
const HASH_PREFIX = 'rc1:';

export type RecoveryCodeKey = KeyObject | Uint8Array;
/** Purpose for Keyring.macKey: `keyring.macKey(RECOVERY_CODE_KEY_PURPOSE)` is the key to pass here. */
export const RECOVERY_CODE_KEY_PURPOSE = 'recovery-codes';

/** Codes to show the user once, and the hashes to store in their place (same order). */
export interface RecoveryCodeSet {
  readonly codes: readonly string[];
  readonly hashes: readonly string[];
}

/** The outcome of a successful recovery-code login. */
export interface ConsumedRecoveryCode {
  /** Which stored code was used: record it as used (e.g. an event) so it never works again. */
  readonly index: number;
  /** The stored hashes with that one replaced by null. */
  readonly remaining: readonly (string | null)[];
}

/** Canonical form (12 alphabet characters, no separators) of typed input, or null if it cannot be a code. */
export const normalizeRecoveryCode = (input: string): string | null => {
  if (typeof input !== 'string' || input.length > 64) return null;
  const cleaned = input.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
  if (cleaned.length !== LENGTH) return null;
  for (const char of cleaned) if (!RECOVERY_CODE_ALPHABET.includes(char)) return null;
  return cleaned;
};

/**
 * HMAC-SHA256 under a server key: the codes carry 60 random bits, so a slow hash adds nothing, and
 * the key means a stolen table alone cannot even be brute-forced.
 */
export const hashRecoveryCode = (key: RecoveryCodeKey, code: string): string => {
  const canonical = normalizeRecoveryCode(code);
  if (canonical === null) throw new RangeError('not a recovery code (12 characters of the recovery alphabet)');
  return HASH_PREFIX + createHmac('sha256', key).update(`kuaige/recovery-code/v1\0${canonical}`).digest('base64url');
};

const format = (canonical: string): string =>
  Array.from({ length: GROUPS }, (_, g) => canonical.slice(g * GROUP_LENGTH, (g + 1) * GROUP_LENGTH)).join('-');

/** `count` (1-50, default 10) fresh codes like `7k2m-x9qd-4vtr` and their hashes. */
export const generateRecoveryCodes = (key: RecoveryCodeKey, count = 10): RecoveryCodeSet => {
  if (!Number.isSafeInteger(count) || count < 1 || count > 50) throw new RangeError(`recovery code count must be 1-50 (got ${count})`);
  const canonical = new Set<string>();
  while (canonical.size < count) {
    // 256 is a multiple of 32, so the low 5 bits of a random byte are uniform.
    canonical.add(Array.from(randomBytes(LENGTH), (b) => RECOVERY_CODE_ALPHABET[b & 31]).join(''));
  }
  const codes = [...canonical].map(format);
  return { codes, hashes: codes.map((c) => hashRecoveryCode(key, c)) };
};

/**
 * Finds the stored code the user typed. Every stored hash is compared, in constant time each, so
 * timing tells nothing about which slot matched. Null for wrong, used (null slot) or malformed input.
 */
export const consumeRecoveryCode = (
  key: RecoveryCodeKey,
  input: string,
  stored: readonly (string | null)[],
): ConsumedRecoveryCode | null => {
  const canonical = normalizeRecoveryCode(input);
  if (canonical === null) return null;
  const given = Buffer.from(hashRecoveryCode(key, canonical));
  let index = -1;
  stored.forEach((hash, i) => {
    const candidate = Buffer.from(hash ?? '');
    if (candidate.length === given.length && timingSafeEqual(candidate, given)) index = i;
  });
  if (index < 0) return null;
  return { index, remaining: stored.map((h, i) => (i === index ? null : h)) };
};
