import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CollectionNotFoundError, type IndexSpec, type ReadModelDocument, type WriteOperation } from '../read-model-store.port';
import type { CollectionState } from './collection-state';
import type { DocumentRecord } from './document-record';
import type { EmbeddedReadModelStore } from './embedded-read-model-store';
import type { IndexImage } from './secondary-index';

// ---- Optional snapshot of one embedded collection to a JSON-lines file, and back ------------------
//
// Read models are rebuilt from the event store anyway; a snapshot only shortens start-up. Line 1 is a
// header (format, collection, indexes); every further line up to INDEXES_MARK is one document. Dates
// are written as { "$date": "<ISO>" } so they come back as dates.
//
// Format 2 then keeps each index as it is in memory (ADR 0016): a line with its multikey marks and
// explicitly kept tuples, then its entries in order (records numbered by their line), base64 of
// Float64 values, at most ENTRIES_PER_LINE a line. Loading puts those back without comparing a single
// key, which is most of the work of loading a million rows; format 1 files (rows only) still load, by
// indexing every row.

const FORMAT = 'kuaige-read-model-snapshot/2';
const FORMAT_ROWS_ONLY = 'kuaige-read-model-snapshot/1';
const INDEXES_MARK = '#indexes';
const ENTRIES_PER_LINE = 1 << 20;
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

