import { inspect } from 'node:util';
import { ConfigError } from '../../config/config';
import { argon2id, type Argon2idInput } from './argon2id';
import { formatPhc } from './phc';
import {
  ARGON2_CEILING,
  ARGON2_FLOOR,
  PasswordHasher,
  PasswordHasherBusyError,
  passwordHasherOptionsFromEnv,
  PasswordHashParamsError,
  UnacceptablePasswordError,
  UnknownPepperError,
} from './password-hasher';

// Each argon2 at the ASVS floor costs ~50 ms: the tests below share hashes where they can.
const pepper = (id: string, fill: number) => ({ currentId: id, keys: new Map([[id, Buffer.alloc(32, fill)]]) });
const hasher = new PasswordHasher();

/** A hasher whose argon2 calls are recorded (and still computed), so tests can say which work ran. */
const recording = (options: ConstructorParameters<typeof PasswordHasher>[0] = {}) => {
  const calls: Argon2idInput[] = [];
  const h = new PasswordHasher({ ...options, argon2: (input) => (calls.push(input), argon2id(input)) });
  return { h, calls };
};
/** What decides an argon2 computation's cost, without the bytes that differ per call. */
const work = (input: Argon2idInput) => ({
  params: input.params,
  saltBytes: input.salt.length,
  tagLength: input.tagLength,
  secret: input.secret === undefined ? null : Buffer.from(input.secret).toString('hex'),
});

