import { MongoServerError } from 'mongodb';
import { CollectionNotFoundError, DuplicateKeyError, IndexConflictError, InvalidWriteError } from '../read-model-store.port';

// ---- MongoDB server errors -> the port's error types --------------------------------------------

const DUPLICATE_KEY = new Set([11000, 11001]);
const NAMESPACE_NOT_FOUND = 26;
const INDEX_CONFLICT = new Set([85, 86]);
// Changing _id; a document that cannot be indexed (two arrays in one compound key).
const INVALID_WRITE = new Set([66, 171]);

interface CodedError {
  readonly code?: unknown;
  readonly errmsg?: unknown;
  readonly message?: unknown;
}

// An ordered bulk write reports the failing operation in writeErrors; plain commands carry the code.
function firstError(error: MongoServerError): CodedError {
  const writeErrors: unknown = (error as { writeErrors?: unknown }).writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  const first: unknown = list[0];
  return typeof first === 'object' && first !== null ? (first as CodedError) : error;
}

/** The port's error for a driver error, or the error itself when the port has no name for it. */
export function translateMongoError(error: unknown, collection: string): unknown {
  if (!(error instanceof MongoServerError)) return error;
  const cause = firstError(error);
  const code = typeof cause.code === 'number' ? cause.code : error.code;
  const message = String(cause.errmsg ?? cause.message ?? error.message);
  if (typeof code === 'number' && DUPLICATE_KEY.has(code)) {
    const key = /index: .*$/.exec(message)?.[0] ?? message;
    return new DuplicateKeyError(collection, key);
  }
  if (typeof code === 'number' && INDEX_CONFLICT.has(code))
    return new IndexConflictError(collection, /name: "?([^" ]+)/.exec(message)?.[1] ?? '?', message);
  if (typeof code === 'number' && INVALID_WRITE.has(code)) return new InvalidWriteError(collection, message);
  if (code === NAMESPACE_NOT_FOUND) return new CollectionNotFoundError(collection);
  return error;
}

/** Whether the server said the collection does not exist (harmless for drop and listIndexes). */
export const isNamespaceNotFound = (error: unknown): boolean => error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND;
