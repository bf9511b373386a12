import { EmbeddedReadModelStore } from '@kuaige/projections';
import { SLA_CLOCKS_COLLECTION, slaClocksProjection, type SlaClockRow } from '../read-models/sla.projections';
import { clocksDueBy } from './sla-deadlines';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 0, minute)).toISOString();

describe('the SLA sweep’s look-up of clocks due', () => {
  it('pages through every clock due by the instant, ties included, and none later or with nothing to check', async () => {
    const store = new EmbeddedReadModelStore();
    try {
      const clocks = store.collection<SlaClockRow>(SLA_CLOCKS_COLLECTION);
      await clocks.ensureIndexes(slaClocksProjection.indexes);
      // 1,000 clocks due at minutes 0..99 (ten at each minute: ties across page boundaries), 50 with nothing to check.
      const rows = Array.from({ length: 1050 }, (_, i) => ({ _id: `wo-${String(i).padStart(4, '0')}`, nextCheckAt: i < 1000 ? at(i % 100) : null, pendingChecks: [] }) as unknown as SlaClockRow);
      await clocks.bulkWrite(rows.map((document) => ({ insertOne: { document } })));
      const seen: string[] = [];
      for await (const row of clocksDueBy(clocks, at(59), 7)) seen.push(row._id);
      const expected = rows.filter((r) => r.nextCheckAt !== null && r.nextCheckAt <= at(59)).map((r) => r._id);
      expect(seen.length).toBe(600);
      expect([...seen].sort()).toEqual([...expected].sort());
      expect(new Set(seen).size).toBe(seen.length);
    } finally {
      await store.close();
    }
  });
});
