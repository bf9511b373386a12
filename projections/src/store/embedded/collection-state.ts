import { DuplicateKeyError, IndexConflictError, type IndexSpec, type ReadModelDocument } from '../read-model-store.port';
import type { DocumentRecord } from './document-record';
import type { DocumentKeys } from './index-keys';
import type { PlannerContext } from './query-planner';
import { SecondaryIndex, type IndexImage, type RecordSlots } from './secondary-index';
import { ValueInterner } from './value-interner';

// ---- One embedded collection's rows and indexes; every write keeps the indexes in step -----------
//
// Writes check every unique index before touching anything, so a failed write leaves no trace.
// Stored documents share repeated values (see value-interner.ts); index entries name records by slot.

export class CollectionState implements PlannerContext, RecordSlots {
  readonly records = new Map<string, DocumentRecord>();
  private readonly slots: (DocumentRecord | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private readonly interner = new ValueInterner();
  private readonly indexesByName = new Map<string, SecondaryIndex>();
  private indexList: SecondaryIndex[] = [];
  private nextSeq = 0;

  constructor(private currentName: string) {}

  get name(): string {
    return this.currentName;
  }

  /** Follows a rename, so errors name the collection as callers now know it. */
  renameTo(name: string): void {
    this.currentName = name;
    for (const index of this.indexList) index.collection = name;
  }

  get indexes(): readonly SecondaryIndex[] {
    return this.indexList;
  }

  /** The record in a slot (index entries name records so). */
  at(slot: number): DocumentRecord {
    return this.slots[slot] as DocumentRecord;
  }

  /** Stores a new document (already a private copy; its repeated values get shared). */
  insert(doc: ReadModelDocument): DocumentRecord {
    if (this.records.has(doc._id))
      throw new DuplicateKeyError(this.currentName, `index: _id_ dup key: { _id: ${JSON.stringify(doc._id)} }`);
    const stored = this.interner.intern(doc);
    const keys = this.checkedKeys(stored, null);
    const slot = this.freeSlots.pop() ?? this.slots.length;
    const record: DocumentRecord = { doc: stored, seq: this.nextSeq++, slot };
    this.slots[slot] = record;
    this.records.set(stored._id, record);
    this.indexList.forEach((index, i) => index.add(record, keys[i]));
    return record;
  }

  /**
   * Stores a document of a snapshot in the next slot, leaving the indexes alone: the snapshot's index
   * images (restoreIndexes) are put back after the last row.
   */
  insertUnindexed(doc: ReadModelDocument): void {
    if (this.records.has(doc._id))
      throw new DuplicateKeyError(this.currentName, `index: _id_ dup key: { _id: ${JSON.stringify(doc._id)} }`);
    const stored = this.interner.intern(doc);
    const slot = this.slots.length;
    const record: DocumentRecord = { doc: stored, seq: this.nextSeq++, slot };
    this.slots[slot] = record;
    this.records.set(stored._id, record);
  }

  /** Puts index images back after insertUnindexed(); an index without an image is built from the rows. */
  restoreIndexes(images: ReadonlyMap<string, IndexImage>): void {
    for (const index of this.indexList) {
      const image = images.get(index.name);
      if (image) index.restore(image);
      else index.build(this.records.values());
    }
  }

  /**
   * Each index's image with records numbered in the order of `records` (what a snapshot writes them
   * in), and that order of records.
   */
  images(): { records: DocumentRecord[]; images: Map<string, IndexImage> } {
    const records = [...this.records.values()];
    const ordinals = new Float64Array(this.slots.length);
    records.forEach((record, i) => (ordinals[record.slot] = i));
    const images = new Map(this.indexList.map((index) => [index.name, index.image((slot) => ordinals[slot])]));
    return { records, images };
  }

  /** Swaps a record's document (a private copy with the same _id). */
  replace(record: DocumentRecord, next: ReadModelDocument): void {
    const stored = this.interner.intern(next);
    const keys = this.checkedKeys(stored, record);
    // Indexes find the record's entries by the old document's keys: swap after they moved them.
    this.indexList.forEach((index, i) => index.replace(record, stored, keys[i]));
    record.doc = stored;
  }

  // Every index's keys for the document, after every check that can fail, before anything changes.
  private checkedKeys(doc: ReadModelDocument, record: DocumentRecord | null): DocumentKeys[] {
    const keys = this.indexList.map((index) => index.keysOf(doc));
    this.indexList.forEach((index, i) => index.assertUnique(keys[i], record));
    return keys;
  }

  delete(record: DocumentRecord): void {
    for (const index of this.indexList) index.remove(record);
    this.records.delete(record.doc._id);
    this.slots[record.slot] = undefined;
    this.freeSlots.push(record.slot);
  }

  /** Creates the missing indexes (built in one pass over the rows); an existing name must mean the same. */
  ensureIndexes(specs: readonly IndexSpec[]): void {
    for (const spec of specs) {
      const existing = this.indexesByName.get(spec.name);
      if (existing) {
        if (!sameDefinition(existing.spec, spec))
          throw new IndexConflictError(this.currentName, spec.name, 'an index with this name exists with other options');
        continue;
      }
      const sameKey = this.indexList.find((i) => sameKeyPattern(i.spec, spec));
      if (sameKey) throw new IndexConflictError(this.currentName, spec.name, `index ${sameKey.name} already has this key`);
      const index = new SecondaryIndex(this.currentName, spec, this);
      index.build(this.records.values());
      this.indexesByName.set(spec.name, index);
      this.indexList = [...this.indexList, index];
    }
  }

  indexNames(): string[] {
    return this.indexList.map((i) => i.name);
  }

  indexSpecs(): IndexSpec[] {
    return this.indexList.map((i) => i.spec);
  }
}

const sameKeyPattern = (a: IndexSpec, b: IndexSpec): boolean =>
  JSON.stringify(Object.entries(a.key)) === JSON.stringify(Object.entries(b.key));

const sameDefinition = (a: IndexSpec, b: IndexSpec): boolean => sameKeyPattern(a, b) && (a.unique === true) === (b.unique === true);
