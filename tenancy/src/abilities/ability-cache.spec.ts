import { createMongoAbility } from '@casl/ability';
import type { AppAbility } from './ability-builder';
import { AbilityCache, abilityCacheSlot, PermissionVersions, type AbilityCacheKey } from './ability-cache';

const ability = () => createMongoAbility([]) as AppAbility;
const key = (over: Partial<AbilityCacheKey> = {}): AbilityCacheKey => ({ userId: 'U1', enterpriseId: 'E1', operatorNodeId: null, version: '0.0', ...over });

describe('AbilityCache', () => {
  it('serves the same ability for the same user, context and version', () => {
    const cache = new AbilityCache(10);
    const first = cache.get(key(), ability);
    expect(cache.get(key(), ability)).toBe(first);
    expect(cache.buildCount).toBe(1);
  });

  it('keeps contexts apart and rebuilds when the version changed', () => {
    const cache = new AbilityCache(10);
    const e1 = cache.get(key(), ability);
    expect(cache.get(key({ enterpriseId: 'E2' }), ability)).not.toBe(e1);
    expect(cache.get(key({ version: '0.1' }), ability)).not.toBe(e1);
    expect(cache.size).toBe(2);
    expect(abilityCacheSlot(key({ userId: 'a|b', enterpriseId: 'c' }))).not.toBe(abilityCacheSlot(key({ userId: 'a', enterpriseId: 'b|c' })));
  });

  it('evicts the least recently used entry', () => {
    const cache = new AbilityCache(2);
    const a = cache.get(key({ userId: 'A' }), ability);
    cache.get(key({ userId: 'B' }), ability);
    expect(cache.get(key({ userId: 'A' }), ability)).toBe(a);
    cache.get(key({ userId: 'C' }), ability);
    expect(cache.get(key({ userId: 'A' }), ability)).toBe(a);
    expect(cache.buildCount).toBe(3);
    cache.get(key({ userId: 'B' }), ability);
    expect(cache.buildCount).toBe(4);
    expect(() => new AbilityCache(0)).toThrow(RangeError);
  });
});

describe('PermissionVersions', () => {
  it('changes a user version on a user change and every version on a role change', () => {
    const versions = new PermissionVersions();
    const [u1, u2] = [versions.versionOf('U1'), versions.versionOf('U2')];
    versions.bumpUser('U1');
    expect(versions.versionOf('U1')).not.toBe(u1);
    expect(versions.versionOf('U2')).toBe(u2);
    versions.bumpRoles();
    expect(versions.versionOf('U2')).not.toBe(u2);
  });
});
