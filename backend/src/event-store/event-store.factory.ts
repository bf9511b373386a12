import { join } from 'node:path';
import type { EventStore } from '@kuaige/eventsourcing';
import { EmbeddedSqliteEventStore } from './embedded-sqlite.event-store';
import { EventStoreDbEventStore } from './eventstoredb.event-store';

/** File of the embedded event store inside the data directory. */
export const EMBEDDED_EVENT_STORE_FILE = 'events.sqlite';

export interface EventStoreSettings {
  /** EVENTSTORE_URL (esdb://..., kurrentdb://...); null selects the embedded store. */
  readonly eventStoreUrl: string | null;
  /** DATA_DIR, already validated as writable by loadConfig(). */
  readonly dataDir: string;
}

/**
 * The event store this process uses: EventStoreDB when a URL is configured, else the embedded SQLite
 * store in `<dataDir>/events.sqlite`. The EventStoreDB client connects lazily (on first use), so
 * reachability is for the readiness probe to report, not for start-up to fail on.
 */
export async function openEventStore(settings: EventStoreSettings): Promise<EventStore> {
  if (settings.eventStoreUrl !== null) return EventStoreDbEventStore.connect(settings.eventStoreUrl);
  return new EmbeddedSqliteEventStore(join(settings.dataDir, EMBEDDED_EVENT_STORE_FILE));
}
