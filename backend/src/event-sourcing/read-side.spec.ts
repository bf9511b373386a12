// The read side as the product wires it: one projecting process per store (the lease), and a stuck
// durable reaction shown on /ready and /metrics rather than silently stopping.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type { EventStore } from '@kuaige/eventsourcing';
import { Reactor, ReadModelCheckpointStore, openReadModelStore, reaction, testing, type ReadModelStore } from '@kuaige/projections';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/config';
import { openEventStore } from '../event-store/event-store.factory';
import { Readiness } from '../platform/readiness';
import { EVENT_STORE } from './aggregate-streams';
import { READ_MODEL_STORE } from './event-sourcing.tokens';
import { READ_MODEL_SNAPSHOT_DIR, ReadSide } from './read-side';

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

describe('ReadSide', () => {
  let events: EventStore;
  let store: ReadModelStore;
  beforeEach(async () => {
    events = await openEventStore({ eventStoreUrl: null, dataDir: tmp('kuaige-read-side-') });
    store = await openReadModelStore({ mongoUrl: null, mongoDb: 'test' });
  });
  afterEach(() => events.close());

  const processOn = () =>
    new ReadSide(
      loadConfig({ NODE_ENV: 'test', DATA_DIR: tmp('kuaige-read-side-'), LOG_LEVEL: 'silent' }),
      events,
      store,
      testing.maintenanceProjections,
      [],
      async () => {
        throw new Error('no reactions here');
      },
      new Readiness(),
    );

  it('runs one projector for a store shared by two processes; the other takes over when it stops', async () => {
    const first = processOn();
    const second = processOn();
    await first.onApplicationBootstrap();
    await second.onApplicationBootstrap();
    expect([first.projector !== null, second.projector !== null]).toEqual([true, false]);
    expect([first.leased!.status.state, second.leased!.status.state]).toEqual(['active', 'passive']);
    await first.onApplicationShutdown();
    await second.leased!.tick();
    expect(second.projector).not.toBeNull();
    await second.onApplicationShutdown();
  });
});

describe('the embedded read models across an orderly restart', () => {
  const config = (dataDir: string) => loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const stores = new Map<ReadSide, ReadModelStore>();
  const storeOf = (side: ReadSide) => stores.get(side) as ReadModelStore;
  const readSide = (dataDir: string, events: EventStore, store: ReadModelStore) => {
    const side = new ReadSide(config(dataDir), events, store, testing.maintenanceProjections, [], async () => ({ commandId: 'none', duplicate: false }), new Readiness());
    stores.set(side, store);
    return side;
  };

  it('saves a snapshot at shutdown and starts from it, then catches up with what was appended since', async () => {
    const dataDir = tmp('kuaige-read-side-snapshot-');
    const events = await openEventStore({ eventStoreUrl: null, dataDir });
    const appendAll = async (items: { streamId: string; type: string; data: unknown; metadata: unknown }[], prefix: string) => {
      let n = 0;
      for (const e of items) await events.append(e.streamId, [{ eventId: `${prefix}-${n++}`, type: e.type, data: e.data as never, metadata: e.metadata as never }], 'any');
    };
    const all = [...testing.maintenanceEvents(300, 1)];
    await appendAll(all.slice(0, 200), 'a');
    const first = readSide(dataDir, events, await openReadModelStore({ mongoUrl: null, mongoDb: 'test' }));
    await first.onApplicationBootstrap();
    await first.projector!.caughtUp;
    const projected = await first.projector!.status();
    await first.onApplicationShutdown();
    expect(readdirSync(join(dataDir, READ_MODEL_SNAPSHOT_DIR))).toContain('current.json');

    // Over an empty event log, what a new process holds can only have come from the snapshot.
    const empty = await openEventStore({ eventStoreUrl: null, dataDir: tmp('kuaige-read-side-empty-') });
    const restored = await openReadModelStore({ mongoUrl: null, mongoDb: 'test' });
    const onEmpty = readSide(dataDir, empty, restored);
    await onEmpty.onApplicationBootstrap();
    expect(await restored.collection('work_orders').count()).toBe(await storeOf(first).collection('work_orders').count());
    expect((await onEmpty.projector!.status()).map((p) => p.position)).toEqual(projected.map((p) => p.position));
    await onEmpty.onApplicationShutdown();
    await empty.close();

    const store = await openReadModelStore({ mongoUrl: null, mongoDb: 'test' });
    const second = readSide(dataDir, events, store);
    await appendAll(all.slice(200), 'b');
    await second.onApplicationBootstrap();
    await second.projector!.caughtUp;
    const rebuilt = await openReadModelStore({ mongoUrl: null, mongoDb: 'test' });
    const fromScratch = readSide(tmp('kuaige-read-side-scratch-'), events, rebuilt);
    await fromScratch.onApplicationBootstrap();
    await fromScratch.projector!.caughtUp;
    for (const name of ['work_orders', 'device_history', 'region_daily_stats']) {
      expect(await store.collection(name).find({}, { sort: { _id: 1 } })).toEqual(await rebuilt.collection(name).find({}, { sort: { _id: 1 } }));
    }
    await second.onApplicationShutdown();
    await fromScratch.onApplicationShutdown();
    await events.close();
  });

  it('rebuilds from the event log when the snapshot cannot be read', async () => {
    const dataDir = tmp('kuaige-read-side-bad-snapshot-');
    mkdirSync(join(dataDir, READ_MODEL_SNAPSHOT_DIR));
    writeFileSync(join(dataDir, READ_MODEL_SNAPSHOT_DIR, 'current.json'), '{"format":"kuaige-read-model-snapshot/2","generation":"gone","collections":[{"name":"work_orders","file":"0.jsonl","count":1}]}');
    const events = await openEventStore({ eventStoreUrl: null, dataDir });
    let n = 0;
    for (const e of testing.maintenanceEvents(50, 1)) await events.append(e.streamId, [{ eventId: `c-${n++}`, type: e.type, data: e.data, metadata: e.metadata }], 'any');
    const store = await openReadModelStore({ mongoUrl: null, mongoDb: 'test' });
    const side = readSide(dataDir, events, store);
    await side.onApplicationBootstrap();
    await side.projector!.caughtUp;
    expect(await store.collection('work_orders').count()).toBeGreaterThan(0);
    await side.onApplicationShutdown();
    await events.close();
  });
});

