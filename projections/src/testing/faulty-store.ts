// A read-model store that crashes after a number of operations, for kill tests. A crash may fall in
// the middle of a bulk write: the operations before it are applied, the rest are not — as when a
// process dies while MongoDB works through an unordered batch.
import type { BulkWriteResult, ReadModelCollection, ReadModelDocument, ReadModelStore, WriteOperation } from '../store/read-model-store.port';

export class InjectedCrash extends Error {
  constructor() {
    super('injected crash');
    this.name = 'InjectedCrash';
  }
}

export class FaultyReadModelStore implements ReadModelStore {
  readonly kind = 'faulty';
  private crashed = false;

  constructor(
    private readonly inner: ReadModelStore,
    private budget: number,
    private readonly random: () => number,
  ) {}

  /** Spends one operation of the budget; throws once it is used up (and for ever after). */
  private spend(): void {
    if (this.crashed || --this.budget < 0) {
      this.crashed = true;
      throw new InjectedCrash();
    }
  }

  collection<T extends ReadModelDocument = ReadModelDocument>(name: string): ReadModelCollection<T> {
    const inner = this.inner.collection<T>(name);
    const guard =
      <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        this.spend();
        return fn(...args);
      };
    return {
      name,
      find: guard((filter, options) => inner.find(filter, options)),
      findOne: guard((filter) => inner.findOne(filter)),
      count: guard((filter, options) => inner.count(filter, options)),
      aggregate: guard((pipeline) => inner.aggregate(pipeline)) as ReadModelCollection<T>['aggregate'],
      ensureIndexes: guard((indexes, options) => inner.ensureIndexes(indexes, options)),
      listIndexes: guard(() => inner.listIndexes()),
      drop: guard(() => inner.drop()),
      bulkWrite: async (operations: readonly WriteOperation<T>[]): Promise<BulkWriteResult> => {
        this.spend();
        if (operations.length > 1 && this.random() < 0.3) {
          const cut = Math.floor(this.random() * operations.length);
          await inner.bulkWrite(operations.slice(0, cut));
          this.crashed = true;
          throw new InjectedCrash();
        }
        return inner.bulkWrite(operations);
      },
    };
  }

  listCollections(): Promise<string[]> {
    this.spend();
    return this.inner.listCollections();
  }
  renameCollection(from: string, to: string): Promise<void> {
    this.spend();
    return this.inner.renameCollection(from, to);
  }
  ping(): Promise<void> {
    return this.inner.ping();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