/** The line before an index's entry lines. */
interface IndexLine {
  readonly index: string;
  readonly multikey: number[];
  readonly generous: number[];
  readonly explicit: [number, unknown[][]][];
  readonly entries: number;
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

// A reviver makes JSON.parse several times slower; only lines that may hold a date need it.
const parseLine = (line: string): unknown => (line.includes('"$date"') ? JSON.parse(line, decode) : JSON.parse(line));

/** A collection as of one moment: what a snapshot file holds. */
interface Capture {
  readonly header: SnapshotHeader;
  readonly records: readonly DocumentRecord[];
  readonly images: ReadonlyMap<string, IndexImage>;
}

// Synchronous on purpose: stored documents are never changed in place, so these references stay the
// state of this moment while the files are written.
function capture(state: CollectionState, collection: string): Capture {
  const { records, images } = state.images();
  return { header: { format: FORMAT, collection, indexes: state.indexSpecs() }, records, images };
}

/** Writes the collection's documents, index declarations and indexes to `file` (atomically); returns the count. */
export async function saveCollectionSnapshot(store: EmbeddedReadModelStore, collection: string, file: string): Promise<number> {
  const state = store.existing(collection);
  if (!state) throw new CollectionNotFoundError(collection);
  return writeCapture(capture(state, collection), file);
}

async function writeCapture({ header, records, images }: Capture, file: string): Promise<number> {
  const partial = `${file}.partial`;
  const handle = await open(partial, 'w');
  try {
    let chunk = `${JSON.stringify(header)}\n`;
    const write = async (text: string): Promise<void> => {
      chunk += text;
      if (chunk.length >= FLUSH_BYTES) {
        await handle.write(chunk);
        chunk = '';
      }
    };
    for (const record of records) await write(`${JSON.stringify(record.doc, encode)}\n`);
    await write(`${INDEXES_MARK}\n`);
    for (const [name, image] of images) {
      const line: IndexLine = {
        index: name,
        multikey: [...image.multikeyDocuments],
        generous: [...image.generousDocuments],
        explicit: image.explicit.map(([ordinal, tuples]) => [ordinal, tuples]),
        entries: image.entries.length,
      };
      await write(`${JSON.stringify(line, encode)}\n`);
      for (let from = 0; from < image.entries.length; from += ENTRIES_PER_LINE) {
        const part = image.entries.subarray(from, from + ENTRIES_PER_LINE);
        await write(`${Buffer.from(part.buffer, part.byteOffset, part.byteLength).toString('base64')}\n`);
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
  return records.length;
}

// ---- Every collection of a store at one moment, in a directory ------------------------------------
//
// `current.json` names the generation (a subdirectory, one file per collection) that is complete; it
// is replaced by a rename after the new generation is written, so a crash while saving leaves the
// previous snapshot in force.

const MANIFEST = 'current.json';

interface Manifest {
  readonly format: string;
  readonly generation: string;
  readonly collections: { readonly name: string; readonly file: string; readonly count: number }[];
}

/** Saves every collection but `exclude` (all as of the same moment) under `dir`; returns the row counts. */
export async function saveStoreSnapshot(store: EmbeddedReadModelStore, dir: string, exclude: readonly string[] = []): Promise<Record<string, number>> {
  const names = (await store.listCollections()).filter((name) => !exclude.includes(name));
  const captures = names.flatMap((name) => {
    const state = store.existing(name);
    return state ? [capture(state, name)] : [];
  });
  const generation = `${Date.now()}-${process.pid}`;
  await mkdir(join(dir, generation), { recursive: true });
  const collections: Manifest['collections'] = [];
  for (const [i, taken] of captures.entries()) {
    const file = `${i}.jsonl`;
    collections.push({ name: taken.header.collection, file, count: await writeCapture(taken, join(dir, generation, file)) });
  }
  const manifest: Manifest = { format: FORMAT, generation, collections };
  await writeFile(join(dir, `${MANIFEST}.partial`), JSON.stringify(manifest));
  await rename(join(dir, `${MANIFEST}.partial`), join(dir, MANIFEST));
  for (const entry of await readdir(dir)) if (entry !== generation && entry !== MANIFEST) await rm(join(dir, entry), { recursive: true, force: true });
  return Object.fromEntries(collections.map((c) => [c.name, c.count]));
}

/**
 * Loads the snapshot saved under `dir` into the store (each collection replacing one of that name);
 * returns the row counts, or null when there is no snapshot there.
 */
export async function loadStoreSnapshot(store: EmbeddedReadModelStore, dir: string): Promise<Record<string, number> | null> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SnapshotFormatError(join(dir, MANIFEST), 'unreadable manifest');
  }
  if (manifest.format !== FORMAT || !Array.isArray(manifest.collections)) throw new SnapshotFormatError(join(dir, MANIFEST), `expected format ${FORMAT}`);
  const counts: Record<string, number> = {};
  for (const { name, file } of manifest.collections) counts[name] = await loadCollectionSnapshot(store, name, join(dir, manifest.generation, file));
  return counts;
}

/** Replaces the collection (or creates it) with the snapshot in `file`; returns the document count. */
export async function loadCollectionSnapshot(store: EmbeddedReadModelStore, collection: string, file: string): Promise<number> {
  const reader = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  // One iterator for the header and the rest: leaving a for-await loop would close the reader.
  const iterator = reader[Symbol.asyncIterator]();
  const lines: AsyncIterable<string> = { [Symbol.asyncIterator]: () => iterator };
  // Loaded beside the live collection and renamed over it, so readers never see it half loaded.
  const stagingName = `${collection}.__loading_${process.pid}_${Date.now()}`;
  const staging = store.create(stagingName);
  let count: number;
  try {
    let header: SnapshotHeader | null = null;
    while (header === null) {
      const next = await iterator.next();
      if (next.done) break;
      if (next.value.length > 0) header = parseHeader(file, next.value);
    }
    if (!header) throw new SnapshotFormatError(file, 'the file is empty');
    await store.collection(stagingName).ensureIndexes(header.indexes);
    count = header.format === FORMAT ? await loadRowsAndIndexes(file, lines, staging) : await loadRows(lines, store, stagingName);
    await store.renameCollection(stagingName, collection);
  } catch (error) {
    await store.collection(stagingName).drop();
    throw error;
  } finally {
    reader.close();
  }
  return count;
}

async function loadRowsAndIndexes(file: string, lines: AsyncIterable<string>, staging: CollectionState): Promise<number> {
  let count = 0;
  const images = new Map<string, IndexImage>();
  let current: { line: IndexLine; entries: Float64Array; filled: number } | null = null;
  let inIndexes = false;
  for await (const line of lines) {
    if (line.length === 0) continue;
    if (!inIndexes) {
      if (line === INDEXES_MARK) inIndexes = true;
      else {
        const doc = parseLine(line) as ReadModelDocument;
        if (typeof doc !== 'object' || doc === null || typeof doc._id !== 'string') throw new SnapshotFormatError(file, `row ${count + 1} has no string _id`);
        staging.insertUnindexed(doc);
        count++;
      }
      continue;
    }
    if (current === null || current.filled === current.entries.length) {
      const next = parseLine(line) as IndexLine;
      if (typeof next.index !== 'string' || typeof next.entries !== 'number') throw new SnapshotFormatError(file, 'an index line is malformed');
      current = { line: next, entries: new Float64Array(next.entries), filled: 0 };
    } else {
      const bytes = Buffer.from(line, 'base64');
      if (bytes.byteLength % 8 !== 0 || current.filled + bytes.byteLength / 8 > current.entries.length)
        throw new SnapshotFormatError(file, `the entries of index ${current.line.index} are malformed`);
      // Copied through a byte view: the decoded buffer need not be 8-byte aligned.
      new Uint8Array(current.entries.buffer, current.filled * 8, bytes.byteLength).set(bytes);
      current.filled += bytes.byteLength / 8;
    }
    if (current.filled === current.entries.length) {
      const { line: meta, entries } = current;
      images.set(meta.index, { entries, multikeyDocuments: meta.multikey, generousDocuments: meta.generous, explicit: meta.explicit });
    }
  }
  if (current !== null && current.filled < current.entries.length) throw new SnapshotFormatError(file, `the entries of index ${current.line.index} are cut short`);
  try {
    staging.restoreIndexes(images);
  } catch (error) {
    throw new SnapshotFormatError(file, error instanceof Error ? error.message : String(error));
  }
  return count;
}

// Format 1: documents only, indexed as they are inserted.
async function loadRows(lines: AsyncIterable<string>, store: EmbeddedReadModelStore, stagingName: string): Promise<number> {
  const staging = store.collection(stagingName);
  let batch: WriteOperation[] = [];
  let count = 0;
  for await (const line of lines) {
    if (line.length === 0) continue;
    batch.push({ insertOne: { document: parseLine(line) as ReadModelDocument } });
    count++;
    if (batch.length === BATCH) {
      await staging.bulkWrite(batch);
      batch = [];
    }
  }
  await staging.bulkWrite(batch);
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
  if ((header.format !== FORMAT && header.format !== FORMAT_ROWS_ONLY) || !Array.isArray(header.indexes))
    throw new SnapshotFormatError(file, `expected format ${FORMAT}`);
  return header as SnapshotHeader;
}
