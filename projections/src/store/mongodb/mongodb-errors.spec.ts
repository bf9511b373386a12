import { MongoServerError } from 'mongodb';
import { CollectionNotFoundError, DuplicateKeyError, IndexConflictError, InvalidWriteError } from '../read-model-store.port';
import { isNamespaceNotFound, translateMongoError } from './mongodb-errors';

// The server errors are built the way the driver builds them from a server reply.
const serverError = (reply: Record<string, unknown>) => new MongoServerError({ ok: 0, ...reply });

describe('MongoDB errors -> port errors', () => {
  it('turns E11000 into DuplicateKeyError, from a command or from a bulk write', () => {
    const message = 'E11000 duplicate key error collection: db.c index: code_unique dup key: { code: "K" }';
    const direct = translateMongoError(serverError({ code: 11000, errmsg: message }), 'c');
    expect(direct).toBeInstanceOf(DuplicateKeyError);
    expect((direct as DuplicateKeyError).key).toBe('index: code_unique dup key: { code: "K" }');
    const bulk = serverError({ code: 11000, errmsg: message, writeErrors: [{ index: 1, code: 11000, errmsg: message }] });
    expect(translateMongoError(bulk, 'c')).toBeInstanceOf(DuplicateKeyError);
  });

  it('names index conflicts, immutable _id and missing namespaces', () => {
    expect(translateMongoError(serverError({ code: 85, errmsg: 'Index already exists with a different name: a_1' }), 'c')).toBeInstanceOf(
      IndexConflictError,
    );
    expect(
      translateMongoError(
        serverError({ code: 66, errmsg: "Performing an update on the path '_id' would modify the immutable field '_id'" }),
        'c',
      ),
    ).toBeInstanceOf(InvalidWriteError);
    expect(translateMongoError(serverError({ code: 26, errmsg: 'source namespace does not exist' }), 'c')).toBeInstanceOf(
      CollectionNotFoundError,
    );
    expect(isNamespaceNotFound(serverError({ code: 26, errmsg: 'ns not found' }))).toBe(true);
  });

  it('passes every other error through unchanged', () => {
    const other = serverError({ code: 2, errmsg: 'bad value' });
    expect(translateMongoError(other, 'c')).toBe(other);
    const plain = new Error('network');
    expect(translateMongoError(plain, 'c')).toBe(plain);
  });
});
