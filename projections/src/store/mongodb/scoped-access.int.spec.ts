import { randomBytes } from 'node:crypto';
import { accessibleFilter, scoped } from '@kuaige/tenancy';
import fc from 'fast-check';
import { abilityOf, allowedIds, documentsOf, ownFilterOf, scenarioArb, SCOPE_INDEXES } from '../scoped-access.fixtures';
import { MongoReadModelStore } from './mongodb-read-model-store';

// The access-filter property against a real MongoDB, when MONGO_URL points at one (docker compose
// provides it): MongoDB returns exactly the rows `ability.can` allows, as the embedded store does.

const url = process.env['MONGO_URL'];

if (url) {
  describe('CASL access filter on MongoDB (property)', () => {
    let store: MongoReadModelStore;
    beforeAll(async () => {
      store = await MongoReadModelStore.connect(url, `kuaige_scoped_${Date.now()}_${randomBytes(4).toString('hex')}`);
    });
    afterAll(async () => {
      await store.dropDatabase();
      await store.close();
    });

    it('selects exactly the rows the ability allows', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(scenarioArb(), async (s) => {
          const ability = abilityOf(s);
          const rows = store.collection(`work_orders_${run++}`);
          await rows.ensureIndexes(SCOPE_INDEXES);
          const docs = documentsOf(s);
          if (docs.length > 0) await rows.bulkWrite(docs.map((document) => ({ insertOne: { document } })));
          const found = await rows.find(scoped(ownFilterOf(s), accessibleFilter(ability, s.action, 'WorkOrder')));
          expect(found.map((d) => d._id).sort()).toEqual(allowedIds(s, ability, docs));
          await rows.drop();
        }),
        { numRuns: 200 },
      );
    }, 120_000);
  });
} else {
  console.warn(
    'MongoDB access-filter property skipped: MONGO_URL is not set (MongoDB cannot run on this machine; `docker compose up mongo` and set MONGO_URL=mongodb://localhost:27017/?replicaSet=rs0)',
  );
  describe.skip('CASL access filter on MongoDB (property)', () => {
    it.skip('needs MONGO_URL', () => undefined);
  });
}
