import { EmbeddedReadModelStore } from '@kuaige/projections';
import { describeKnowledgeSearchContract } from './knowledge-search.contract';

describeKnowledgeSearchContract('embedded (mingo)', async () => {
  const store = new EmbeddedReadModelStore();
  return { store, dispose: () => store.close() };
});
