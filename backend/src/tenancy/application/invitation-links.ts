import { createHash, createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { TenancyRuleViolation } from '@kuaige/domain';

// ---- Invitation links: a signed token instead of a stored secret -------------------------------
// The token names the enterprise, the inviting admin, when it expires and, for a personal invitation,
// the invitee; an HMAC under a key of the keyring proves the product issued it. Memberships keep only
// the token's SHA-256 (MemberInvited.tokenHash), as before. A link cannot be withdrawn before it
// expires, except by declining the invitee's membership; the inviter must still be an admin when
// the link is used.

export interface InvitationClaims {
  readonly enterpriseId: string;
  readonly invitedBy: string;
  /** The only user the link admits; null: whoever signs in with it. */
  readonly userId: string | null;
  readonly expiresAt: string;
  /** Makes each link distinct (derived from the request's command id, so a retry gets the same link). */
  readonly nonce: string;
}

const encode = (value: Buffer | string) => Buffer.from(value).toString('base64url');

export const invitationTokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');

const refused = (message: string) => new TenancyRuleViolation('invitation-token', 'token', message);

export class InvitationLinks {
  constructor(private readonly key: KeyObject) {}

  issue(claims: InvitationClaims): string {
    const payload = encode(JSON.stringify([claims.enterpriseId, claims.invitedBy, claims.userId, claims.expiresAt, claims.nonce]));
    return `${payload}.${encode(createHmac('sha256', this.key).update(payload).digest())}`;
  }

  /** The claims of a token this product issued for this enterprise; refused otherwise. */
  read(token: string, enterpriseId: string): InvitationClaims {
    const [payload, signature, ...rest] = token.split('.');
    if (!payload || !signature || rest.length > 0) throw refused('this is not an invitation link of this product');
    const expected = createHmac('sha256', this.key).update(payload).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused('this invitation link is not valid');
    const [e, invitedBy, userId, expiresAt, nonce] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [
      string,
      string,
      string | null,
      string,
      string,
    ];
    if (e !== enterpriseId) throw refused('this invitation link is for another enterprise');
    return { enterpriseId: e, invitedBy, userId, expiresAt, nonce };
  }
}
