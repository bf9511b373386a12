// Exactly one settlement per reported receipt, across replays and restarts: the creation reaction is
// replayed from checkpoint 0 on a restart on the same data directory, triggered again by hand under
// other command ids, and raced by the evaluation-window sweep — the order still has one settlement,
// created by one event, and its read model holds one row.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { settlementStream } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/config';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { ReadSide } from '../event-sourcing/read-side';
import { SqliteCheckpointStore } from '../event-sourcing/sqlite-checkpoint-store';
import { bearer, type IdentityApp } from '../identity/testing/identity-app';
import { Clock } from '../identity/clock';
import { resolveAdminToken } from '../admin/admin-token';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';
import { testLogEnv } from '../testing/test-logs';
import { SETTLEMENT_REACTION, SettlementCreation, settlementIdOf } from './application/settlement-creation';
import { SETTLEMENT_SYSTEM_ACTOR } from './application/settlements';
import { SETTLEMENTS_COLLECTION } from './read-models/settlements.projections';

const ROOMY = { AUTH_RATE_LIMIT_PER_MINUTE: '100000', LOGIN_ATTEMPTS_PER_IP: '100000', SMS_CODES_PER_IP_PER_HOUR: '100000' };

/** The product on `dataDir`, as the identity specs start it, so that a second start finds the first one's data. */
const start = async (dataDir: string): Promise<IdentityApp> => {
  const saved = Object.fromEntries(Object.keys(ROOMY).map((k) => [k, process.env[k]]));
  Object.assign(process.env, ROOMY);
  let app: NestFastifyApplication;
  try {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, CONSOLE_DIR: 'off', ...testLogEnv() });
    app = await createApp(config);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    dataDir,
    clock: app.get(Clock),
    adminToken: resolveAdminToken(null, dataDir),
    http: () => request(app.getHttpServer()),
    close: () => app.close(),
  };
};

