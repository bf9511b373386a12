import type { EngineerProfileEvent, ProviderProfileEvent } from '@kuaige/domain';
import { projection, row, type Projection, type Row } from '@kuaige/projections';

// ---- Read models of dispatch: the providers' and engineers' profiles -----------------------------
// Scoped to the enterprise (its people see and edit them) and its jurisdiction (the operators of its
// region see who serves there). Workload, ratings and certifications are joined when read: they
// change with other aggregates' events (work orders, certifications).

type Scope = { readonly tenants: readonly string[]; readonly regions: readonly string[] };

export interface ProviderProfileRow extends Row {
  readonly scope: Scope;
  readonly enterpriseId: string;
  readonly name: string;
  readonly deviceTypes: readonly string[];
  readonly faultTypes: readonly string[];
  readonly serviceRegions: readonly string[];
  readonly base: { readonly lat: number; readonly lng: number } | null;
  readonly capacity: number;
  readonly updatedAt: string;
}

export interface EngineerProfileRow extends Row {
  readonly scope: Scope;
  readonly enterpriseId: string;
  readonly userId: string;
  readonly deviceTypes: readonly string[];
  readonly faultTypes: readonly string[];
  /** deviceTypes and faultTypes together: one multikey index serves the search by skill. */
  readonly skills: readonly string[];
  readonly fields: readonly string[];
  readonly level: string;
  readonly yearsOfExperience: number;
  readonly base: { readonly lat: number; readonly lng: number } | null;
  readonly available: boolean;
  readonly updatedAt: string;
}

/** `<enterpriseId>/<userId>`, as enterprise_members keys a membership. */
export const engineerProfileId = (enterpriseId: string, userId: string) => `${enterpriseId}/${userId}`;

export const providerProfilesProjection = projection<ProviderProfileEvent, ProviderProfileRow>('provider_profiles', {
  version: 2,
  scoped: true,
  arrayFields: ['serviceRegions'],
  indexes: [{ name: 'by_service_region', key: { serviceRegions: 1 } }],
  on: {
    ProviderProfileSet: (e) =>
      row<ProviderProfileRow>(e.data.enterpriseId, () => ({
        _id: e.data.enterpriseId,
        scope: { tenants: [e.data.enterpriseId], regions: [...e.data.jurisdiction] },
        enterpriseId: e.data.enterpriseId,
        name: e.data.name,
        deviceTypes: e.data.deviceTypes,
        faultTypes: e.data.faultTypes,
        serviceRegions: e.data.serviceRegions,
        base: e.data.base,
        capacity: e.data.capacity,
        updatedAt: e.data.at,
      })),
  },
});

export const engineerProfilesProjection = projection<EngineerProfileEvent, EngineerProfileRow>('engineer_profiles', {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_enterprise_level', key: { enterpriseId: 1, level: 1 } },
    { name: 'by_user', key: { userId: 1 } },
  ],
  on: {
    EngineerProfileSet: (e) =>
      row<EngineerProfileRow>(engineerProfileId(e.data.enterpriseId, e.data.userId), () => ({
        _id: engineerProfileId(e.data.enterpriseId, e.data.userId),
        scope: { tenants: [e.data.enterpriseId], regions: [...e.data.jurisdiction] },
        enterpriseId: e.data.enterpriseId,
        userId: e.data.userId,
        deviceTypes: e.data.deviceTypes,
        faultTypes: e.data.faultTypes,
        skills: [...e.data.deviceTypes, ...e.data.faultTypes],
        fields: e.data.fields,
        level: e.data.level,
        yearsOfExperience: e.data.yearsOfExperience,
        base: e.data.base,
        available: e.data.available,
        updatedAt: e.data.at,
      })),
    EngineerSkillsChanged: (e) =>
      row<EngineerProfileRow>(engineerProfileId(e.data.enterpriseId, e.data.userId), (current) =>
        current
          ? { ...current, deviceTypes: e.data.deviceTypes, faultTypes: e.data.faultTypes, skills: [...e.data.deviceTypes, ...e.data.faultTypes], fields: e.data.fields, updatedAt: e.data.at }
          : null,
      ),
  },
});

/** The read models of dispatch, registered in PRODUCT_PROJECTIONS. */
export const DISPATCH_PROJECTIONS: readonly Projection[] = [providerProfilesProjection, engineerProfilesProjection];
