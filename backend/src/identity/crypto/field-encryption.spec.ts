import { FieldCipher, FieldDecryptionError, fieldContext, MalformedCiphertextError, UnknownFieldKeyError } from './field-encryption';
import { Keyring } from './keyring';

// Key kN is 32 bytes of N, so the same id means the same key in every keyring of these tests.
const ring = (current: string, ids: string[]) =>
  Keyring.create({
    currentKeyId: current,
    keys: new Map(ids.map((id) => [id, Buffer.alloc(32, Number(id.slice(1)))])),
    indexKey: Buffer.alloc(32, 99),
  });

describe('FieldCipher', () => {
  const cipher = new FieldCipher(ring('k1', ['k1']));
  const phoneOf7 = fieldContext('account', '7', 'phone');

  it('round-trips Chinese text and writes enc:v1:<keyId>:<iv>:<ciphertext+tag>', () => {
    const sealed = cipher.encrypt('欧阳娜娜', phoneOf7);
    expect(sealed).toMatch(/^enc:v1:k1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(Buffer.from(sealed.split(':')[4], 'base64url')).toHaveLength(Buffer.byteLength('欧阳娜娜') + 16);
    expect(cipher.decrypt(sealed, phoneOf7)).toBe('欧阳娜娜');
    expect(cipher.decrypt(cipher.encrypt('', phoneOf7), phoneOf7)).toBe('');
  });

  it('uses a fresh IV each time, so equal values do not look equal', () => {
    const a = cipher.encrypt('13800138000', phoneOf7);
    const b = cipher.encrypt('13800138000', phoneOf7);
    expect(a).not.toBe(b);
    expect(a.split(':')[3]).not.toBe(b.split(':')[3]);
  });

  it('refuses a value moved to another record or another field (AAD)', () => {
    const sealed = cipher.encrypt('13800138000', phoneOf7);
    expect(() => cipher.decrypt(sealed, fieldContext('account', '8', 'phone'))).toThrow(FieldDecryptionError);
    expect(() => cipher.decrypt(sealed, fieldContext('account', '7', 'emergency_phone'))).toThrow(FieldDecryptionError);
  });

  it('refuses a value whose ciphertext, tag, IV or key id was altered', () => {
    const sealed = cipher.encrypt('13800138000', phoneOf7);
    const [, , , iv, body] = sealed.split(':');
    const flip = (text: string, at: number) => {
      const bytes = Buffer.from(text, 'base64url');
      bytes[at] ^= 1;
      return bytes.toString('base64url');
    };
    const bodyLength = Buffer.from(body, 'base64url').length;
    expect(() => cipher.decrypt(`enc:v1:k1:${iv}:${flip(body, 0)}`, phoneOf7)).toThrow(FieldDecryptionError);
    expect(() => cipher.decrypt(`enc:v1:k1:${iv}:${flip(body, bodyLength - 1)}`, phoneOf7)).toThrow(FieldDecryptionError);
    expect(() => cipher.decrypt(`enc:v1:k1:${flip(iv, 0)}:${body}`, phoneOf7)).toThrow(FieldDecryptionError);
    // Same key bytes under another id: the id is authenticated as well.
    const aliased = new FieldCipher(
      Keyring.create({ currentKeyId: 'k9', keys: new Map([['k9', Buffer.alloc(32, 1)]]), indexKey: Buffer.alloc(32, 99) }),
    );
    expect(() => aliased.decrypt(sealed.replace('enc:v1:k1:', 'enc:v1:k9:'), phoneOf7)).toThrow(FieldDecryptionError);
  });

  it.each([
    ['plaintext', '13800138000'],
    ['another version', 'enc:v2:k1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA'],
    ['a short IV', 'enc:v1:k1:AAAA:AAAAAAAAAAAAAAAAAAAAAA'],
    ['a body shorter than the tag', 'enc:v1:k1:AAAAAAAAAAAAAAAA:AAAA'],
    ['standard base64', 'enc:v1:k1:AAAAAAAAAAAAAA+/:AAAAAAAAAAAAAAAAAAAAAA'],
    ['an empty string', ''],
  ])('refuses %s as malformed', (_, value) => {
    expect(() => cipher.decrypt(value, phoneOf7)).toThrow(MalformedCiphertextError);
  });

  it('names an unknown key id instead of calling it tampering', () => {
    const other = new FieldCipher(ring('k5', ['k5']));
    const sealed = other.encrypt('x', phoneOf7);
    expect(() => cipher.decrypt(sealed, phoneOf7)).toThrow(UnknownFieldKeyError);
    expect(() => cipher.decrypt(sealed, phoneOf7)).toThrow(/uses key "k5"/);
  });

  it('tells encrypted values from plaintext ones', () => {
    expect(FieldCipher.isEncrypted(cipher.encrypt('x', phoneOf7))).toBe(true);
    expect(FieldCipher.isEncrypted('13800138000')).toBe(false);
  });

  it('refuses text that is not valid Unicode and an empty context', () => {
    expect(() => cipher.encrypt('a\uDC00', phoneOf7)).toThrow(RangeError);
    expect(() => cipher.encrypt('x', '')).toThrow(RangeError);
  });
});

describe('FieldCipher key rotation', () => {
  const context = fieldContext('account', 'a-1', 'resident_id');
  const before = new FieldCipher(ring('k1', ['k1']));
  const after = new FieldCipher(ring('k2', ['k2', 'k1']));

  it('reads values under the old key, writes under the new one, and says which need re-encryption', () => {
    const old = before.encrypt('11010519491231002X', context);
    expect(after.decrypt(old, context)).toBe('11010519491231002X');
    expect(after.needsReencryption(old)).toBe(true);
    const renewed = after.reencrypt(old, context);
    expect(renewed.startsWith('enc:v1:k2:')).toBe(true);
    expect(after.needsReencryption(renewed)).toBe(false);
    expect(after.decrypt(renewed, context)).toBe('11010519491231002X');
    expect(after.needsReencryption('plaintext')).toBe(true);
  });

  it('cannot read new values with the old keyring (a process not yet restarted)', () => {
    expect(() => before.decrypt(after.encrypt('x', context), context)).toThrow(UnknownFieldKeyError);
  });
});

describe('fieldContext', () => {
  it('joins entity, record id and field', () => {
    expect(fieldContext('account', '0b9f-7', 'phone')).toBe('account:0b9f-7:phone');
    expect(fieldContext('customer', 'tenant-1/42', 'real_name')).toBe('customer:tenant-1/42:real_name');
  });

  it('refuses names that would make contexts ambiguous', () => {
    expect(() => fieldContext('account:x', '1', 'phone')).toThrow(RangeError);
    expect(() => fieldContext('account', '1', 'Phone')).toThrow(RangeError);
    expect(() => fieldContext('account', '', 'phone')).toThrow(RangeError);
    expect(() => fieldContext('account', 'a\nb', 'phone')).toThrow(RangeError);
  });
});
