import type { DomainEvent } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { EmbeddedReadModelStore, ProjectionRunner, POSITION_FIELD, publicRow, visibleRows, type Projection, type Row } from '@kuaige/projections';

// ---- Projection specifications: given recorded events, then these rows -----------------------------
// The events go through the real ProjectionRunner into the embedded read-model store, so the row
// bookkeeping (`_pos`, removal, many-row updates below the event's position) is what production runs.
// Every `then` also replays the events from each earlier position into the same rows — a crash after
// the rows were written but before the checkpoint — and requires the rows to come out unchanged.

/** The event union a projection was declared over. */
export type EventsOf<P> = P extends Projection<infer E> ? E : never;

export interface ProjectionThen {
  /** The visible rows, sorted by `_id`, without bookkeeping fields (Jest's asymmetric matchers allowed). */
  then(expected: readonly unknown[]): Promise<void>;
  /** One row by id (null: absent or removed). */
  thenRow(id: string, expected: unknown): Promise<void>;
  /** The visible rows, for a spec that wants to look at them itself. */
  rows(): Promise<Row[]>;
}

export interface ProjectionGiven<E extends DomainEvent> {
  given(...events: readonly (RecordedEvent<E> | readonly RecordedEvent<E>[])[]): ProjectionThen;
}

const project = async (projection: Projection, events: readonly RecordedEvent[]): Promise<Row[]> => {
  const store = new EmbeddedReadModelStore();
  try {
    const reached = events.length ? events[events.length - 1]!.position : 0;
    const live = new ProjectionRunner(store, projection, projection.collection, projection.name);
    await live.load();
    await live.prepare();
    // One event per batch, as a live projector applies them.
    for (const event of events) await live.apply([event], event.position);
    const rows = await visible(store, projection);
    const stored = await store.collection(projection.collection).find({});
    expect(stored.filter((r) => typeof r[POSITION_FIELD] !== 'number')).toEqual([]);
    // A crash after the rows were written but before the checkpoint moved: the events from the checkpoint
    // on are applied again, for every checkpoint the crash could have left. The rows must not change.
    for (let from = 0; from < events.length; from++) {
      const replay = new ProjectionRunner(store, projection, projection.collection, `${projection.name}@replay-${from}`);
      await replay.load();
      await replay.apply(events.slice(from), reached);
      expect({ replayedFromEvent: from, rows: await visible(store, projection) }).toEqual({ replayedFromEvent: from, rows });
    }
    return rows;
  } finally {
    await store.close();
  }
};

const visible = async (store: EmbeddedReadModelStore, projection: Projection): Promise<Row[]> =>
  (await store.collection(projection.collection).find(visibleRows, { sort: { _id: 1 } })).map((r) => publicRow(r));

/** `projectionSpec(accountsProjection).given(log.record(...), ...).then([...rows])`. */
export const projectionSpec = <P extends Projection<DomainEvent>>(projection: P): ProjectionGiven<EventsOf<P>> => ({
  given: (...events) => {
    const history = events.flat() as readonly RecordedEvent[];
    const rows = () => project(projection, history);
    return {
      then: async (expected) => expect(await rows()).toEqual(expected),
      thenRow: async (id, expected) => expect((await rows()).find((r) => r._id === id) ?? null).toEqual(expected),
      rows,
    };
  },
});
