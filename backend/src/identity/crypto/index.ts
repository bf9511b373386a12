// Cryptographic building blocks of identity: passwords, TOTP, recovery codes, personal-data
// encryption, blind indexes and display masks. Only node:crypto; see README.md for the threat notes.
export type { Argon2Params } from './argon2id';
export {
  ARGON2_CEILING,
  ARGON2_FLOOR,
  MAX_PASSWORD_BYTES,
  PasswordHasher,
  PasswordHasherBusyError,
  passwordHasherOptionsFromEnv,
  PasswordHashParamsError,
  UnacceptablePasswordError,
  UnknownPepperError,
  type PasswordHasherOptions,
} from './password-hasher';
export type { KeyList } from './key-list';
export { base32Decode, base32Encode, Base32Error } from './base32';
export {
  acceptTotp,
  generateTotpSecret,
  otpauthUri,
  OtpauthUriError,
  totp,
  TOTP_SECRET_BYTES,
  totpStep,
  TotpSecretError,
  verifyTotp,
  type OtpauthUriInput,
  type TotpAlgorithm,
  type TotpOptions,
  type TotpVerifyOptions,
} from './totp';
export {
  consumeRecoveryCode,
  generateRecoveryCodes,
  hashRecoveryCode,
  normalizeRecoveryCode,
  RECOVERY_CODE_ALPHABET,
  RECOVERY_CODE_KEY_PURPOSE,
  type ConsumedRecoveryCode,
  type RecoveryCodeKey,
  type RecoveryCodeSet,
} from './recovery-codes';
export {
  FIELD_KEYS_FILE,
  Keyring,
  KeyringFileError,
  keyringFromEnv,
  loadOrCreateKeyring,
  rotateKeyringFile,
  type KeyringMaterial,
} from './keyring';
export {
  FieldCipher,
  fieldContext,
  FieldDecryptionError,
  FieldEncryptionError,
  MalformedCiphertextError,
  UnknownFieldKeyError,
} from './field-encryption';
export { BlindIndex, BlindIndexInputError, type BlindIndexKind } from './blind-index';
export { isMainlandMobile, isResidentId, normalizeMobile, normalizeResidentId, residentIdCheckChar } from './cn-identifiers';
export { maskEmail, maskMobile, maskName, maskResidentId } from './masking';
export { PERSON_KEYS_FILE, PersonKeyStore, PersonalDataErasedError, reapplyErasures, type PersonKey } from './person-keys';
export { PersonCipher } from './person-cipher';
export { ERASED_MARKER } from './masking';
