import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring';

/** `enc:v1:<keyId>:<b64url iv>:<b64url ciphertext‖tag>` — AES-256-GCM, 96-bit random IV, 128-bit tag. */
const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = /^enc:v1:([A-Za-z0-9_-]{1,32}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22,})$/;
const CONTEXT_PART = /^[a-z][a-z0-9_.-]{0,63}$/;

/** Any failure to read an encrypted field. */
export class FieldEncryptionError extends Error {}

/** Not an `enc:v1:` value (plaintext left from before encryption, truncation, another format). */
export class MalformedCiphertextError extends FieldEncryptionError {
  constructor() {
    super('not an enc:v1 encrypted field value');
    this.name = 'MalformedCiphertextError';
  }
}

/** The value was encrypted with a key this keyring lacks: a key was removed too early, or keyrings differ between processes. */
export class UnknownFieldKeyError extends FieldEncryptionError {
  constructor(readonly keyId: string) {
    super(`encrypted field uses key "${keyId}", which is not in the keyring (FIELD_KEYS or field-keys.json)`);
    this.name = 'UnknownFieldKeyError';
  }
}

/** Authentication failed: the value was altered, or belongs to another record or field. */
export class FieldDecryptionError extends FieldEncryptionError {
  constructor(readonly context: string) {
    super(`encrypted field does not authenticate for ${context}: altered, or moved from another record or field`);
    this.name = 'FieldDecryptionError';
  }
}

/**
 * The context an encrypted value is bound to, e.g. `account:7f3c…:phone`. Entity and field are
 * fixed names without colons, so the three parts always split one way and no two contexts collide.
 */
export const fieldContext = (entity: string, id: string, field: string): string => {
  if (!CONTEXT_PART.test(entity) || !CONTEXT_PART.test(field))
    throw new RangeError('entity and field must be lower-case names like "account" and "phone"');
  if (id.length === 0 || id.length > 200 || /[\p{Cc}]/u.test(id))
    throw new RangeError('record id must be 1-200 characters without control characters');
  return `${entity}:${id}:${field}`;
};

// The header is authenticated too: changing the key id or version of a value breaks it.
const aad = (keyId: string, context: string): Buffer => Buffer.from(`${PREFIX}${keyId}\0${context}`, 'utf8');

/** Encrypts personal data at rest with the keyring's current key, bound to a record and field. */
export class FieldCipher {
  constructor(private readonly keyring: Keyring) {}

  /** True for a value in the encrypted format (to tell migrated rows from plaintext ones). */
  static isEncrypted(value: string): boolean {
    return typeof value === 'string' && value.startsWith(PREFIX);
  }

  /** Encrypts under the current key; the result only decrypts with the same context. */
  encrypt(plaintext: string, context: string): string {
    if (typeof plaintext !== 'string' || !plaintext.isWellFormed()) throw new RangeError('field value must be valid Unicode text');
    if (context.length === 0) throw new RangeError('an encryption context (see fieldContext) is required');
    const keyId = this.keyring.currentKeyId;
    const key = this.keyring.encryptionKey(keyId);
    if (key === undefined) throw new UnknownFieldKeyError(keyId);
    // Random 96-bit IVs: safe for up to 2^32 values per key (NIST SP 800-38D §8.3); rotate long before.
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES }).setAAD(aad(keyId, context));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}${keyId}:${iv.toString('base64url')}:${sealed.toString('base64url')}`;
  }

  /** Decrypts a value written by encrypt() for the same context; throws a FieldEncryptionError otherwise. */
  decrypt(value: string, context: string): string {
    const match = typeof value === 'string' ? FORMAT.exec(value) : null;
    if (!match) throw new MalformedCiphertextError();
    const [, keyId, ivText, sealedText] = match;
    const key = this.keyring.encryptionKey(keyId);
    if (key === undefined) throw new UnknownFieldKeyError(keyId);
    const iv = Buffer.from(ivText, 'base64url');
    const sealed = Buffer.from(sealedText, 'base64url');
    if (iv.length !== IV_BYTES || sealed.length < TAG_BYTES) throw new MalformedCiphertextError();
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES }).setAAD(aad(keyId, context));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new FieldDecryptionError(context);
    }
  }

  /** True when the value is under an older key: re-encrypt it on the next write of its record. */
  needsReencryption(value: string): boolean {
    const match = typeof value === 'string' ? FORMAT.exec(value) : null;
    return match === null || match[1] !== this.keyring.currentKeyId;
  }

  /** Decrypts and encrypts again under the current key (same context). */
  reencrypt(value: string, context: string): string {
    return this.encrypt(this.decrypt(value, context), context);
  }
}
