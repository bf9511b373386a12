import { subject } from '@casl/ability';
import {
  buildAbility,
  buildDivisionTree,
  type AbilityInput,
  type Action,
  type AppAbility,
  type AreaRecord,
  type Conditions,
  type Permission,
  type PermissionOverride,
  type RoleDefinition,
} from '@kuaige/tenancy';
import fc from 'fast-check';
import type { IndexSpec, ReadModelDocument } from './read-model-store.port';

// ---- Random scenarios for the access-filter property, shared by the embedded and MongoDB runs ------
//
// Trees, users, roles, overrides (every supported operator) and rows are random; the property is that
// a store answering `scoped(own, accessibleFilter(...))` returns exactly the rows `ability.can` allows.

const TENANTS = ['E1', 'E2', 'E3', 'E4'];
const USERS = ['U1', 'U2', 'U3'];
const STATUSES = ['draft', 'open', 'dispatched', 'closed'];
const TAGS = ['vip', 'warranty', 'recall'];
const WORK_ORDER: Permission[] = ['work-order:read', 'work-order:update', 'work-order:dispatch', 'work-order:close'];

const treeArb = fc
  .uniqueArray(fc.tuple(fc.constantFrom('11', '44', '50'), fc.constantFrom('01', '02', '03'), fc.constantFrom('01', '02', '05')), {
    minLength: 1,
    maxLength: 12,
    selector: (t) => t.join(''),
  })
  .map((counties) => {
    const areas: AreaRecord[] = counties.map(([province, city, area]) => ({ code: province + city + area, name: `县${province}${city}${area}`, province, city, area }));
    const provinces = [...new Set(counties.map(([p]) => p))].map((p) => ({ code: `${p}0000`, name: `省${p}`, province: p }));
    const cities = [...new Set(counties.map(([p, c]) => p + c))]
      .filter((pc) => pc !== '5001') // like the real data: some cities are only implied by their counties
      .map((pc) => ({ code: `${pc}00`, name: `市${pc}`, province: pc.slice(0, 2), city: pc.slice(2) }));
    return buildDivisionTree({ provinces, cities, areas });
  });

/** One condition per supported operator, on fields rows have, lack or hold as arrays. */
const conditionArb: fc.Arbitrary<Conditions> = fc.oneof(
  fc.constantFrom(...STATUSES).map((s) => ({ status: s })),
  fc.constantFrom(...STATUSES).map((s) => ({ status: { $eq: s } })),
  fc.constantFrom(...STATUSES).map((s) => ({ status: { $ne: s } })),
  fc.subarray(STATUSES, { minLength: 1 }).map((s) => ({ status: { $in: s } })),
  fc.subarray(STATUSES, { minLength: 1 }).map((s) => ({ status: { $nin: s } })),
  fc.tuple(fc.constantFrom('$lt', '$lte', '$gt', '$gte'), fc.integer({ min: 0, max: 5 })).map(([op, n]) => ({ priority: { [op]: n } })),
  fc.boolean().map((b) => ({ priority: { $exists: b } })),
  fc.constantFrom(...TAGS).map((t) => ({ tags: t })),
  fc.subarray(TAGS, { minLength: 1 }).map((t) => ({ tags: { $all: t } })),
  fc.integer({ min: 0, max: 3 }).map((n) => ({ tags: { $size: n } })),
  fc.constantFrom(...TAGS).map((t) => ({ tags: { $elemMatch: { $eq: t } } })),
  fc.constantFrom(...USERS).map((u) => ({ assigneeId: { $ne: u } })),
  fc.constantFrom(...TENANTS).map((e) => ({ 'scope.tenants': { $nin: [e] } })),
);

const overrideArb: fc.Arbitrary<PermissionOverride> = fc.oneof(
  fc.record({ effect: fc.constant('allow' as const), permission: fc.constantFrom(...WORK_ORDER) }),
  fc.record({ effect: fc.constant('deny' as const), permission: fc.constantFrom(...WORK_ORDER), conditions: conditionArb }),
  fc.record({ effect: fc.constant('deny' as const), permission: fc.constantFrom(...WORK_ORDER) }),
);

const roleArb: fc.Arbitrary<RoleDefinition> = fc.record({
  name: fc.constant('role'),
  permissions: fc.subarray(WORK_ORDER),
  personal: fc.subarray(WORK_ORDER),
});

export function scenarioArb() {
  return treeArb.chain((tree) => {
    const codes = [...tree.all()].map((n) => n.code);
    const counties = [...tree.all()].filter((n) => n.level === 'county').map((n) => n.code);
    const rowArb = fc.record(
      {
        county: fc.constantFrom(...counties),
        tenants: fc.subarray(TENANTS, { minLength: 1, maxLength: 2 }),
        status: fc.constantFrom(...STATUSES),
        priority: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
        tags: fc.subarray(TAGS),
        assigneeId: fc.constantFrom(null, ...USERS),
      },
      { requiredKeys: ['county', 'tenants', 'status', 'tags', 'assigneeId'] }, // priority is sometimes missing
    );
    return fc.record({
      tree: fc.constant(tree),
      userId: fc.constantFrom(...USERS),
      node: fc.option(fc.constantFrom(...codes), { nil: null }),
      enterprise: fc.option(fc.constantFrom(...TENANTS), { nil: null }),
      role: roleArb,
      overrides: fc.array(overrideArb, { maxLength: 4 }),
      action: fc.constantFrom<Action>('read', 'update', 'dispatch', 'close'),
      queryStatus: fc.option(fc.constantFrom(...STATUSES), { nil: null }),
      rows: fc.array(rowArb, { minLength: 0, maxLength: 40 }),
    });
  });
}


export type Scenario = typeof scenarioArb extends () => fc.Arbitrary<infer S> ? S : never;

export const SCOPE_INDEXES: IndexSpec[] = [
  { name: 'regions_updated', key: { 'scope.regions': 1, updatedAt: -1 } },
  { name: 'tenants_updated', key: { 'scope.tenants': 1, updatedAt: -1 } },
];

export function abilityOf(s: Scenario): AppAbility {
  const input: AbilityInput = {
    user: { id: s.userId },
    memberships: [
      ...(s.node ? [{ kind: 'operator' as const, nodeId: `N-${s.node}`, roles: ['role'] }] : []),
      ...(s.enterprise ? [{ kind: 'enterprise' as const, enterpriseId: s.enterprise, roles: ['role'] }] : []),
    ],
    operatorNode: s.node ? { id: `N-${s.node}`, regionCode: s.node } : null,
    activeEnterpriseId: s.enterprise,
    roles: new Map([['role', s.role]]),
    overrides: s.overrides,
  };
  return buildAbility(input);
}

export const documentsOf = (s: Scenario): ReadModelDocument[] =>
  s.rows.map(({ county, tenants, ...rest }, i) => ({
    _id: `WO-${i}`,
    ...rest,
    scope: { tenants, regions: s.tree.jurisdiction(county) },
    updatedAt: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}`,
  }));

export const ownFilterOf = (s: Scenario): Record<string, unknown> => (s.queryStatus ? { status: s.queryStatus } : {});

/** The ids `ability.can` allows, one row at a time, that also match the query's own filter. */
export const allowedIds = (s: Scenario, ability: AppAbility, docs: readonly ReadModelDocument[]): string[] =>
  docs
    .filter((d) => ability.can(s.action, subject('WorkOrder', d)) && (!s.queryStatus || d['status'] === s.queryStatus))
    .map((d) => d._id)
    .sort();