describe('a durable reaction stuck on an event, as operators see it', () => {
  let app: NestFastifyApplication;
  const dataDir = tmp('kuaige-read-side-app-');
  beforeAll(async () => {
    app = await createApp(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, CONSOLE_DIR: 'off', LOG_LEVEL: 'silent' }));
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  it('shows it degraded on /ready and /metrics, naming the event, until it succeeds', async () => {
    const readSide = app.get(ReadSide);
    const events = app.get<EventStore>(EVENT_STORE);
    let down = true;
    // A fixture event no product projection reads: real work-order events are projected (and checked) now.
    const failing = reaction('notify-on-receipt', { FixtureReceiptNoted: () => ({ type: 'Notify', data: {} }) });
    await readSide.reactor?.stop();
    readSide.reactor = new Reactor({
      events,
      reactions: [failing],
      checkpoints: new ReadModelCheckpointStore(app.get(READ_MODEL_STORE)),
      retryDelayMs: () => 5,
      dispatch: async (_command, ctx) => {
        if (down) throw new Error('notification service unavailable');
        return { commandId: ctx.commandId, duplicate: false };
      },
    });
    await readSide.reactor.start();
    const metadata = [...testing.maintenanceEvents(1, 1)][0]!.metadata;
    const { position } = await events
      .append('Fixture-r1', [{ eventId: 'receipt-r1', type: 'FixtureReceiptNoted', data: { workOrderId: 'r1' }, metadata }], 'no_stream')
      .then(async () => ({ position: await events.headPosition() }));
    const token = readFileSync(join(dataDir, 'admin.token'), 'utf8').trim();
    const http = () => request(app.getHttpServer());
    const until = Date.now() + 10_000;
    while (!(await readSide.reactor.status())[0]!.failure && Date.now() < until) await new Promise((r) => setTimeout(r, 5));

    const ready = await http().get('/ready').set('authorization', `Bearer ${token}`).expect(200);
    expect(ready.body.details.reactions).toMatchObject({ status: 'degraded', critical: false, reactions: 1 });
    expect(ready.body.details.reactions.failing[0]).toMatch(new RegExp(`^notify-on-receipt: notification service unavailable \\(event ${position}, \\d+ attempts\\)$`));
    const metrics = await http().get('/metrics').set('authorization', `Bearer ${token}`).expect(200);
    expect(metrics.text).toMatch(/^kuaige_reaction_failing\{reaction="notify-on-receipt"\} 1$/m);
    expect(metrics.text).toMatch(/^kuaige_reaction_lag_events\{reaction="notify-on-receipt"\} [1-9]\d*$/m);
    expect(metrics.text).toMatch(/^kuaige_projector_lease_active 1$/m);

    down = false;
    while ((await readSide.reactor.status())[0]!.lagEvents > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    const recovered = await http().get('/ready').set('authorization', `Bearer ${token}`).expect(200);
    expect(recovered.body.details.reactions).toMatchObject({ status: 'up', maxLagEvents: 0 });
    expect((await http().get('/metrics').set('authorization', `Bearer ${token}`)).text).toMatch(/^kuaige_reaction_commands_total\{reaction="notify-on-receipt"\} 1$/m);
  });
});
