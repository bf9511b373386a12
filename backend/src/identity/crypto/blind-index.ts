import { createHmac } from 'node:crypto';
import { normalizeMobile } from './cn-identifiers';
import type { Keyring } from './keyring';

/** What can be looked up by blind index. Names are left out: too few of them to hide behind a MAC. */
export type BlindIndexKind = 'mobile' | 'resident-id' | 'email';

/** A value that cannot be indexed as its kind (e.g. not a mainland mobile number). */
export class BlindIndexInputError extends Error {
  constructor(readonly kind: BlindIndexKind) {
    super(`value is not a valid ${kind} to look up`);
    this.name = 'BlindIndexInputError';
  }
}

// One spelling per value, or equal values would get different indexes.
const NORMALIZE: Record<BlindIndexKind, (value: string) => string | null> = {
  mobile: normalizeMobile,
  'resident-id': (v) => {
    const id = v.replace(/\s/g, '').toUpperCase();
    return /^[0-9]{17}[0-9X]$|^[0-9]{15}$/.test(id) ? id : null;
  },
  email: (v) => {
    const email = v.normalize('NFKC').trim().toLowerCase();
    return /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
  },
};

/**
 * Keyed blind indexes (HMAC-SHA256, one HKDF-derived key per kind) for equality lookups of
 * encrypted fields. The index key cannot rotate without recomputing every stored index.
 */
export class BlindIndex {
  constructor(private readonly keyring: Keyring) {}

  /**
   * base64url HMAC of the normalised value. `scope` (e.g. a tenant id) makes equal values in
   * different scopes unlinkable; omit it for lookups that must work across scopes (login by phone).
   */
  compute(kind: BlindIndexKind, value: string, scope?: string): string {
    const normalized = typeof value === 'string' ? NORMALIZE[kind](value) : null;
    if (normalized === null) throw new BlindIndexInputError(kind);
    if (scope !== undefined && (scope.length === 0 || scope.includes('\0')))
      throw new RangeError('blind index scope must be non-empty without NUL');
    const mac = createHmac('sha256', this.keyring.macKey(`blind-index/${kind}`));
    // A scope holds no NUL, so the first NUL after it ends it: (scope, value) pairs never run together.
    mac.update(scope === undefined ? `-\0${normalized}` : `s\0${scope}\0${normalized}`);
    return mac.digest('base64url');
  }
}
