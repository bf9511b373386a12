// Two projector processes for one projection group on one read-model store: only the lease holder
// applies events; the standby takes over when the holder is gone and its lease has expired.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@kuaige/eventsourcing';
import { Lease, LeasedWork, LEASES, LeaseLostError, Projector, openReadModelStore, testing, type Projection, type ReadModelStore } from '@kuaige/projections';
import { openEventStore } from '../event-store/event-store.factory';

const { maintenanceEvents, maintenanceProjections } = testing;
const TTL = 10_000;

/** The maintenance projections, recording which process applied each event. */
const recordedBy = (process: string, applied: string[]): Projection[] =>
  maintenanceProjections.map((p) => ({
    ...p,
    handlers: Object.fromEntries(
      Object.entries(p.handlers).flatMap(([type, handler]) =>
        handler === undefined
          ? []
          : [
              [
                type,
                (e: Parameters<typeof handler>[0]) => {
                  applied.push(`${process}:${p.name}:${e.position}`);
                  return handler(e);
                },
              ],
            ],
      ),
    ),
  }));

describe('one active projector per projection group', () => {
  let events: EventStore;
  let store: ReadModelStore;
  let clock: { now: number };
  let applied: string[];
  let appended = 0;
  const append = async (count: number, seed: number) => {
    for (const e of maintenanceEvents(count, seed)) {
      await events.append(e.streamId, [{ eventId: `evt-${appended++}`, type: e.type, data: e.data, metadata: e.metadata }], 'any');
    }
  };

  /** A projector process: its projector runs only while its LeasedWork holds the lease. */
  const projectorProcess = (name: string) => {
    let projector: Projector | null = null;
    const lease = new Lease({ store, name: 'projector:maintenance', holder: name, ttlMs: TTL, now: () => clock.now });
    const work: LeasedWork = new LeasedWork({
      lease,
      start: async () => {
        projector = new Projector({
          events,
          store,
          projections: recordedBy(name, applied),
          batchSize: 25,
          fence: () => lease.held,
          onError: (e) => {
            if (e instanceof LeaseLostError) void work.stepDown();
          },
        });
        await projector.start();
        await projector.caughtUp;
      },
      stop: async () => {
        await projector?.stop();
        projector = null;
      },
    });
    return {
      work,
      status: () => projector?.status() ?? Promise.resolve([]),
      /** The process dies: its projector stops, its lease stays in the store until it expires. */
      crash: async () => {
        await projector?.stop();
        projector = null;
      },
      caughtUp: async () => {
        await projector!.flush();
        const status = await projector!.status();
        return status.every((s) => s.lagEvents === 0);
      },
    };
  };

  beforeEach(async () => {
    events = await openEventStore({ eventStoreUrl: null, dataDir: mkdtempSync(join(tmpdir(), 'kuaige-lease-')) });
    store = await openReadModelStore({ mongoUrl: null, mongoDb: 'test' });
    clock = { now: Date.parse('2026-12-01T08:00:00Z') };
    applied = [];
    appended = 0;
  });
  afterEach(() => events.close());

  it('lets only the holder apply events; the standby stays passive', async () => {
    await append(200, 3);
    const a = projectorProcess('a');
    const b = projectorProcess('b');
    await a.work.tick();
    await b.work.tick();
    expect([a.work.status.state, b.work.status.state]).toEqual(['active', 'passive']);
    clock.now += TTL / 3;
    await a.work.tick(); // renews
    await b.work.tick();
    clock.now += TTL / 3;
    await b.work.tick();
    expect(b.work.status.state).toBe('passive');
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.filter((x) => !x.startsWith('a:'))).toEqual([]);
    expect(await store.collection(LEASES).findOne({ _id: 'projector:maintenance' })).toMatchObject({ holder: 'a', expiresAt: clock.now - TTL / 3 + TTL });
    await a.work.stop();
    await b.work.stop();
  });

  it('hands over to the standby once a crashed holder’s lease expires, not before', async () => {
    await append(150, 5);
    const a = projectorProcess('a');
    const b = projectorProcess('b');
    await a.work.tick();
    await b.work.tick();
    await a.crash();
    const before = applied.length;
    await append(80, 6);

    clock.now += TTL - 1;
    await b.work.tick();
    expect(b.work.status.state).toBe('passive');
    expect(applied.length).toBe(before);

    clock.now += 1;
    await b.work.tick();
    expect(b.work.status.state).toBe('active');
    expect(await b.caughtUp()).toBe(true);
    const afterTakeOver = applied.slice(before);
    expect(afterTakeOver.length).toBeGreaterThan(0);
    expect(afterTakeOver.every((x) => x.startsWith('b:'))).toBe(true);
    expect(await store.collection('work_orders').count({})).toBe(
      [...maintenanceEvents(150, 5), ...maintenanceEvents(80, 6)].filter((e) => e.type === 'WorkOrderRequested').length,
    );
    await b.work.stop();
  });

  it('hands over at once when the holder stops gracefully (it gives the lease up)', async () => {
    await append(50, 7);
    const a = projectorProcess('a');
    const b = projectorProcess('b');
    await a.work.tick();
    await b.work.tick();
    await a.work.stop();
    expect(await store.collection(LEASES).findOne({ _id: 'projector:maintenance' })).toBeNull();
    await b.work.tick();
    expect([a.work.status.state, b.work.status.state]).toEqual(['stopped', 'active']);
    await b.work.stop();
  });

  it('makes a holder that was paused past its lease step down when another has taken over', async () => {
    await append(50, 8);
    const a = projectorProcess('a');
    const b = projectorProcess('b');
    await a.work.tick();
    clock.now += TTL; // a is paused (a long GC, a frozen VM) and does not renew
    await b.work.tick();
    expect(b.work.status.state).toBe('active');
    await a.work.tick();
    expect(a.work.status.state).toBe('passive');
    expect(await store.collection(LEASES).findOne({ _id: 'projector:maintenance' })).toMatchObject({ holder: 'b' });
    await a.work.stop();
    await b.work.stop();
  });

  it('stops a holder paused past its lease from writing when it resumes, and restarts it afresh', async () => {
    await append(40, 9);
    const a = projectorProcess('a');
    await a.work.tick();
    const rowsBefore = await store.collection('work_orders').count({});
    clock.now += (TTL * 2) / 3; // paused: its lease is within a third of expiring, it has not renewed
    const before = applied.length;
    await append(60, 10); // the projector, live, sees these as soon as it resumes
    await waitFor(() => a.work.status.state === 'passive');
    expect(applied.length).toBe(before); // refused before applying anything
    expect(await store.collection('work_orders').count({})).toBe(rowsBefore);
    await a.work.tick(); // nobody else took the lease: it takes it again, with a fresh projector
    expect(a.work.status.state).toBe('active');
    await waitFor(async () => (await a.status()).every((s) => s.lagEvents === 0 && s.state === 'live'));
    expect(await store.collection('work_orders').count({})).toBe(
      [...maintenanceEvents(40, 9), ...maintenanceEvents(60, 10)].filter((e) => e.type === 'WorkOrderRequested').length,
    );
    await a.work.stop();
  });
});

const waitFor = async (condition: () => boolean | Promise<boolean>) => {
  const until = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};
