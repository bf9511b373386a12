import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedSqliteEventStore } from '../../event-store/embedded-sqlite.event-store';
import { describeIntegrityContract } from './integrity.contract';

describeIntegrityContract('embedded SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuaige-digest-embedded-'));
  const store = new EmbeddedSqliteEventStore(join(dir, 'events.sqlite'), { pageSize: 7 });
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
