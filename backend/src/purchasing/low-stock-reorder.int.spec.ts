// "A low-stock crossing produces exactly one purchase request across a kill and restart of the
// process": the compiled product as an operator runs it (embedded event store, durable reactions with
// their checkpoints), a ledger that has just fallen below its threshold, kill -9 as soon as the crossing
// is detected and again as soon as the request is raised, then the reactions' checkpoints wound back to
// the start (a full replay) — and still one LowStockDetected and one PurchaseRequestRaised.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Party } from '@kuaige/domain';
import { specMetadata } from '@kuaige/testkit';
import { ProductProcess } from '../../../bench/harness/product-process';
import { EmbeddedSqliteEventStore } from '../event-store/embedded-sqlite.event-store';
import { EMBEDDED_EVENT_STORE_FILE } from '../event-store/event-store.factory';
import { LOW_STOCK_WATCH, REORDER_REACTION } from './application/low-stock';

const readOnly = <T>(file: string, read: (db: DatabaseSync) => T, none: T): T => {
  if (!existsSync(file)) return none;
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
};

/** Events of a type as the running product has committed them. */
const ofType = (file: string, type: string): { stream_id: string; data: string }[] =>
  readOnly(
    file,
    (db) =>
      db.prepare('SELECT stream_id, data FROM events WHERE type = ? ORDER BY position').all(type) as { stream_id: string; data: string }[],
    [],
  );
const positionOf = (file: string, type: string): number =>
  readOnly(file, (db) => (db.prepare('SELECT MAX(position) AS p FROM events WHERE type = ?').get(type) as { p: number }).p, 0);
const checkpoint = (file: string, name: string): number =>
  readOnly(
    file,
    (db) => (db.prepare('SELECT position FROM checkpoints WHERE name = ?').get(name) as { position: number } | undefined)?.position ?? -1,
    -1,
  );

const waitFor = async (condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('a low-stock crossing across kill -9, restart and replay', () => {
  it('raises exactly one purchase request', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kuaige-reorder-'));
    const eventsFile = join(dataDir, EMBEDDED_EVENT_STORE_FILE);
    const checkpointsFile = join(dataDir, 'checkpoints.sqlite');
    const product = new ProductProcess({
      dataDir,
      logFile: join(dataDir, 'product.log'),
      adminToken: `reorder-${randomUUID()}-${randomUUID()}`,
    });
    const enterpriseId = `ent-${randomUUID()}`;
    const warehouseId = randomUUID();
    const partId = randomUUID();
    const by: Party = { kind: 'enterprise', enterpriseId, userId: 'u-keeper' };
    const at = new Date().toISOString();
    const metadata = () => specMetadata({ tenantIds: [enterpriseId] });
    const append = (store: EmbeddedSqliteEventStore, streamId: string, events: { type: string; data: Record<string, unknown> }[]) =>
      store.append(
        streamId,
        events.map((e) => ({ eventId: randomUUID(), ...e, metadata: metadata() })),
        'no_stream',
      );

    // The catalogue, the warehouse, a threshold of 5, and a ledger of 10 from which 6 just left: 4 < 5.
    const store = new EmbeddedSqliteEventStore(eventsFile);
    await append(store, `Part-${partId}`, [
      {
        type: 'PartRegistered',
        data: {
          partId,
          enterpriseId,
          code: 'BRG-0001',
          categoryCode: 'BRG',
          categoryPath: ['BRG'],
          name: '深沟球轴承',
          model: '',
          spec: '',
          maker: '',
          unit: 'pcs',
          safetyStock: 0,
          suppliers: [{ name: '人本轴承', priceFen: 1250 }],
          compatibleModels: [],
          by,
          at,
        },
      },
    ]);
    await append(store, `Warehouse-${warehouseId}`, [
      {
        type: 'WarehouseOpened',
        data: { warehouseId, enterpriseId, kind: 'central', engineerId: null, name: '中心仓', address: '', bins: [], by, at },
      },
    ]);
    await append(store, `Stock-${warehouseId}:${partId}`, [
      {
        type: 'StockLedgerOpened',
        data: {
          warehouseId,
          partId,
          enterpriseId,
          partCode: 'BRG-0001',
          partName: '深沟球轴承',
          categoryPath: ['BRG'],
          unit: 'pcs',
          safetyStock: 0,
          warehouseName: '中心仓',
          warehouseKind: 'central',
          at,
        },
      },
      { type: 'StockReceived', data: { receiptId: 'R1', quantity: 10, unitCostFen: 1000, supplier: '', note: '', by, at } },
      {
        type: 'StockShelved',
        data: { receiptId: 'R1', acceptedQuantity: 10, rejectedQuantity: 0, unitCostFen: 1000, valueFen: 10000, bin: null, by, at },
      },
    ]);
    await append(store, `StockThreshold-${warehouseId}:${partId}`, [
      {
        type: 'StockThresholdSet',
        data: {
          warehouseId,
          partId,
          enterpriseId,
          minimum: 5,
          reorderQuantity: 20,
          partCode: 'BRG-0001',
          partName: '深沟球轴承',
          warehouseName: '中心仓',
          stockRevision: 2,
          by,
          at,
        },
      },
    ]);
    await store.append(
      `Stock-${warehouseId}:${partId}`,
      [
        {
          eventId: randomUUID(),
          type: 'StockAdjusted',
          data: { adjustmentId: 'A1', delta: -6, unitCostFen: 1000, valueFen: -6000, reason: '报损', by, at },
          metadata: metadata(),
        },
      ],
      2,
    );
    await store.close();

    try {
      // Killed the moment the crossing is committed: the request may or may not have followed yet.
      await product.start();
      await waitFor(() => ofType(eventsFile, 'LowStockDetected').length > 0, 'the crossing');
      await product.kill();

      // Killed the moment the request is committed, before its checkpoint may have been saved.
      await product.start();
      await waitFor(() => ofType(eventsFile, 'PurchaseRequestRaised').length > 0, 'the purchase request');
      await product.kill();

      // Both reactions wound back to the start of the log: every event is reacted to again.
      const db = new DatabaseSync(checkpointsFile);
      db.prepare('UPDATE checkpoints SET position = 0 WHERE name IN (?, ?)').run(LOW_STOCK_WATCH, REORDER_REACTION);
      db.close();
      await product.start();
      // A reaction saves its checkpoint right after the commands of an event: past the triggers, they were re-issued.
      const movement = positionOf(eventsFile, 'StockAdjusted');
      const crossing = positionOf(eventsFile, 'LowStockDetected');
      await waitFor(
        () => checkpoint(checkpointsFile, LOW_STOCK_WATCH) >= movement && checkpoint(checkpointsFile, REORDER_REACTION) >= crossing,
        'the replay past both triggers',
      );
      await product.stop();
    } finally {
      await product.close();
    }

    const detected = ofType(eventsFile, 'LowStockDetected');
    expect(detected.map((e) => JSON.parse(e.data) as object)).toEqual([
      expect.objectContaining({ warehouseId, partId, available: 4, minimum: 5, suggestedQuantity: 20, stockRevision: 3 }),
    ]);
    const raised = ofType(eventsFile, 'PurchaseRequestRaised');
    expect(raised).toHaveLength(1);
    expect(JSON.parse(raised[0]!.data)).toEqual(
      expect.objectContaining({
        enterpriseId,
        source: { kind: 'low-stock', warehouseId, partId },
        lines: [{ partId, warehouseId, quantity: 20, estimatedUnitFen: 1250 }],
        totalFen: 25000,
        by: { kind: 'system', reason: 'low-stock' },
      }),
    );
  }, 240_000);
});
