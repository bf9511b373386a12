// The work-order list's drill-through filters (issue #15): the parties of an order (provider, engineer,
// requester, manufacturer), its SLA, rework, a low score and the completion day — through the real HTTP
// stack, each joined to the caller's scope under $and, so that a filter only ever narrows: the Guangdong
// operator asking for a provider's orders sees that provider's orders in Guangdong, never Zhejiang's.
// Also the operations board's live counts (GET /api/v1/analytics/live), which are these same queries.
import { randomUUID } from 'node:crypto';
import type { WorkOrderEvent } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { jurisdictionOf } from '@kuaige/tenancy';
import { specMetadata } from '@kuaige/testkit';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { maintenanceRequested, workOrderDispatched } from '../sla/testing/work-order-events';
import { enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';

type Party = { enterpriseId: string; admin: Person };

/** Waits until `probe` holds (the SLA reaction and its deadline jobs run on their own). */
const eventually = async (probe: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('work-order list filters and the live board counts, inside the caller’s scope', () => {
  let t: IdentityApp;
  let events: EventStore;
  let guangdong: { nodeId: string; admin: Person };
  let zhejiang: { nodeId: string; admin: Person };
  let userGd: Party;
  let userZj: Party;
  let providerA: Party;
  let providerB: Party;
  const engineerId = `eng-${randomUUID().slice(0, 8)}`;
  const makerId = `maker-${randomUUID().slice(0, 8)}`;
  // gdA: Guangdong, provider A's engineer on it, reworked, overdue (raised long ago).
  // gdB: Guangdong, provider B, completed today and scored 2. zjA: Zhejiang, provider A. gdNew: Guangdong, waiting.
  const ids = { gdA: randomUUID(), gdB: randomUUID(), zjA: randomUUID(), gdNew: randomUUID() };
  const now = () => t.clock.now().toISOString();

  const raise = async (workOrderId: string, requester: Party, countyCode: string, at: string, rest: WorkOrderEvent[], manufacturerId: string | null = null) => {
    const requested = maintenanceRequested(workOrderId, { requesterId: requester.enterpriseId, requesterUserId: requester.admin.userId, priority: 'normal', at, countyCode });
    const withMaker = { ...requested, data: { ...requested.data, manufacturerId, device: { ...requested.data.device, manufacturerId } } };
    const tenantIds = [requester.enterpriseId, ...(manufacturerId ? [manufacturerId] : [])];
    await events.append(
      `WorkOrder-${workOrderId}`,
      [withMaker, ...rest].map((e) => ({ eventId: randomUUID(), type: e.type, data: e.data, metadata: specMetadata({ tenantIds, jurisdiction: jurisdictionOf(countyCode) }) })),
      'no_stream',
    );
  };
  const list = async (who: Person, query: Record<string, string>) => {
    const res = await t.http().get('/api/v1/work-orders').query({ pageSize: '100', ...query }).set(bearer(who)).expect(200);
    return (res.body.items as { id: string }[]).map((i) => i.id).sort();
  };
  const sorted = (...orders: string[]) => [...orders].sort();

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    const root = await nationalRoot(t);
    guangdong = await nodeWithAdmin(t, root.admin, '44');
    zhejiang = await nodeWithAdmin(t, root.admin, '33');
    userGd = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    providerA = await enterpriseWithAdmin(t, '440305', 'service-provider');
    providerB = await enterpriseWithAdmin(t, '440305', 'service-provider');
    userZj = await enterpriseWithAdmin(t, '330106', 'equipment-user');
    // Enterprises are reviewed by the operator of their city.
    const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    const hangzhou = await nodeWithAdmin(t, zhejiang.admin, '3301');
    for (const e of [userGd, providerA, providerB]) await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(shenzhen.admin)).send({}).expect(200);
    await t.http().post(`/api/v1/enterprises/${userZj.enterpriseId}/approve`).set(bearer(hangzhou.admin)).send({}).expect(200);

    const at = now();
    const byUser = { kind: 'enterprise' as const, enterpriseId: userGd.enterpriseId, userId: userGd.admin.userId };
    // Raised on Monday 2026-03-09 09:00 (Shanghai): its response target ran out that morning.
    await raise(
      ids.gdA,
      userGd,
      '440305',
      '2026-03-09T01:00:00.000Z',
      [
        workOrderDispatched(providerA.enterpriseId, guangdong.nodeId, 'normal', at),
        { type: 'DispatchAccepted', data: { providerId: providerA.enterpriseId, at } },
        { type: 'WorkOrderReopened', data: { by: byUser, reason: '又坏了', at } },
        { type: 'EngineerAssigned', data: { engineerId, at } },
      ],
      makerId,
    );
    await raise(
      ids.gdB,
      userGd,
      '440106',
      at,
      [
        workOrderDispatched(providerB.enterpriseId, guangdong.nodeId, 'normal', at),
        { type: 'WorkCompleted', data: { summary: '', at } },
        { type: 'WorkOrderEvaluated', data: { by: 'equipment-user', score: 2, opinion: '', at } },
      ],
      makerId,
    );
    await raise(ids.zjA, userZj, '330106', at, [workOrderDispatched(providerA.enterpriseId, zhejiang.nodeId, 'normal', at)]);
    await raise(ids.gdNew, userGd, '440305', at, []);
    await eventually(async () => (await list(guangdong.admin, { sla: 'breached' })).includes(ids.gdA), 'the old order’s SLA breach');
  }, 240_000);
  afterAll(() => t.close());

  it('narrows by provider inside the caller’s scope: the province sees the provider’s orders in the province only', async () => {
    expect(await list(guangdong.admin, { providerId: providerA.enterpriseId })).toEqual([ids.gdA]);
    expect(await list(zhejiang.admin, { providerId: providerA.enterpriseId })).toEqual([ids.zjA]);
    // The provider itself sees both of its orders, and nothing of another provider's by naming it.
    expect(await list(providerA.admin, { providerId: providerA.enterpriseId })).toEqual(sorted(ids.gdA, ids.zjA));
    expect(await list(providerA.admin, { providerId: providerB.enterpriseId })).toEqual([]);
    expect(await list(guangdong.admin, { providerId: providerA.enterpriseId, region: '33' })).toEqual([]);
  });

  it('names the parties filtered by when an order in scope holds them, and no one else', async () => {
    const named = async (who: Person, query: Record<string, string>) => (await t.http().get('/api/v1/work-orders').query(query).set(bearer(who)).expect(200)).body.parties;
    const { name } = (await t.http().get(`/api/v1/enterprises/${providerA.enterpriseId}`).set(bearer(providerA.admin)).expect(200)).body;
    expect(await named(guangdong.admin, { providerId: providerA.enterpriseId })).toEqual({ [providerA.enterpriseId]: name });
    // Zhejiang's operator holds no order of Guangdong's equipment user: its name stays unknown there.
    expect(await named(zhejiang.admin, { requesterId: userGd.enterpriseId })).toEqual({});
    expect(await named(guangdong.admin, { status: 'submitted' })).toBeUndefined();
  });

  it('narrows by engineer, requester and manufacturer, never beyond the scope', async () => {
    expect(await list(guangdong.admin, { assigneeId: engineerId })).toEqual([ids.gdA]);
    expect(await list(guangdong.admin, { requesterId: userGd.enterpriseId })).toEqual(sorted(ids.gdA, ids.gdB, ids.gdNew));
    expect(await list(guangdong.admin, { requesterId: userZj.enterpriseId })).toEqual([]);
    expect(await list(zhejiang.admin, { requesterId: userZj.enterpriseId })).toEqual([ids.zjA]);
    expect(await list(guangdong.admin, { manufacturerId: makerId })).toEqual(sorted(ids.gdA, ids.gdB));
    expect(await list(userZj.admin, { manufacturerId: makerId })).toEqual([]);
  });

  it('narrows by the measures of the charts: SLA breached or met, reworked, a low score, completed today', async () => {
    expect(await list(guangdong.admin, { sla: 'breached' })).toEqual([ids.gdA]);
    expect(await list(guangdong.admin, { sla: 'met' })).toEqual(sorted(ids.gdB, ids.gdNew));
    expect(await list(guangdong.admin, { reopened: 'true' })).toEqual([ids.gdA]);
    expect(await list(guangdong.admin, { reopened: 'false' })).toEqual(sorted(ids.gdB, ids.gdNew));
    expect(await list(guangdong.admin, { rated: 'low' })).toEqual([ids.gdB]);
    const today = new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(await list(guangdong.admin, { completedFrom: today, completedTo: today })).toEqual([ids.gdB]);
    expect(await list(guangdong.admin, { completedTo: '2026-01-01' })).toEqual([]);
    // Filters combine: provider A's overdue rework in Nanshan.
    expect(await list(guangdong.admin, { providerId: providerA.enterpriseId, sla: 'breached', reopened: 'true', region: '440305' })).toEqual([ids.gdA]);
    expect(await list(guangdong.admin, { providerId: providerB.enterpriseId, sla: 'breached' })).toEqual([]);
  });

  it('refuses bad filters with 400 naming field and rule', async () => {
    const res = await t
      .http()
      .get('/api/v1/work-orders')
      .query({ providerId: 'a b', assigneeId: '../x', requesterId: 'x'.repeat(65), manufacturerId: '$ne', sla: 'late', reopened: 'yes', rated: 'bad', completedFrom: '2026-13-45' })
      .set(bearer(guangdong.admin))
      .expect(400);
    expect(res.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`).sort()).toEqual(
      [
        'assigneeId:matches',
        'completedFrom:dateOrInstant',
        'manufacturerId:matches',
        'providerId:matches',
        'rated:isIn',
        'reopened:isBoolean',
        'requesterId:matches',
        'sla:isIn',
      ].sort(),
    );
  });

  it('counts the board’s numbers in the caller’s scope, each with the list query that shows its orders', async () => {
    const live = async (who: Person, query: Record<string, string> = {}) => (await t.http().get('/api/v1/analytics/live').query(query).set(bearer(who)).expect(200)).body;
    const board = await live(guangdong.admin);
    const counts = Object.fromEntries(board.counts.map((c: { key: string; count: number }) => [c.key, c.count]));
    expect(counts).toEqual({ requestsToday: 2, open: 3, awaitingDispatch: 1, inProgress: 1, overdue: 1, completedToday: 1 });
    expect(board.recent.map((r: { id: string }) => r.id).sort()).toEqual(sorted(ids.gdA, ids.gdB, ids.gdNew));
    expect(board.recent[0]).not.toHaveProperty('scope');
    // Each number is the total of its list query.
    for (const c of board.counts as { key: string; count: number; query: Record<string, string> }[]) {
      const res = await t.http().get('/api/v1/work-orders').query({ ...c.query, pageSize: '1' }).set(bearer(guangdong.admin)).expect(200);
      expect({ key: c.key, total: res.body.total }).toEqual({ key: c.key, total: c.count });
    }
    const overdue = board.counts.find((c: { key: string }) => c.key === 'overdue');
    expect(overdue.query).toEqual({ status: expect.stringContaining('in-progress'), sla: 'breached' });

    // Zhejiang's operator counts Zhejiang's order only; Guangzhou inside Guangdong narrows; Zhejiang named by Guangdong is empty.
    expect((await live(zhejiang.admin)).counts.find((c: { key: string }) => c.key === 'open').count).toBe(1);
    const guangzhou = await live(guangdong.admin, { regionCode: '4401', recent: '5' });
    expect(guangzhou.recent.map((r: { id: string }) => r.id)).toEqual([ids.gdB]);
    expect(guangzhou.counts.find((c: { key: string }) => c.key === 'completedToday')).toMatchObject({ count: 1, query: expect.objectContaining({ region: '4401' }) });
    expect((await live(guangdong.admin, { regionCode: '33' })).counts.every((c: { count: number }) => c.count === 0)).toBe(true);

    const bad = await t.http().get('/api/v1/analytics/live').query({ regionCode: '4', recent: '500' }).set(bearer(guangdong.admin)).expect(400);
    expect(bad.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`).sort()).toEqual(['recent:max', 'regionCode:matches']);
  });
});
