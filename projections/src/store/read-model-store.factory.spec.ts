import { MongoServerSelectionError } from 'mongodb';
import { EmbeddedReadModelStore } from './embedded/embedded-read-model-store';
import { openReadModelStore } from './read-model-store.factory';

describe('openReadModelStore', () => {
  it('opens the embedded store when no MongoDB URL is configured', async () => {
    const store = await openReadModelStore({ mongoUrl: null, mongoDb: 'kuaige' });
    expect(store).toBeInstanceOf(EmbeddedReadModelStore);
    expect(store.kind).toBe('embedded-mingo');
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
  });

  it('connects to MongoDB when a URL is configured (and fails fast when nothing listens there)', async () => {
    await expect(
      openReadModelStore({ mongoUrl: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200', mongoDb: 'kuaige' }),
    ).rejects.toThrow(MongoServerSelectionError);
  });
});
