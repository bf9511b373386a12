// The demo generator through the real command bus: every planned work order ends in the status its plan
// says (every status of the state machine occurs), on devices of the planned enterprises; a second run
// appends nothing, a run that lost its record resumes without duplicating, and other arguments are refused.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from '@kuaige/eventsourcing';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { ReadModelFreshness } from '../identity/read-models/read-model-freshness';
import { startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { GENERATION_FILE, GenerationMismatch, generateWorkOrderDemo, readGenerationRecord } from './work-order-demo';
import { planWorkOrder } from './work-order-plan';

describe('the work-order demo generator', () => {
  let t: IdentityApp;
  let events: EventStore;
  let store: ReadModelStore;
  const options = { workOrders: 400, seed: 7, until: '2026-11-30', concurrency: 8 };

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    store = t.app.get(READ_MODEL_STORE);
  });
  afterAll(() => t.close());

  // Events that commands sent directly wrote (reactions, like the SLA clocks, append on their own time).
  const generatedEvents = async () => {
    let n = 0;
    for await (const e of events.readAll()) if (e.metadata.causationId === e.metadata.commandId && !e.streamId.startsWith('Sla-')) n++;
    return n;
  };

  it('writes work orders in every status, each where its plan leads, and nothing twice', async () => {
    const phases = new Set<string>();
    const report = await generateWorkOrderDemo(t.app, t.dataDir, { ...options, progress: (p) => phases.add(p.phase) });
    expect([...phases]).toEqual(expect.arrayContaining(['people', 'enterprises', 'provider and engineer profiles', 'devices', 'work orders']));
    expect(readGenerationRecord(t.dataDir)).toEqual({ seed: 7, workOrders: 400, until: '2026-11-30', ordersDone: 400, completed: true });
    await t.app.get(ReadModelFreshness).caughtUp(['work_orders', 'devices', 'enterprises']);

    const rows = await store.collection('work_orders').find({ $and: [{ _id: { $regex: '^demo-wo-7-' } }, visibleRows] });
    expect(rows).toHaveLength(400);
    const byId = new Map(rows.map((r) => [String(r._id), r]));
    for (let i = 0; i < 400; i++) {
      const plan = planWorkOrder(report.world, i);
      const row = byId.get(plan.id)!;
      expect({ id: plan.id, outcome: plan.outcome, status: row['status'] }).toEqual({ id: plan.id, outcome: plan.outcome, status: plan.expectedStatus });
      const device = report.world.devices[plan.deviceIndex]!;
      expect(row['deviceId']).toBe(device.id);
      expect(row['countyCode']).toBe(device.countyCode);
    }
    expect(new Set(rows.map((r) => r['status']))).toEqual(
      new Set(['submitted', 'rejected', 'awaiting-dispatch', 'dispatched', 'accepted', 'assigned', 'engineer-accepted', 'in-progress', 'completed', 'receipt-submitted', 'receipt-approved', 'reported', 'closed', 'cancelled']),
    );
    expect(await store.collection('devices').count({ $and: [{ _id: { $regex: '^demo-device-' } }, visibleRows] })).toBe(report.world.devices.length);
    const approved = await store.collection('enterprises').count({ $and: [{ status: 'approved' }, visibleRows] });
    expect(approved).toBe(report.world.manufacturers.length + report.world.equipmentUsers.length + report.world.providers.length);

    // Run again: complete, nothing appended. Without its record (a run stopped before writing it):
    // every command finds its earlier events by its derived id, so the log does not grow either.
    const written = await generatedEvents();
    expect((await generateWorkOrderDemo(t.app, t.dataDir, options)).commands).toBe(0);
    rmSync(join(t.dataDir, GENERATION_FILE));
    const resumed = await generateWorkOrderDemo(t.app, t.dataDir, options);
    expect(resumed.commands).toBeGreaterThan(400);
    expect(await generatedEvents()).toBe(written);

    await expect(generateWorkOrderDemo(t.app, t.dataDir, { ...options, seed: 8 })).rejects.toThrow(GenerationMismatch);
    await expect(generateWorkOrderDemo(t.app, t.dataDir, { ...options, workOrders: 401 })).rejects.toThrow('--seed 7 --work-orders 400 --until 2026-11-30');
  }, 300_000);
});
