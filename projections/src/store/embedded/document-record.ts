import type { ReadModelDocument } from '../read-model-store.port';

/**
 * One stored row. The record object lives as long as the row: updates swap `doc` (never mutate it).
 * Index entries name the record by `slot`, its place in the collection's slot table. Its _id is the
 * document's (`doc._id`, the same in every document a record holds): a copy would cost 8 bytes a row.
 */
export interface DocumentRecord {
  doc: ReadModelDocument;
  /** Insertion order: MongoDB's natural order, used when a query has no sort. */
  readonly seq: number;
  /** Its place in the collection's slot table; reused after the record is deleted. */
  readonly slot: number;
}
