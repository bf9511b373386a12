import { Module } from '@nestjs/common';
import { BlobStorageModule } from '../blobs/blobs.module';
import { ENTERPRISE_COMMAND_HANDLERS } from './application/enterprise.commands';
import { MEMBERSHIP_COMMAND_HANDLERS } from './application/membership.commands';
import { OPERATOR_NODE_COMMAND_HANDLERS } from './application/operator-node.commands';
import { TENANCY_PROJECTIONS } from './read-models/tenancy.projections';

/** The projections of tenancy's read models, for the read side that runs them. */
export const TENANCY_READ_MODELS = Symbol('TENANCY_READ_MODELS');

/**
 * Operator nodes, enterprises and memberships (OPS-1, OPS-2, ORG-1…ORG-4): the command side on the
 * CommandBus and the read models' projections. Needs the global EventSourcingModule (AggregateStreams).
 */
@Module({
  // The licence a registration names must be a file its registrant uploaded.
  imports: [BlobStorageModule],
  providers: [
    ...OPERATOR_NODE_COMMAND_HANDLERS,
    ...ENTERPRISE_COMMAND_HANDLERS,
    ...MEMBERSHIP_COMMAND_HANDLERS,
    { provide: TENANCY_READ_MODELS, useValue: TENANCY_PROJECTIONS },
  ],
  exports: [TENANCY_READ_MODELS],
})
export class TenancyModule {}
