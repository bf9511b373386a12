import type { Party } from '@kuaige/domain';
import type { Actor } from '../../tenancy/api/authorization';

/** The party the actor acts as on maintenance aggregates; @Permit has made sure there is an acting context. */
export const partyOf = (actor: Pick<Actor, 'userId' | 'enterpriseId' | 'operatorNode'>): Party =>
  actor.enterpriseId !== null
    ? { kind: 'enterprise', enterpriseId: actor.enterpriseId, userId: actor.userId }
    : { kind: 'operator', nodeId: actor.operatorNode!.id, regionCode: actor.operatorNode!.regionCode, userId: actor.userId };
