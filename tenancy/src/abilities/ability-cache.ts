import type { AppAbility } from './ability-builder';

// ---- Abilities cached per user and acting context, invalidated by a permission version ------------
//
// Building an ability costs tens of microseconds; a request needs one. The cache key is explicit:
// (user, active enterprise, operator node) selects the entry and the permission version validates it,
// so a change to the user's roles, overrides or memberships (or to any role definition) — each of which
// bumps the version — makes the next request rebuild instead of serving a stale ability.

export interface AbilityCacheKey {
  readonly userId: string;
  readonly enterpriseId: string | null;
  readonly operatorNodeId: string | null;
  /** PermissionVersions.versionOf(userId), or the same value kept with the user's read model. */
  readonly version: string;
}

/** The entry slot: one per user and acting context. The version is checked, not part of the slot. */
export const abilityCacheSlot = (key: AbilityCacheKey): string =>
  JSON.stringify([key.userId, key.enterpriseId ?? '', key.operatorNodeId ?? '']);

/** In-process permission versions: one counter for role definitions, one per user. */
export class PermissionVersions {
  private roles = 0;
  private readonly users = new Map<string, number>();

  /** A role definition changed: every user's abilities are stale. */
  bumpRoles(): void {
    this.roles++;
  }

  /** The user's memberships, roles or overrides changed. */
  bumpUser(userId: string): void {
    this.users.set(userId, (this.users.get(userId) ?? 0) + 1);
  }

  versionOf(userId: string): string {
    return `${this.roles}.${this.users.get(userId) ?? 0}`;
  }
}

/** A least-recently-used cache of built abilities. */
export class AbilityCache {
  private readonly entries = new Map<string, { readonly version: string; readonly ability: AppAbility }>();
  private builds = 0;

  constructor(readonly capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('the ability cache needs a capacity of at least 1');
  }

  /** The cached ability for `key`, or the one `build` returns (then cached) if absent or stale. */
  get(key: AbilityCacheKey, build: () => AppAbility): AppAbility {
    const slot = abilityCacheSlot(key);
    const hit = this.entries.get(slot);
    this.entries.delete(slot);
    if (hit && hit.version === key.version) {
      this.entries.set(slot, hit);
      return hit.ability;
    }
    const ability = build();
    this.builds++;
    this.entries.set(slot, { version: key.version, ability });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return ability;
  }

  get size(): number {
    return this.entries.size;
  }

  /** How many abilities were built (misses), for metrics. */
  get buildCount(): number {
    return this.builds;
  }
}
