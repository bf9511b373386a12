import { randomBytes } from 'node:crypto';
import { describeReadModelStoreContract } from '../read-model-store.contract';
import { MongoReadModelStore } from './mongodb-read-model-store';

// The contract suite against a real MongoDB, when MONGO_URL points at one (docker compose provides it).

const url = process.env['MONGO_URL'];

if (url) {
  describeReadModelStoreContract('mongodb', async () => {
    // A fresh database per run, dropped afterwards, so runs never see each other's collections.
    const store = await MongoReadModelStore.connect(url, `kuaige_contract_${Date.now()}_${randomBytes(4).toString('hex')}`);
    return {
      store,
      dispose: async () => {
        await store.dropDatabase();
        await store.close();
      },
    };
  });
} else {
  console.warn(
    'MongoDB contract suite skipped: MONGO_URL is not set (MongoDB cannot run on this machine; `docker compose up mongo` and set MONGO_URL=mongodb://localhost:27017/?replicaSet=rs0)',
  );
  describe.skip('read-model store contract: mongodb', () => {
    it.skip('needs MONGO_URL', () => undefined);
  });
}
