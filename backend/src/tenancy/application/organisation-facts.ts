import { Inject, Injectable } from '@nestjs/common';
import { ENTERPRISE_ADMIN } from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { BUILT_IN_ROLES, PERMISSIONS } from '@kuaige/tenancy';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';

/** The read models the organisation's counts come from. */
export const ORGANISATION_COUNTED = ['enterprise_members', 'enterprise_roles'] as const;

/**
 * What the organisation deciders check against beyond their own stream: the catalogue, the built-in
 * role keys, and counts over the enterprise's members. Counts are read from the read models once they
 * have caught up with everything written before (in this process): two admins demoting each other at
 * the same instant could both see the other still an admin — rare, and visible in the log.
 */
@Injectable()
export class OrganisationFacts {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly freshness: ReadModelFreshness,
  ) {}

  catalogue(): string[] {
    return PERMISSIONS.map((p) => p.permission);
  }

  /** Keys no custom role may take: every built-in role's, operator roles included. */
  builtInRoleKeys(): string[] {
    return BUILT_IN_ROLES.map((r) => r.key);
  }

  /** The built-in enterprise role keys and the enterprise's custom role ids: what a member may hold. */
  async knownRoles(enterpriseId: string): Promise<string[]> {
    await this.freshness.caughtUp(ORGANISATION_COUNTED);
    const custom = await this.store
      .collection('enterprise_roles')
      .find({ $and: [visibleRows, { enterpriseId }] }, { projection: { _id: 1 } });
    return [...BUILT_IN_ROLES.filter((r) => r.scope === 'enterprise').map((r) => r.key), ...custom.map((r) => r._id)];
  }

  /** The names the enterprise's roles other than `roleId` go by: built-in labels in both languages, custom names. */
  async roleNamesBesides(enterpriseId: string, roleId: string): Promise<string[]> {
    await this.freshness.caughtUp(ORGANISATION_COUNTED);
    const custom = await this.store
      .collection('enterprise_roles')
      .find({ $and: [visibleRows, { enterpriseId, _id: { $ne: roleId } }] }, { projection: { _id: 1, name: 1 } });
    const builtIn = BUILT_IN_ROLES.filter((r) => r.scope === 'enterprise').flatMap((r) => [r.key, r.label['zh-CN'], r.label.en]);
    return [...builtIn, ...custom.map((r) => String(r['name']))];
  }

  /** How many active members hold the role. */
  async holdersOf(enterpriseId: string, roleKey: string): Promise<number> {
    await this.freshness.caughtUp(ORGANISATION_COUNTED);
    return this.store.collection('enterprise_members').count({ $and: [visibleRows, { enterpriseId, status: 'active', roles: roleKey }] });
  }

  /** How many active admins the enterprise has besides the user. */
  async otherAdmins(enterpriseId: string, userId: string): Promise<number> {
    await this.freshness.caughtUp(ORGANISATION_COUNTED);
    return this.store
      .collection('enterprise_members')
      .count({ $and: [visibleRows, { enterpriseId, status: 'active', roles: ENTERPRISE_ADMIN, userId: { $ne: userId } }] });
  }
}
