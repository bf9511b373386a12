import { find as mingoFind } from 'mingo';
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
  WriteOperation,
} from '../read-model-store.port';
import { withScopeIndexes } from '../scope-indexes';
import { runPipeline } from './aggregation-pipeline';
import { applyBulkWrite } from './bulk-write';
import { CollectionState } from './collection-state';
import { deepCopy } from './deep-copy';
import { compileFilter, MINGO_OPTIONS } from './document-predicate';
import { countMatches, runQuery, type QueryPlanReport } from './query-executor';

// ---- The ReadModelCollection of the embedded store ----------------------------------------------
//
// A handle is only a name, like a MongoDB collection object: it finds its state at every call, so it
// keeps working across drop and renameCollection, and reads of a missing collection see no rows.

/** Where handles find their collection's state. */
export interface CollectionRegistry {
  existing(name: string): CollectionState | undefined;
  /** The collection's state, created empty when it does not exist (a write creates a collection). */
  create(name: string): CollectionState;
  forget(name: string): void;
}

export interface EmbeddedQueryOptions {
  /** False evaluates the same query by scanning every row: the baseline for benchmarks and tests. */
  readonly useIndexes?: boolean;
}

export interface EmbeddedQueryResult<T> {
  readonly documents: T[];
  readonly plan: QueryPlanReport;
}

const EMPTY_PLAN: QueryPlanReport = { kind: 'collection-scan', description: 'no such collection', examined: 0, fellBack: false };

export class EmbeddedReadModelCollection<T extends ReadModelDocument = ReadModelDocument> implements ReadModelCollection<T> {
  constructor(
    private readonly registry: CollectionRegistry,
    readonly name: string,
  ) {}

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return this.query(filter, options).documents;
  }

  /** find() with the plan it used; `useIndexes: false` runs it as a full scan. */
  query(filter: Filter, options: FindOptions = {}, { useIndexes = true }: EmbeddedQueryOptions = {}): EmbeddedQueryResult<T> {
    const state = this.registry.existing(this.name);
    if (!state) return { documents: [], plan: EMPTY_PLAN };
    const { records, plan } = runQuery(state, { filter, predicate: compileFilter(filter), options, useIndexes });
    const copies = records.map((r) => deepCopy(r.doc));
    const projection = options.projection;
    const documents =
      projection && Object.keys(projection).length > 0 ? (mingoFind(copies, {}, projection, MINGO_OPTIONS).all() as T[]) : (copies as T[]);
    return { documents, plan };
  }

  async findOne(filter: Filter): Promise<T | null> {
    return this.query(filter, { limit: 1 }).documents[0] ?? null;
  }

  async count(filter: Filter = {}, options: CountOptions = {}): Promise<number> {
    const state = this.registry.existing(this.name);
    return state ? countMatches(state, filter, compileFilter(filter), options.limit ?? Infinity) : 0;
  }

  async aggregate<R = Record<string, unknown>>(pipeline: Pipeline): Promise<R[]> {
    const state = this.registry.existing(this.name);
    if (!state) return [];
    // A leading $match is answered through the indexes; the rest of the pipeline runs on copies.
    const first = pipeline[0];
    const match = first && typeof first['$match'] === 'object' && first['$match'] !== null ? (first['$match'] as Filter) : null;
    const source = match
      ? runQuery(state, { filter: match, predicate: compileFilter(match), options: {}, useIndexes: true }).records
      : [...state.records.values()];
    const documents = source.map((r) => deepCopy(r.doc));
    const lookup = (name: string) => [...(this.registry.existing(name)?.records.values() ?? [])].map((r) => deepCopy(r.doc));
    return runPipeline(documents, match ? pipeline.slice(1) : pipeline, lookup) as R[];
  }

  async bulkWrite(operations: readonly WriteOperation<T>[]): Promise<BulkWriteResult> {
    if (operations.length === 0) return { insertedCount: 0, matchedCount: 0, modifiedCount: 0, upsertedCount: 0, deletedCount: 0 };
    // Like MongoDB, only an insert or an upsert creates a missing collection.
    const creates = operations.some(
      (op) => 'insertOne' in op || Object.values(op).some((o: unknown) => (o as { upsert?: unknown }).upsert === true),
    );
    const state = this.registry.existing(this.name) ?? (creates ? this.registry.create(this.name) : new CollectionState(this.name));
    return applyBulkWrite(state, operations);
  }

  async ensureIndexes(indexes: readonly IndexSpec[], options: EnsureIndexOptions = {}): Promise<void> {
    this.registry.create(this.name).ensureIndexes(options.scoped ? withScopeIndexes(indexes, options.arrayFields) : indexes);
  }

  async listIndexes(): Promise<string[]> {
    return this.registry.existing(this.name)?.indexNames() ?? [];
  }

  async drop(): Promise<void> {
    this.registry.forget(this.name);
  }
}
