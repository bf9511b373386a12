import type { IndexSpec } from './read-model-store.port';
import { withScopeIndexes } from './scope-indexes';

describe('indexes of a scoped collection', () => {
  it('lead with each scope key and continue with each declared non-unique index', () => {
    expect(
      withScopeIndexes([
        { name: 'by_uscc', key: { uscc: 1 }, unique: true },
        { name: 'by_status', key: { status: 1, updatedAt: -1 } },
      ]),
    ).toEqual([
      { name: 'by_uscc', key: { uscc: 1 }, unique: true },
      { name: 'by_status', key: { status: 1, updatedAt: -1 } },
      { name: 'scope_tenants__by_status', key: { 'scope.tenants': 1, status: 1, updatedAt: -1 } },
      { name: 'scope_regions__by_status', key: { 'scope.regions': 1, status: 1, updatedAt: -1 } },
    ]);
  });

  it('keep one array per index: the other scope key is left out of a derived index', () => {
    expect(withScopeIndexes([{ name: 'by_status_region', key: { status: 1, 'scope.regions': 1 } }]).slice(1)).toEqual([
      { name: 'scope_tenants__by_status_region', key: { 'scope.tenants': 1, status: 1 } },
      { name: 'scope_regions__by_status_region', key: { 'scope.regions': 1, status: 1 } },
    ]);
  });

  it('index each scope key alone when nothing else is declared, or only unique indexes', () => {
    const bare = [
      { name: 'scope_tenants', key: { 'scope.tenants': 1 } },
      { name: 'scope_regions', key: { 'scope.regions': 1 } },
    ];
    expect(withScopeIndexes([])).toEqual(bare);
    expect(withScopeIndexes([{ name: 'by_code', key: { code: 1 }, unique: true }]).slice(1)).toEqual(bare);
  });

  it('create a key only once: declared already, or derived from two declarations', () => {
    const declared: IndexSpec[] = [
      { name: 'tenants_updated', key: { 'scope.tenants': 1, updatedAt: -1 } },
      { name: 'regions_updated', key: { 'scope.regions': 1, updatedAt: -1 } },
    ];
    expect(withScopeIndexes(declared)).toEqual(declared);
    expect(
      withScopeIndexes([
        { name: 'a', key: { status: 1 } },
        { name: 'b', key: { 'scope.regions': 1, status: 1 } },
      ]).map((i) => i.name),
    ).toEqual(['a', 'b', 'scope_tenants__a']);
  });
});
