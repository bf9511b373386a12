import { randomBytes } from 'node:crypto';
import { MongoReadModelStore } from '@kuaige/projections';
import { describeKnowledgeSearchContract } from './knowledge-search.contract';

// The same search contract against a real MongoDB, when MONGO_URL points at one (docker compose provides it).

const url = process.env['MONGO_URL'];

if (url) {
  describeKnowledgeSearchContract('mongodb', async () => {
    const store = await MongoReadModelStore.connect(url, `kuaige_kb_search_${Date.now()}_${randomBytes(4).toString('hex')}`);
    return {
      store,
      dispose: async () => {
        await store.dropDatabase();
        await store.close();
      },
    };
  });
} else {
  console.warn('MongoDB knowledge-search contract skipped: MONGO_URL is not set (MongoDB cannot run on this machine; `docker compose up mongo` and set MONGO_URL=mongodb://localhost:27017/?replicaSet=rs0)');
  describe.skip('knowledge-base search contract: mongodb', () => {
    it.skip('needs MONGO_URL', () => undefined);
  });
}
