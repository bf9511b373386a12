import type { RecordedEvent } from '@kuaige/eventsourcing';
import { POSITION_FIELD, REMOVED_FIELD, STEP_FIELD, publicRow, type Change, type Projection, type Row } from '../projection';
import type { ReadModelCollection, ReadModelStore, WriteOperation } from '../store/read-model-store.port';

/** Collection that holds one checkpoint document per projection (and per rebuild in progress). */
export const CHECKPOINTS = '_projections';

export interface CheckpointDocument extends Row {
  readonly position: number;
  readonly version: number;
  readonly collection: string;
  readonly updatedAt: string;
}

/** Rows changed in memory before a catch-up writes them (and moves the checkpoint), by default. */
export const DEFERRED_ROWS = 20_000;
/** Rows kept in memory between batches; past this the cache is dropped after a write. */
const CACHED_ROWS = 200_000;

/**
 * Applies events of one projection to one physical collection, batch by batch.
 *
 * Crash safety: rows are written before the checkpoint, and every row records the last change applied
 * to it: the event's position (`_pos`) and the index of the change among that event's changes (`_step`).
 * After a crash the events since the checkpoint are replayed; a change applies to a row only when the
 * row's (`_pos`, `_step`) is below the change's, for row changes and many-row updates alike. So no
 * change is applied twice to any row and none is skipped, even when one event changes a row several
 * times (a row change and a many-row update matching it) and the crash falls between those writes.
 *
 * While catching up (`defer`), rows stay in memory across batches and are written — with the
 * checkpoint — every `deferredRows` changed rows: a row changed by many events is written once. The
 * projector is the only writer of its collection, so the cache cannot go stale.
 */
export class ProjectionRunner {
  private positionApplied = 0;
  /** Position of the last event applied in memory (≥ the checkpoint). */
  private positionSeen = 0;
  private reachedUnsaved = 0;
  private readonly cache = new Map<string, Row | null>();
  private readonly dirty = new Set<string>();
  private indexed = false;

  constructor(
    private readonly store: ReadModelStore,
    readonly projection: Projection,
    /** Physical collection written to (differs from projection.collection while rebuilding). */
    readonly collectionName: string,
    /** Key of the checkpoint document. */
    readonly checkpointId: string,
    private readonly deferredRows = DEFERRED_ROWS,
  ) {}

  /** Position of the checkpoint: everything up to it is written. */
  get position(): number {
    return this.positionApplied;
  }

  /** Position of the last event applied in memory (written or not). */
  get seen(): number {
    return this.positionSeen;
  }

  private get rows(): ReadModelCollection<Row> {
    return this.store.collection<Row>(this.collectionName);
  }

  /** Reads the checkpoint; returns it (or null when the projection was never run). */
  async load(): Promise<CheckpointDocument | null> {
    const doc = await this.store.collection<CheckpointDocument>(CHECKPOINTS).findOne({ _id: this.checkpointId });
    this.positionApplied = this.positionSeen = doc?.position ?? 0;
    this.forget();
    return doc;
  }

  async prepare(): Promise<void> {
    await this.rows.ensureIndexes(this.projection.indexes, { scoped: this.projection.scoped === true, ...(this.projection.arrayFields ? { arrayFields: this.projection.arrayFields } : {}) });
    this.indexed = true;
  }

  /**
   * Applies the events after what it has seen; then, unless deferring, writes the changed rows and
   * moves the checkpoint to `reachedPosition`.
   */
  async apply(events: readonly RecordedEvent[], reachedPosition: number, { defer = false }: { defer?: boolean } = {}): Promise<void> {
    const fresh = events.filter((e) => e.position > this.positionSeen);
    const planned = fresh.flatMap((event) => {
      const handler = this.projection.handlers[event.type];
      const out = handler ? handler(event) : null;
      const changes: readonly Change[] = out == null ? [] : Array.isArray(out) ? out : [out as Change];
      return changes.map((change, step) => ({ event, step, change }));
    });
    if (planned.length > 0) await this.change(planned);
    if (fresh.length > 0) this.positionSeen = fresh[fresh.length - 1]!.position;
    this.reachedUnsaved = Math.max(this.reachedUnsaved, reachedPosition);
    if (!defer || this.dirty.size >= this.deferredRows) await this.flush();
  }

  /** Writes the rows changed in memory, then the checkpoint. */
  async flush(): Promise<void> {
    await this.writeDirty([]);
    if (this.reachedUnsaved > this.positionApplied) await this.saveCheckpoint(this.reachedUnsaved);
    if (this.cache.size > CACHED_ROWS) this.cache.clear();
  }

