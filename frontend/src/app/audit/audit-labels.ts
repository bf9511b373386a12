import { Injectable, inject } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';

/** Event types and read-model fields the translations name; others show as stored. */
export const LABELLED_TYPES = new Set([
  'WorkOrderDispatched', 'MaintenanceRequested', 'RequestReviewed', 'WorkOrderAccepted', 'WorkOrderReturned', 'EngineerAssigned',
  'LoginSucceeded', 'LoginFailed', 'LoginAttempted', 'LoginCheckPassed', 'LoginThrottleCleared', 'AccountLockedOut', 'SessionStarted', 'SessionEnded',
  'AccessDenied', 'AuthenticationRefused', 'SensitiveDataRead', 'DataExported', 'OperationsActionPerformed',
  'MemberRolesChanged', 'PermissionOverridesSet', 'OperatorStaffAppointed', 'OperatorStaffRolesChanged', 'OperatorStaffRemoved',
  'EnterpriseRegistered', 'EnterpriseApproved', 'EnterpriseRejected', 'AccountRegistered', 'PasswordChanged', 'DeviceRegistered',
]);
export const LABELLED_FIELDS = new Set([
  'status', 'providerId', 'assigneeId', 'dispatchedAt', 'updatedAt', 'priority', 'roles', 'name', 'number', 'returnedBy', 'overrideReason',
  'submittedAt', 'completedAt', 'closedAt', 'deviceId', 'requesterId', 'ownerId', 'manufacturerId', 'faultType', 'faultSummary',
]);

/** Readable names for event types and fields, in the console's language. */
@Injectable({ providedIn: 'root' })
export class AuditLabels {
  private readonly transloco = inject(TranslocoService);

  type(type: string): string {
    return LABELLED_TYPES.has(type) ? this.transloco.translate(`audit.types.${type}`) : type;
  }

  field(path: string): string {
    return LABELLED_FIELDS.has(path) ? `${this.transloco.translate(`audit.fields.${path}`)} (${path})` : path;
  }
}
