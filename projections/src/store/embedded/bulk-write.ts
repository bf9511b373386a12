import type { BulkWriteResult, Filter, WriteOperation } from '../read-model-store.port';
import type { CollectionState } from './collection-state';
import type { DocumentRecord } from './document-record';
import { compileFilter } from './document-predicate';
import { applyReplacement, applyUpdate, generatedId, replacementSeed, storedDocument, updateSeed } from './document-updates';
import { runQuery } from './query-executor';

// ---- Ordered bulk writes on an embedded collection ----------------------------------------------
//
// Operations run one after the other; the first that fails throws, and the ones before it stay
// applied — MongoDB's ordered bulkWrite. A projector rebuild sends batches of replaceOne/upsert by
// `_id`, so a filter that is exactly `{ _id: <string> }` is a map lookup, not a query.

interface Counts {
  insertedCount: number;
  matchedCount: number;
  modifiedCount: number;
  upsertedCount: number;
  deletedCount: number;
}

/** Applies the operations in order and counts what they did, as MongoDB's BulkWriteResult does. */
export function applyBulkWrite(state: CollectionState, operations: readonly WriteOperation[]): BulkWriteResult {
  const counts: Counts = { insertedCount: 0, matchedCount: 0, modifiedCount: 0, upsertedCount: 0, deletedCount: 0 };
  for (const operation of operations) applyOne(state, operation, counts);
  return counts;
}

function applyOne(state: CollectionState, operation: WriteOperation, counts: Counts): void {
  const name = state.name;
  if ('insertOne' in operation) {
    // The driver gives a document without _id a generated one; so does this store.
    const document = operation.insertOne.document;
    state.insert(storedDocument(name, document, document._id ?? generatedId()));
    counts.insertedCount++;
  } else if ('replaceOne' in operation) {
    const { filter, replacement, upsert } = operation.replaceOne;
    const record = firstMatch(state, filter);
    if (record) {
      counts.matchedCount++;
      const next = applyReplacement(name, record.doc, replacement);
      if (next) {
        state.replace(record, next);
        counts.modifiedCount++;
      }
    } else if (upsert) {
      state.insert(replacementSeed(name, filter, replacement));
      counts.upsertedCount++;
    }
  } else if ('updateOne' in operation || 'updateMany' in operation) {
    const { filter, update, upsert } = 'updateOne' in operation ? operation.updateOne : operation.updateMany;
    const records = 'updateOne' in operation ? optional(firstMatch(state, filter)) : allMatches(state, filter);
    for (const record of records) {
      counts.matchedCount++;
      const next = applyUpdate(name, record.doc, update, filter, false);
      if (next) {
        state.replace(record, next);
        counts.modifiedCount++;
      }
    }
    if (records.length === 0 && upsert) {
      state.insert(updateSeed(name, filter, update));
      counts.upsertedCount++;
    }
  } else if ('deleteOne' in operation) {
    const record = firstMatch(state, operation.deleteOne.filter);
    if (record) {
      state.delete(record);
      counts.deletedCount++;
    }
  } else {
    const records = allMatches(state, operation.deleteMany.filter);
    for (const record of records) state.delete(record);
    counts.deletedCount += records.length;
  }
}

const optional = (record: DocumentRecord | null): DocumentRecord[] => (record ? [record] : []);

/** The id when the filter is exactly `{ _id: <string> }`. */
function idOnly(filter: Filter): string | null {
  let id: string | null = null;
  for (const key in filter) {
    if (key !== '_id' || id !== null) return null;
    const value = filter[key];
    if (typeof value !== 'string') return null;
    id = value;
  }
  return id;
}

/** The first matching record in natural order (what MongoDB's updateOne/deleteOne pick without a sort). */
export function firstMatch(state: CollectionState, filter: Filter): DocumentRecord | null {
  const id = idOnly(filter);
  if (id !== null) return state.records.get(id) ?? null;
  const { records } = runQuery(state, { filter, predicate: compileFilter(filter), options: { limit: 1 }, useIndexes: true });
  return records[0] ?? null;
}

function allMatches(state: CollectionState, filter: Filter): DocumentRecord[] {
  const id = idOnly(filter);
  if (id !== null) return optional(state.records.get(id) ?? null);
  return runQuery(state, { filter, predicate: compileFilter(filter), options: {}, useIndexes: true }).records;
}
