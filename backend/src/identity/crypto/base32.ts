/** RFC 4648 §6 base32 (the alphabet authenticator apps use for TOTP secrets). */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Text that is not RFC 4648 base32. */
export class Base32Error extends Error {
  constructor(reason: string) {
    super(`invalid base32: ${reason}`);
    this.name = 'Base32Error';
  }
}

/** Encodes bytes; padding with '=' as RFC 4648 does unless `padding: false` (otpauth URIs). */
export const base32Encode = (bytes: Uint8Array, { padding = true } = {}): string => {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xfff; // 12 bits are enough: at most 4 left over + 8 new
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return padding ? out.padEnd(Math.ceil(out.length / 8) * 8, '=') : out;
};

// Characters of the last 8-character group that carry data, for 1..5 bytes; other counts are impossible.
const VALID_TAIL = new Set([0, 2, 4, 5, 7]);

/**
 * Decodes base32, accepting what people type (lower case, spaces, missing padding) but refusing
 * anything that is not exactly one encoding of its bytes (stray letters, wrong length, extra bits).
 */
export const base32Decode = (text: string): Buffer => {
  const cleaned = text.replace(/[\s-]/g, '').toUpperCase();
  const data = cleaned.replace(/=+$/, '');
  if (data.length !== cleaned.length && cleaned.length !== Math.ceil(data.length / 8) * 8) {
    throw new Base32Error('padding must complete the last group of 8 characters, no more');
  }
  if (!VALID_TAIL.has(data.length % 8)) throw new Base32Error(`${data.length} characters cannot hold whole bytes`);
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of data) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) throw new Base32Error(`"${char}" is not in the RFC 4648 alphabet A-Z 2-7`);
    buffer = ((buffer << 5) | value) & 0xfff; // at most 7 left over + 5 new
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) throw new Base32Error('unused trailing bits must be zero');
  return Buffer.from(out);
};
