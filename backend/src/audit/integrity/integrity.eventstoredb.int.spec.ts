import { Console } from 'node:console';
import { EventStoreDbEventStore } from '../../event-store/eventstoredb.event-store';
import { describeIntegrityContract } from './integrity.contract';

// Runs the digest contract against a real EventStoreDB/KurrentDB when EVENTSTORE_URL points at one.
const url = process.env.EVENTSTORE_URL?.trim();

if (url) {
  describeIntegrityContract('EventStoreDB', async () => {
    const store = EventStoreDbEventStore.connect(url, { pageSize: 7, reconnectDelayMs: 50 });
    return { store, dispose: () => store.close() };
  });
} else {
  const reason =
    'EventStoreDB audit digest contract skipped: EVENTSTORE_URL is not set (EventStoreDB cannot run on this machine; ' +
    '`docker compose up eventstore` and set EVENTSTORE_URL=esdb://localhost:2113?tls=false)';
  new Console({ stdout: process.stderr, stderr: process.stderr }).warn(reason);
  describe('EventStoreDB: audit digest contract', () => {
    it.skip(reason, () => undefined);
  });
}
