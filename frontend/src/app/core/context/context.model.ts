/** What kind of party a context acts for. */
export type ContextKind = 'enterprise' | 'operator';

/** One context the user can act in: an enterprise they belong to or an operator node they staff. */
export interface ActingContext {
  readonly kind: ContextKind;
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly status?: string;
}

/** GET /api/v1/me/contexts. */
export interface MyContexts {
  readonly active: ActingContext | null;
  readonly available: readonly ActingContext[];
}

/** POST /api/v1/me/context: an access token for the chosen context. */
export interface ContextGrant {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly active: ActingContext;
}
