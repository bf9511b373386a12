import type { ReadModelStore } from '../store/read-model-store.port';
import type { CheckpointStore } from './reactor';

/** Reaction checkpoints in the read-model store (MongoDB in production): collection `_reactions`. */
export class ReadModelCheckpointStore implements CheckpointStore {
  constructor(private readonly store: ReadModelStore) {}

  async load(name: string): Promise<number> {
    const doc = await this.store.collection('_reactions').findOne({ _id: name });
    return typeof doc?.['position'] === 'number' ? doc['position'] : 0;
  }

  async save(name: string, position: number): Promise<void> {
    await this.store.collection('_reactions').bulkWrite([
      { replaceOne: { filter: { _id: name }, replacement: { _id: name, position, updatedAt: new Date().toISOString() }, upsert: true } },
    ]);
  }
}
