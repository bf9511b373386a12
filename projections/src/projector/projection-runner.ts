import type { RecordedEvent } from '@kuaige/domain';
import { POSITION_FIELD, REMOVED_FIELD, publicRow, type Change, type Projection, type Row } from '../projection';
import type { ReadModelCollection, ReadModelStore, WriteOperation } from '../store/read-model-store.port';

/** Collection that holds one checkpoint document per projection (and per rebuild in progress). */
export const CHECKPOINTS = '_projections';

export interface CheckpointDocument extends Row {
  readonly position: number;
  readonly version: number;
  readonly collection: string;
  readonly updatedAt: string;
}

/**
 * Applies events of one projection to one physical collection, batch by batch.
 *
 * Crash safety: rows are written before the checkpoint, and every row records the position of the last
 * event applied to it (`_pos`). After a crash the batch since the checkpoint is replayed; a row whose
 * `_pos` is at or past an event is not touched again, and many-row updates only match rows below the
 * event's position. So no event is applied twice to any row and none is skipped.
 */
export class ProjectionRunner {
  private positionApplied = 0;

  constructor(
    private readonly store: ReadModelStore,
    readonly projection: Projection,
    /** Physical collection written to (differs from projection.collection while rebuilding). */
    readonly collectionName: string,
    /** Key of the checkpoint document. */
    readonly checkpointId: string,
  ) {}

  get position(): number {
    return this.positionApplied;
  }

  private get rows(): ReadModelCollection<Row> {
    return this.store.collection<Row>(this.collectionName);
  }

  /** Reads the checkpoint; returns it (or null when the projection was never run). */
  async load(): Promise<CheckpointDocument | null> {
    const doc = await this.store.collection<CheckpointDocument>(CHECKPOINTS).findOne({ _id: this.checkpointId });
    this.positionApplied = doc?.position ?? 0;
    return doc;
  }

  async prepare(): Promise<void> {
    await this.rows.ensureIndexes(this.projection.indexes);
  }

  /** Applies the events after the checkpoint, then moves the checkpoint to the last event's position. */
  async apply(events: readonly RecordedEvent[], reachedPosition: number): Promise<void> {
    const fresh = events.filter((e) => e.position > this.positionApplied);
    const planned = fresh.flatMap((event) => {
      const handler = this.projection.handlers[event.type];
      const out = handler ? handler(event) : null;
      const changes: readonly Change[] = out == null ? [] : Array.isArray(out) ? out : [out as Change];
      return changes.map((change) => ({ event, change }));
    });
    if (planned.length > 0) await this.write(planned);
    if (reachedPosition > this.positionApplied) await this.saveCheckpoint(reachedPosition);
  }

  private async write(planned: readonly { event: RecordedEvent; change: Change }[]): Promise<void> {
    const cache = new Map<string, Row | null>();
    const ids = [...new Set(planned.flatMap(({ change }) => (change.kind === 'row' ? [change.id] : [])))];
    await this.fetch(ids, cache);
    const dirty = new Set<string>();
    // One event may change the same row twice: a row at this event's position counts as applied only
    // when it came from the store, not when this batch put it there.
    const appliedHere = new Map<string, number>();
    let ops: WriteOperation<Row>[] = [];
    const flushRows = () => {
      for (const id of dirty) {
        const next = cache.get(id);
        if (next) ops.push({ replaceOne: { filter: { _id: id }, replacement: next, upsert: true } });
      }
      dirty.clear();
    };
    for (const { event, change } of planned) {
      if (change.kind === 'row') {
        if (!cache.has(change.id)) await this.fetch([change.id], cache);
        const current = cache.get(change.id) ?? null;
        const at = current ? Number(current[POSITION_FIELD]) : 0;
        if (at > event.position || (at === event.position && appliedHere.get(change.id) !== event.position)) continue; // applied before a crash
        const visible = current && current[REMOVED_FIELD] !== true ? publicRow(current) : null;
        const next = change.apply(visible);
        if (next && next._id !== change.id) throw new Error(`projection ${this.projection.name} changed the _id of row ${change.id}`);
        const stored: Row = next
          ? { ...next, _id: change.id, [POSITION_FIELD]: event.position }
          : { _id: change.id, [POSITION_FIELD]: event.position, [REMOVED_FIELD]: true };
        cache.set(change.id, stored);
        dirty.add(change.id);
        appliedHere.set(change.id, event.position);
      } else {
        // Rows touched earlier in the batch go first, so the many-row update sees them; then it runs
        // only on rows that have not seen this event yet, and the cache is refreshed lazily.
        flushRows();
        ops.push({
          updateMany: {
            filter: { $and: [change.filter, { [POSITION_FIELD]: { $lt: event.position } }, { [REMOVED_FIELD]: { $ne: true } }] },
            update: withPosition(change.update, event.position),
          },
        });
        await this.rows.bulkWrite(ops);
        ops = [];
        cache.clear();
      }
    }
    flushRows();
    if (ops.length > 0) await this.rows.bulkWrite(ops);
  }

  private async fetch(ids: readonly string[], cache: Map<string, Row | null>): Promise<void> {
    if (ids.length === 0) return;
    for (const id of ids) cache.set(id, null);
    for (const found of await this.rows.find({ _id: { $in: [...ids] } })) cache.set(found._id, found);
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
    this.positionApplied = position;
  }

  /** Forgets where it was (used when the collection is rebuilt from the first event). */
  reset(): void {
    this.positionApplied = 0;
  }

  async dropCheckpoint(): Promise<void> {
    await this.store.collection(CHECKPOINTS).bulkWrite([{ deleteOne: { filter: { _id: this.checkpointId } } }]);
  }
}

const withPosition = (update: Record<string, unknown>, position: number): Record<string, unknown> => {
  const set = (update['$set'] as Record<string, unknown> | undefined) ?? {};
  return { ...update, $set: { ...set, [POSITION_FIELD]: position } };
};
