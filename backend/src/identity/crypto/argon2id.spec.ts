import { argon2id } from './argon2id';

// RFC 9106 section 5.3 (argon2id test vector), through the same function PasswordHasher uses.
describe('argon2id (RFC 9106 §5.3)', () => {
  it('produces the RFC tag for password 32×01, salt 16×02, secret 8×03, ad 12×04, m=32 t=3 p=4', async () => {
    const tag = await argon2id({
      password: Buffer.alloc(32, 0x01),
      salt: Buffer.alloc(16, 0x02),
      secret: Buffer.alloc(8, 0x03),
      associatedData: Buffer.alloc(12, 0x04),
      params: { memoryKiB: 32, passes: 3, parallelism: 4 },
      tagLength: 32,
    });
    expect(tag.toString('hex')).toBe('0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659');
  });

  it('depends on the secret (the pepper): without it the RFC tag is not reproduced', async () => {
    const tag = await argon2id({
      password: Buffer.alloc(32, 0x01),
      salt: Buffer.alloc(16, 0x02),
      associatedData: Buffer.alloc(12, 0x04),
      params: { memoryKiB: 32, passes: 3, parallelism: 4 },
      tagLength: 32,
    });
    expect(tag.toString('hex')).not.toBe('0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659');
    expect(tag).toHaveLength(32);
  });

  it('rejects parameters that Node refuses (memory below its minimum) instead of computing a weak tag', async () => {
    // Node's RangeError comes from outside Jest's VM realm, so it is named by name and code, not by class.
    await expect(
      argon2id({ password: Buffer.from('x'), salt: Buffer.alloc(16), params: { memoryKiB: 8, passes: 1, parallelism: 4 }, tagLength: 32 }),
    ).rejects.toMatchObject({ name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
  });
});
