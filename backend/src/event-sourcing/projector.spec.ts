// The projector (projections/) against the real embedded stores: a SQLite event log and mingo read models.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Upcasters, type EventStore } from '@kuaige/eventsourcing';
import { CHECKPOINTS, Projector, openReadModelStore, projection, publicRow, row, testing, type ReadModelStore } from '@kuaige/projections';
import { openEventStore } from '../event-store/event-store.factory';

const { FaultyReadModelStore, InjectedCrash, crashTestProjections, maintenanceEvents, prng, workOrders } = testing;
type GeneratedEvent = testing.GeneratedEvent;

const freshEventStore = () => openEventStore({ eventStoreUrl: null, dataDir: mkdtempSync(join(tmpdir(), 'kuaige-projector-')) });
const freshReadModels = () => openReadModelStore({ mongoUrl: null, mongoDb: 'test' });

const appendAll = async (store: EventStore, events: Iterable<GeneratedEvent>) => {
  let n = 0;
  for (const e of events) {
    await store.append(e.streamId, [{ eventId: `evt-${n++}`, type: e.type, data: e.data, metadata: e.metadata }], 'any');
  }
  return n;
};

/** Every row of every projected collection, sorted, for exact comparison. */
const snapshot = async (store: ReadModelStore) => {
  const out: Record<string, unknown[]> = {};
  for (const p of crashTestProjections) out[p.collection] = await store.collection(p.collection).find({}, { sort: { _id: 1 } });
  return out;
};

/**
 * device_workload as an independent model computes it: WorkOrderRequested writes its row and then
 * raises every row of the device (the new one included); ReceiptSubmitted raises every row of the
 * device and then records the raised count on its own row.
 */
const expectDeviceWorkload = async (store: ReadModelStore, generated: readonly GeneratedEvent[]) => {
  const model = new Map<string, { deviceId: string; requestedSince: number; receipts: number; receiptNo?: number }>();
  const ofDevice = (deviceId: unknown) => [...model.values()].filter((m) => m.deviceId === deviceId);
  for (const e of generated) {
    if (e.type === 'WorkOrderRequested') {
      model.set(String(e.data['workOrderId']), { deviceId: String(e.data['deviceId']), requestedSince: 0, receipts: 0 });
      for (const m of ofDevice(e.data['deviceId'])) m.requestedSince++;
    }
    if (e.type === 'ReceiptSubmitted') {
      for (const m of ofDevice(e.data['deviceId'])) m.receipts++;
      const own = model.get(String(e.data['workOrderId']))!;
      own.receiptNo = own.receipts;
    }
  }
  expect([...model.values()].some((m) => m.requestedSince > 1 && m.receiptNo !== undefined)).toBe(true);
  const rows = await store.collection('device_workload').find({}, { sort: { _id: 1 } });
  const wanted = [...model].sort(([a], [b]) => (a < b ? -1 : 1)).map(([_id, m]) => ({ _id, ...m }));
  expect(rows.map((r) => publicRow(r))).toEqual(wanted);
};

const runToHead = async (events: EventStore, store: ReadModelStore, batchSize = 50) => {
  const projector = new Projector({ events, store, projections: crashTestProjections, batchSize });
  await projector.start();
  await projector.caughtUp;
  await projector.stop();
  return projector;
};

