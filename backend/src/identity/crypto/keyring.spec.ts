import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ConfigError } from '../../config/config';
import {
  FIELD_KEYS_FILE,
  Keyring,
  KeyringFileError,
  keyringFromEnv,
  loadOrCreateKeyring,
  newFieldKeyId,
  rotateKeyringFile,
} from './keyring';

const b64 = (fill: number, n = 32) => Buffer.alloc(n, fill).toString('base64');
const thrown = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
};

describe('Keyring', () => {
  const keyring = Keyring.create({
    currentKeyId: 'k2',
    keys: new Map([
      ['k2', Buffer.alloc(32, 2)],
      ['k1', Buffer.alloc(32, 1)],
    ]),
    indexKey: Buffer.alloc(32, 9),
  });

  it('knows its current key and the older ones', () => {
    expect(keyring.currentKeyId).toBe('k2');
    expect(keyring.keyIds).toEqual(['k2', 'k1']);
    expect(keyring.encryptionKey('k1')?.export()).toEqual(Buffer.alloc(32, 1));
    expect(keyring.encryptionKey('k0')).toBeUndefined();
  });

  it('derives distinct, stable MAC keys per purpose', () => {
    const a = keyring.macKey('blind-index/mobile').export();
    expect(a).toHaveLength(32);
    expect(keyring.macKey('blind-index/mobile').export()).toEqual(a);
    expect(keyring.macKey('recovery-codes').export()).not.toEqual(a);
    expect(a).not.toEqual(Buffer.alloc(32, 9));
  });

  it('never shows key material when logged or serialised', () => {
    const shown = [inspect(keyring), inspect(keyring, { showHidden: true, depth: 9 }), JSON.stringify(keyring), String(keyring)].join(' ');
    for (const fill of [1, 2, 9]) {
      expect(shown).not.toContain(b64(fill).slice(0, 20));
      expect(shown).not.toContain(Buffer.alloc(8, fill).toString('hex'));
    }
    expect(inspect(keyring)).toContain('material: [redacted]');
    expect(JSON.parse(JSON.stringify(keyring))).toEqual({
      origin: 'memory',
      currentKeyId: 'k2',
      keyIds: ['k2', 'k1'],
      material: '[redacted]',
    });
  });

  it('refuses a current key that is not in the ring and keys of the wrong size', () => {
    expect(() => Keyring.create({ currentKeyId: 'k3', keys: new Map([['k1', Buffer.alloc(32)]]), indexKey: Buffer.alloc(32) })).toThrow(
      /k3 is not in the keyring/,
    );
    expect(() => Keyring.create({ currentKeyId: 'k1', keys: new Map([['k1', Buffer.alloc(16)]]), indexKey: Buffer.alloc(32) })).toThrow(
      /32 bytes/,
    );
  });

  it('names new keys by date, uniquely', () => {
    expect(newFieldKeyId(new Date('2025-06-01T00:00:00Z'))).toMatch(/^k20250601-[0-9a-f]{6}$/);
    expect(newFieldKeyId()).not.toBe(newFieldKeyId());
  });
});

describe('keyringFromEnv', () => {
  it('is null when neither variable is set', () => {
    expect(keyringFromEnv({})).toBeNull();
    expect(keyringFromEnv({ FIELD_KEYS: ' ', FIELD_INDEX_KEY: '' })).toBeNull();
  });

  it('reads FIELD_KEYS (first entry current) and FIELD_INDEX_KEY', () => {
    const keyring = keyringFromEnv({ FIELD_KEYS: `k2025b:${b64(2)},k2025a:${b64(1)}`, FIELD_INDEX_KEY: b64(9) });
    expect(keyring?.currentKeyId).toBe('k2025b');
    expect(keyring?.keyIds).toEqual(['k2025b', 'k2025a']);
    expect(keyring?.origin).toBe('FIELD_KEYS');
    expect(keyring?.encryptionKey('k2025a')?.export()).toEqual(Buffer.alloc(32, 1)); // intact after the parsed copies are wiped
  });

  it.each([
    [{ FIELD_KEYS: `k1:${b64(1)}` }, 'FIELD_INDEX_KEY', /must be set when FIELD_KEYS is/],
    [{ FIELD_INDEX_KEY: b64(9) }, 'FIELD_KEYS', /must be set when FIELD_INDEX_KEY is/],
    [{ FIELD_KEYS: `k1:${b64(1, 16)}`, FIELD_INDEX_KEY: b64(9) }, 'FIELD_KEYS', /key k1 must be 32 bytes/],
    [{ FIELD_KEYS: `k 1:${b64(1)}`, FIELD_INDEX_KEY: b64(9) }, 'FIELD_KEYS', /key id must be 1-32 letters/],
    [{ FIELD_KEYS: b64(1), FIELD_INDEX_KEY: b64(9) }, 'FIELD_KEYS', /must be <id>:<base64 key>/],
    [{ FIELD_KEYS: `k1:${b64(1)}`, FIELD_INDEX_KEY: 'short' }, 'FIELD_INDEX_KEY', /base64 of 32 random bytes|32 bytes/],
    [{ FIELD_KEYS: `k1:${b64(1)}`, FIELD_INDEX_KEY: b64(1) }, 'FIELD_INDEX_KEY', /must differ from every FIELD_KEYS key/],
  ])('refuses %j naming %s', (env, variable, message) => {
    const e = thrown(() => keyringFromEnv(env));
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).variable).toBe(variable);
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain(b64(1));
  });
});

