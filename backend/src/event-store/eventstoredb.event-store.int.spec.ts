import { Console } from 'node:console';
import { describeEventStoreContract } from './event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb.event-store';

// Runs the shared contract against a real EventStoreDB/KurrentDB when EVENTSTORE_URL points at one.
const url = process.env.EVENTSTORE_URL?.trim();

if (url) {
  describeEventStoreContract('EventStoreDB', async () => {
    const store = EventStoreDbEventStore.connect(url, { pageSize: 7, reconnectDelayMs: 50 });
    return { store, chain: 'per-stream', dispose: () => store.close() };
  });
} else {
  const reason =
    'EventStoreDB contract suite skipped: EVENTSTORE_URL is not set (EventStoreDB cannot run on this machine; ' +
    '`docker compose up eventstore` and set EVENTSTORE_URL=esdb://localhost:2113?tls=false)';
  // The reason is printed when this file is collected (a skipped test's body never runs), on a console
  // writing straight to stderr: Jest drops the buffered console output of files whose tests all skipped.
  new Console({ stdout: process.stderr, stderr: process.stderr }).warn(reason);
  describe('EventStoreDB: event store contract', () => {
    it.skip(reason, () => undefined);
  });
}
