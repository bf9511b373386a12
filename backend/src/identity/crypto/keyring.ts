import { createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ConfigError } from '../../config/config';
import { decodeBase64Key, parseKey, parseKeyList } from './key-list';

/** AES-256 and HMAC-SHA256 keys are 32 bytes. */
export const FIELD_KEY_BYTES = 32;
export const FIELD_KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
/** The generated keyring of an installation without FIELD_KEYS, inside DATA_DIR. */
export const FIELD_KEYS_FILE = 'field-keys.json';
const FILE_FORMAT = 'kuaige-field-keys/1';

/** The keyring file is unreadable, malformed or readable by others; the message names the file. */
export class KeyringFileError extends ConfigError {
  constructor(file: string, rule: string) {
    super(file, rule);
    this.name = 'KeyringFileError';
  }
}

export interface KeyringMaterial {
  /** The key new values are encrypted with. */
  readonly currentKeyId: string;
  /** Every encryption key still needed to decrypt, the current one included. */
  readonly keys: ReadonlyMap<string, Uint8Array>;
  /** Root of the blind-index and recovery-code HMAC keys; cannot rotate without re-indexing. */
  readonly indexKey: Uint8Array;
}

/**
 * Field-encryption keys by id plus the index root key. Key bytes live only in KeyObjects behind
 * private fields; logging or serialising a Keyring shows ids, never material.
 */
export class Keyring {
  readonly #keys: ReadonlyMap<string, KeyObject>;
  readonly #currentKeyId: string;
  readonly #indexRoot: KeyObject;
  readonly #derived = new Map<string, KeyObject>();

  private constructor(
    keys: Map<string, KeyObject>,
    currentKeyId: string,
    indexRoot: KeyObject,
    readonly origin: string,
  ) {
    this.#keys = keys;
    this.#currentKeyId = currentKeyId;
    this.#indexRoot = indexRoot;
  }

  /** Builds a keyring; `origin` says where it came from (for start-up logs). */
  static create(material: KeyringMaterial, origin = 'memory'): Keyring {
    const keys = new Map<string, KeyObject>();
    for (const [id, bytes] of material.keys) {
      if (!FIELD_KEY_ID.test(id)) throw new RangeError(`field key id "${id}" must match ${FIELD_KEY_ID}`);
      if (bytes.length !== FIELD_KEY_BYTES) throw new RangeError(`field key ${id} must be ${FIELD_KEY_BYTES} bytes`);
      keys.set(id, createSecretKey(Buffer.from(bytes)));
    }
    if (!keys.has(material.currentKeyId)) throw new RangeError(`current field key ${material.currentKeyId} is not in the keyring`);
    if (material.indexKey.length !== FIELD_KEY_BYTES) throw new RangeError(`field index key must be ${FIELD_KEY_BYTES} bytes`);
    return new Keyring(keys, material.currentKeyId, createSecretKey(Buffer.from(material.indexKey)), origin);
  }

  get currentKeyId(): string {
    return this.#currentKeyId;
  }

