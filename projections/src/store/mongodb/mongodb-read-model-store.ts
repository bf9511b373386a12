import { MongoClient, type AnyBulkWriteOperation, type Collection, type Db, type Document } from 'mongodb';
import type {
  BulkWriteResult,
  CountOptions,
  EnsureIndexOptions,
  Filter,
  FindOptions,
  IndexSpec,
  Pipeline,
  ReadModelCollection,
  ReadModelDocument,
  ReadModelStore,
  WriteOperation,
} from '../read-model-store.port';
import { withScopeIndexes } from '../scope-indexes';
import { isNamespaceNotFound, translateMongoError } from './mongodb-errors';

// ---- The MongoDB read-model store, on the official driver ---------------------------------------
//
// The port speaks MongoDB's language already, so this adapter passes filters, sorts, pipelines and
// write operations through unchanged and only translates errors and result shapes.

export class MongoReadModelStore implements ReadModelStore {
  readonly kind = 'mongodb';

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {}

  /** Connects to `url` and uses database `dbName`. */
  static async connect(url: string, dbName: string): Promise<MongoReadModelStore> {
    const client = new MongoClient(url);
    try {
      await client.connect();
    } catch (error) {
      await client.close();
      throw error;
    }
    return new MongoReadModelStore(client, client.db(dbName));
  }

  collection<T extends ReadModelDocument = ReadModelDocument>(name: string): ReadModelCollection<T> {
    return new MongoReadModelCollection<T>(this.db.collection<Document>(name), name);
  }

  async listCollections(): Promise<string[]> {
    const infos = await this.db.listCollections({}, { nameOnly: true }).toArray();
    return infos
      .map((i) => i.name)
      .filter((n) => !n.startsWith('system.'))
      .sort();
  }

  async renameCollection(from: string, to: string): Promise<void> {
    if (from === to) return;
    try {
      await this.db.renameCollection(from, to, { dropTarget: true });
    } catch (error) {
      throw translateMongoError(error, from);
    }
  }

  async ping(): Promise<void> {
    await this.db.admin().command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** Drops the whole database (test clean-up). */
  async dropDatabase(): Promise<void> {
    await this.db.dropDatabase();
  }
}

class MongoReadModelCollection<T extends ReadModelDocument> implements ReadModelCollection<T> {
  constructor(
    private readonly inner: Collection<Document>,
    readonly name: string,
  ) {}

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    const cursor = this.inner.find(filter, {
      ...(options.sort ? { sort: options.sort } : {}),
      ...(options.skip ? { skip: options.skip } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
      ...(options.projection ? { projection: options.projection } : {}),
    });
    return (await cursor.toArray()) as unknown as T[];
  }

  async findOne(filter: Filter): Promise<T | null> {
    return (await this.inner.findOne(filter)) as unknown as T | null;
  }

  async count(filter: Filter = {}, options: CountOptions = {}): Promise<number> {
    return this.inner.countDocuments(filter, options.limit === undefined ? {} : { limit: options.limit });
  }

  async aggregate<R = Record<string, unknown>>(pipeline: Pipeline): Promise<R[]> {
    return (await this.inner.aggregate(pipeline).toArray()) as R[];
  }

  async bulkWrite(operations: readonly WriteOperation<T>[]): Promise<BulkWriteResult> {
    // The driver refuses an empty batch; an empty batch does nothing, so answer it here.
    if (operations.length === 0) return { insertedCount: 0, matchedCount: 0, modifiedCount: 0, upsertedCount: 0, deletedCount: 0 };
    try {
      const result = await this.inner.bulkWrite(operations as unknown as AnyBulkWriteOperation<Document>[], { ordered: true });
      return {
        insertedCount: result.insertedCount,
        matchedCount: result.matchedCount,
        modifiedCount: result.modifiedCount,
        upsertedCount: result.upsertedCount,
        deletedCount: result.deletedCount,
      };
    } catch (error) {
      throw translateMongoError(error, this.name);
    }
  }

  async ensureIndexes(declared: readonly IndexSpec[], options: EnsureIndexOptions = {}): Promise<void> {
    const indexes = options.scoped ? withScopeIndexes(declared, options.arrayFields) : declared;
    if (indexes.length === 0) return;
    try {
      await this.inner.createIndexes(indexes.map((i) => ({ key: i.key, name: i.name, ...(i.unique ? { unique: true } : {}) })));
    } catch (error) {
      throw translateMongoError(error, this.name);
    }
  }

  async listIndexes(): Promise<string[]> {
    try {
      const indexes = await this.inner.listIndexes().toArray();
      return indexes.map((i) => String(i['name'])).filter((n) => n !== '_id_');
    } catch (error) {
      if (isNamespaceNotFound(error)) return [];
      throw error;
    }
  }

  async drop(): Promise<void> {
    try {
      await this.inner.drop();
    } catch (error) {
      if (!isNamespaceNotFound(error)) throw error;
    }
  }
}
