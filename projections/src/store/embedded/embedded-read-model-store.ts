import { CollectionNotFoundError, type ReadModelDocument, type ReadModelStore } from '../read-model-store.port';
import { CollectionState } from './collection-state';
import { EmbeddedReadModelCollection, type CollectionRegistry } from './embedded-collection';

// ---- The embedded read-model store: in-process collections, queried with MongoDB's language -----
//
// Read models are disposable (rebuilt from the event store at start-up), so nothing here is durable;
// see collection-snapshot.ts for an optional dump and restore of one collection.

export class EmbeddedReadModelStore implements ReadModelStore, CollectionRegistry {
  readonly kind = 'embedded-mingo';
  private readonly states = new Map<string, CollectionState>();

  collection<T extends ReadModelDocument = ReadModelDocument>(name: string): EmbeddedReadModelCollection<T> {
    return new EmbeddedReadModelCollection<T>(this, name);
  }

  async listCollections(): Promise<string[]> {
    return [...this.states.keys()].sort();
  }

  async renameCollection(from: string, to: string): Promise<void> {
    const state = this.states.get(from);
    if (!state) throw new CollectionNotFoundError(from);
    if (from === to) return;
    this.states.delete(from);
    state.renameTo(to);
    this.states.set(to, state);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  existing(name: string): CollectionState | undefined {
    return this.states.get(name);
  }

  create(name: string): CollectionState {
    let state = this.states.get(name);
    if (!state) {
      state = new CollectionState(name);
      this.states.set(name, state);
    }
    return state;
  }

  forget(name: string): void {
    this.states.delete(name);
  }
}
