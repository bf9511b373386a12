import { Inject, Injectable } from '@nestjs/common';
import { BlindIndex, FieldCipher, fieldContext, type Keyring } from './crypto';
import { KEYRING } from './identity.tokens';

/**
 * Personal data of an account as it may be stored: encrypted (bound to the account and field) or
 * blind-indexed. Plain values only pass through here on their way in or out of a request.
 */
@Injectable()
export class PersonalData {
  private readonly cipher: FieldCipher;
  private readonly index: BlindIndex;

  constructor(@Inject(KEYRING) private readonly keyring: Keyring) {
    this.cipher = new FieldCipher(keyring);
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
    return this.cipher.encrypt(value, fieldContext('account', userId, field));
  }

  decrypt(userId: string, field: AccountField, value: string): string {
    return this.cipher.decrypt(value, fieldContext('account', userId, field));
  }

  /** Personal data of another record (an operator node's contact phone), bound to that record and field. */
  encryptOf(entity: string, id: string, field: string, value: string): string {
    return this.cipher.encrypt(value, fieldContext(entity, id, field));
  }

  decryptOf(entity: string, id: string, field: string, value: string): string {
    return this.cipher.decrypt(value, fieldContext(entity, id, field));
  }

  /** An HMAC key for one purpose (SMS codes, recovery codes, derived token keys). */
  macKey(purpose: string) {
    return this.keyring.macKey(purpose);
  }
}

export type AccountField = 'mobile' | 'real_name' | 'id_number' | 'totp_secret';