  private async change(planned: readonly { event: RecordedEvent; step: number; change: Change }[]): Promise<void> {
    const missing = [...new Set(planned.flatMap(({ change }) => (change.kind === 'row' && !this.cache.has(change.id) ? [change.id] : [])))];
    await this.fetch(missing);
    for (const { event, step, change } of planned) {
      if (change.kind === 'row') {
        if (!this.cache.has(change.id)) await this.fetch([change.id]);
        const current = this.cache.get(change.id) ?? null;
        if (current && !before(current, event.position, step)) continue;
        const visible = current && current[REMOVED_FIELD] !== true ? publicRow(current) : null;
        const next = change.apply(visible);
        if (next && next._id !== change.id) throw new Error(`projection ${this.projection.name} changed the _id of row ${change.id}`);
        const stored: Row = next
          ? { ...next, _id: change.id, [POSITION_FIELD]: event.position, [STEP_FIELD]: step }
          : { _id: change.id, [POSITION_FIELD]: event.position, [STEP_FIELD]: step, [REMOVED_FIELD]: true };
        this.cache.set(change.id, stored);
        this.dirty.add(change.id);
      } else {
        // A many-row update filters on the declared indexes: build them now if a catch-up put them off.
        if (!this.indexed) await this.prepare();
        // Rows changed before go first, so the many-row update sees them; it then runs only on rows
        // that have not had this change yet, and cached rows are re-read when next needed.
        await this.writeDirty([
          {
            updateMany: {
              filter: { $and: [change.filter, notYet(event.position, step), { [REMOVED_FIELD]: { $ne: true } }] },
              update: withPosition(change.update, event.position, step),
            },
          },
        ]);
        this.cache.clear();
      }
    }
  }

  private async writeDirty(then: WriteOperation<Row>[]): Promise<void> {
    const ops: WriteOperation<Row>[] = [];
    for (const id of this.dirty) {
      const row = this.cache.get(id);
      if (row) ops.push({ replaceOne: { filter: { _id: id }, replacement: row, upsert: true } });
    }
    ops.push(...then);
    if (ops.length > 0) await this.rows.bulkWrite(ops);
    this.dirty.clear();
  }

  private async fetch(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    for (const id of ids) this.cache.set(id, null);
    for (const found of await this.rows.find({ _id: { $in: [...ids] } })) this.cache.set(found._id, found);
  }

  async saveCheckpoint(position: number): Promise<void> {
    await this.store.collection<CheckpointDocument>(CHECKPOINTS).bulkWrite([
      {
        replaceOne: {
          filter: { _id: this.checkpointId },
          replacement: {
            _id: this.checkpointId,
            position,
            version: this.projection.version,
            collection: this.collectionName,
            updatedAt: new Date().toISOString(),
          },
          upsert: true,
        },
      },
    ]);
    this.positionApplied = Math.max(this.positionApplied, position);
    this.positionSeen = Math.max(this.positionSeen, position);
    this.reachedUnsaved = Math.max(this.reachedUnsaved, position);
  }

  /** Forgets where it was (used when the collection is rebuilt from the first event). */
  reset(): void {
    this.positionApplied = this.positionSeen = this.reachedUnsaved = 0;
    this.forget();
  }

  /** Drops what it holds in memory (after a switch of collections, or a reload). */
  forget(): void {
    this.cache.clear();
    this.dirty.clear();
  }

  async dropCheckpoint(): Promise<void> {
    await this.store.collection(CHECKPOINTS).bulkWrite([{ deleteOne: { filter: { _id: this.checkpointId } } }]);
  }
}

// A row written before `_step` existed has none: it counts as having had every change of its event.
const before = (stored: Row, position: number, step: number): boolean => {
  const at = Number(stored[POSITION_FIELD] ?? 0);
  const atStep = stored[STEP_FIELD];
  return at < position || (at === position && typeof atStep === 'number' && atStep < step);
};

/** Rows a change (the step-th of the event at position) has not reached yet; the filter form of before(). */
const notYet = (position: number, step: number) => ({
  $or: [{ [POSITION_FIELD]: { $lt: position } }, { [POSITION_FIELD]: position, [STEP_FIELD]: { $lt: step } }],
});

const withPosition = (update: Record<string, unknown>, position: number, step: number): Record<string, unknown> => {
  const set = (update['$set'] as Record<string, unknown> | undefined) ?? {};
  return { ...update, $set: { ...set, [POSITION_FIELD]: position, [STEP_FIELD]: step } };
};
