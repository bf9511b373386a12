import type { Party } from '@kuaige/domain';
import type { Actor } from '../../tenancy/api/authorization';

/** The party an inventory command names: the acting enterprise's user (operators keep no inventory). */
export const partyOf = (actor: Actor): Party =>
  actor.enterpriseId !== null
    ? { kind: 'enterprise', enterpriseId: actor.enterpriseId, userId: actor.userId }
    : actor.operatorNode !== null
      ? { kind: 'operator', nodeId: actor.operatorNode.id, regionCode: actor.operatorNode.regionCode, userId: actor.userId }
      : { kind: 'system', reason: 'no-acting-context' };
