import { Inject, Injectable } from '@nestjs/common';
import { BlindIndex, FieldCipher, fieldContext, PersonCipher, type Keyring, type PersonKeyStore } from './crypto';
import { KEYRING, PERSON_KEYS } from './identity.tokens';

/**
 * Personal data of an account as it may be stored: encrypted (bound to the account and field) or
 * blind-indexed. Plain values only pass through here on their way in or out of a request.
 *
 * A person's mobile number, real name and ID number are encrypted under that person's own key
 * (`enc:p1:`, ADR 0017), so erasing the person destroys them everywhere; values written before under
 * the keyring (`enc:v1:`) stay readable, and erasure cannot reach them.
 */
@Injectable()
export class PersonalData {
  private readonly cipher: FieldCipher;
  private readonly person: PersonCipher;
  private readonly index: BlindIndex;

  constructor(
    @Inject(KEYRING) private readonly keyring: Keyring,
    @Inject(PERSON_KEYS) private readonly personKeys: PersonKeyStore,
  ) {
    this.cipher = new FieldCipher(keyring);
    this.person = new PersonCipher(personKeys);
    this.index = new BlindIndex(keyring);
  }

  /** Lookup key of a mobile number (normalised first: +86 and spaces do not matter). */
  mobileIndex(phone: string): string {
    return this.index.compute('mobile', phone);
  }

  /** Lookup key of a resident ID number (upper-case X), to find the account that verified it. */
  residentIdIndex(idNumber: string): string {
    return this.index.compute('resident-id', idNumber);
  }

  encrypt(userId: string, field: AccountField, value: string): string {
    const context = fieldContext('account', userId, field);
    return PERSONAL_FIELDS.has(field) ? this.person.encrypt(personOfAccount(userId), value, context) : this.cipher.encrypt(value, context);
  }

  /** The plain value; ERASED_MARKER when the person's data was erased. */
  decrypt(userId: string, field: AccountField, value: string): string {
    const context = fieldContext('account', userId, field);
    return PersonCipher.isPersonal(value) ? this.person.decrypt(personOfAccount(userId), value, context) : this.cipher.decrypt(value, context);
  }

  /** Personal data of another record (an operator node's contact phone), bound to that record and field. */
  encryptOf(entity: string, id: string, field: string, value: string): string {
    return this.cipher.encrypt(value, fieldContext(entity, id, field));
  }

  decryptOf(entity: string, id: string, field: string, value: string): string {
    return this.cipher.decrypt(value, fieldContext(entity, id, field));
  }

  /** Destroys the account holder's data key; true when one was destroyed by this call. */
  erase(userId: string, at: Date): boolean {
    return this.personKeys.erase(personOfAccount(userId), at);
  }

  isErased(userId: string): boolean {
    return this.personKeys.isErased(personOfAccount(userId));
  }

  /** An HMAC key for one purpose (SMS codes, recovery codes, derived token keys). */
  macKey(purpose: string) {
    return this.keyring.macKey(purpose);
  }
}

export type AccountField = 'mobile' | 'real_name' | 'id_number' | 'totp_secret';
/** What identifies a person; the TOTP secret is a credential, not data about them, and stays under the keyring. */
const PERSONAL_FIELDS: ReadonlySet<AccountField> = new Set(['mobile', 'real_name', 'id_number']);
/** The key subject of an account's holder. */
export const personOfAccount = (userId: string): string => `account:${userId}`;
