// "Exactly one settlement per receipt across kill/restart and replays", as an operator runs the product:
// the compiled server with its demo data (evaluated orders close and the durable reaction
// `settlements-from-work-orders` settles them), killed with -9 the moment the first settlement is
// committed, restarted until the reaction has passed every closing, killed again, its checkpoint wound
// back to the start of the log (a full replay) — and still one settlement per work order, no more.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ProductProcess } from '../../../bench/harness/product-process';
import { EMBEDDED_EVENT_STORE_FILE } from '../event-store/event-store.factory';
import { SETTLEMENT_REACTION } from './application/settlement-creation';

const readOnly = <T>(file: string, read: (db: DatabaseSync) => T, none: T): T => {
  if (!existsSync(file)) return none;
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
};

/** The work orders of the committed SettlementCreated events, one entry per event. */
const settledOrders = (file: string): string[] =>
  readOnly(
    file,
    (db) =>
      (db.prepare("SELECT data FROM events WHERE type = 'SettlementCreated' ORDER BY position").all() as { data: string }[]).map(
        (row) => (JSON.parse(row.data) as { workOrderId: string }).workOrderId,
      ),
    [],
  );
const lastClosing = (file: string): number =>
  readOnly(file, (db) => (db.prepare("SELECT MAX(position) AS p FROM events WHERE type = 'WorkOrderClosed'").get() as { p: number | null }).p ?? 0, 0);
const checkpoint = (file: string, name: string): number =>
  readOnly(
    file,
    (db) => (db.prepare('SELECT position FROM checkpoints WHERE name = ?').get(name) as { position: number } | undefined)?.position ?? -1,
    -1,
  );

const waitFor = async (condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('settlements across kill -9, restart and a full replay', () => {
  it('creates exactly one settlement per evaluated work order', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kuaige-settle-kill-'));
    const eventsFile = join(dataDir, EMBEDDED_EVENT_STORE_FILE);
    const checkpointsFile = join(dataDir, 'checkpoints.sqlite');
    const product = new ProductProcess({
      dataDir,
      logFile: join(dataDir, 'product.log'),
      adminToken: `settle-${randomUUID()}-${randomUUID()}`,
      env: { DEMO_DATA: 'on' },
    });
    const passedEveryClosing = () => checkpoint(checkpointsFile, SETTLEMENT_REACTION) >= lastClosing(eventsFile);
    let beforeReplay: string[] | undefined;
    try {
      // Seeding the demo world closes evaluated orders; killed as soon as the first settlement is committed.
      await product.start(300_000);
      await waitFor(() => settledOrders(eventsFile).length > 0, 'the first settlement');
      await product.kill();

      // Restarted (the demo seeding resumes and finds its world), killed once the reaction passed every closing.
      await product.start(300_000);
      await waitFor(passedEveryClosing, 'the settlement reaction past every closed order');
      await product.kill();
      beforeReplay = settledOrders(eventsFile);

      // The reaction wound back to the start of the log: every closing is reacted to again.
      const db = new DatabaseSync(checkpointsFile);
      db.prepare('UPDATE checkpoints SET position = 0 WHERE name = ?').run(SETTLEMENT_REACTION);
      db.close();
      await product.start(300_000);
      await waitFor(() => checkpoint(checkpointsFile, SETTLEMENT_REACTION) > 0 && passedEveryClosing(), 'the replay past every closed order');
      await product.stop();
    } finally {
      await product.close();
    }

    const settled = settledOrders(eventsFile);
    expect(beforeReplay?.length).toBeGreaterThan(0);
    // One per order: no order was settled twice by the kills, the restart or the replay.
    expect(new Set(settled).size).toBe(settled.length);
    // The start-up sweep may settle an order whose evaluation window ran out meanwhile; none is lost or doubled.
    expect(settled).toEqual(expect.arrayContaining(beforeReplay ?? []));
  }, 900_000);
});
