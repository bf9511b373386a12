// ---- The read-model store port: MongoDB's query language, an embedded and a MongoDB adapter -----

/** A stored row. `_id` is the key; `scope` carries tenants and regions for row-level filtering. */
export type ReadModelDocument = { _id: string } & Record<string, unknown>;

/** A MongoDB query filter ($and, $or, $in, $elemMatch, dot paths, ranges ...). */
export type Filter = Record<string, unknown>;
/** MongoDB update operators ($set, $inc, $push, $pull, $unset ...). */
export type Update = Record<string, unknown>;
export type SortSpec = Record<string, 1 | -1>;
/** An aggregation pipeline ($match, $group, $sort, $project, $unwind, $bucket ...). */
export type Pipeline = Record<string, unknown>[];

export interface FindOptions {
  readonly sort?: SortSpec;
  readonly skip?: number;
  readonly limit?: number;
  /** Inclusion (1) or exclusion (0) of fields, as in MongoDB. */
  readonly projection?: Record<string, 0 | 1>;
}

export interface CountOptions {
  /** Stop counting at this many matches (MongoDB countDocuments' `limit`): a bounded "more than N". */
  readonly limit?: number;
}

export type WriteOperation<T extends ReadModelDocument = ReadModelDocument> =
  | { readonly insertOne: { readonly document: T } }
  | { readonly replaceOne: { readonly filter: Filter; readonly replacement: T; readonly upsert?: boolean } }
  | { readonly updateOne: { readonly filter: Filter; readonly update: Update; readonly upsert?: boolean } }
  | { readonly updateMany: { readonly filter: Filter; readonly update: Update; readonly upsert?: boolean } }
  | { readonly deleteOne: { readonly filter: Filter } }
  | { readonly deleteMany: { readonly filter: Filter } };

export interface BulkWriteResult {
  readonly insertedCount: number;
  readonly matchedCount: number;
  readonly modifiedCount: number;
  readonly upsertedCount: number;
  readonly deletedCount: number;
}

/** An index declared by a projection; collections are created with them. */
export interface IndexSpec {
  readonly name: string;
  readonly key: Record<string, 1 | -1>;
  readonly unique?: boolean;
}

/** How an adapter is asked to index a collection. */
export interface EnsureIndexOptions {
  /** The rows carry `scope`: the scope-leading indexes are created too (`withScopeIndexes`, ADR 0011). */
  readonly scoped?: boolean;
  /** Fields holding arrays: no scope-leading index continues with them (`withScopeIndexes`). */
  readonly arrayFields?: readonly string[];
}

export interface ReadModelCollection<T extends ReadModelDocument = ReadModelDocument> {
  readonly name: string;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  findOne(filter: Filter): Promise<T | null>;
  count(filter?: Filter, options?: CountOptions): Promise<number>;
  aggregate<R = Record<string, unknown>>(pipeline: Pipeline): Promise<R[]>;
  /** Applies the operations in order (ordered bulk write); stops at the first error. */
  bulkWrite(operations: readonly WriteOperation<T>[]): Promise<BulkWriteResult>;
  ensureIndexes(indexes: readonly IndexSpec[], options?: EnsureIndexOptions): Promise<void>;
  /** Names of the indexes the collection has (besides _id). */
  listIndexes(): Promise<string[]>;
  drop(): Promise<void>;
}

export interface ReadModelStore {
  /** Adapter name shown on /health, e.g. 'embedded-mingo' or 'mongodb'. */
  readonly kind: string;
  collection<T extends ReadModelDocument = ReadModelDocument>(name: string): ReadModelCollection<T>;
  listCollections(): Promise<string[]>;
  /** Renames a collection, replacing `to` if it exists (used to switch a rebuilt projection in). */
  renameCollection(from: string, to: string): Promise<void>;
  /** Round trip to the store, for readiness probes. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A write broke a unique index. */
export class DuplicateKeyError extends Error {
  constructor(
    readonly collection: string,
    readonly key: string,
  ) {
    super(`duplicate key in ${collection}: ${key}`);
    this.name = 'DuplicateKeyError';
  }
}

/** A collection that must exist does not (renaming a missing collection). */
export class CollectionNotFoundError extends Error {
  constructor(readonly collection: string) {
    super(`collection ${collection} does not exist`);
    this.name = 'CollectionNotFoundError';
  }
}

/** An index declaration clashes with an existing index of the same name or key (MongoDB codes 85/86). */
export class IndexConflictError extends Error {
  constructor(
    readonly collection: string,
    readonly index: string,
    detail: string,
  ) {
    super(`index ${index} on ${collection}: ${detail}`);
    this.name = 'IndexConflictError';
  }
}

/** A write MongoDB rejects: changing `_id`, an unknown update operator, a document without a string `_id`. */
export class InvalidWriteError extends Error {
  constructor(
    readonly collection: string,
    detail: string,
  ) {
    super(`invalid write to ${collection}: ${detail}`);
    this.name = 'InvalidWriteError';
  }
}
