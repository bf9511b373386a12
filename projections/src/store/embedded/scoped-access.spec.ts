import { subject } from '@casl/ability';
import {
  accessibleFilter,
  buildAbility,
  buildDivisionTree,
  jurisdictionOf,
  scoped,
  type AbilityInput,
  type Action,
  type AreaRecord,
  type Conditions,
  type Permission,
  type PermissionOverride,
  type RoleDefinition,
} from '@kuaige/tenancy';
import fc from 'fast-check';
import type { ReadModelDocument } from '../read-model-store.port';
import { EmbeddedReadModelStore } from './embedded-read-model-store';

// ---- Property: the CASL filter, evaluated by the embedded read store, selects exactly the rows the
// ability allows one by one — through the store's scope indexes and by a full scan — and never a row
// outside the operator's subtree. Trees, users, roles, overrides (every supported operator) and rows
// are random.

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

function scenarioArb() {
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

describe('CASL access filter on the embedded read store (property)', () => {
  it('selects exactly the rows the ability allows, with and without indexes, never outside the subtree', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(), async (s) => {
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
        const ability = buildAbility(input);
        const store = new EmbeddedReadModelStore();
        const rows = store.collection('work_orders');
        await rows.ensureIndexes([
          { name: 'regions_updated', key: { 'scope.regions': 1, updatedAt: -1 } },
          { name: 'tenants_updated', key: { 'scope.tenants': 1, updatedAt: -1 } },
        ]);
        const docs: ReadModelDocument[] = s.rows.map(({ county, tenants, ...rest }, i) => ({
          _id: `WO-${i}`,
          ...rest,
          scope: { tenants, regions: s.tree.jurisdiction(county) },
          updatedAt: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}`,
        }));
        if (docs.length > 0) await rows.bulkWrite(docs.map((document) => ({ insertOne: { document } })));

        const own = s.queryStatus ? { status: s.queryStatus } : {};
        const filter = scoped(own, accessibleFilter(ability, s.action, 'WorkOrder'));
        const expected = docs
          .filter((d) => ability.can(s.action, subject('WorkOrder', d)) && (!s.queryStatus || d['status'] === s.queryStatus))
          .map((d) => d._id)
          .sort();
        const byIndex = rows.query(filter).documents.map((d) => d._id).sort();
        const byScan = rows.query(filter, {}, { useIndexes: false }).documents.map((d) => d._id).sort();
        expect(byIndex).toEqual(expected);
        expect(byScan).toEqual(expected);

        if (s.node && !s.enterprise) {
          const returned = docs.filter((d) => byIndex.includes(d._id));
          for (const d of returned) expect((d['scope'] as { regions: string[] }).regions).toContain(s.node);
        }
        if (!s.node && !s.enterprise) expect(byIndex).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('uses the scope indexes for an operator filter', async () => {
    const store = new EmbeddedReadModelStore();
    const rows = store.collection('work_orders');
    await rows.ensureIndexes([{ name: 'regions_updated', key: { 'scope.regions': 1, updatedAt: -1 } }]);
    await rows.bulkWrite(
      ['440305', '440106', '110108'].map((county, i) => ({ insertOne: { document: { _id: `WO-${i}`, status: 'open', scope: { tenants: ['E1'], regions: jurisdictionOf(county) } } } })),
    );
    const ability = buildAbility({
      user: { id: 'U1' },
      memberships: [{ kind: 'operator', nodeId: 'N', roles: ['r'] }],
      operatorNode: { id: 'N', regionCode: '44' },
      roles: new Map([['r', { name: 'r', permissions: ['work-order:read'] }]]),
    });
    const { documents, plan } = rows.query(scoped({ status: 'open' }, accessibleFilter(ability, 'read', 'WorkOrder')));
    expect(documents.map((d) => d._id).sort()).toEqual(['WO-0', 'WO-1']);
    expect(plan.kind).not.toBe('collection-scan');
  });
});
