// Appointments and return visits through the real HTTP stack, with the product's own reaction and
// in-process jobs: the provider proposes slots, the equipment user asks for another time and then
// confirms one, the reminder is recorded once (also when its job runs again); the closing of an order
// schedules its return visit, which the provider records with the customer's satisfaction.
import { randomUUID } from 'node:crypto';
import { appointmentStream, returnVisitStream } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { workOrderInStore, type OrderParties } from '../knowledge/testing/work-order-in-store';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';
import { appointmentReminderJobId, APPOINTMENT_SYSTEM_ACTOR, Appointments } from './application/appointments';
import { digestUuid } from '@kuaige/eventsourcing';

type Response = { status: number; body: Record<string, unknown> & { errors?: { field: string; rule: string }[]; items?: Record<string, unknown>[] } };

const eventually = async <T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('appointments and return visits over HTTP', () => {
  let t: IdentityApp;
  let events: EventStore;
  let userAdmin: Person;
  let userEmployee: Person;
  let providerAdmin: Person;
  let engineer: Person;
  let cityOperator: Person;
  let strangerAdmin: Person;
  let parties: OrderParties;

  const post = (who: Person, path: string, body: object = {}, key = randomUUID()): Promise<Response> =>
    t.http().post(path).set(bearer(who)).set('Idempotency-Key', key).send(body) as unknown as Promise<Response>;
  const get = (who: Person, path: string): Promise<Response> => t.http().get(path).set(bearer(who)) as unknown as Promise<Response>;
  const ruleOf = (res: Response) => ({ status: res.status, field: res.body.errors?.[0]?.field, rule: res.body.errors?.[0]?.rule });
  const typesOf = async (stream: string) => (await events.readStream(stream)).map((e) => e.type);
  const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    const guangzhou = await nodeWithAdmin(t, guangdong.admin, '4401');
    cityOperator = shenzhen.admin;
    const user = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    const provider = await enterpriseWithAdmin(t, '440305', 'service-provider');
    const stranger = await enterpriseWithAdmin(t, '440106', 'equipment-user');
    for (const e of [user, provider]) await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(cityOperator)).send({}).expect(200);
    await t.http().post(`/api/v1/enterprises/${stranger.enterpriseId}/approve`).set(bearer(guangzhou.admin)).send({}).expect(200);
    userAdmin = user.admin;
    providerAdmin = provider.admin;
    strangerAdmin = stranger.admin;
    userEmployee = await employeeOf(t, user, ['member']);
    engineer = await employeeOf(t, provider, ['engineer']);
    parties = { requesterId: user.enterpriseId, requesterUserId: userAdmin.userId, manufacturerId: null, providerId: provider.enterpriseId, engineerId: engineer.userId, nodeId: shenzhen.nodeId };
  }, 240_000);
  afterAll(() => t.close());

  it('takes slots from the provider’s engineer, a request for another time and a confirmation from the equipment user, and reminds once', async () => {
    const orderId = await workOrderInStore(events, parties, 'assigned');
    const base = `/api/v1/work-orders/${orderId}/appointment`;
    expect(await get(userAdmin, base)).toMatchObject({ status: 200, body: { status: 'none', actions: [] } });
    expect((await get(engineer, base)).body['actions']).toEqual(['propose']);

    const first = [{ start: inMinutes(24 * 60), end: inMinutes(26 * 60) }];
    expect(ruleOf(await post(userAdmin, `${base}/proposals`, { slots: first, place: '1 号车间' }))).toEqual({ status: 403, field: 'actor', rule: 'not-your-role' });
    expect(ruleOf(await post(strangerAdmin, `${base}/proposals`, { slots: first, place: '1 号车间' }))).toEqual({ status: 404, field: 'id', rule: 'exists' });
    expect(ruleOf(await post(engineer, `${base}/proposals`, { slots: [{ start: inMinutes(-60), end: inMinutes(-30) }], place: '1 号车间' }))).toEqual({ status: 422, field: 'slots[0].start', rule: 'in-future' });
    expect(ruleOf(await post(engineer, `${base}/proposals`, { slots: [{ start: 'tomorrow', end: 'later' }], place: '1 号车间' }))).toMatchObject({ status: 400, field: 'slots.0.start' });
    expect(await post(engineer, `${base}/proposals`, { slots: first, place: '1 号车间' })).toMatchObject({ status: 200, body: { status: 'proposed', round: 1, engineerId: engineer.userId } });

    expect((await get(userEmployee, base)).body['actions']).toEqual(['confirm', 'reschedule']);
    expect(ruleOf(await post(userEmployee, `${base}/reschedule-request`, { reason: '' }))).toMatchObject({ status: 400, field: 'reason' });
    expect(await post(userEmployee, `${base}/reschedule-request`, { reason: '明天停产检修' })).toMatchObject({ status: 200, body: { status: 'reschedule-requested' } });
    expect(ruleOf(await post(userEmployee, `${base}/confirm`, { slotStart: first[0]!.start }))).toEqual({ status: 409, field: 'status', rule: 'illegal-transition' });

    // The second round starts within the reminder lead (two hours): the reminder is due at once.
    const soon = [{ start: inMinutes(30), end: inMinutes(90) }, { start: inMinutes(48 * 60), end: inMinutes(50 * 60) }];
    expect(await post(providerAdmin, `${base}/proposals`, { slots: soon, place: '1 号车间' })).toMatchObject({ status: 200, body: { round: 2 } });
    expect(ruleOf(await post(providerAdmin, `${base}/confirm`, { slotStart: soon[0]!.start }))).toEqual({ status: 403, field: 'actor', rule: 'not-your-role' });
    expect(ruleOf(await post(userEmployee, `${base}/confirm`, { slotStart: inMinutes(60) }))).toEqual({ status: 422, field: 'slotStart', rule: 'proposed-slot' });
    const confirmed = await post(userEmployee, `${base}/confirm`, { slotStart: soon[0]!.start });
    expect(confirmed).toMatchObject({ status: 200, body: { status: 'confirmed', confirmed: { start: new Date(soon[0]!.start).toISOString() } } });

    await eventually(async () => (await typesOf(appointmentStream(orderId))).includes('AppointmentReminderDue'), 'the reminder');
    // The job run again (a retry, a second worker) records nothing more.
    const slotStart = new Date(soon[0]!.start).toISOString();
    await t.app.get(Appointments).handle(
      { type: 'RemindOfAppointment', data: { workOrderId: orderId, slotStart, by: { kind: 'system', reason: 'appointment-reminder' }, at: new Date().toISOString() } },
      { commandId: digestUuid('appointment.remind', appointmentReminderJobId(orderId, slotStart)), actor: APPOINTMENT_SYSTEM_ACTOR, tenantIds: [], jurisdiction: [] },
    );
    await t.app.get(Appointments).handle(
      { type: 'RemindOfAppointment', data: { workOrderId: orderId, slotStart, by: { kind: 'system', reason: 'appointment-reminder' }, at: new Date().toISOString() } },
      { commandId: randomUUID(), actor: APPOINTMENT_SYSTEM_ACTOR, tenantIds: [], jurisdiction: [] },
    );
    expect((await typesOf(appointmentStream(orderId))).filter((type) => type === 'AppointmentReminderDue')).toHaveLength(1);
    expect(await eventually(async () => ((await get(userAdmin, base)).body['remindedAt'] ? (await get(userAdmin, base)).body : null), 'the reminder on the row')).toMatchObject({
      reminderPending: false,
      history: [{ kind: 'proposed' }, { kind: 'reschedule-requested', reason: '明天停产检修' }, { kind: 'proposed' }, { kind: 'confirmed' }, { kind: 'reminded' }],
    });

    // Each party is told, once per event: the requester of both proposals and of the reminder; the
    // provider and its engineer of the answers; the engineer of the reminder too.
    type Notice = { templateKey: string; subject: { id: string } | null };
    const notices = async (who: Person) =>
      ((await get(who, '/api/v1/me/notifications?pageSize=100')).body['items'] as Notice[])
        .filter((i) => i.subject?.id === orderId && i.templateKey.startsWith('appointment.'))
        .map((i) => i.templateKey)
        .sort();
    const settled = (who: Person, expected: string[]) => eventually(async () => ((await notices(who)).length >= expected.length ? notices(who) : null), 'the notices');
    expect(await settled(userAdmin, ['p', 'p', 'r'])).toEqual(['appointment.proposed', 'appointment.proposed', 'appointment.reminder']);
    expect(await settled(engineer, ['c', 'r', 's'])).toEqual(['appointment.confirmed', 'appointment.reminder', 'appointment.reschedule-requested']);
    expect(await settled(providerAdmin, ['c', 's'])).toEqual(['appointment.confirmed', 'appointment.reschedule-requested']);
    expect(await notices(strangerAdmin)).toEqual([]);
  });

  it('refuses a proposal for a closed order', async () => {
    const closed = await workOrderInStore(events, parties, 'closed');
    expect(ruleOf(await post(providerAdmin, `/api/v1/work-orders/${closed}/appointment/proposals`, { slots: [{ start: inMinutes(600), end: inMinutes(660) }], place: '车间' }))).toEqual({
      status: 409,
      field: 'status',
      rule: 'illegal-transition',
    });
  });

  it('schedules the return visit when the order closes and takes its outcome from the provider or the operator', async () => {
    const orderId = await workOrderInStore(events, parties, 'closed');
    const path = `/api/v1/work-orders/${orderId}/return-visit`;
    await eventually(async () => (await typesOf(returnVisitStream(orderId))).includes('ReturnVisitScheduled'), 'the scheduled return visit');
    const scheduled = await eventually(async () => ((await get(userAdmin, path)).body['status'] === 'scheduled' ? (await get(userAdmin, path)).body : null), 'the return visit row');
    const closedAt = (await events.readStream(`WorkOrder-${orderId}`)).at(-1)!.data['at'] as string;
    expect(scheduled).toMatchObject({ workOrderId: orderId, dueAt: new Date(Date.parse(closedAt) + 3 * 86_400_000).toISOString(), actions: [] });
    expect((await get(providerAdmin, path)).body['actions']).toEqual(['record']);
    expect((await get(cityOperator, path)).body['actions']).toEqual(['record']);

    expect(ruleOf(await post(userAdmin, path, { outcome: 'resolved', satisfaction: 5 }))).toEqual({ status: 403, field: 'actor', rule: 'not-your-role' });
    expect(ruleOf(await post(strangerAdmin, path, { outcome: 'resolved', satisfaction: 5 }))).toEqual({ status: 404, field: 'id', rule: 'exists' });
    expect(ruleOf(await post(providerAdmin, path, { outcome: 'resolved', satisfaction: 6 }))).toEqual({ status: 400, field: 'satisfaction', rule: 'max' });
    expect(ruleOf(await post(providerAdmin, path, { outcome: 'unreachable', satisfaction: 3 }))).toEqual({ status: 422, field: 'satisfaction', rule: 'satisfaction' });
    expect(await post(providerAdmin, path, { outcome: 'resolved', satisfaction: 4, note: '设备运行正常' })).toMatchObject({ status: 200, body: { status: 'recorded', outcome: 'resolved', satisfaction: 4, note: '设备运行正常' } });
    expect(ruleOf(await post(cityOperator, path, { outcome: 'resolved', satisfaction: 5 }))).toEqual({ status: 409, field: 'status', rule: 'illegal-transition' });
    expect(await typesOf(returnVisitStream(orderId))).toEqual(['ReturnVisitScheduled', 'ReturnVisitRecorded']);

    const list = await get(cityOperator, '/api/v1/return-visits?status=recorded');
    expect(list.body).toMatchObject({ total: 1, averageSatisfaction: 4, items: [{ workOrderId: orderId, satisfaction: 4 }] });
    expect((await get(strangerAdmin, '/api/v1/return-visits')).body).toMatchObject({ total: 0, items: [] });
  });
});