describe('Projector', () => {
  let events: EventStore;
  beforeEach(async () => {
    events = await freshEventStore();
  });
  afterEach(() => events.close());

  it('projects rows, many-row updates and removals, and records checkpoints', async () => {
    const total = await appendAll(events, maintenanceEvents(400, 7));
    const store = await freshReadModels();
    await runToHead(events, store);
    const head = await events.headPosition();
    const checkpoints = await store.collection(CHECKPOINTS).find({}, { sort: { _id: 1 } });
    expect(checkpoints.map((c) => [c._id, c['position']])).toEqual(crashTestProjections.map((p) => [p.name, head]).sort());
    const requested = [...maintenanceEvents(total, 7)].filter((e) => e.type === 'WorkOrderRequested');
    expect(await store.collection('work_orders').count({})).toBe(requested.length);
    const retired = [...maintenanceEvents(total, 7)].filter((e) => e.type === 'DeviceRetired').length;
    expect(await store.collection('device_history').count({ _removed: true })).toBe(retired);
    const renamed = [...maintenanceEvents(total, 7)].filter((e) => e.type === 'TenantRenamed');
    if (renamed.length > 0) {
      const last = renamed[renamed.length - 1]!;
      const rows = await store.collection('work_orders').find({ tenantId: last.data['tenantId'], requestedAt: { $lt: last.metadata.occurredAt } });
      for (const r of rows) expect(r['tenantName']).toBe(last.data['name']);
    }
  });

  it('applies a row change and a many-row update of the same row in one event, both of them, in order', async () => {
    await appendAll(events, maintenanceEvents(600, 13));
    const store = await freshReadModels();
    await runToHead(events, store, 18);
    await expectDeviceWorkload(store, [...maintenanceEvents(600, 13)]);
  });

  it('continues from its checkpoint and goes live: new events appear without a restart', async () => {
    await appendAll(events, maintenanceEvents(100, 3));
    const store = await freshReadModels();
    const projector = new Projector({ events, store, projections: crashTestProjections, batchSize: 25 });
    await projector.start();
    await projector.caughtUp;
    const metadata = [...maintenanceEvents(1, 3)][0]!.metadata;
    await events.append('WorkOrder-live-1', [{ eventId: 'live-1', type: 'WorkOrderRequested', data: { workOrderId: 'live-1', deviceId: 'x', tenantId: 'T1' }, metadata }], 'no_stream');
    await waitFor(async () => (await store.collection('work_orders').findOne({ _id: 'live-1' })) !== null);
    const [status] = await projector.status();
    expect(status).toMatchObject({ state: 'live', lagEvents: 0 });
    expect(status!.lagMs).not.toBeNull();
    await projector.stop();
  });

  it('wakes a reader waiting for a position once the batch carrying it is applied, and gives up after its timeout', async () => {
    await appendAll(events, maintenanceEvents(50, 3));
    const store = await freshReadModels();
    const projector = new Projector({ events, store, projections: crashTestProjections, batchSize: 25 });
    await projector.start();
    await projector.caughtUp;
    const head = await events.headPosition();
    expect(await projector.whenReached(['work_orders'], head, 1_000)).toBe(true);
    const metadata = [...maintenanceEvents(1, 3)][0]!.metadata;
    const waiting = projector.whenReached(['work_orders', 'device_history'], head + 1, 10_000);
    const appended = await events.append('WorkOrder-wait-1', [{ eventId: 'wait-1', type: 'WorkOrderRequested', data: { workOrderId: 'wait-1', deviceId: 'x', tenantId: 'T1' }, metadata }], 'no_stream');
    expect(appended.position).toBe(head + 1);
    expect(await waiting).toBe(true);
    // Applied by the time the waiter wakes: the reader reads its own write.
    expect(await store.collection('work_orders').findOne({ _id: 'wait-1' })).not.toBeNull();
    expect(await projector.whenReached(['work_orders'], head + 1_000, 30)).toBe(false);
    const pending = projector.whenReached(['work_orders'], head + 1_000, 10_000);
    await projector.stop();
    expect(await pending).toBe(false); // a stopped projector applies nothing more: nobody waits for it
  });

  it('survives being killed at random points many times: nothing lost, nothing applied twice', async () => {
    await appendAll(events, maintenanceEvents(800, 11));
    const clean = await freshReadModels();
    await runToHead(events, clean, 40);

    const durable = await freshReadModels();
    const random = prng(42);
    let crashes = 0;
    for (let round = 0; round < 200; round++) {
      const faulty = new FaultyReadModelStore(durable, 1 + Math.floor(random() * 30), random);
      let onError!: (error: Error) => void;
      const failed = new Promise<Error>((resolve) => (onError = resolve));
      const batchSize = 1 + Math.floor(random() * 80);
      const deferredRows = 1 + Math.floor(random() * 40);
      const projector = new Projector({ events, store: faulty, projections: crashTestProjections, batchSize, deferredRows, onError });
      const outcome = await projector.start().then(
        () => Promise.race([projector.caughtUp.then(() => 'done' as const), failed]),
        (crash: Error) => crash, // killed while loading checkpoints or creating indexes
      );
      await projector.stop().catch(() => undefined);
      if (outcome === 'done') break;
      expect(outcome).toBeInstanceOf(InjectedCrash);
      crashes++;
    }
    expect(crashes).toBeGreaterThanOrEqual(20);
    await runToHead(events, durable, 40);
    expect(await snapshot(durable)).toEqual(await snapshot(clean));
    await expectDeviceWorkload(durable, [...maintenanceEvents(800, 11)]);
  });

  it('rebuilds one projection blue-green: the old rows serve until the new ones switch in', async () => {
    await appendAll(events, maintenanceEvents(300, 5));
    const store = await freshReadModels();
    const projector = new Projector({ events, store, projections: crashTestProjections, batchSize: 50 });
    await projector.start();
    await projector.caughtUp;
    const before = await store.collection('work_orders').find({}, { sort: { _id: 1 } });
    const rebuilt = projector.rebuild('work_orders');
    expect(await store.collection('work_orders').count({})).toBe(before.length); // still serving
    await rebuilt;
    expect(await store.collection('work_orders').find({}, { sort: { _id: 1 } })).toEqual(before);
    expect((await store.listCollections()).filter((c) => c.includes('__rebuild'))).toEqual([]);
    const metadata = [...maintenanceEvents(1, 5)][0]!.metadata;
    await events.append('WorkOrder-after', [{ eventId: 'after-1', type: 'WorkOrderRequested', data: { workOrderId: 'after', deviceId: 'x', tenantId: 'T1' }, metadata }], 'no_stream');
    await waitFor(async () => (await store.collection('work_orders').findOne({ _id: 'after' })) !== null);
    await projector.stop();
  });

  it('rebuilds a projection whose version changed, at start', async () => {
    await appendAll(events, maintenanceEvents(200, 9));
    const store = await freshReadModels();
    await runToHead(events, store);
    const v2 = projection<testing.MaintenanceEvent>('work_orders', {
      version: 2,
      indexes: workOrders.indexes,
      on: { WorkOrderRequested: (e) => row(e.data.workOrderId, () => ({ _id: e.data.workOrderId, v: 2 })) },
    });
    const projector = new Projector({ events, store, projections: [v2], batchSize: 50 });
    await projector.start();
    await waitFor(async () => (await projector.status())[0]!.state !== 'rebuilding');
    const rows = await store.collection('work_orders').find({});
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r['v'] === 2 && r['status'] === undefined)).toBe(true);
    expect(await store.collection(CHECKPOINTS).findOne({ _id: 'work_orders' })).toMatchObject({ version: 2, position: await events.headPosition() });
    await projector.stop();
  });
  it('hands projections upcast events', async () => {
    const metadata = { ...[...maintenanceEvents(1, 4)][0]!.metadata, schemaVersion: 1 };
    await events.append('WorkOrder-old', [{ eventId: 'old-1', type: 'WorkOrderRequested', data: { workOrderId: 'old', deviceId: 'd', tenantId: 'T1', fault: 'leak' } }].map((e) => ({ ...e, metadata })), 'no_stream');
    const upcasters = new Upcasters([{ type: 'WorkOrderRequested', fromVersion: 1, upcast: (d) => ({ data: { ...d, priority: 'normal' } }) }]);
    const store = await freshReadModels();
    const projector = new Projector({ events, store, projections: crashTestProjections, upcasters });
    await projector.start();
    await projector.caughtUp;
    expect(await store.collection('work_orders').findOne({ _id: 'old' })).toMatchObject({ priority: 'normal', fault: 'leak' });
    await projector.stop();
  });
});

const waitFor = async (condition: () => Promise<boolean>, timeoutMs = 10_000) => {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};