  get keyIds(): readonly string[] {
    return [...this.#keys.keys()];
  }

  /** The AES-256-GCM key of an id, or undefined when this keyring does not hold it. */
  encryptionKey(keyId: string): KeyObject | undefined {
    return this.#keys.get(keyId);
  }

  /**
   * An HMAC key for one purpose (e.g. `blind-index/mobile`, `recovery-codes`), derived from the
   * index root with HKDF-SHA256 so that one purpose's values never match another's.
   */
  macKey(purpose: string): KeyObject {
    let key = this.#derived.get(purpose);
    if (key === undefined) {
      key = createSecretKey(Buffer.from(hkdfSync('sha256', this.#indexRoot, Buffer.alloc(0), `kuaige/${purpose}`, FIELD_KEY_BYTES)));
      this.#derived.set(purpose, key);
    }
    return key;
  }

  toJSON(): object {
    return { origin: this.origin, currentKeyId: this.#currentKeyId, keyIds: this.keyIds, material: '[redacted]' };
  }

  [inspect.custom](): string {
    return `Keyring { origin: ${this.origin}, current: ${this.#currentKeyId}, keys: [${this.keyIds.join(', ')}], material: [redacted] }`;
  }
}

type Env = Record<string, string | undefined>;
const present = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
};

/** A key id that sorts by creation date and does not collide between machines: `k20250601-3fa2c1`. */
export const newFieldKeyId = (now = new Date()): string =>
  `k${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex')}`;

/** Keyring from FIELD_KEYS (`id:base64,...`, first current) and FIELD_INDEX_KEY (base64), or null when neither is set. */
export const keyringFromEnv = (env: Env): Keyring | null => {
  const keysText = present(env, 'FIELD_KEYS');
  const indexText = present(env, 'FIELD_INDEX_KEY');
  if (keysText === undefined && indexText === undefined) return null;
  if (keysText === undefined)
    throw new ConfigError('FIELD_KEYS', 'must be set when FIELD_INDEX_KEY is (id:base64key,..., first entry current)');
  if (indexText === undefined) throw new ConfigError('FIELD_INDEX_KEY', 'must be set when FIELD_KEYS is (base64 of 32 random bytes)');
  const list = parseKeyList('FIELD_KEYS', keysText, {
    id: FIELD_KEY_ID,
    idRule: '1-32 letters, digits, _ or -',
    minBytes: FIELD_KEY_BYTES,
    maxBytes: FIELD_KEY_BYTES,
  });
  const indexKey = parseKey('FIELD_INDEX_KEY', indexText, FIELD_KEY_BYTES);
  if ([...list.keys.values()].some((k) => k.equals(indexKey))) {
    throw new ConfigError('FIELD_INDEX_KEY', 'must differ from every FIELD_KEYS key');
  }
  const keyring = Keyring.create({ currentKeyId: list.currentId, keys: list.keys, indexKey }, 'FIELD_KEYS');
  for (const k of [...list.keys.values(), indexKey]) k.fill(0);
  return keyring;
};

interface KeyringFile {
  format: string;
  current: string;
  keys: Record<string, string>;
  indexKey: string;
}

const readKeyringFile = (file: string): Keyring => {
  const mode = statSync(file).mode & 0o777;
  // Only the service account may read the keys (GB/T 22239 access control of key material).
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new KeyringFileError(file, `is readable by other users (mode ${mode.toString(8).padStart(4, '0')}); run chmod 600 on it`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new KeyringFileError(file, 'is not valid JSON; restore it from backup (values encrypted with it cannot be read without it)');
  }
  const f = parsed as Partial<KeyringFile>;
  if (typeof f !== 'object' || f === null || f.format !== FILE_FORMAT)
    throw new KeyringFileError(file, `must have "format": "${FILE_FORMAT}"`);
  if (typeof f.keys !== 'object' || f.keys === null || typeof f.current !== 'string' || typeof f.indexKey !== 'string') {
    throw new KeyringFileError(file, 'must have "current", "keys" and "indexKey"');
  }
  const keys = new Map<string, Buffer>();
  for (const [id, text] of Object.entries(f.keys)) {
    const key = typeof text === 'string' ? decodeBase64Key(text) : null;
    if (!FIELD_KEY_ID.test(id) || key === null || key.length !== FIELD_KEY_BYTES) {
      throw new KeyringFileError(
        file,
        `key "${id}" must have an id of 1-32 letters, digits, _ or - and be base64 of ${FIELD_KEY_BYTES} bytes`,
      );
    }
    keys.set(id, key);
  }
  const indexKey = decodeBase64Key(f.indexKey);
  if (indexKey === null || indexKey.length !== FIELD_KEY_BYTES)
    throw new KeyringFileError(file, `"indexKey" must be base64 of ${FIELD_KEY_BYTES} bytes`);
  if (!keys.has(f.current)) throw new KeyringFileError(file, `"current" names key "${f.current}", which is not in "keys"`);
  const keyring = Keyring.create({ currentKeyId: f.current, keys, indexKey }, file);
  for (const k of [...keys.values(), indexKey]) k.fill(0);
  return keyring;
};

const serialise = (current: string, keys: ReadonlyMap<string, Buffer>, indexKey: Buffer): string =>
  JSON.stringify(
    {
      format: FILE_FORMAT,
      current,
      keys: Object.fromEntries([...keys].map(([id, k]) => [id, k.toString('base64')])),
      indexKey: indexKey.toString('base64'),
    },
    null,
    2,
  ) + '\n';

// Written in full to a private temporary file first, so no reader ever sees half a keyring.
const writePrivateTemp = (file: string, content: string): string => {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
};

/**
 * The field keyring: from FIELD_KEYS/FIELD_INDEX_KEY when set; otherwise DATA_DIR/field-keys.json,
 * generated (mode 0600) on first start. Losing that file loses every encrypted value: back it up
 * apart from the database. Throws ConfigError (or KeyringFileError) with an actionable message.
 */
export const loadOrCreateKeyring = (dataDir: string, env: Env = process.env): Keyring => {
  const fromEnv = keyringFromEnv(env);
  if (fromEnv !== null) return fromEnv;
  const file = join(dataDir, FIELD_KEYS_FILE);
  try {
    return readKeyringFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const keyId = newFieldKeyId();
  const temp = writePrivateTemp(file, serialise(keyId, new Map([[keyId, randomBytes(FIELD_KEY_BYTES)]]), randomBytes(FIELD_KEY_BYTES)));
  try {
    linkSync(temp, file); // fails with EEXIST if another process (another role) created it first: use theirs
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(temp);
  }
  return readKeyringFile(file);
};

/**
 * Rotation of a file keyring: adds a fresh key and makes it current; older keys stay for
 * decryption. Returns the new key id. (With FIELD_KEYS, put a new entry first instead.)
 */
export const rotateKeyringFile = (dataDir: string): string => {
  const file = join(dataDir, FIELD_KEYS_FILE);
  // Two rotations at once could each drop the other's new key, and with it what was encrypted under it.
  let lock: number;
  try {
    lock = openSync(`${file}.lock`, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    throw new KeyringFileError(file, `is being rotated by another process (remove ${file}.lock if that process is gone)`);
  }
  try {
    readKeyringFile(file); // validates before anything is rewritten
    const f = JSON.parse(readFileSync(file, 'utf8')) as KeyringFile;
    const keys = new Map(Object.entries(f.keys).map(([id, text]) => [id, decodeBase64Key(text) as Buffer]));
    let keyId = newFieldKeyId();
    while (keys.has(keyId)) keyId = newFieldKeyId();
    const rotated = serialise(keyId, new Map([[keyId, randomBytes(FIELD_KEY_BYTES)], ...keys]), decodeBase64Key(f.indexKey) as Buffer);
    renameSync(writePrivateTemp(file, rotated), file);
    return keyId;
  } finally {
    closeSync(lock);
    unlinkSync(`${file}.lock`);
  }
};
