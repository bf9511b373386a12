// Bulk mode against the normal run: the same seed gives the same work-order streams (the real handlers
// decided them on the in-memory log; see below for the one fact read from a read model), every order
// folds to its planned status, the
// SLA reaction's commands are in every clock exactly once under the reactor's own command ids, its
// checkpoint stands at the head, and the read models the follower projects and snapshots hold the
// same work-order and device rows as the normal run's live projector.
import { join } from 'node:path';
import { slaStream, workOrder, workOrderStream } from '@kuaige/domain';
import type { EventStore, RecordedEvent } from '@kuaige/eventsourcing';
import { EmbeddedReadModelStore, loadStoreSnapshot, reactionCommandId, visibleRows, type ReadModelDocument, type ReadModelStore } from '@kuaige/projections';
import { AggregateStreams, EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { PRODUCT_PROJECTIONS, READ_MODEL_SNAPSHOT_DIR } from '../event-sourcing/read-side';
import { SqliteCheckpointStore } from '../event-sourcing/sqlite-checkpoint-store';
import { ReadModelFreshness } from '../identity/read-models/read-model-freshness';
import { startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { SLA_REACTION, slaFromWorkOrders } from '../sla/application/sla-from-work-orders';
import { projectFollowing } from './bulk-projection';
import { OPEN_STATUSES } from '../work-orders/read-models/work-orders.projections';
import { generateWorkOrderDemo, readGenerationRecord } from './work-order-demo';
import { planWorkOrder } from './work-order-plan';

const ORDERS = 150;
const options = { workOrders: ORDERS, seed: 11, until: '2026-11-30', concurrency: 1 };

// Each run has its own field keys and random IVs (the contact's phone) and QR tokens: those differ; so
// does a contact's whole data (its subject id is keyed per installation, its name and phone encrypted
// under that subject's own key).
const RANDOM_PER_RUN = new Set(['phone', 'qrToken']);
const typesOf = (value: unknown): unknown =>
  typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v])) : typeof value;
const same = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(same)
    : typeof value === 'object' && value !== null
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'contact' ? typesOf(v) : RANDOM_PER_RUN.has(k) ? typeof v : same(v)]))
      : value;
const comparable = (e: RecordedEvent) => same({ eventId: e.eventId, type: e.type, data: e.data, commandId: e.metadata.commandId, tenants: e.metadata.tenantIds, regions: e.metadata.jurisdiction });
// Positions of rows differ between two logs; what the rows say must not.
const withoutPositions = (row: ReadModelDocument) => same(Object.fromEntries(Object.entries(row).filter(([k]) => k !== '_pos' && k !== '_step')));

