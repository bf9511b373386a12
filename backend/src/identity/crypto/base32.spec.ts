import { randomBytes } from 'node:crypto';
import { base32Decode, base32Encode, Base32Error } from './base32';

// RFC 4648 §10 test vectors.
const VECTORS: [string, string][] = [
  ['', ''],
  ['f', 'MY======'],
  ['fo', 'MZXQ===='],
  ['foo', 'MZXW6==='],
  ['foob', 'MZXW6YQ='],
  ['fooba', 'MZXW6YTB'],
  ['foobar', 'MZXW6YTBOI======'],
];

describe('base32 (RFC 4648)', () => {
  it.each(VECTORS)('encodes %j as %j and back', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(base32Decode(encoded).toString()).toBe(plain);
  });

  it('leaves padding out on request and decodes unpadded, lower-case, spaced input', () => {
    expect(base32Encode(Buffer.from('foobar'), { padding: false })).toBe('MZXW6YTBOI');
    expect(base32Decode('mzxw 6ytb oi').toString()).toBe('foobar');
  });

  it('round-trips random byte strings of every length up to 40', () => {
    for (let n = 0; n <= 40; n++) {
      const bytes = randomBytes(n);
      expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
      expect(base32Decode(base32Encode(bytes, { padding: false }))).toEqual(bytes);
    }
  });

  it.each([
    ['a character outside the alphabet', 'MZXW1YTB', /"1" is not in the RFC 4648 alphabet/],
    ['an impossible length', 'MZXW6Y', /6 characters cannot hold whole bytes/],
    ['a lone character', 'M', /1 characters/],
    ['short padding', 'MZXQ==', /padding must complete/],
    ['a whole group of padding too many', 'MZXQ============', /padding must complete/],
    ['padding in the middle', 'MY======MY======', /"=" is not in the RFC 4648 alphabet/],
    ['non-zero trailing bits', 'MZ======', /trailing bits must be zero/],
  ])('refuses %s', (_, text, message) => {
    expect(() => base32Decode(text)).toThrow(Base32Error);
    expect(() => base32Decode(text)).toThrow(message);
  });
});
