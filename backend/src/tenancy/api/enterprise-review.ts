import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import type { ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { ApproveEnterprise, RejectEnterprise } from '../application/enterprise.commands';
import { GetEnterprise } from '../read-models/tenancy.queries';
import { inScope, type Actor } from './authorization';
import { actingContext } from './command-contexts';

const PROJECTIONS = ['enterprises', 'memberships'];

/** Reviewing an enterprise, the same over REST and GraphQL: the row must be in the reviewer's scope. */
@Injectable()
export class EnterpriseReview {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
  ) {}

  async decide(actor: Actor, enterpriseId: string, decision: { outcome: 'approve'; opinion?: string } | { outcome: 'reject'; opinion: string }, client: ClientCommand) {
    await this.freshness.caughtUp(PROJECTIONS);
    const row = await this.store.collection('enterprises').findOne({ $and: [{ _id: enterpriseId }, visibleRows] });
    inScope(actor, 'review', 'Enterprise', row);
    const now = this.clock.now();
    const at = now.toISOString();
    // Permit('enterprise:review') is granted by operator roles only, so the actor acts for a node.
    const reviewerNodeId = actor.operatorNode!.id;
    const context = actingContext(client, decision.outcome, actor, now);
    await this.commands.execute(
      decision.outcome === 'approve'
        ? new ApproveEnterprise(enterpriseId, { reviewerNodeId, ...(decision.opinion ? { opinion: decision.opinion } : {}), at }, context)
        : new RejectEnterprise(enterpriseId, { reviewerNodeId, opinion: decision.opinion, at }, context),
    );
    await this.freshness.caughtUp(PROJECTIONS);
    return this.queries.execute(new GetEnterprise(actor, enterpriseId));
  }
}
