import { describeReadModelStoreContract } from '../read-model-store.contract';
import { EmbeddedReadModelStore } from './embedded-read-model-store';

describeReadModelStoreContract('embedded (mingo)', async () => {
  const store = new EmbeddedReadModelStore();
  return { store, dispose: () => store.close() };
});
