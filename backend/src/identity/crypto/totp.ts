import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { base32Encode } from './base32';

export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export interface TotpOptions {
  /** HMAC hash; SHA1 is the default every authenticator app supports. */
  readonly algorithm?: TotpAlgorithm;
  readonly digits?: 6 | 8;
  /** Time step in seconds (RFC 6238 X). */
  readonly period?: number;
}

export interface TotpVerifyOptions extends TotpOptions {
  /** Steps accepted either side of now, for clock drift and typing time: 0-2, default 1. */
  readonly window?: number;
}

/** A secret too short for HOTP (RFC 4226 §4 asks for at least 128 bits). */
export class TotpSecretError extends Error {
  constructor(bytes: number) {
    super(`TOTP secret must be at least 16 bytes (got ${bytes})`);
    this.name = 'TotpSecretError';
  }
}

/** otpauth:// label parts that apps would misread. */
export class OtpauthUriError extends Error {
  constructor(reason: string) {
    super(`cannot build otpauth URI: ${reason}`);
    this.name = 'OtpauthUriError';
  }
}

const HMAC_NAME: Record<TotpAlgorithm, string> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };
/** RFC 4226 recommends 160-bit secrets: the SHA-1 output size. */
export const TOTP_SECRET_BYTES = 20;

/** A fresh random 160-bit TOTP secret. */
export const generateTotpSecret = (): Buffer => randomBytes(TOTP_SECRET_BYTES);

const settings = (o: TotpOptions) => {
  const algorithm = o.algorithm ?? 'SHA1';
  const digits = o.digits ?? 6;
  const period = o.period ?? 30;
  if (!Object.hasOwn(HMAC_NAME, algorithm)) throw new RangeError(`TOTP algorithm must be SHA1, SHA256 or SHA512 (got ${algorithm})`);
  if (digits !== 6 && digits !== 8) throw new RangeError(`TOTP digits must be 6 or 8 (got ${digits})`);
  if (!Number.isSafeInteger(period) || period < 1) throw new RangeError(`TOTP period must be a positive integer (got ${period})`);
  return { algorithm, digits, period };
};

/** RFC 4226 HOTP value for one counter. */
export const hotp = (secret: Uint8Array, counter: number, options: TotpOptions = {}): string => {
  const { algorithm, digits } = settings(options);
  if (secret.length < 16) throw new TotpSecretError(secret.length);
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(HMAC_NAME[algorithm], secret).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f; // dynamic truncation, RFC 4226 §5.3
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
};

const epochMs = (now: Date | number): number => (typeof now === 'number' ? now : now.getTime());

/** The RFC 6238 time step T for an instant (a Date, or milliseconds since the epoch). */
export const totpStep = (now: Date | number, options: TotpOptions = {}): number =>
  Math.floor(epochMs(now) / 1000 / settings(options).period);

/** The TOTP code at an instant. */
export const totp = (secret: Uint8Array, now: Date | number, options: TotpOptions = {}): string =>
  hotp(secret, totpStep(now, options), options);

/**
 * The time step (within ±window of now) whose code equals `code` and is later than
 * `lastAcceptedStep`, or null. Malformed codes give null. Of several matches the latest wins, so
 * that storing it refuses every code of the window already seen.
 */
const matchStep = (secret: Uint8Array, code: string, now: Date | number, after: number, options: TotpVerifyOptions): number | null => {
  const { digits } = settings(options);
  const window = options.window ?? 1;
  if (!Number.isSafeInteger(window) || window < 0 || window > 2) throw new RangeError(`TOTP window must be 0, 1 or 2 (got ${window})`);
  if (typeof code !== 'string') return null;
  const typed = code.replace(/\s/g, ''); // "123 456" as some apps display it
  if (!new RegExp(`^[0-9]{${digits}}$`).test(typed)) return null;
  const given = Buffer.from(typed);
  const current = totpStep(now, options);
  let matched: number | null = null;
  // Every candidate is computed and compared: how long this takes says nothing about which matched.
  for (let step = current - window; step <= current + window; step++) {
    if (step < 0) continue;
    const equal = timingSafeEqual(Buffer.from(hotp(secret, step, options)), given);
    if (equal && step > after) matched = step;
  }
  return matched;
};

/** The matching time step within ±window (default ±1) of now, or null. Does not refuse replays: see acceptTotp. */
export const verifyTotp = (secret: Uint8Array, code: string, now: Date | number, options: TotpVerifyOptions = {}): number | null =>
  matchStep(secret, code, now, -1, options);

/**
 * Accepts a code once: returns the step to store as the new lastAcceptedStep, or null when the code
 * is wrong, malformed, or of a step at or before lastAcceptedStep (a replay). Store the result
 * with a compare-and-set so that two concurrent logins with one code cannot both pass.
 */
export const acceptTotp = (
  secret: Uint8Array,
  code: string,
  now: Date | number,
  lastAcceptedStep: number | null,
  options: TotpVerifyOptions = {},
): number | null => matchStep(secret, code, now, lastAcceptedStep ?? -1, options);

export interface OtpauthUriInput extends TotpOptions {
  readonly issuer: string;
  readonly account: string;
  readonly secret: Uint8Array;
}

/** `otpauth://totp/<issuer>:<account>?secret=…&issuer=…` (Google Key URI format), percent-encoded as UTF-8. */
export const otpauthUri = (input: OtpauthUriInput): string => {
  const { algorithm, digits, period } = settings(input);
  for (const [name, value] of [
    ['issuer', input.issuer],
    ['account', input.account],
  ] as const) {
    // A colon would split the label in the wrong place; apps show the label as the entry's name.
    if (value.trim() === '' || value.includes(':')) throw new OtpauthUriError(`${name} must be non-empty and contain no ":"`);
  }
  if (input.secret.length < 16) throw new TotpSecretError(input.secret.length);
  const issuer = encodeURIComponent(input.issuer);
  const query = `secret=${base32Encode(input.secret, { padding: false })}&issuer=${issuer}&algorithm=${algorithm}&digits=${digits}&period=${period}`;
  return `otpauth://totp/${issuer}:${encodeURIComponent(input.account)}?${query}`;
};
