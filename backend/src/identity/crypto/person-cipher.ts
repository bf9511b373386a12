import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { FieldDecryptionError, MalformedCiphertextError } from './field-encryption';
import { ERASED_MARKER } from './masking';
import type { PersonKeyStore } from './person-keys';

/** `enc:p1:<b64url iv>:<b64url ciphertext‖tag>` — AES-256-GCM under the person's own key (ADR 0017). */
const PREFIX = 'enc:p1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = /^enc:p1:([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22,})$/;


// Subject and context are both authenticated: a value copied to another person or field fails.
const aad = (subject: string, context: string): Buffer => Buffer.from(`${PREFIX}\0${subject}\0${context}`, 'utf8');

/** Encrypts personal data under the key of the person it is about, so that erasing the key erases the data. */
export class PersonCipher {
  constructor(private readonly keys: PersonKeyStore) {}

  /** True for a value written by this cipher (older values are `enc:v1:`, under the keyring). */
  static isPersonal(value: string): boolean {
    return typeof value === 'string' && value.startsWith(PREFIX);
  }

  /** Encrypts under the subject's key (made on first use); refuses an erased subject. */
  encrypt(subject: string, plaintext: string, context: string): string {
    if (typeof plaintext !== 'string' || !plaintext.isWellFormed()) throw new RangeError('field value must be valid Unicode text');
    const key = this.keys.keyFor(subject);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES }).setAAD(aad(subject, context));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}${iv.toString('base64url')}:${sealed.toString('base64url')}`;
  }

  /** The plaintext, or ERASED_MARKER when the subject's key was destroyed. */
  decrypt(subject: string, value: string, context: string): string {
    const match = typeof value === 'string' ? FORMAT.exec(value) : null;
    if (!match) throw new MalformedCiphertextError();
    const key = this.keys.keyOf(subject);
    if (key === 'erased') return ERASED_MARKER;
    // No key and never erased: the value belongs to another person (or another installation's keys).
    if (key === null) throw new FieldDecryptionError(context);
    const iv = Buffer.from(match[1]!, 'base64url');
    const sealed = Buffer.from(match[2]!, 'base64url');
    if (iv.length !== IV_BYTES || sealed.length < TAG_BYTES) throw new MalformedCiphertextError();
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES }).setAAD(aad(subject, context));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new FieldDecryptionError(context);
    }
  }
}
