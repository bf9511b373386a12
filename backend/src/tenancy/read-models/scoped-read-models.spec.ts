// Tenancy's read models are read through row-level filters: the read side indexes them by scope first.
import { EmbeddedReadModelStore, ProjectionRunner, type Projection } from '@kuaige/projections';
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
});
