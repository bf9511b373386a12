import { Module } from '@nestjs/common';
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
import { TENANCY_QUERY_HANDLERS } from './read-models/tenancy.queries';

/**
 * Operator nodes and staff, enterprises and memberships, acting contexts (OPS-1, OPS-2, ORG-1…ORG-4):
 * the command side on the CommandBus, queries on the QueryBus, and the guard every scoped route uses.
 * Its read models' projections are in PRODUCT_PROJECTIONS (read-side.ts).
 */
@Module({
  imports: [IdentityModule],
  controllers: [ContextsController, OperatorNodesController, EnterprisesController, TenancyOperationsController],
  providers: [
    ...OPERATOR_NODE_COMMAND_HANDLERS,
    ...OPERATOR_STAFF_COMMAND_HANDLERS,
    ...ENTERPRISE_COMMAND_HANDLERS,
    ...MEMBERSHIP_COMMAND_HANDLERS,
    ...TENANCY_QUERY_HANDLERS,
    ActorDirectory,
    PermissionGuard,
    AdminGuard,
  ],
  exports: [ActorDirectory, PermissionGuard],
})
export class TenancyModule {}