describe('loadOrCreateKeyring', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kuaige-keyring-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prefers the environment and then writes no file', () => {
    const keyring = loadOrCreateKeyring(dir, { FIELD_KEYS: `k1:${b64(1)}`, FIELD_INDEX_KEY: b64(9) });
    expect(keyring.origin).toBe('FIELD_KEYS');
    expect(existsSync(join(dir, FIELD_KEYS_FILE))).toBe(false);
  });

  it('generates a private keyring file on first start and reads the same keys afterwards', () => {
    const first = loadOrCreateKeyring(dir, {});
    const file = join(dir, FIELD_KEYS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.origin).toBe(file);
    const second = loadOrCreateKeyring(dir, {});
    expect(second.currentKeyId).toBe(first.currentKeyId);
    expect(second.encryptionKey(second.currentKeyId)?.export()).toEqual(first.encryptionKey(first.currentKeyId)?.export());
    expect(second.macKey('x').export()).toEqual(first.macKey('x').export());
    expect(readdirSync(dir)).toEqual([FIELD_KEYS_FILE]); // no temporary file left behind
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'kuaige-field-keys/1', current: first.currentKeyId });
  });

  it('refuses a keyring file that others can read', () => {
    loadOrCreateKeyring(dir, {});
    chmodSync(join(dir, FIELD_KEYS_FILE), 0o644);
    const e = thrown(() => loadOrCreateKeyring(dir, {}));
    expect(e).toBeInstanceOf(KeyringFileError);
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toMatch(/field-keys\.json is readable by other users \(mode 0644\); run chmod 600/);
  });

  it.each([
    ['not JSON', '{', /is not valid JSON/],
    ['another format', JSON.stringify({ format: 'x' }), /must have "format": "kuaige-field-keys\/1"/],
    ['missing parts', JSON.stringify({ format: 'kuaige-field-keys/1', current: 'k1' }), /must have "current", "keys" and "indexKey"/],
    [
      'a short key',
      JSON.stringify({ format: 'kuaige-field-keys/1', current: 'k1', keys: { k1: b64(1, 16) }, indexKey: b64(9) }),
      /key "k1" must/,
    ],
    [
      'a current key that is missing',
      JSON.stringify({ format: 'kuaige-field-keys/1', current: 'k2', keys: { k1: b64(1) }, indexKey: b64(9) }),
      /names key "k2", which is not in "keys"/,
    ],
    [
      'a bad index key',
      JSON.stringify({ format: 'kuaige-field-keys/1', current: 'k1', keys: { k1: b64(1) }, indexKey: 'x' }),
      /"indexKey" must be base64 of 32 bytes/,
    ],
  ])('refuses a keyring file with %s', (_, content, message) => {
    writeFileSync(join(dir, FIELD_KEYS_FILE), content, { mode: 0o600 });
    const e = thrown(() => loadOrCreateKeyring(dir, {}));
    expect(e).toBeInstanceOf(KeyringFileError);
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain(b64(1));
  });

  it('rotates a file keyring: a new current key, the old one kept for decryption', () => {
    const before = loadOrCreateKeyring(dir, {});
    const newId = rotateKeyringFile(dir);
    const after = loadOrCreateKeyring(dir, {});
    expect(after.currentKeyId).toBe(newId);
    expect(newId).not.toBe(before.currentKeyId);
    expect(after.keyIds).toEqual([newId, before.currentKeyId]);
    expect(after.encryptionKey(before.currentKeyId)?.export()).toEqual(before.encryptionKey(before.currentKeyId)?.export());
    expect(after.macKey('blind-index/mobile').export()).toEqual(before.macKey('blind-index/mobile').export());
    expect(statSync(join(dir, FIELD_KEYS_FILE)).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual([FIELD_KEYS_FILE]);
  });

  it('refuses to rotate while another rotation holds the lock', () => {
    loadOrCreateKeyring(dir, {});
    writeFileSync(join(dir, `${FIELD_KEYS_FILE}.lock`), '');
    expect(() => rotateKeyringFile(dir)).toThrow(/is being rotated by another process/);
  });
});
