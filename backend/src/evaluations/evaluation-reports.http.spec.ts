// Evaluation reports (CX-1, CX-2) through the real HTTP stack: the equipment user evaluates with quality
// and efficiency, the provider records the return visit, and each caller's report counts only the
// orders of its scope — operators their subtree, enterprises their own orders, engineers themselves.
import { randomUUID } from 'node:crypto';
import { workOrderStream, type WorkOrderEvent } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { jurisdictionOf } from '@kuaige/tenancy';
import { specMetadata } from '@kuaige/testkit';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { PersonalData } from '../identity/personal-data';
import { CONTACT_PHONE_FIELD } from '../work-orders/application/work-order.commands';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { workOrderInStore, type OrderParties } from '../knowledge/testing/work-order-in-store';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';

type Figures = { evaluations: number; satisfaction: number | null; quality: number | null; efficiency: number | null; distribution: number[]; returnVisits: number; returnVisitSatisfaction: number | null };
type Report = { groupBy: string; overall: Figures; groups: (Figures & { key: string; name: string })[]; recentComments: { workOrderId: string; opinion: string; quality: number | null }[] };
type Response = { status: number; body: Record<string, unknown> & { errors?: { field: string; rule: string }[] } };

const eventually = async <T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('evaluation reports over HTTP', () => {
  let t: IdentityApp;
  let events: EventStore;
  let provinceOperator: Person;
  let cityOperator: Person;
  let userAdmin: Person;
  let providerAdmin: Person;
  let engineerA: Person;
  let engineerB: Person;
  let strangerAdmin: Person;
  let providerA: string;
  let providerB: string;
  let evaluatedId: string;

  const get = (who: Person, query: string): Promise<Response> => t.http().get(`/api/v1/evaluation-reports${query}`).set(bearer(who)) as unknown as Promise<Response>;
  const report = async (who: Person, query = ''): Promise<Report> => {
    const res = await get(who, query);
    expect(res.status).toBe(200);
    return res.body as unknown as Report;
  };
  const post = (who: Person, path: string, body: object): Promise<Response> =>
    t.http().post(path).set(bearer(who)).set('Idempotency-Key', randomUUID()).send(body) as unknown as Promise<Response>;

  /**
   * An order up to the reported receipt, waiting for the equipment user's evaluation. The shared fixture's
   * contact is a placeholder the order's detail view cannot decrypt, and the evaluation answers with that
   * view: its events are copied under a fresh id with the phone encrypted as the product does.
   */
  const reportedOrder = async (parties: OrderParties): Promise<string> => {
    const template = await events.readStream(workOrderStream(await workOrderInStore(events, parties, 'in-progress')));
    const id = randomUUID();
    const personal = t.app.get(PersonalData);
    const at = new Date().toISOString();
    const rest: WorkOrderEvent[] = [
      { type: 'WorkCompleted', data: { summary: '更换主轴轴承', at } },
      { type: 'ReceiptSubmitted', data: { summary: '已修复', attachments: [], at } },
      { type: 'ReceiptApproved', data: { opinion: '', at } },
      { type: 'ReceiptReported', data: { note: '', at } },
    ];
    const history = [
      ...template.map((e) => {
        if (e.type !== 'MaintenanceRequested') return { type: e.type, data: e.data as Record<string, unknown> };
        const d = e.data as Record<string, unknown> & { contact: { name: string } };
        return { type: e.type, data: { ...d, workOrderId: id, contact: { ...d.contact, phone: personal.encryptOf(CONTACT_PHONE_FIELD.entity, id, CONTACT_PHONE_FIELD.field, '13800138000') } } };
      }),
      ...rest,
    ];
    const metadata = specMetadata({ tenantIds: [parties.requesterId, parties.providerId], jurisdiction: jurisdictionOf('440305') });
    await events.append(workOrderStream(id), history.map((e) => ({ eventId: randomUUID(), type: e.type, data: e.data, metadata })), 'no_stream');
    return id;
  };

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    const guangzhou = await nodeWithAdmin(t, guangdong.admin, '4401');
    provinceOperator = guangdong.admin;
    cityOperator = shenzhen.admin;
    const user = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    const a = await enterpriseWithAdmin(t, '440305', 'service-provider');
    const b = await enterpriseWithAdmin(t, '440106', 'service-provider');
    const stranger = await enterpriseWithAdmin(t, '440106', 'equipment-user');
    for (const e of [user, a]) await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(cityOperator)).send({}).expect(200);
    for (const e of [b, stranger]) await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(guangzhou.admin)).send({}).expect(200);
    userAdmin = user.admin;
    providerAdmin = a.admin;
    strangerAdmin = stranger.admin;
    providerA = a.enterpriseId;
    providerB = b.enterpriseId;
    engineerA = await employeeOf(t, a, ['engineer']);
    engineerB = await employeeOf(t, b, ['engineer']);
    const inShenzhen: OrderParties = { requesterId: user.enterpriseId, requesterUserId: userAdmin.userId, manufacturerId: null, providerId: providerA, engineerId: engineerA.userId, nodeId: shenzhen.nodeId };
    // Closed with the equipment user's 5 and no comment.
    await workOrderInStore(events, inShenzhen, 'closed');
    await workOrderInStore(events, { requesterId: stranger.enterpriseId, requesterUserId: strangerAdmin.userId, manufacturerId: null, providerId: providerB, engineerId: engineerB.userId, nodeId: guangzhou.nodeId }, 'closed', undefined, '440106');
    evaluatedId = await reportedOrder(inShenzhen);
  }, 240_000);
  afterAll(() => t.close());

  it('takes quality and efficiency with the evaluation, refusing scores outside 1–5 by field and rule', async () => {
    const path = `/api/v1/work-orders/${evaluatedId}/evaluations`;
    const bad = await post(userAdmin, path, { score: 4, quality: 6, opinion: '' });
    expect({ status: bad.status, field: bad.body.errors?.[0]?.field }).toEqual({ status: 400, field: 'quality' });
    expect(bad.body.errors?.[0]?.rule).toMatch(/max/i);
    const worse = await post(userAdmin, path, { score: 4, efficiency: 'fast', opinion: '' });
    expect({ status: worse.status, field: worse.body.errors?.[0]?.field }).toEqual({ status: 400, field: 'efficiency' });
    const done = await post(userAdmin, path, { score: 4, quality: 5, efficiency: 3, opinion: '响应及时' });
    expect({ status: done.status, body: done.status === 200 ? null : done.body }).toEqual({ status: 200, body: null });
    // Closed: the return visit is scheduled by the reaction, then recorded by the provider.
    await eventually(async () => (await t.http().get(`/api/v1/work-orders/${evaluatedId}/return-visit`).set(bearer(providerAdmin))).body.status === 'scheduled', 'the return visit');
    expect((await post(providerAdmin, `/api/v1/work-orders/${evaluatedId}/return-visit`, { outcome: 'resolved', satisfaction: 3, note: '' })).status).toBe(200);
  });

  it('reports by provider within the operator’s subtree, with averages, the distribution, return visits and the latest comments', async () => {
    const city = await report(cityOperator, '?groupBy=provider');
    expect(city.groups).toEqual([
      { key: providerA, name: expect.stringMatching(/^测试企业/), evaluations: 2, satisfaction: 4.5, quality: 5, efficiency: 3, distribution: [0, 0, 0, 1, 1], returnVisits: 1, returnVisitSatisfaction: 3 },
    ]);
    expect(city.recentComments).toEqual([expect.objectContaining({ workOrderId: evaluatedId, opinion: '响应及时', quality: 5 })]);

    const province = await report(provinceOperator, '?groupBy=provider');
    expect(province.groups.map((g) => [g.key, g.evaluations])).toEqual([
      [providerA, 2],
      [providerB, 1],
    ]);
    expect(province.overall).toMatchObject({ evaluations: 3, distribution: [0, 0, 0, 1, 2] });
    const regions = await report(provinceOperator, '?groupBy=region');
    expect(regions.groups.map((g) => [g.key, g.name, g.evaluations])).toEqual([
      ['4403', '广东省 · 深圳市', 2],
      ['4401', '广东省 · 广州市', 1],
    ]);
  });

  it('shows enterprises their own orders and engineers only themselves', async () => {
    expect((await report(userAdmin)).overall.evaluations).toBe(2);
    expect((await report(strangerAdmin)).overall.evaluations).toBe(1);
    const mine = await report(engineerA, '?groupBy=engineer');
    expect(mine.groups.map((g) => [g.key, g.evaluations])).toEqual([[engineerA.userId, 2]]);
    expect((await report(engineerB, '?groupBy=engineer')).groups.map((g) => g.key)).toEqual([engineerB.userId]);
  });

  it('limits the period, and refuses bad groupings and periods by field and rule', async () => {
    expect((await report(provinceOperator, '?from=2026-11-20&to=2026-11-20')).overall.evaluations).toBe(2);
    expect((await report(provinceOperator, '?from=2099-01-01')).overall).toMatchObject({ evaluations: 0, satisfaction: null, returnVisits: 0 });
    const backwards = await get(provinceOperator, '?from=2026-11-30&to=2026-11-01');
    expect({ status: backwards.status, errors: backwards.body.errors }).toEqual({ status: 400, errors: [expect.objectContaining({ field: 'to', rule: 'after-from' })] });
    const grouping = await get(provinceOperator, '?groupBy=month');
    expect({ status: grouping.status, field: grouping.body.errors?.[0]?.field }).toEqual({ status: 400, field: 'groupBy' });
    const date = await get(provinceOperator, '?from=yesterday');
    expect({ status: date.status, field: date.body.errors?.[0]?.field }).toEqual({ status: 400, field: 'from' });
  });
});
