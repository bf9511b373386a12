import { EmbeddedReadModelStore } from './embedded/embedded-read-model-store';
import { MongoReadModelStore } from './mongodb/mongodb-read-model-store';
import type { ReadModelStore } from './read-model-store.port';

export interface ReadModelStoreConfig {
  /** MongoDB connection string; null selects the embedded store. */
  readonly mongoUrl: string | null;
  /** Database name on MongoDB (unused by the embedded store). */
  readonly mongoDb: string;
}

/** Opens the read-model store the configuration asks for: MongoDB when a URL is given, else embedded. */
export async function openReadModelStore(config: ReadModelStoreConfig): Promise<ReadModelStore> {
  if (!config.mongoUrl) return new EmbeddedReadModelStore();
  return MongoReadModelStore.connect(config.mongoUrl, config.mongoDb);
}
