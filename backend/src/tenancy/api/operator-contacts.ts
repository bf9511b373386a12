import type { OperatorContacts } from '@kuaige/domain';
import type { PersonalData } from '../../identity/personal-data';

/** A node's contacts as they are stored: the phone encrypted under the node and blind-indexed. */
export const encryptedContacts = (personal: PersonalData, nodeId: string, phone: string, email: string | null): OperatorContacts => ({
  phoneEncrypted: personal.encryptOf('operator-node', nodeId, 'contact_phone', phone),
  phoneIndex: personal.mobileIndex(phone),
  email,
});
