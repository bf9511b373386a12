// The SLA clock following a real work order through the work-order API: the request starts it on the
// office calendar, the provider's acceptance meets the response target, the engineer's pause stops it
// and the resume moves the deadline on, completion meets the resolution target; a cancelled order's
// clock stops. The reaction runs from the event store as in production.
import { randomUUID } from 'node:crypto';
import { addBusinessTime, businessMinutesBetween, CHINA_BUSINESS_CALENDAR, slaStream } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';
import { registerDevice } from '../work-orders/testing/work-order-world';

type Clock = Record<string, unknown> & { status: string; paused: boolean; responseDueAt: string | null; resolutionDueAt: string | null };

describe('an SLA clock following a work order through the API', () => {
  let t: IdentityApp;
  let events: EventStore;
  let cityOperator: Person;
  let siblingOperator: Person;
  let ownerAdmin: Person;
  let providerAdmin: Person;
  let engineer: Person;
  let owner: { enterpriseId: string; admin: Person };
  let provider: { enterpriseId: string; admin: Person };

  const post = (who: Person, path: string, body: object = {}) => t.http().post(path).set(bearer(who)).set('Idempotency-Key', randomUUID()).send(body);
  const step = async (who: Person, id: string, name: string, body: object = {}) => {
    const res = await post(who, `/api/v1/work-orders/${id}/${name}`, body);
    if (res.status !== 200) throw new Error(`${name} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown>;
  };
  /** The clock once `ready` holds for it (the reaction applies the order's events on its own). */
  const clockOf = async (who: Person, id: string, ready: (c: Clock) => boolean): Promise<Clock> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const res = await t.http().get(`/api/v1/work-orders/${id}/sla`).set(bearer(who));
      if (res.status === 200 && ready(res.body as Clock)) return res.body as Clock;
      if (Date.now() > deadline) throw new Error(`the clock of ${id} never got there: ${res.status} ${JSON.stringify(res.body)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const request = async (priority: string): Promise<{ id: string; submittedAt: string }> => {
    const deviceId = await registerDevice(t, { enterpriseId: owner.enterpriseId, userId: ownerAdmin.userId }, null, '440305');
    const res = await post(ownerAdmin, '/api/v1/work-orders', {
      deviceId,
      fault: { type: 'mechanical', description: '排气温度过高，自动停机', attachments: [] },
      priority,
      contact: { name: '张工', phone: '13800138000' },
    });
    if (res.status !== 201) throw new Error(`the request answered ${res.status}: ${JSON.stringify(res.body)}`);
    return { id: String(res.body.id), submittedAt: String(res.body.submittedAt) };
  };

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    const guangzhou = await nodeWithAdmin(t, guangdong.admin, '4401');
    cityOperator = shenzhen.admin;
    siblingOperator = guangzhou.admin;
    owner = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    provider = await enterpriseWithAdmin(t, '440305', 'service-provider');
    for (const e of [owner, provider]) await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(cityOperator)).send({}).expect(200);
    ownerAdmin = owner.admin;
    providerAdmin = provider.admin;
    engineer = await employeeOf(t, provider, ['engineer']);
  }, 180_000);
  afterAll(() => t.close());

  it('starts, meets the response, pauses, resumes with the deadline moved on, and meets the resolution', async () => {
    const { id, submittedAt } = await request('urgent');
    const started = await clockOf(ownerAdmin, id, () => true);
    expect(started).toMatchObject({
      workOrderId: id,
      priority: 'urgent',
      status: 'running',
      startedAt: submittedAt,
      responseDueAt: addBusinessTime(submittedAt, 120, CHINA_BUSINESS_CALENDAR).toISOString(),
      resolutionDueAt: addBusinessTime(submittedAt, 480, CHINA_BUSINESS_CALENDAR).toISOString(),
      breached: [],
    });
    await t.http().get(`/api/v1/work-orders/${id}/sla`).set(bearer(siblingOperator)).expect(404);
    await t.http().get(`/api/v1/work-orders/${id}/sla`).set(bearer(providerAdmin)).expect(404);

    await step(cityOperator, id, 'dispatch', { providerId: provider.enterpriseId, suggestion: null });
    // Dispatched: the provider sees the order, and with it the clock.
    await clockOf(providerAdmin, id, () => true);
    const accepted = await step(providerAdmin, id, 'accept');
    const met = await clockOf(providerAdmin, id, (c) => c['responseMetAt'] !== null);
    expect(met).toMatchObject({ responseMetAt: accepted['updatedAt'], responseDueAt: null, met: ['response'], breached: [] });

    await step(providerAdmin, id, 'assign', { engineerId: engineer.userId });
    await step(engineer, id, 'engineer-accept');
    await step(engineer, id, 'start');
    await step(engineer, id, 'records', { steps: '检查冷却风扇', parts: [{ name: '风扇电机', quantity: 1, unit: '台' }], tools: ['万用表'], cause: '风扇电机烧毁', result: '更换后温度正常' });
    const paused = await step(engineer, id, 'pause', { reason: 'awaiting-parts', note: '等风扇电机' });
    const whilePaused = await clockOf(engineer, id, (c) => c.paused);
    expect(whilePaused).toMatchObject({ status: 'paused', pausedAt: paused['updatedAt'], resolutionDueAt: null });

    const resumed = await step(engineer, id, 'resume');
    const running = await clockOf(engineer, id, (c) => !c.paused);
    // The business minutes used before the pause count; the rest run from the resume.
    const used = businessMinutesBetween(submittedAt, String(paused['updatedAt']), CHINA_BUSINESS_CALENDAR);
    expect(running).toMatchObject({ status: 'running', resolutionDueAt: addBusinessTime(String(resumed['updatedAt']), 480 - used, CHINA_BUSINESS_CALENDAR).toISOString() });

    const completed = await step(engineer, id, 'complete', { summary: '已修复' });
    const done = await clockOf(ownerAdmin, id, (c) => c['resolutionMetAt'] !== null);
    expect(done).toMatchObject({ resolutionMetAt: completed['updatedAt'], resolutionDueAt: null, met: ['response', 'resolution'], breached: [], escalationLevel: 0 });
    expect((await events.readStream(slaStream(id))).map((e) => e.type)).toEqual([
      'SlaStarted',
      'SlaProviderChanged',
      'SlaTargetMet',
      'SlaPaused',
      'SlaResumed',
      'SlaTargetMet',
    ]);
  });

  it('stops the clock of a cancelled order', async () => {
    const { id } = await request('normal');
    await clockOf(ownerAdmin, id, () => true);
    await step(ownerAdmin, id, 'cancel', { reason: '设备已自行恢复' });
    expect(await clockOf(cityOperator, id, (c) => c.status === 'stopped')).toMatchObject({ stoppedReason: 'cancelled', responseDueAt: null, resolutionDueAt: null });
  });
});
