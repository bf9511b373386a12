import type { DomainEvent } from '../event-sourcing/event';

// ---- Security events: what the audit trail records besides the business events -------------------
//
// Logins, logouts and failed sign-ins are identity's own events (LoginSucceeded, SessionEnded,
// LoginFailed); administrative changes are tenancy's (MemberRolesChanged, PermissionOverridesSet, ...).
// These cover what no decider sees: refusals at the edge, reads and exports of sensitive data, and
// operations-token actions. They are facts about one request, so they carry where it came from.

/** The request an event is about. Never the query string or body: they may hold codes or tokens. */
export type RequestOrigin = {
  readonly at: string;
  /** Client address as the trusted-proxy configuration resolves it. */
  readonly ip: string;
  readonly userAgent: string;
  readonly method: string;
  /** The route pattern, e.g. `/api/v1/work-orders/:id`. */
  readonly route: string;
  /** The route's parameters (ids). */
  readonly params: Readonly<Record<string, string>>;
  readonly requestId: string;
};

/** A signed-in caller was refused: 403 (no permission, wrong role) or 404 (row outside the caller's scope). */
export type AccessDenied = DomainEvent<
  'AccessDenied',
  RequestOrigin & { readonly status: 403 | 404; readonly rule: string; readonly field?: string }
>;
/** A request's credentials were refused (401): missing, expired or forged token, ended session. */
export type AuthenticationRefused = DomainEvent<'AuthenticationRefused', RequestOrigin & { readonly status: 401; readonly rule: string }>;
/** Data behind a `read-sensitive` permission was handed out unmasked. */
export type SensitiveDataRead = DomainEvent<
  'SensitiveDataRead',
  RequestOrigin & { readonly resource: string; readonly permission: string; readonly fields: readonly string[] }
>;
/** A result set left the system as a file. */
export type DataExported = DomainEvent<
  'DataExported',
  RequestOrigin & {
    readonly resource: string;
    readonly format: string;
    readonly rows: number | null;
    readonly filters: Readonly<Record<string, string>>;
  }
>;
/** A state-changing call of the operations API (admin token): no user stands behind it. */
export type OperationsActionPerformed = DomainEvent<'OperationsActionPerformed', RequestOrigin & { readonly status: number }>;

export type SecurityEvent = AccessDenied | AuthenticationRefused | SensitiveDataRead | DataExported | OperationsActionPerformed;

export const SECURITY_EVENT_TYPES = [
  'AccessDenied',
  'AuthenticationRefused',
  'SensitiveDataRead',
  'DataExported',
  'OperationsActionPerformed',
] as const satisfies readonly SecurityEvent['type'][];

/** Stream category of security events; one stream per actor (`anonymous`, `operations` for callers without an account). */
export const SECURITY_LOG_CATEGORY = 'SecurityLog';
export const securityLogStream = (actorKey: string): string => `${SECURITY_LOG_CATEGORY}-${actorKey}`;
