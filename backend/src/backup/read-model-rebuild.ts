import { createHash } from 'node:crypto';
import type { EventStore, RecordedEvent, Subscription, SubscribeOptions } from '@kuaige/eventsourcing';
import { EmbeddedReadModelStore, Projector, type EventSource, type Projection } from '@kuaige/projections';
import { canonicalJson } from '../event-store/hash-chain';

// ---- Read models rebuilt from a log up to a position, as one digest per document ------------------
//
// The drill compares read models of two logs (the restored copy and the source) at the backup's head.
// Each is built by the product's own projector into a fresh in-memory store from an event source that
// ends at that position, so events the source gained after the backup play no part.

/** The log as it was at `upTo`: reading, subscribing and the head all stop there. */
export const eventsUpTo = (store: EventStore, upTo: number): EventSource => ({
  headPosition: async () => Math.min(upTo, await store.headPosition()),
  readAll: (options) => until(store.readAll(options), upTo),
  subscribeToAll: (handler: (event: RecordedEvent) => Promise<void> | void, options?: SubscribeOptions): Subscription => {
    let stopped = false;
    const done = (async () => {
      for await (const event of until(store.readAll({ ...(options?.after !== undefined ? { after: options.after } : {}), ...(options?.filter ? { filter: options.filter } : {}) }), upTo)) {
        if (stopped) return;
        await handler(event);
      }
      options?.onLive?.();
    })();
    return {
      done,
      stop: async () => {
        stopped = true;
        await done.catch(() => undefined);
      },
    };
  },
});

async function* until(events: AsyncIterable<RecordedEvent>, upTo: number): AsyncIterable<RecordedEvent> {
  for await (const event of events) {
    if (event.position > upTo) return;
    yield event;
  }
}

/** Document digests of one collection, by `_id`. */
export type CollectionDigests = ReadonlyMap<string, string>;

/** A fresh in-memory read-model store with every projection rebuilt from `source`; close it when done. */
export async function rebuildReadModelStore(source: EventSource, projections: readonly Projection[]): Promise<EmbeddedReadModelStore> {
  const store = new EmbeddedReadModelStore();
  let stopOnError!: (error: Error) => void;
  const failed = new Promise<never>((_, fail) => (stopOnError = fail));
  const projector = new Projector({ events: source, store, projections, onError: (e) => stopOnError(e) });
  try {
    await projector.start();
    await Promise.race([projector.caughtUp, failed]);
  } catch (e) {
    await projector.stop();
    await store.close();
    throw e;
  }
  await projector.stop();
  return store;
}

/** Every projection's rows, rebuilt from `source`, as collection → `_id` → SHA-256 of the canonical row. */
export async function rebuildReadModels(source: EventSource, projections: readonly Projection[]): Promise<Map<string, CollectionDigests>> {
  const store = await rebuildReadModelStore(source, projections);
  try {
    const result = new Map<string, CollectionDigests>();
    for (const collection of projections.map((p) => p.collection)) {
      const rows = await store.collection(collection).find({});
      result.set(collection, new Map(rows.map((row) => [row._id, createHash('sha256').update(canonicalJson(row, collection)).digest('hex')])));
    }
    return result;
  } finally {
    await store.close();
  }
}
