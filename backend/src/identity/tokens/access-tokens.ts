import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { KeyList } from '../crypto/key-list';

// Access tokens are compact HS256 JWTs, checked with the session on every request:
// the signature turns away forged and expired tokens before any storage is read, and `sid` names the
// session stream to check directly, so logout and expiry take effect at once without a token table.

/** What a token says, and for what it may be used: `access` for the API, `mfa` to finish a sign-in. */
export interface TokenClaims {
  readonly typ: 'access' | 'mfa';
  readonly sub: string;
  /** Session id (access tokens only). */
  readonly sid?: string;
  /** The acting context (access tokens only): what the caller's permissions are scoped to. */
  readonly ctx?: { readonly kind: 'enterprise' | 'operator'; readonly id: string };
  readonly iat: number;
  readonly exp: number;
}

/** A token that is malformed, forged, signed with an unknown key, of another kind, or expired. */
export class InvalidAccessTokenError extends Error {
  constructor(reason: string) {
    super(`access token refused: ${reason}`);
    this.name = 'InvalidAccessTokenError';
  }
}

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs and verifies tokens with HMAC-SHA256 under a key list (first key signs; all verify). */
export class AccessTokens {
  constructor(
    private readonly keys: ReadonlyMap<string, KeyObject | Buffer>,
    private readonly currentKid: string,
  ) {}

  static fromKeyList(list: KeyList): AccessTokens {
    return new AccessTokens(list.keys, list.currentId);
  }

  sign(claims: TokenClaims): string {
    const head = `${b64({ alg: 'HS256', typ: 'JWT', kid: this.currentKid })}.${b64(claims)}`;
    return `${head}.${this.mac(this.currentKid, head)!.toString('base64url')}`;
  }

  /** The claims of a valid token of kind `typ` at `now` (epoch seconds); throws InvalidAccessTokenError otherwise. */
  verify(token: string, typ: TokenClaims['typ'], nowSeconds: number): TokenClaims {
    const parts = typeof token === 'string' && token.length < 4096 ? token.split('.') : [];
    if (parts.length !== 3) throw new InvalidAccessTokenError('malformed');
    const [header, payload, signature] = parts as [string, string, string];
    const head = this.parse(header);
    if (head['alg'] !== 'HS256' || typeof head['kid'] !== 'string') throw new InvalidAccessTokenError('unsupported header');
    const expected = this.mac(head['kid'], `${header}.${payload}`);
    const given = Buffer.from(signature, 'base64url');
    if (expected === null || given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidAccessTokenError('bad signature');
    const claims = this.parse(payload) as unknown as TokenClaims;
    if (claims.typ !== typ || typeof claims.sub !== 'string' || typeof claims.exp !== 'number') throw new InvalidAccessTokenError('wrong kind');
    if (nowSeconds >= claims.exp) throw new InvalidAccessTokenError('expired');
    return claims;
  }

  private mac(kid: string, data: string): Buffer | null {
    const key = this.keys.get(kid);
    return key === undefined ? null : createHmac('sha256', key).update(data).digest();
  }

  private parse(part: string): Record<string, unknown> {
    try {
      const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
      if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
    } catch {
      // fall through
    }
    throw new InvalidAccessTokenError('malformed');
  }
}