const until = async (what: string, check: () => Promise<boolean>) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting until ${what}`);
};

describe('exactly one settlement per reported receipt', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kuaige-settle-once-'));
  let t: IdentityApp;
  let orderId: string;
  /** Reported, never evaluated: settled when the evaluation window runs out. */
  let unevaluatedId: string;

  const createdEvents = async (app: IdentityApp, id = orderId) =>
    (await app.app.get<EventStore>(EVENT_STORE).readStream(settlementStream(settlementIdOf(id)))).filter(
      (e) => e.type === 'SettlementCreated',
    );
  const rows = (app: IdentityApp, id = orderId) =>
    app.app
      .get<ReadModelStore>(READ_MODEL_STORE)
      .collection(SETTLEMENTS_COLLECTION)
      .count({ $and: [{ workOrderId: id }, visibleRows] });

  beforeAll(async () => {
    t = await start(dataDir);
    const post = async (who: Person, path: string, body: object = {}) => {
      const res = await t.http().post(path).set(bearer(who)).set('Idempotency-Key', randomUUID()).send(body);
      if (res.status >= 300) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res;
    };
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const city = (await nodeWithAdmin(t, guangdong.admin, '4403')).admin;
    const owner = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    const provider = await enterpriseWithAdmin(t, '440305', 'service-provider');
    for (const e of [owner, provider]) await post(city, `/api/v1/enterprises/${e.enterpriseId}/approve`);
    const engineer = await employeeOf(t, provider, ['engineer']);
    const device = await post(owner.admin, '/api/v1/devices', {
      number: `SN-ONCE-${process.pid}`,
      name: '空压机',
      model: 'GA-37',
      type: 'air-compressor',
      countyCode: '440305',
      address: '科技园 1 号',
    });
    orderId = String(
      (
        await post(owner.admin, '/api/v1/work-orders', {
          deviceId: device.body.id,
          fault: { type: 'electrical', description: '开机后压力上不去，伴有明显异响' },
          priority: 'high',
          contact: { name: '张工', phone: '13800138000' },
        })
      ).body.id,
    );
    // Its own device: a second open order on one device waits for a manual review.
    const second = await post(owner.admin, '/api/v1/devices', {
      number: `SN-ONCE-${process.pid}-2`,
      name: '空压机',
      model: 'GA-37',
      type: 'air-compressor',
      countyCode: '440305',
      address: '科技园 2 号',
    });
    const reported = async (): Promise<string> => {
      const id = String(
        (
          await post(owner.admin, '/api/v1/work-orders', {
            deviceId: second.body.id,
            fault: { type: 'electrical', description: '开机后压力上不去，伴有明显异响' },
            priority: 'high',
            contact: { name: '张工', phone: '13800138000' },
          })
        ).body.id,
      );
      const step = (who: Person, name: string, body: object = {}) => post(who, `/api/v1/work-orders/${id}/${name}`, body);
      await step(city, 'dispatch', {
        providerId: provider.enterpriseId,
        suggestion: { rank: 1, suggestedProviderId: provider.enterpriseId },
      });
      await step(provider.admin, 'accept');
      await step(provider.admin, 'assign', { engineerId: engineer.userId });
      await step(engineer, 'engineer-accept');
      await step(engineer, 'start');
      await step(engineer, 'records', { steps: '更换进气阀', parts: [], tools: [], cause: '磨损', result: '正常' });
      await step(engineer, 'complete', { summary: '已修复' });
      await step(engineer, 'receipt', { summary: '请验收' });
      await step(provider.admin, 'receipt/approve', { opinion: '合格' });
      await step(provider.admin, 'receipt/report');
      return id;
    };
    unevaluatedId = await reported();
    const step = (who: Person, name: string, body: object = {}) => post(who, `/api/v1/work-orders/${orderId}/${name}`, body);
    await step(city, 'dispatch', {
      providerId: provider.enterpriseId,
      suggestion: { rank: 1, suggestedProviderId: provider.enterpriseId },
    });
    await step(provider.admin, 'accept');
    await step(provider.admin, 'assign', { engineerId: engineer.userId });
    await step(engineer, 'engineer-accept');
    await step(engineer, 'start');
    await step(engineer, 'records', { steps: '更换进气阀', parts: [], tools: [], cause: '磨损', result: '正常' });
    await step(engineer, 'complete', { summary: '已修复' });
    await step(engineer, 'receipt', { summary: '请验收' });
    await step(provider.admin, 'receipt/approve', { opinion: '合格' });
    await step(provider.admin, 'receipt/report');
    // The device has no manufacturer on the platform: the user's evaluation alone closes the order.
    await step(owner.admin, 'evaluations', { score: 5 });
    await until('the reaction created the settlement', async () => (await rows(t)) === 1);
  }, 240_000);
  afterAll(() => t.close());

  it('is created for a reported order without evaluations once the evaluation window (7 days) has run out, once', async () => {
    const creation = t.app.get(SettlementCreation);
    const day = 86_400_000;
    await creation.sweep(new Date(Date.now() + 6 * day));
    expect(await createdEvents(t, unevaluatedId)).toHaveLength(0);
    await creation.sweep(new Date(Date.now() + 8 * day));
    await creation.sweep(new Date(Date.now() + 9 * day));
    const created = await createdEvents(t, unevaluatedId);
    expect(created.map((e) => (e.data as { trigger: string }).trigger)).toEqual(['evaluation-window-expired']);
    await until('the settlement row is there', async () => (await rows(t, unevaluatedId)) === 1);
  });

  it('is created once by the reaction, whatever else triggers it', async () => {
    expect(await createdEvents(t)).toHaveLength(1);
    const creation = t.app.get(SettlementCreation);
    // The same trigger again under other command ids, and the window sweep a year later: nothing new.
    for (let i = 0; i < 3; i++)
      expect(await creation.create(orderId, 'evaluated', { commandId: randomUUID(), actor: SETTLEMENT_SYSTEM_ACTOR })).toMatchObject({
        duplicate: true,
      });
    await creation.sweep(new Date(Date.now() + 365 * 86_400_000));
    expect(await createdEvents(t)).toHaveLength(1);
    expect(await rows(t)).toBe(1);
  });

  it('stays one after the reaction is replayed from checkpoint 0 on a restart on the same data directory', async () => {
    await t.close();
    const checkpoints = new SqliteCheckpointStore(join(dataDir, 'checkpoints.sqlite'));
    expect(await checkpoints.load(SETTLEMENT_REACTION)).toBeGreaterThan(0);
    await checkpoints.save(SETTLEMENT_REACTION, 0);
    checkpoints.close();

    t = await start(dataDir);
    const readSide = t.app.get(ReadSide);
    await until('the reaction replayed the log', async () => {
      const status = (await readSide.reactor?.status())?.find((s) => s.name === SETTLEMENT_REACTION);
      return status !== undefined && status.lagEvents === 0 && status.duplicates >= 1;
    });
    const status = (await readSide.reactor!.status()).find((s) => s.name === SETTLEMENT_REACTION)!;
    expect(status).toMatchObject({ state: 'live', lagEvents: 0 });
    expect(status.duplicates).toBeGreaterThanOrEqual(1);
    await t.app.get(SettlementCreation).swept;
    expect(await createdEvents(t)).toHaveLength(1);
    expect(await rows(t)).toBe(1);
    expect(await createdEvents(t, unevaluatedId)).toHaveLength(1);
  });
});
