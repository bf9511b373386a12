import { Module } from '@nestjs/common';
import { ENTERPRISE_COMMAND_HANDLERS } from './application/enterprise.commands';
import { MEMBERSHIP_COMMAND_HANDLERS } from './application/membership.commands';
import { OPERATOR_NODE_COMMAND_HANDLERS } from './application/operator-node.commands';
import { ORGANISATION_COMMAND_HANDLERS } from './application/organisation.commands';
import { OrganisationFacts } from './application/organisation-facts';
import { ReadModelFreshness } from '../identity/read-models/read-model-freshness';
import { TENANCY_PROJECTIONS } from './read-models/tenancy.projections';

/** The projections of tenancy's read models, for the read side that runs them. */
export const TENANCY_READ_MODELS = Symbol('TENANCY_READ_MODELS');

/**
 * Operator nodes, enterprises and memberships (OPS-1, OPS-2, ORG-1…ORG-4): the command side on the
 * CommandBus and the read models' projections. Needs the global EventSourcingModule (AggregateStreams).
 */
@Module({
  providers: [
    ...OPERATOR_NODE_COMMAND_HANDLERS,
    ...ENTERPRISE_COMMAND_HANDLERS,
    ...MEMBERSHIP_COMMAND_HANDLERS,
    ...ORGANISATION_COMMAND_HANDLERS,
    OrganisationFacts,
    ReadModelFreshness,
    { provide: TENANCY_READ_MODELS, useValue: TENANCY_PROJECTIONS },
  ],
  exports: [TENANCY_READ_MODELS],
})
export class TenancyModule {}