describe('PasswordHasher', () => {
  let stored: string;
  beforeAll(async () => {
    stored = await hasher.hash('correct horse battery staple');
  });

  it('writes argon2id v19 PHC strings at the ASVS floor with a 16-byte salt and a 32-byte hash', () => {
    expect(hasher.params).toEqual({ memoryKiB: 47104, passes: 1, parallelism: 1 });
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=47104,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    await expect(hasher.verify('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(hasher.verify('correct horse battery stapler', stored)).resolves.toBe(false);
  });

  it('salts every hash afresh', async () => {
    const again = await hasher.hash('correct horse battery staple');
    expect(again).not.toBe(stored);
    expect(again.split('$')[4]).not.toBe(stored.split('$')[4]);
  });

  it('treats full-width input (Chinese IME) as the same password (NFKC)', async () => {
    const phc = await hasher.hash('ｐａｓｓｗｏｒｄ１２３');
    await expect(hasher.verify('password123', phc)).resolves.toBe(true);
  });

  it('returns false, without computing, for malformed stored strings', async () => {
    for (const bad of ['', 'plaintext', stored.replace('argon2id', 'argon2i'), stored.slice(0, -1) + '=', stored + '$']) {
      await expect(hasher.verify('correct horse battery staple', bad)).resolves.toBe(false);
    }
  });

  it('refuses stored strings that ask for absurd costs instead of running them (DoS)', async () => {
    const { h, calls } = recording();
    const salt = Buffer.alloc(16, 1);
    const hash = Buffer.alloc(32, 2);
    for (const params of [
      { memoryKiB: 4_000_000_000, passes: 1, parallelism: 1 },
      { memoryKiB: ARGON2_CEILING.memoryKiB + 1, passes: 1, parallelism: 1 },
      { memoryKiB: 47104, passes: 1_000_000, parallelism: 1 },
      { memoryKiB: 47104, passes: 1, parallelism: 255 },
      { memoryKiB: 16, passes: 1, parallelism: 4 }, // below libargon2's 8 KiB per lane
    ]) {
      await expect(h.verify('x', formatPhc({ params, pepperId: null, salt, hash }))).resolves.toBe(false);
    }
    await expect(h.verify('x', formatPhc({ params: ARGON2_FLOOR, pepperId: null, salt: Buffer.alloc(4), hash }))).resolves.toBe(false);
    await expect(h.verify('x', formatPhc({ params: ARGON2_FLOOR, pepperId: null, salt, hash: Buffer.alloc(8) }))).resolves.toBe(false);
    expect(calls).toEqual([]);
    // The same shape at sane costs does run argon2: the refusals above are the sanity check's doing.
    await expect(h.verify('x', formatPhc({ params: ARGON2_FLOOR, pepperId: null, salt, hash }))).resolves.toBe(false);
    expect(calls.map(work)).toEqual([{ params: ARGON2_FLOOR, saltBytes: 16, tagLength: 32, secret: null }]);
  });

  it('verifies a legacy weaker hash and asks for a rehash of it', async () => {
    const salt = Buffer.alloc(16, 9);
    const params = { memoryKiB: 64, passes: 2, parallelism: 1 };
    const hash = await argon2id({ password: Buffer.from('legacy'), salt, params, tagLength: 32 });
    const legacy = formatPhc({ params, pepperId: null, salt, hash });
    await expect(hasher.verify('legacy', legacy)).resolves.toBe(true);
    expect(hasher.needsRehash(legacy)).toBe(true);
  });

  it('asks for a rehash only when stored costs are below the current ones', () => {
    const salt = Buffer.alloc(16);
    const hash = Buffer.alloc(32);
    const phc = (memoryKiB: number, passes: number) =>
      formatPhc({ params: { memoryKiB, passes, parallelism: 1 }, pepperId: null, salt, hash });
    expect(hasher.needsRehash(stored)).toBe(false);
    expect(hasher.needsRehash(phc(65536, 1))).toBe(false);
    const stronger = new PasswordHasher({ params: { memoryKiB: 65536, passes: 2, parallelism: 1 } });
    expect(stronger.needsRehash(stored)).toBe(true);
    expect(stronger.needsRehash(phc(65536, 1))).toBe(true);
    expect(stronger.needsRehash(phc(65536, 2))).toBe(false);
    expect(hasher.needsRehash('garbage')).toBe(true);
  });

  it('refuses to hash passwords over 4096 bytes or with lone surrogates, and never verifies them', async () => {
    await expect(hasher.hash('x'.repeat(4097))).rejects.toThrow(UnacceptablePasswordError);
    await expect(hasher.hash('ab\uD800c')).rejects.toThrow(UnacceptablePasswordError);
    await expect(hasher.verify('ab\uD800c', stored)).resolves.toBe(false);
  });

  it('refuses costs below the ASVS floor or above the ceiling', () => {
    expect(() => new PasswordHasher({ params: { memoryKiB: 19456, passes: 2, parallelism: 1 } })).toThrow(PasswordHashParamsError);
    expect(() => new PasswordHasher({ params: { memoryKiB: 47104, passes: 0, parallelism: 1 } })).toThrow(
      /passes must be an integer from 1/,
    );
    expect(() => new PasswordHasher({ params: { memoryKiB: 47104.5, passes: 1, parallelism: 1 } })).toThrow(PasswordHashParamsError);
    expect(() => new PasswordHasher({ params: { memoryKiB: 300_000, passes: 1, parallelism: 1 } })).toThrow(PasswordHashParamsError);
    expect(() => new PasswordHasher({ maxConcurrent: 0 })).toThrow(PasswordHashParamsError);
    expect(() => new PasswordHasher({ peppers: { currentId: 'p9', keys: new Map([['p1', Buffer.alloc(32)]]) } })).toThrow(
      /current pepper "p9"/,
    );
  });
});

describe('PasswordHasher with a pepper', () => {
  const peppered = new PasswordHasher({ peppers: pepper('p1', 1) });
  let stored: string;
  beforeAll(async () => {
    stored = await peppered.hash('s3cret-passphrase');
  });

  it('names the pepper in keyid and needs it to verify', async () => {
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=47104,t=1,p=1,keyid=cDE\$/);
    await expect(peppered.verify('s3cret-passphrase', stored)).resolves.toBe(true);
    // Same id but another key: the database alone (without the pepper) does not verify.
    await expect(new PasswordHasher({ peppers: pepper('p1', 2) }).verify('s3cret-passphrase', stored)).resolves.toBe(false);
  });

  it('fails loudly, not as a wrong password, when the pepper is missing from the configuration', async () => {
    await expect(new PasswordHasher().verify('s3cret-passphrase', stored)).rejects.toThrow(UnknownPepperError);
  });

  it('keeps old peppers readable after rotation and asks for a rehash under the new one', async () => {
    const rotated = new PasswordHasher({
      peppers: {
        currentId: 'p2',
        keys: new Map([
          ['p2', Buffer.alloc(32, 2)],
          ['p1', Buffer.alloc(32, 1)],
        ]),
      },
    });
    await expect(rotated.verify('s3cret-passphrase', stored)).resolves.toBe(true);
    expect(rotated.needsRehash(stored)).toBe(true);
    expect(peppered.needsRehash(stored)).toBe(false);
    expect(new PasswordHasher().needsRehash(stored)).toBe(true);
  });

  it('does not show pepper bytes when logged', () => {
    const shown = `${inspect(peppered, { depth: 9, showHidden: true })} ${JSON.stringify(peppered)}`;
    expect(shown).not.toMatch(/01 01 01|AQEBAQ|0101010101/);
    expect(JSON.parse(JSON.stringify(peppered))).toEqual({ params: ARGON2_FLOOR, pepperIds: ['p1'], currentPepperId: 'p1' });
  });
});

describe('PasswordHasher.dummyVerify', () => {
  // Equal work rather than equal measured time: the same argon2 costs, tag length and pepper as a real
  // verify of a current hash, so the response time cannot tell unknown accounts from known ones.
  it('returns false after running the same argon2 work as a real verify (no account enumeration by timing)', async () => {
    const { h, calls } = recording({ maxConcurrent: 1 });
    const phc = await h.hash('some password');
    calls.length = 0;
    await expect(h.verify('wrong password', phc)).resolves.toBe(false);
    await expect(h.dummyVerify('wrong password')).resolves.toBe(false);
    await expect(h.dummyVerify()).resolves.toBe(false);
    expect(calls).toHaveLength(3);
    const [real, ...dummies] = calls.map(work);
    expect(real).toEqual({ params: ARGON2_FLOOR, saltBytes: 16, tagLength: 32, secret: null });
    expect(dummies).toEqual([real, real]);
    expect(calls[1]!.password).toEqual(calls[0]!.password);
  });

  it('runs the dummy under the current pepper and costs, like a real verify of a current hash', async () => {
    const params = { memoryKiB: 65_536, passes: 2, parallelism: 1 };
    const { h, calls } = recording({ params, peppers: pepper('p1', 7) });
    const phc = await h.hash('some password');
    calls.length = 0;
    await h.verify('wrong password', phc);
    await h.dummyVerify('wrong password');
    const [real, dummy] = calls.map(work);
    expect(real).toEqual({ params, saltBytes: 16, tagLength: 32, secret: Buffer.alloc(32, 7).toString('hex') });
    expect(dummy).toEqual(real);
  });

  it('sends an overlong or malformed password through the same work instead of answering at once', async () => {
    const { h, calls } = recording();
    const phc = await h.hash('some password');
    calls.length = 0;
    await expect(h.verify('x'.repeat(5000), phc)).resolves.toBe(false);
    await expect(h.verify('ab\uD800c', phc)).resolves.toBe(false);
    const current = { params: ARGON2_FLOOR, saltBytes: 16, tagLength: 32, secret: null };
    expect(calls.map(work)).toEqual([current, current]);
  });

  it('fails fast with PasswordHasherBusyError when the queue is full', async () => {
    const h = new PasswordHasher({ maxConcurrent: 1, maxQueued: 1 });
    const first = h.dummyVerify();
    const second = h.dummyVerify();
    await expect(h.dummyVerify()).rejects.toThrow(PasswordHasherBusyError);
    await expect(Promise.all([first, second])).resolves.toEqual([false, false]);
  });
});

describe('passwordHasherOptionsFromEnv', () => {
  const key = Buffer.alloc(32, 5).toString('base64');

  it('defaults to the ASVS floor, no pepper, two at a time', () => {
    expect(passwordHasherOptionsFromEnv({})).toEqual({ params: ARGON2_FLOOR, peppers: null, maxConcurrent: 2 });
  });

  it('reads costs, peppers and concurrency', () => {
    const options = passwordHasherOptionsFromEnv({
      PASSWORD_ARGON2_MEMORY_KIB: '65536',
      PASSWORD_ARGON2_PASSES: '2',
      PASSWORD_ARGON2_PARALLELISM: '1',
      PASSWORD_PEPPERS: `p2:${key},p1:${Buffer.alloc(32, 6).toString('base64')}`,
      PASSWORD_HASH_CONCURRENCY: '4',
    });
    expect(options.params).toEqual({ memoryKiB: 65536, passes: 2, parallelism: 1 });
    expect(options.peppers?.currentId).toBe('p2');
    expect([...(options.peppers?.keys.keys() ?? [])]).toEqual(['p2', 'p1']);
    expect(options.maxConcurrent).toBe(4);
  });

  it.each([
    ['PASSWORD_ARGON2_MEMORY_KIB', '19456', /from 47104 to 262144/],
    ['PASSWORD_ARGON2_MEMORY_KIB', '46MiB', /must be an integer/],
    ['PASSWORD_ARGON2_PASSES', '0', /from 1 to 10/],
    ['PASSWORD_ARGON2_PARALLELISM', '99', /from 1 to 8/],
    ['PASSWORD_HASH_CONCURRENCY', '0', /from 1 to 16/],
    ['PASSWORD_PEPPERS', `toolongid1:${key}`, /key id must be 1-8 letters/],
    ['PASSWORD_PEPPERS', `p1:${Buffer.alloc(16).toString('base64')}`, /must be 32-64 bytes/],
  ])('refuses a bad %s (case %#), naming the variable', (variable, value, message) => {
    let error: unknown;
    try {
      passwordHasherOptionsFromEnv({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(message);
  });
});
