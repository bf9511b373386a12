import { AuditRecordingModule } from '../audit/trail/recording/audit-recording.module';
import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { ReadModelStore } from '@kuaige/projections';
import { BlobReadPolicies } from '../blobs/blob-read-policy';
import { READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { readableWithRow } from './api/scoped-blob-policy';
import { BlobStorageModule } from '../blobs/blobs.module';
import { AdminGuard } from '../admin/admin.guard';
import { IdentityModule } from '../identity/identity.module';
import { ENTERPRISE_COMMAND_HANDLERS } from './application/enterprise.commands';
import { MEMBERSHIP_COMMAND_HANDLERS } from './application/membership.commands';
import { OPERATOR_NODE_COMMAND_HANDLERS } from './application/operator-node.commands';
import { OPERATOR_STAFF_COMMAND_HANDLERS } from './application/operator-staff.commands';
import { ActorDirectory, PermissionGuard } from './api/authorization';
import { ContextsController } from './api/contexts.controller';
import { EnterprisesController } from './api/enterprises.controller';
import { OperatorNodesController } from './api/operator-nodes.controller';
import { TenancyOperationsController } from './api/tenancy-operations.controller';
import { EnterpriseReview } from './api/enterprise-review';
import { TenancyResolver } from './api/tenancy.resolver';
import { TENANCY_QUERY_HANDLERS } from './read-models/tenancy.queries';
import { EMPLOYEE_IMPORT_COMMAND_HANDLERS } from './application/employee-import.commands';
import { INVITATION_COMMAND_HANDLERS } from './application/invitation.commands';
import { ORGANISATION_COMMAND_HANDLERS } from './application/organisation.commands';
import { OrganisationFacts } from './application/organisation-facts';
import { EmployeeSheetController } from './api/employee-sheet.controller';
import { InvitationsController } from './api/invitations.controller';
import { OrganisationController } from './api/organisation.controller';
import { OrganisationScope } from './api/organisation-scope';
import { ExportEmployeesHandler } from './read-models/employee-export';
import { ORGANISATION_QUERY_HANDLERS } from './read-models/organisation.queries';

/**
 * Operator nodes and staff, enterprises and memberships, acting contexts (OPS-1, OPS-2, ORG-1…ORG-4),
 * the enterprise's departments, employees, roles and per-user overrides (ORG-5…ORG-9):
 * the command side on the CommandBus, queries on the QueryBus, and the guard every scoped route uses.
 * Its read models' projections are in PRODUCT_PROJECTIONS (read-side.ts).
 */
@Module({
  // BlobStorageModule: the licence a registration names must be a file its registrant uploaded.
  // The audit recording: the employee sheet's export is recorded (@RecordsAccess).
  imports: [IdentityModule, BlobStorageModule, AuditRecordingModule],
  controllers: [
    ContextsController,
    OperatorNodesController,
    EnterprisesController,
    TenancyOperationsController,
    OrganisationController,
    InvitationsController,
    EmployeeSheetController,
  ],
  providers: [
    ...OPERATOR_NODE_COMMAND_HANDLERS,
    ...OPERATOR_STAFF_COMMAND_HANDLERS,
    ...ENTERPRISE_COMMAND_HANDLERS,
    ...MEMBERSHIP_COMMAND_HANDLERS,
    ...TENANCY_QUERY_HANDLERS,
    ActorDirectory,
    PermissionGuard,
    AdminGuard,
    EnterpriseReview,
    TenancyResolver,
    ...ORGANISATION_COMMAND_HANDLERS,
    ...INVITATION_COMMAND_HANDLERS,
    ...ORGANISATION_QUERY_HANDLERS,
    ...EMPLOYEE_IMPORT_COMMAND_HANDLERS,
    ExportEmployeesHandler,
    OrganisationFacts,
    OrganisationScope,
  ],
  exports: [ActorDirectory, PermissionGuard],
})
export class TenancyModule implements OnModuleInit {
  constructor(
    private readonly policies: BlobReadPolicies,
    private readonly actors: ActorDirectory,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  /** An enterprise's licence is readable by whoever may read the enterprise (its reviewers, its members). */
  onModuleInit(): void {
    this.policies.register(readableWithRow(this.actors, this.store, 'enterprises', 'Enterprise', (blobId) => ({ 'licence.blobId': blobId })));
  }
}
