import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { BLOB_ID, BlobNotFound, BlobRefused, type BlobStore, type StoredBlob } from './blob-store.port';
import { BLOB_MEDIA_TYPES, essenceOf, isBlobMediaType, SNIFF_BYTES, sniffMediaType } from './media-type';

/** Where partial uploads are written before they are complete and synced. */
const INCOMING = '.incoming';
/** A partial file this old belongs to no upload still running: a crash left it. */
const STALE_PARTIAL_MS = 10 * 60_000;

export interface LocalDiskBlobStoreOptions {
  /** The blob store's own directory (DATA_DIR/blobs). */
  readonly dir: string;
  readonly maxBytes: number;
  readonly now?: () => number;
}

/** Checks an upload before anything is written: the declared type, the size, then what the bytes are. */
export const checkUpload = (bytes: Buffer, declared: string, maxBytes: number): StoredBlob['mediaType'] => {
  const claimed = essenceOf(declared);
  if (!isBlobMediaType(claimed)) throw new BlobRefused(415, 'content-type', 'media-type', `Content-Type must be one of ${BLOB_MEDIA_TYPES.join(', ')}`);
  if (bytes.length === 0) throw new BlobRefused(400, 'body', 'not-empty', 'the file is empty');
  if (bytes.length > maxBytes) throw new BlobRefused(413, 'body', 'max-size', `the file may be at most ${maxBytes} bytes`);
  const sniffed = sniffMediaType(bytes.subarray(0, SNIFF_BYTES));
  if (sniffed === null) throw new BlobRefused(415, 'body', 'media-type', `the file is not a ${BLOB_MEDIA_TYPES.join(', ')} file (its first bytes say otherwise)`);
  if (sniffed !== claimed) throw new BlobRefused(400, 'content-type', 'matches-content', `Content-Type says ${claimed} but the file is ${sniffed}`);
  return sniffed;
};

/**
 * Blobs as files under one directory, named by the SHA-256 of their bytes and sharded by its first
 * two bytes (`ab/cd/abcd…`) so that no directory grows past a few thousand entries. A file appears
 * under its name only complete and synced: it is written under `.incoming/`, fsynced, renamed (atomic
 * within one file system) and its directory fsynced; a crash leaves at most a partial file there,
 * which no read ever sees and `open()` deletes once stale. The same bytes written twice are one file.
 */
export class LocalDiskBlobStore implements BlobStore {
  private constructor(private readonly options: LocalDiskBlobStoreOptions) {}

  static async open(options: LocalDiskBlobStoreOptions): Promise<LocalDiskBlobStore> {
    const store = new LocalDiskBlobStore(options);
    await mkdir(join(options.dir, INCOMING), { recursive: true });
    await store.removeStalePartials();
    return store;
  }

  /** Partial files of uploads that crashed; fresh ones may be another process's upload in flight. */
  async removeStalePartials(): Promise<number> {
    const incoming = join(this.options.dir, INCOMING);
    const now = (this.options.now ?? Date.now)();
    let removed = 0;
    for (const name of await readdir(incoming)) {
      const path = join(incoming, name);
      const info = await stat(path).catch(() => null);
      if (info && now - info.mtimeMs > STALE_PARTIAL_MS) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  private pathOf(blobId: string): string {
    return join(this.options.dir, blobId.slice(0, 2), blobId.slice(2, 4), blobId);
  }

  async put(bytes: Buffer, declaredMediaType: string): Promise<StoredBlob> {
    const mediaType = checkUpload(bytes, declaredMediaType, this.options.maxBytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const stored: StoredBlob = { blobId: sha256, mediaType, size: bytes.length, sha256 };
    const target = this.pathOf(sha256);
    if (await stat(target).catch(() => null)) return stored;
    const partial = join(this.options.dir, INCOMING, `${sha256}.${randomBytes(6).toString('hex')}.part`);
    const file = await open(partial, 'wx');
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      await mkdir(join(target, '..'), { recursive: true });
      await rename(partial, target);
      await syncDirectory(join(target, '..'));
    } catch (e) {
      await rm(partial, { force: true });
      throw e;
    }
    return stored;
  }

  async stat(blobId: string): Promise<StoredBlob | null> {
    if (!BLOB_ID.test(blobId)) return null;
    let file;
    try {
      file = await open(this.pathOf(blobId), 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    try {
      const { size } = await file.stat();
      const head = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await file.read(head, 0, SNIFF_BYTES, 0);
      const mediaType = sniffMediaType(head.subarray(0, bytesRead));
      // Only checked files are ever renamed into place; anything else was put there by hand.
      return mediaType === null ? null : { blobId, mediaType, size, sha256: blobId };
    } finally {
      await file.close();
    }
  }

  async open(blobId: string): Promise<Readable> {
    if (!(await this.stat(blobId))) throw new BlobNotFound(blobId);
    return createReadStream(this.pathOf(blobId));
  }

  async close(): Promise<void> {}
}

/** Makes a rename durable: the directory entry itself must reach the disk. */
const syncDirectory = async (dir: string): Promise<void> => {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};
