// Read models read through row-level filters are indexed by scope first (ADR 0011): every product
// projection is scoped but those whose rows belong to one user, which the list below names with why.
import { EmbeddedReadModelStore, ProjectionRunner, type Projection } from '@kuaige/projections';
import { PRODUCT_PROJECTIONS } from '../../event-sourcing/read-side';
import { operatorStaffProjection } from './operator-staff.projection';
import { enterprisesProjection, operatorNodesProjection } from './tenancy.projections';

describe('tenancy read models on the read side', () => {
  it('get indexes leading with scope.tenants and scope.regions, then their own keys', async () => {
    const store = new EmbeddedReadModelStore();
    const indexesOf = async (projection: Projection) => {
      await new ProjectionRunner(store, projection, projection.collection, projection.name).prepare();
      return (await store.collection(projection.collection).listIndexes()).sort();
    };
    expect(await indexesOf(enterprisesProjection)).toEqual([
      'by_parent',
      'by_status_region',
      'by_uscc',
      'scope_regions__by_parent',
      'scope_regions__by_status_region',
      'scope_regions__by_uscc',
      'scope_tenants__by_parent',
      'scope_tenants__by_status_region',
      'scope_tenants__by_uscc',
    ]);
    expect(await indexesOf(operatorNodesProjection)).toEqual(expect.arrayContaining(['scope_regions__by_division', 'scope_regions__by_parent']));
    expect(await indexesOf(operatorStaffProjection)).toEqual(expect.arrayContaining(['scope_regions__by_user', 'scope_tenants__by_node']));
  });

  it('covers every product projection but the per-user ones', () => {
    const unscoped: Record<string, string> = {
      accounts: 'empty scope: an account is read by its own user',
      sessions: 'empty scope: read by their user',
      login_log: 'empty scope: read by its user',
      memberships: 'one row per user, found by an array key (a scope twin would index two arrays)',
      exports: 'read by its requester only: every read names requesterId from the session (exports.controller, the expiry sweep reads by status)',
      notifications: 'empty scope: read by its recipient only, the handlers taking the recipient from the session',
      settlement_windows: 'read by the settlement sweep only, never through a row-level filter (no route reads it)',
    };
    expect(PRODUCT_PROJECTIONS.filter((p) => !p.scoped).map((p) => p.collection).sort()).toEqual(Object.keys(unscoped).sort());
  });
});
