/** The BlobStore port (local disk under DATA_DIR/blobs by default). */
export const BLOB_STORE = Symbol('BLOB_STORE');
