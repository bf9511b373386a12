import { createReadStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { CollectionNotFoundError, type IndexSpec, type ReadModelDocument, type WriteOperation } from '../read-model-store.port';
import type { EmbeddedReadModelStore } from './embedded-read-model-store';

// ---- Optional snapshot of one embedded collection to a JSON-lines file, and back ------------------
//
// Read models are rebuilt from the event store anyway; a snapshot only shortens start-up. Line 1 is a
// header (format, collection, indexes); every further line is one document. Dates are written as
// { "$date": "<ISO>" } so they come back as dates.

const FORMAT = 'kuaige-read-model-snapshot/1';
const BATCH = 1000;
const FLUSH_BYTES = 1 << 20;

/** The file is not a snapshot this code can read. */
export class SnapshotFormatError extends Error {
  constructor(file: string, detail: string) {
    super(`${file} is not a read-model snapshot: ${detail}`);
    this.name = 'SnapshotFormatError';
  }
}

interface SnapshotHeader {
  readonly format: string;
  readonly collection: string;
  readonly indexes: IndexSpec[];
}

// JSON.stringify hands Dates to the replacer already as strings (Date#toJSON), so look at the holder.
function encode(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown>)[key];
  return original instanceof Date ? { $date: original.toISOString() } : value;
}

function decode(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const date = (value as { $date?: unknown }).$date;
    if (keys.length === 1 && typeof date === 'string') return new Date(date);
  }
  return value;
}

/** Writes the collection's documents and index declarations to `file` (atomically); returns the count. */
export async function saveCollectionSnapshot(store: EmbeddedReadModelStore, collection: string, file: string): Promise<number> {
  const state = store.existing(collection);
  if (!state) throw new CollectionNotFoundError(collection);
  const header: SnapshotHeader = { format: FORMAT, collection, indexes: state.indexSpecs() };
  const partial = `${file}.partial`;
  const handle = await open(partial, 'w');
  let count = 0;
  try {
    let chunk = `${JSON.stringify(header)}\n`;
    // Copy the record list first: the collection may change while this awaits the disk.
    for (const record of [...state.records.values()]) {
      chunk += `${JSON.stringify(record.doc, encode)}\n`;
      count++;
      if (chunk.length >= FLUSH_BYTES) {
        await handle.write(chunk);
        chunk = '';
      }
    }
    await handle.write(chunk);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(partial, { force: true });
    throw error;
  }
  await handle.close();
  await rename(partial, file);
  return count;
}

/** Replaces the collection (or creates it) with the snapshot in `file`; returns the document count. */
export async function loadCollectionSnapshot(store: EmbeddedReadModelStore, collection: string, file: string): Promise<number> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  // Loaded beside the live collection and renamed over it, so readers never see it half loaded.
  const stagingName = `${collection}.__loading_${process.pid}_${Date.now()}`;
  store.create(stagingName);
  const staging = store.collection(stagingName);
  let header: SnapshotHeader | null = null;
  let batch: WriteOperation[] = [];
  let count = 0;
  try {
    for await (const line of lines) {
      if (line.length === 0) continue;
      if (!header) {
        header = parseHeader(file, line);
        await staging.ensureIndexes(header.indexes);
        continue;
      }
      batch.push({ insertOne: { document: JSON.parse(line, decode) as ReadModelDocument } });
      count++;
      if (batch.length === BATCH) {
        await staging.bulkWrite(batch);
        batch = [];
      }
    }
    if (!header) throw new SnapshotFormatError(file, 'the file is empty');
    await staging.bulkWrite(batch);
    await store.renameCollection(stagingName, collection);
  } catch (error) {
    await staging.drop();
    throw error;
  }
  return count;
}

function parseHeader(file: string, line: string): SnapshotHeader {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new SnapshotFormatError(file, 'the first line is not JSON');
  }
  const header = parsed as Partial<SnapshotHeader>;
  if (header.format !== FORMAT || !Array.isArray(header.indexes)) throw new SnapshotFormatError(file, `expected format ${FORMAT}`);
  return header as SnapshotHeader;
}
