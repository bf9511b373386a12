import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMBEDDED_EVENT_STORE_FILE, openEventStore } from './event-store.factory';
import { testEvents } from './event-store.fixtures';

describe('openEventStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuaige-factory-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens the embedded store in the data directory when no EventStoreDB URL is set', async () => {
    const store = await openEventStore({ eventStoreUrl: null, dataDir: dir });
    try {
      expect(store.kind).toBe('embedded-sqlite');
      await store.append('WorkOrder-1', testEvents(1), 'no_stream');
      expect(existsSync(join(dir, EMBEDDED_EVENT_STORE_FILE))).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('picks EventStoreDB when a URL is set, connecting only on first use', async () => {
    const store = await openEventStore({ eventStoreUrl: 'esdb://127.0.0.1:1?tls=false', dataDir: dir });
    expect(store.kind).toBe('eventstoredb');
    await store.close();
  });
});
