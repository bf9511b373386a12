import { createSecretKey } from 'node:crypto';
import {
  consumeRecoveryCode,
  generateRecoveryCodes,
  hashRecoveryCode,
  normalizeRecoveryCode,
  RECOVERY_CODE_ALPHABET,
} from './recovery-codes';

const key = createSecretKey(Buffer.alloc(32, 0x11));

describe('generateRecoveryCodes', () => {
  it('makes 10 distinct xxxx-xxxx-xxxx codes from the unambiguous alphabet, with their hashes', () => {
    const { codes, hashes } = generateRecoveryCodes(key);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
    expect(hashes).toEqual(codes.map((c) => hashRecoveryCode(key, c)));
    for (const hash of hashes) expect(hash).toMatch(/^rc1:[A-Za-z0-9_-]{43}$/);
  });

  it('carries at least 60 bits per code: 12 characters of a 32-symbol alphabet, all symbols in use', () => {
    expect(RECOVERY_CODE_ALPHABET).toHaveLength(32);
    expect(new Set(RECOVERY_CODE_ALPHABET).size).toBe(32);
    expect(12 * Math.log2(RECOVERY_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(60);
    const seen = new Set(generateRecoveryCodes(key, 50).codes.join('').replace(/-/g, ''));
    expect(seen.size).toBeGreaterThan(28); // 600 draws leave a symbol unseen with probability ~ 1e-7
  });

  it('honours the count and refuses silly ones', () => {
    expect(generateRecoveryCodes(key, 3).codes).toHaveLength(3);
    expect(() => generateRecoveryCodes(key, 0)).toThrow(RangeError);
    expect(() => generateRecoveryCodes(key, 51)).toThrow(RangeError);
  });
});

describe('normalizeRecoveryCode', () => {
  it('reads what people type: case, spaces, missing dashes, o/i/l for 0/1', () => {
    expect(normalizeRecoveryCode('7K2M-X9QD-4VTR')).toBe('7k2mx9qd4vtr');
    expect(normalizeRecoveryCode(' 7k2m x9qd 4vtr ')).toBe('7k2mx9qd4vtr');
    expect(normalizeRecoveryCode('1O1O-ILIL-0000')).toBe('10101111' + '0000');
  });

  it.each(['', '7k2m-x9qd-4vt', '7k2m-x9qd-4vtrr', '7k2m-x9qd-4vtu', '7k2m_x9qd_4vtr', '７k2m-x9qd-4vtr'])('refuses %j', (input) => {
    expect(normalizeRecoveryCode(input)).toBeNull();
  });
});

describe('consumeRecoveryCode', () => {
  const { codes, hashes } = generateRecoveryCodes(key, 5);

  it('returns the index of the code used and the hashes without it', () => {
    const used = consumeRecoveryCode(key, codes[3].toUpperCase(), hashes);
    expect(used?.index).toBe(3);
    expect(used?.remaining).toEqual([hashes[0], hashes[1], hashes[2], null, hashes[4]]);
  });

  it('refuses a code already used', () => {
    const first = consumeRecoveryCode(key, codes[1], hashes);
    expect(first?.index).toBe(1);
    expect(consumeRecoveryCode(key, codes[1], first?.remaining ?? [])).toBeNull();
    expect(consumeRecoveryCode(key, codes[2], first?.remaining ?? [])?.index).toBe(2);
  });

  it("refuses a wrong, a malformed, or another key's code", () => {
    expect(consumeRecoveryCode(key, generateRecoveryCodes(key, 1).codes[0], hashes)).toBeNull();
    expect(consumeRecoveryCode(key, 'not a code', hashes)).toBeNull();
    expect(consumeRecoveryCode(createSecretKey(Buffer.alloc(32, 0x22)), codes[0], hashes)).toBeNull();
  });

  it('stores nothing from which the code can be read', () => {
    for (const [i, code] of codes.entries()) expect(hashes[i]).not.toContain(code.replace(/-/g, ''));
  });
});
