// "An overdue work order raises its alert exactly once, also across a kill and restart": the compiled
// product as an operator runs it (embedded event store, in-process jobs), an urgent order whose response
// is due within seconds (SLA_TEST_TARGETS_SECONDS, a test setting refused in production), kill -9 right
// after the breach — the pending escalation job dies with the process — restart, and count.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { slaStream, type SlaEvent } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { jurisdictionOf } from '@kuaige/tenancy';
import { specMetadata } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';
import { ProductProcess } from '../../../bench/harness/product-process';
import { EmbeddedSqliteEventStore } from '../event-store/embedded-sqlite.event-store';
import { EMBEDDED_EVENT_STORE_FILE } from '../event-store/event-store.factory';
import { alertsProjection } from './read-models/sla.projections';
import { maintenanceRequested } from './testing/work-order-events';

// Long enough that the product is up before the breach is due even on a loaded machine (a start-up
// past 1.5 × this would find breach and escalation both due at once, leaving no moment between them
// to kill it in), and the 15 s between breach and escalation leave ample time to kill it there.
const RESPONSE_SECONDS = 30;

/** Event types of a stream as the running product has committed them (a read-only look at its file). */
const typesIn = (file: string, streamId: string): string[] => {
  if (!existsSync(file)) return [];
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return (db.prepare('SELECT type FROM events WHERE stream_id = ? ORDER BY revision').all(streamId) as { type: string }[]).map((r) => r.type);
  } finally {
    db.close();
  }
};

const waitFor = async (condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('an overdue work order across kill -9 and restart', () => {
  it('raises its breach alert exactly once and escalates exactly once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kuaige-sla-'));
    const logFile = join(dataDir, 'product.log');
    const eventsFile = join(dataDir, EMBEDDED_EVENT_STORE_FILE);
    const product = new ProductProcess({
      dataDir,
      logFile,
      adminToken: `sla-${randomUUID()}-${randomUUID()}`,
      env: { SLA_TEST_TARGETS_SECONDS: `${RESPONSE_SECONDS}/3600` },
    });
    const workOrderId = randomUUID();
    const stream = slaStream(workOrderId);
    const count = (type: string) => typesIn(eventsFile, stream).filter((t) => t === type).length;
    const sweeps = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('re-scheduled the deadlines of').length - 1 : 0);

    // The request, as the work-order context records it: response due RESPONSE_SECONDS later, escalation at 1.5×.
    const store = new EmbeddedSqliteEventStore(eventsFile);
    await store.append(
      `WorkOrder-${workOrderId}`,
      [
        {
          eventId: randomUUID(),
          ...maintenanceRequested(workOrderId, { requesterId: 'ent-requester', requesterUserId: 'u-requester', priority: 'urgent', at: new Date().toISOString() }),
          metadata: specMetadata({ tenantIds: ['ent-requester'], jurisdiction: jurisdictionOf('440305') }),
        },
      ],
      'no_stream',
    );
    await store.close();

    try {
      await product.start();
      await waitFor(() => count('SlaBreached') > 0, 'the breach');
      // Killed at once: the escalation, due half a target later, is a job that dies with the process.
      await product.kill();
      const atKill = typesIn(eventsFile, stream);
      expect(atKill).toEqual(['SlaStarted', 'SlaBreached']);

      const sweptBefore = sweeps();
      await product.start();
      await waitFor(() => sweeps() > sweptBefore, 'the start-up sweep');
      await waitFor(() => count('SlaEscalated') > 0, 'the escalation');
      await product.kill();

      // Once more on a clock whose alerts are all raised: the reaction replays and the sweep re-schedules, adding nothing.
      const sweptAgain = sweeps();
      await product.start();
      await waitFor(() => sweeps() > sweptAgain, 'the second start-up sweep');
      await product.stop();
    } finally {
      await product.close();
    }

    expect(typesIn(eventsFile, stream)).toEqual(['SlaStarted', 'SlaBreached', 'SlaEscalated']);
    const reopened = new EmbeddedSqliteEventStore(eventsFile);
    const recorded = (await reopened.readStream(stream)) as RecordedEvent<SlaEvent>[];
    await reopened.close();
    expect(recorded.map((e) => e.data)).toEqual([
      expect.objectContaining({ workOrderId, priority: 'urgent', calendar: 'round-the-clock' }),
      expect.objectContaining({ workOrderId, target: 'response' }),
      expect.objectContaining({ workOrderId, target: 'response', level: 1 }),
    ]);
    // The alerts read model, rebuilt from the log by the product's own projection: one row each.
    const rows = await projectionSpec(alertsProjection).given(recorded).rows();
    expect(rows.map((r) => [r['kind'], r['alert']])).toEqual([
      ['breach', 'response-breach'],
      ['escalation', 'response-escalation-1'],
    ]);
  }, 240_000);
});