describe('the demo generator in bulk mode', () => {
  let normal: IdentityApp;
  let bulk: IdentityApp;
  let normalEvents: EventStore;
  let bulkEvents: EventStore;

  beforeAll(async () => {
    normal = await startIdentityApp();
    bulk = await startIdentityApp();
    normalEvents = normal.app.get(EVENT_STORE);
    bulkEvents = bulk.app.get(EVENT_STORE);
  });
  afterAll(async () => {
    await normal.close();
    await bulk.close();
  });

  it('decides the same orders as the normal run, answers the SLA reaction as the reactor would, and snapshots read models equal to the live ones', async () => {
    const phases = new Set<string>();
    await generateWorkOrderDemo(normal.app, normal.dataDir, options);
    const report = await generateWorkOrderDemo(bulk.app, bulk.dataDir, { ...options, bulk: true, progress: (p) => phases.add(p.phase) });
    expect([...phases]).toEqual(expect.arrayContaining(['people', 'enterprises', 'devices (bulk)', 'work orders (bulk)']));
    expect(readGenerationRecord(bulk.dataDir)).toMatchObject({ ordersDone: ORDERS, completed: true });
    expect(report.bulk?.reactionsMoved).toEqual(expect.arrayContaining([SLA_REACTION]));
    // Reactions that follow work-order events and are not the SLA clock's answer them live when the
    // product starts: notifications (only for events of the last day: older ones raise nothing) and
    // return visits (scheduled for every closed order, as they would have been live), and settlements
    // (created for every evaluated order).
    expect([...(report.bulk?.reactionsLeft ?? [])].sort()).toEqual(['notifications-from-events', 'return-visits-from-work-orders', 'settlements-from-work-orders']);

    const streams = bulk.app.get(AggregateStreams);
    // "Another order open on the device" is a fact the request handler reads from `work_orders`: the
    // normal run reads it from its live projector (a few events behind now and then), the bulk run
    // from the orders it has written. Orders first on their device cannot differ; the others may only
    // in how they were reviewed, and the bulk run reviews automatically only when nothing was open.
    const openOn = new Map<string, number>();
    const seenDevices = new Set<string>();
    let firstOnDevice = 0;
    let afterAnOpenOne = 0;
    const automatic = (events: readonly RecordedEvent[]) => events.some((e) => e.type === 'RequestReviewed' && (e.data as { mode: string }).mode === 'automatic');
    const withoutReview = (events: readonly RecordedEvent[]) => events.filter((e) => e.type !== 'RequestReviewed').map((e) => e.type);
    for (let i = 0; i < ORDERS; i++) {
      const plan = planWorkOrder(report.world, i);
      const deviceId = report.world.devices[plan.deviceIndex]!.id;
      const stream = workOrderStream(plan.id);
      const [expected, actual] = await Promise.all([normalEvents.readStream(stream), bulkEvents.readStream(stream)]);
      if (!seenDevices.has(deviceId)) {
        firstOnDevice++;
        expect(actual.map(comparable)).toEqual(expected.map(comparable));
      } else {
        expect(withoutReview(actual)).toEqual(withoutReview(expected));
      }
      if ((openOn.get(deviceId) ?? 0) > 0) {
        afterAnOpenOne++;
        expect({ order: plan.id, automatic: automatic(actual) }).toEqual({ order: plan.id, automatic: false });
      }
      const { state } = await streams.load(stream, workOrder);
      expect({ id: plan.id, status: state.status }).toEqual({ id: plan.id, status: plan.expectedStatus });
      seenDevices.add(deviceId);
      if (state.status !== 'none' && OPEN_STATUSES.includes(state.status)) openOn.set(deviceId, (openOn.get(deviceId) ?? 0) + 1);

      // Each event the reaction follows has its commands in the clock, under the reactor's ids, once.
      const clock = await bulkEvents.readStream(slaStream(plan.id));
      const commandIds = clock.map((e) => e.metadata.commandId);
      for (const event of actual) {
        const handler = slaFromWorkOrders.handlers[event.type];
        const out = handler ? handler(event) : null;
        const issued = out == null ? 0 : Array.isArray(out) ? out.length : 1;
        for (let n = 0; n < issued; n++) {
          const id = reactionCommandId(SLA_REACTION, event.eventId, n);
          // A command the clock had nothing to decide for (a stopped clock) leaves no event.
          expect(commandIds.filter((c) => c === id).length).toBeLessThanOrEqual(1);
        }
      }
      expect(clock[0]?.type).toBe('SlaStarted');
      expect(clock[0]?.metadata.commandId).toBe(reactionCommandId(SLA_REACTION, actual[0]!.eventId, 0));
    }

    expect(firstOnDevice).toBeGreaterThan(10);
    expect(afterAnOpenOne).toBeGreaterThan(10);

    // The reactor starts at the head: it has nothing left to answer.
    const checkpoints = new SqliteCheckpointStore(join(bulk.dataDir, 'checkpoints.sqlite'));
    expect(await checkpoints.load(SLA_REACTION)).toBe(await bulkEvents.headPosition());
    checkpoints.close();

    const follow = await projectFollowing(bulk.dataDir, PRODUCT_PROJECTIONS, () => true);
    expect(follow.events).toBe(await bulkEvents.headPosition());
    const projected = new EmbeddedReadModelStore();
    await loadStoreSnapshot(projected, join(bulk.dataDir, READ_MODEL_SNAPSHOT_DIR));
    await normal.app.get(ReadModelFreshness).caughtUp(['work_orders', 'devices']);
    const live = normal.app.get<ReadModelStore>(READ_MODEL_STORE);
    // `slaBreached` follows the SLA clocks' SlaBreached events, and those differ between the two logs:
    // the normal run's deadline jobs for these past-dated orders fire at once and judge with the real
    // clock, racing the generator (an order is often still open in its stream when its job runs), while
    // the bulk writer checks the due instants after each order's events. So it is left out of the
    // comparison, and each store is checked against its own log instead: true exactly for the orders
    // whose clock has a SlaBreached.
    const breachedIn = async (events: EventStore) => {
      const ids = new Set<string>();
      for await (const e of events.readAll({ after: 0 })) if (e.type === 'SlaBreached') ids.add((e.data as { workOrderId: string }).workOrderId);
      return [...ids].filter((id) => id.startsWith('demo-')).sort();
    };
    const flagged = async (store: ReadModelStore) =>
      (await store.collection<ReadModelDocument & { slaBreached: boolean }>('work_orders').find({ $and: [{ _id: { $regex: '^demo-' } }, { slaBreached: true }, visibleRows] }, { sort: { _id: 1 } })).map((r) => r._id);
    const [liveBreached, bulkBreached] = await Promise.all([breachedIn(normalEvents), breachedIn(bulkEvents)]);
    expect(bulkBreached.length).toBeGreaterThan(0);
    expect(await flagged(live)).toEqual(liveBreached);
    expect(await flagged(projected)).toEqual(bulkBreached);
    for (const collection of ['work_orders', 'devices']) {
      const rows = async (store: ReadModelStore) =>
        (await store.collection(collection).find({ $and: [{ _id: { $regex: '^demo-' } }, visibleRows] }, { sort: { _id: 1 } }))
          .map(withoutPositions)
          .map((row) => (collection === 'work_orders' ? Object.fromEntries(Object.entries(row as object).filter(([k]) => k !== 'slaBreached')) : row));
      const [fromLive, fromBulk] = await Promise.all([rows(live), rows(projected)]);
      expect(fromBulk.length).toBeGreaterThan(0);
      expect(fromBulk).toEqual(fromLive);
    }
    expect(await projected.collection('work_orders').listIndexes()).toEqual(expect.arrayContaining(['by_status', 'by_assignee']));
  }, 600_000);
});
