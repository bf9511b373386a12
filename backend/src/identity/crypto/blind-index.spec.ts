import { BlindIndex, BlindIndexInputError } from './blind-index';
import { Keyring } from './keyring';

const ring = (indexFill: number, keyFill = 1) =>
  Keyring.create({ currentKeyId: 'k1', keys: new Map([['k1', Buffer.alloc(32, keyFill)]]), indexKey: Buffer.alloc(32, indexFill) });

describe('BlindIndex', () => {
  const index = new BlindIndex(ring(7));

  it('gives one 256-bit base64url index for every spelling of a mobile number', () => {
    const expected = index.compute('mobile', '13800138000');
    expect(expected).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const spelling of ['+86 138 0013 8000', '+8613800138000', '0086-13800138000', '8613800138000']) {
      expect(index.compute('mobile', spelling)).toBe(expected);
    }
    expect(index.compute('mobile', '13800138001')).not.toBe(expected);
  });

  it('upper-cases resident ID numbers and lower-cases e-mail addresses', () => {
    expect(index.compute('resident-id', '11010519491231002x')).toBe(index.compute('resident-id', ' 11010519491231002X'));
    expect(index.compute('email', 'Zhang.San@Example.COM ')).toBe(index.compute('email', 'zhang.san@example.com'));
  });

  it('keeps kinds apart: the same text indexes differently per kind', () => {
    const digits = '110105194912310021';
    expect(index.compute('resident-id', digits)).not.toBe(index.compute('email', `${digits}@x`));
    expect(new Set([index.compute('mobile', '13800138000'), index.compute('resident-id', '138001380001380013')]).size).toBe(2);
  });

  it('depends on the index key only: rotating field-encryption keys keeps indexes, another index key changes them', () => {
    expect(new BlindIndex(ring(7, 2)).compute('mobile', '13800138000')).toBe(index.compute('mobile', '13800138000'));
    expect(new BlindIndex(ring(8)).compute('mobile', '13800138000')).not.toBe(index.compute('mobile', '13800138000'));
  });

  it('makes scoped indexes unlinkable across scopes and from the unscoped one', () => {
    const a = index.compute('mobile', '13800138000', 'tenant-a');
    expect(index.compute('mobile', '13800138000', 'tenant-a')).toBe(a);
    expect(index.compute('mobile', '13800138000', 'tenant-b')).not.toBe(a);
    expect(index.compute('mobile', '13800138000')).not.toBe(a);
    expect(() => index.compute('mobile', '13800138000', '')).toThrow(RangeError);
  });

  it.each([
    ['mobile', '12800138000'],
    ['mobile', '+1 415 555 2671'],
    ['resident-id', '1101051949123100'],
    ['email', 'no-at-sign'],
  ] as const)('refuses a %s it cannot normalise: %j', (kind, value) => {
    expect(() => index.compute(kind, value)).toThrow(BlindIndexInputError);
  });
});
