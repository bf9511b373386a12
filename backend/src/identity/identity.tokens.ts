/** Injection tokens of the identity module. */
export const IDENTITY_CONFIG = Symbol('IDENTITY_CONFIG');
export const RATE_LIMITER = Symbol('RATE_LIMITER');
export const SMS_SENDER = Symbol('SMS_SENDER');
export const KEYRING = Symbol('KEYRING');
/** The person data keys of crypto-shredding (PersonKeyStore, DATA_DIR/personal-keys.sqlite). */
export const PERSON_KEYS = Symbol('PERSON_KEYS');
