import { Injectable, inject } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';

/** Event types and read-model fields the translations name; others show as stored. */
export const LABELLED_TYPES = new Set([
  'WorkOrderDispatched',
  'MaintenanceRequested',
  'RequestReviewed',
  'WorkOrderAccepted',
  'WorkOrderReturned',
  'EngineerAssigned',
  'LoginSucceeded',
  'LoginFailed',
  'LoginAttempted',
  'LoginCheckPassed',
  'LoginThrottleCleared',
  'AccountLockedOut',
  'SessionStarted',
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
  'OperatorStaffRemoved',
  'EnterpriseRegistered',
  'EnterpriseApproved',
  'EnterpriseRejected',
  'AccountRegistered',
  'PasswordChanged',
  'DeviceRegistered',
]);
export const LABELLED_FIELDS = new Set([
  'status',
  'providerId',
  'assigneeId',
  'dispatchedAt',
  'updatedAt',
  'priority',
  'roles',
  'name',
  'number',
  'returnedBy',
  'overrideReason',
  'submittedAt',
  'completedAt',
  'closedAt',
  'deviceId',
  'requesterId',
  'ownerId',
  'manufacturerId',
  'faultType',
  'faultSummary',
]);

/** Work-order statuses the console names (workOrders.statuses). */
const WORK_ORDER_STATUSES = new Set([
  'submitted',
  'awaiting-dispatch',
  'dispatched',
  'accepted',
  'assigned',
  'engineer-accepted',
  'in-progress',
  'completed',
  'receipt-submitted',
  'receipt-approved',
  'reported',
  'closed',
  'rejected',
  'cancelled',
]);

/** Readable names for event types and fields, in the console's language. */
@Injectable({ providedIn: 'root' })
export class AuditLabels {
  private readonly transloco = inject(TranslocoService);

  type(type: string): string {
    return LABELLED_TYPES.has(type) ? this.transloco.translate(`audit.types.${type}`) : type;
  }

  /** A value as the diff shows it: a work order's status named, with the stored code. */
  value(collection: string, path: string, text: string, raw: unknown): string {
    if (collection === 'work_orders' && path === 'status' && typeof raw === 'string' && WORK_ORDER_STATUSES.has(raw))
      return `${this.transloco.translate(`workOrders.statuses.${raw}`)} (${raw})`;
    return text;
  }

  field(path: string): string {
    return LABELLED_FIELDS.has(path) ? `${this.transloco.translate(`audit.fields.${path}`)} (${path})` : path;
  }
}
