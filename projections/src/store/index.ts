// ---- The read-model store: port, adapters and the factory that picks one ------------------------
export * from './read-model-store.port';
export * from './read-model-store.factory';
export * from './scope-indexes';
export * from './capped-page';
export { EmbeddedReadModelStore } from './embedded/embedded-read-model-store';
export { EmbeddedReadModelCollection, type EmbeddedQueryOptions, type EmbeddedQueryResult } from './embedded/embedded-collection';
export type { QueryPlanReport, PlanKind } from './embedded/query-executor';
export { PipelineError } from './embedded/aggregation-pipeline';
export { saveCollectionSnapshot, loadCollectionSnapshot, saveStoreSnapshot, loadStoreSnapshot, SnapshotFormatError } from './embedded/collection-snapshot';
export { MongoReadModelStore } from './mongodb/mongodb-read-model-store';
