/** One audit entry: an event of the log, as the audit API lists it. */
export interface AuditEntry {
  readonly id: string;
  readonly position: number;
  readonly revision: number;
  readonly at: string;
  readonly type: string;
  readonly stream: string;
  readonly category: string;
  readonly actor: string | null;
  readonly enterpriseId: string | null;
  readonly nodeId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly result: AuditResult;
  readonly summary: string | null;
  readonly correlationId: string;
}

/** A search page: the total is counted up to 10,000 (`totalCapped` beyond); deeper pages go by `nextCursor`. */
export interface AuditSearchPage {
  readonly items: readonly AuditEntry[];
  readonly total: number;
  readonly totalCapped: boolean;
  readonly page: number;
  readonly pageSize: number;
  readonly nextCursor: number | null;
}

export type AuditResult = 'success' | 'denied' | 'failure';
export const AUDIT_RESULTS: readonly AuditResult[] = ['success', 'denied', 'failure'];

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface FieldChange {
  readonly path: string;
  readonly kind: ChangeKind;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface RowDiff {
  readonly collection: string;
  readonly id: string;
  readonly kind: ChangeKind;
  readonly fields: readonly FieldChange[];
}

export interface AuditEntryDetail {
  readonly entry: AuditEntry;
  readonly event: {
    readonly eventId: string;
    readonly type: string;
    readonly streamId: string;
    readonly revision: number;
    readonly position: number;
    readonly recordedAt: string;
    readonly hash: string;
    readonly data: unknown;
    readonly metadata: Record<string, unknown>;
  };
  readonly diff: readonly RowDiff[];
}

/** The search as the address keeps it ('' = not filtered). */
export interface AuditQuery {
  readonly actor: string;
  readonly enterpriseId: string;
  readonly nodeId: string;
  readonly stream: string;
  readonly type: string;
  readonly result: string;
  /** Dates (YYYY-MM-DD, China time) or ISO instants. */
  readonly from: string;
  readonly to: string;
  readonly sort: string;
  readonly page: number;
  readonly pageSize: number;
}

/** Event types offered in the type filter (any other can be typed). */
export const COMMON_EVENT_TYPES = [
  'WorkOrderDispatched',
  'MaintenanceRequested',
  'RequestReviewed',
  'LoginSucceeded',
  'LoginFailed',
  'SessionEnded',
  'AccessDenied',
  'AuthenticationRefused',
  'SensitiveDataRead',
  'DataExported',
  'OperationsActionPerformed',
  'MemberRolesChanged',
  'PermissionOverridesSet',
  'OperatorStaffAppointed',
  'OperatorStaffRolesChanged',
  'EnterpriseApproved',
] as const;
