import { accessibleFilter, buildAbility, jurisdictionOf, MATCH_NOTHING, scoped } from '@kuaige/tenancy';
import fc from 'fast-check';
import { abilityOf, allowedIds, documentsOf, ownFilterOf, scenarioArb, SCOPE_INDEXES } from '../scoped-access.fixtures';
import { EmbeddedReadModelStore } from './embedded-read-model-store';

// ---- Property: the CASL filter, evaluated by the embedded read store, selects exactly the rows the
// ability allows one by one — through the store's scope indexes and by a full scan — and never a row
// outside the operator's subtree. (The same property against MongoDB: mongodb/scoped-access.int.spec.ts.)

describe('CASL access filter on the embedded read store (property)', () => {
  it('selects exactly the rows the ability allows, with and without indexes, never outside the subtree', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(), async (s) => {
        const ability = abilityOf(s);
        const rows = new EmbeddedReadModelStore().collection('work_orders');
        await rows.ensureIndexes(SCOPE_INDEXES);
        const docs = documentsOf(s);
        if (docs.length > 0) await rows.bulkWrite(docs.map((document) => ({ insertOne: { document } })));

        const filter = scoped(ownFilterOf(s), accessibleFilter(ability, s.action, 'WorkOrder'));
        const expected = allowedIds(s, ability, docs);
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

  it('answers a user without rules from the _id index, examining no row', async () => {
    const rows = new EmbeddedReadModelStore().collection('work_orders');
    await rows.bulkWrite(Array.from({ length: 50 }, (_, i) => ({ insertOne: { document: { _id: `WO-${i}`, status: 'open', updatedAt: String(i) } } })));
    const { documents, plan } = rows.query(scoped({ status: 'open' }, MATCH_NOTHING), { sort: { updatedAt: -1 }, limit: 20 });
    expect(documents).toEqual([]);
    expect(plan.examined).toBe(0);
  });
});
