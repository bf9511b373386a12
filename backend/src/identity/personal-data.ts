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

  /**
   * A contact who is not an account (a work order's requester contact) as it is stored: name and phone
   * under the key of the data subject `contactSubject(tenantId, phone)`, bound to the record. The
   * subject is found again for erasure by the number's blind index, kept beside the key only.
   */
  encryptContact(tenantId: string, entity: string, id: string, contact: { name: string; phone: string }): StoredContact {
    const subject = this.contactSubject(tenantId, contact.phone);
    // The lookup before the key (a crash between them leaves nothing unerasable), and only for a new
    // subject: every request of a known contact would otherwise cost a synchronous write.
    if (this.personKeys.keyOf(subject) === null) {
      this.personKeys.rememberLookup(subject, this.mobileIndex(contact.phone));
      this.personKeys.keyFor(subject);
    }
    return {
      subject,
      name: this.person.encrypt(subject, contact.name, fieldContext(entity, id, 'contact_name')),
      phone: this.person.encrypt(subject, contact.phone, fieldContext(entity, id, 'contact_phone')),
    };
  }

  /** The plain contact; ERASED_MARKER in each field once the subject was erased. Reads the older forms too. */
  decryptContact(entity: string, id: string, contact: { name: string; phone: string; subject?: string }): { name: string; phone: string } {
    if (contact.subject === undefined) return { name: contact.name, phone: this.decryptOf(entity, id, 'contact_phone', contact.phone) };
    return {
      name: this.person.decrypt(contact.subject, contact.name, fieldContext(entity, id, 'contact_name')),
      phone: this.person.decrypt(contact.subject, contact.phone, fieldContext(entity, id, 'contact_phone')),
    };
  }

  /**
   * The data subject of a contact: per tenant (the enterprise that holds the contact), so that the
   * subject ids in the log do not link one number across enterprises. After an erasure the same number
   * is a new subject (`~2`, `~3` …): a person erased may ask for a repair again.
   */
  contactSubject(tenantId: string, phone: string): string {
    const base = `contact:${this.index.compute('mobile', phone, `contact:${tenantId}`)}`;
    for (let generation = 1; ; generation++) {
      const subject = generation === 1 ? base : `${base}~${generation}`;
      if (!this.personKeys.isErased(subject)) return subject;
    }
  }

  /** The contact subjects with this mobile number, in every tenant, whose key is not yet destroyed. */
  contactSubjectsOf(phone: string): string[] {
    return this.personKeys.subjectsOf(this.mobileIndex(phone));
  }

  /** Destroys the keys of these contact subjects; the ones destroyed by this call. */
  eraseContactSubjects(subjects: readonly string[], at: Date): string[] {
    return subjects.filter((subject) => subject.startsWith('contact:') && this.personKeys.erase(subject, at));
  }

  /** A reference to a mobile number for the erasure's audit record: unlike the login index, it finds no account. */
  contactErasureRef(phone: string): string {
    return this.index.compute('mobile', phone, 'contact-erasure');
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

/** A contact in an event: `enc:p1` name and phone under `subject`'s key. */
export interface StoredContact {
  readonly subject: string;
  readonly name: string;
  readonly phone: string;
}

export type AccountField = 'mobile' | 'real_name' | 'id_number' | 'totp_secret';
/** What identifies a person; the TOTP secret is a credential, not data about them, and stays under the keyring. */
const PERSONAL_FIELDS: ReadonlySet<AccountField> = new Set(['mobile', 'real_name', 'id_number']);
/** The key subject of an account's holder. */
export const personOfAccount = (userId: string): string => `account:${userId}`;
