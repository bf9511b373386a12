// The SLA clocks through the real product: work-order events in the store drive the durable reaction,
// the deadline jobs (in-process) breach and escalate an overdue order, and the routes show the clock and
// its alerts to whoever may see the order — and to no one else (404).
import { randomUUID } from 'node:crypto';
import { slaStream } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { jurisdictionOf } from '@kuaige/tenancy';
import { specMetadata } from '@kuaige/testkit';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';
import { maintenanceRequested, workOrderDispatched } from './testing/work-order-events';

const sh = (local: string): string => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();

/** Waits until `probe` returns something (the reaction, the jobs and the projections run on their own). */
const eventually = async <T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('SLA clocks and alerts over HTTP', () => {
  let t: IdentityApp;
  let events: EventStore;
  let shenzhen: { nodeId: string; admin: Person };
  let guangzhou: { nodeId: string; admin: Person };
  let nanshan: { nodeId: string; admin: Person };
  let requester: { enterpriseId: string; admin: Person };
  let provider: { enterpriseId: string; admin: Person };
  let stranger: { enterpriseId: string; admin: Person };
  const workOrderId = randomUUID();
  const orderStream = `WorkOrder-${workOrderId}`;
  const slaEvents = async () => (await events.readStream(slaStream(workOrderId))).map((e) => e.type);

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    guangzhou = await nodeWithAdmin(t, guangdong.admin, '4401');
    nanshan = await nodeWithAdmin(t, shenzhen.admin, '440305');
    requester = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    provider = await enterpriseWithAdmin(t, '440305', 'service-provider');
    stranger = await enterpriseWithAdmin(t, '440106', 'equipment-user');
    for (const e of [requester, provider]) await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(shenzhen.admin)).send({}).expect(200);
    await t.http().post(`/api/v1/enterprises/${stranger.enterpriseId}/approve`).set(bearer(guangzhou.admin)).send({}).expect(200);
    // An urgent request from Monday 2026-03-09 09:00 (Shanghai), long overdue now: the deadline jobs run at once.
    await events.append(
      orderStream,
      [
        {
          eventId: randomUUID(),
          ...maintenanceRequested(workOrderId, { requesterId: requester.enterpriseId, requesterUserId: requester.admin.userId, priority: 'urgent', at: sh('2026-03-09 09:00') }),
          metadata: specMetadata({ tenantIds: [requester.enterpriseId], jurisdiction: jurisdictionOf('440305') }),
        },
      ],
      'no_stream',
    );
    await eventually(async () => (await slaEvents()).filter((type) => type === 'SlaEscalated').length === 2, 'both escalations');
  }, 240_000);
  afterAll(() => t.close());

  it('shows the clock on the business calendar to the requester and the operators of the order’s jurisdiction', async () => {
    for (const person of [requester.admin, nanshan.admin, shenzhen.admin]) {
      const res = await t.http().get(`/api/v1/work-orders/${workOrderId}/sla`).set(bearer(person)).expect(200);
      expect(res.body).toMatchObject({
        workOrderId,
        priority: 'urgent',
        calendar: 'cn-office-hours',
        targets: { response: 120, resolution: 480 },
        status: 'running',
        startedAt: sh('2026-03-09 09:00'),
        responseDueAt: sh('2026-03-09 11:00'),
        resolutionDueAt: sh('2026-03-09 18:00'),
        breached: ['response', 'resolution'],
        escalationLevel: 1,
      });
      expect(res.body).not.toHaveProperty('scope');
    }
  });

  it('answers 404 to operators of a sibling region, other enterprises and the provider before the dispatch', async () => {
    for (const person of [guangzhou.admin, stranger.admin, provider.admin]) {
      const res = await t.http().get(`/api/v1/work-orders/${workOrderId}/sla`).set(bearer(person)).expect(404);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'id', rule: 'exists' })]);
    }
    await t.http().get(`/api/v1/work-orders/${randomUUID()}/sla`).set(bearer(shenzhen.admin)).expect(404);
  });

  it('raised each breach and escalation once, escalating to the operator above the county’s', async () => {
    expect((await slaEvents()).sort()).toEqual(['SlaBreached', 'SlaBreached', 'SlaEscalated', 'SlaEscalated', 'SlaStarted']);
    const res = await t.http().get('/api/v1/alerts').set(bearer(shenzhen.admin)).expect(200);
    expect(res.body).toMatchObject({ total: 4, page: 1, pageSize: 20 });
    expect(res.body.items.map((a: { alert: string }) => a.alert).sort()).toEqual(['resolution-breach', 'resolution-escalation-1', 'response-breach', 'response-escalation-1']);
    const escalations = await t.http().get('/api/v1/alerts?kind=escalation').set(bearer(nanshan.admin)).expect(200);
    expect(escalations.body.items).toEqual([
      expect.objectContaining({ kind: 'escalation', workOrderId, level: 1, toNodeId: shenzhen.nodeId, acknowledged: false }),
      expect.objectContaining({ kind: 'escalation', workOrderId, level: 1, toNodeId: shenzhen.nodeId, acknowledged: false }),
    ]);
    const paged = await t.http().get('/api/v1/alerts?pageSize=1&page=2&target=response').set(bearer(requester.admin)).expect(200);
    expect(paged.body).toMatchObject({ total: 2, page: 2, pageSize: 1, items: [expect.objectContaining({ target: 'response' })] });
  });

  it('lists nothing of the order to a sibling region or another enterprise', async () => {
    for (const person of [guangzhou.admin, stranger.admin]) {
      const res = await t.http().get(`/api/v1/alerts?workOrderId=${workOrderId}`).set(bearer(person)).expect(200);
      expect(res.body).toMatchObject({ total: 0, items: [] });
    }
  });

  it('refuses bad filters with 400 naming field and rule', async () => {
    const res = await t.http().get('/api/v1/alerts?kind=fire&pageSize=500').set(bearer(shenzhen.admin)).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['kind', 'pageSize']);
  });

  it('lets the provider see and take on the alerts once dispatched; the requester may not, a sibling region sees nothing', async () => {
    await events.append(
      orderStream,
      [{ eventId: randomUUID(), ...workOrderDispatched(provider.enterpriseId, nanshan.nodeId, 'urgent', new Date().toISOString()), metadata: specMetadata({ tenantIds: [requester.enterpriseId, provider.enterpriseId], jurisdiction: jurisdictionOf('440305') }) }],
      0,
    );
    const alertId = `${workOrderId}.response-breach`;
    await eventually(async () => (await t.http().get(`/api/v1/alerts?workOrderId=${workOrderId}`).set(bearer(provider.admin))).body.total === 4, 'the provider seeing the alerts');
    await t.http().get(`/api/v1/work-orders/${workOrderId}/sla`).set(bearer(provider.admin)).expect(200);

    const before = (await slaEvents()).length;
    const refused = await t.http().post(`/api/v1/alerts/${alertId}/acknowledge`).set(bearer(requester.admin)).set('Idempotency-Key', randomUUID()).expect(403);
    expect(refused.body.errors).toEqual([expect.objectContaining({ rule: 'not-your-role' })]);
    await t.http().post(`/api/v1/alerts/${alertId}/acknowledge`).set(bearer(guangzhou.admin)).set('Idempotency-Key', randomUUID()).expect(404);
    await t.http().post(`/api/v1/alerts/${workOrderId}.nothing/acknowledge`).set(bearer(provider.admin)).set('Idempotency-Key', randomUUID()).expect(404);
    expect((await slaEvents()).length).toBe(before);

    const key = randomUUID();
    const taken = await t.http().post(`/api/v1/alerts/${alertId}/acknowledge`).set(bearer(provider.admin)).set('Idempotency-Key', key).expect(200);
    expect(taken.body).toMatchObject({ id: alertId, acknowledged: true, acknowledgedBy: { kind: 'enterprise', enterpriseId: provider.enterpriseId, userId: provider.admin.userId } });
    const again = await t.http().post(`/api/v1/alerts/${alertId}/acknowledge`).set(bearer(provider.admin)).set('Idempotency-Key', key).expect(200);
    expect(again.body).toEqual(taken.body);
    await t.http().post(`/api/v1/alerts/${alertId}/acknowledge`).set(bearer(shenzhen.admin)).set('Idempotency-Key', randomUUID()).expect(200);
    expect((await slaEvents()).filter((type) => type === 'SlaAlertAcknowledged')).toHaveLength(1);

    const open = await t.http().get(`/api/v1/alerts?acknowledged=false&workOrderId=${workOrderId}`).set(bearer(shenzhen.admin)).expect(200);
    expect(open.body.total).toBe(3);
    const guangzhouSees = await t.http().get('/api/v1/alerts').set(bearer(guangzhou.admin)).expect(200);
    expect(guangzhouSees.body.total).toBe(0);
  });
});
