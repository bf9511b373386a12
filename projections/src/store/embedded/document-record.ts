import type { ReadModelDocument } from '../read-model-store.port';

/**
 * One stored row. The record object lives as long as the row: updates swap `doc` (never mutate it),
 * so index entries can point at the record and reach the current document without a lookup.
 */
export interface DocumentRecord {
  readonly id: string;
  doc: ReadModelDocument;
  /** Insertion order: MongoDB's natural order, used when a query has no sort. */
  readonly seq: number;
}
