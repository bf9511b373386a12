// The demo data `./run start` seeds: people of every kind can sign in at once and see their own part.
import type { EventStore } from '@kuaige/eventsourcing';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { bearer, login, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { divisionTree } from '../tenancy/division-data';
import { actFor, type Person } from '../tenancy/testing/tenancy-app';
import { DEMO_PASSWORD, DEMO_SEED, DEMO_WORK_ORDERS, seedDemoData } from './demo-data';
import { planWorld, type DemoWorld } from './demo-world';
import { readGenerationRecord } from './work-order-demo';
import { planWorkOrder } from './work-order-plan';

describe('demo data', () => {
  let t: IdentityApp;
  let events: EventStore;
  let world: DemoWorld;
  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
  });
  afterAll(() => t.close());

  // Events that commands sent directly wrote (reactions, like the SLA clocks, append on their own time).
  const commandEvents = async () => {
    let n = 0;
    for await (const e of events.readAll()) if (e.metadata.causationId === e.metadata.commandId && !e.streamId.startsWith('Sla-')) n++;
    return n;
  };

  const signIn = async (phone: string): Promise<Person & { contexts: { kind: 'enterprise' | 'operator'; id: string; name: string }[] }> => {
    const session = await login(t, phone, DEMO_PASSWORD);
    const me = await t.http().get('/api/v1/me').set(bearer(session)).expect(200);
    const contexts = await t.http().get('/api/v1/me/contexts').set(bearer(session)).expect(200);
    return { ...session, phone, userId: me.body.userId, contexts: contexts.body.available };
  };

  it('seeds the tree, one enterprise of each kind and their people, once', async () => {
    const accounts = await seedDemoData(t.app);
    expect(accounts.length).toBe(14);
    const written = await commandEvents();
    expect(await seedDemoData(t.app)).toEqual(accounts);
    expect(await commandEvents()).toBe(written);

    // The generated world around the demo enterprises (planned again here: ids and places do not
    // depend on the people's user ids).
    const record = readGenerationRecord(t.dataDir)!;
    expect(record).toEqual(expect.objectContaining({ seed: DEMO_SEED, workOrders: DEMO_WORK_ORDERS, completed: true }));
    const someone = (phone: string) => ({ phone, name: '', userId: phone });
    world = planWorld({ workOrders: record.workOrders, seed: record.seed, until: record.until }, divisionTree(), {
      manufacturer: { id: 'demo-enterprise-1', countyCode: '440305', admin: someone('13800000011'), engineers: [] },
      equipmentUser: { id: 'demo-enterprise-2', countyCode: '440305', admin: someone('13800000012'), engineers: [] },
      provider: { id: 'demo-enterprise-3', countyCode: '440304', admin: someone('13800000013'), engineers: [someone('13800000014')] },
    });
    const enterprises = [...world.manufacturers, ...world.equipmentUsers, ...world.providers];

    // The county operator sees its county only.
    const county = await signIn('13800000004');
    const acting = await actFor(t, county, 'operator', county.contexts[0]!.id);
    const tree = await t.http().get('/api/v1/operator-tree').set(bearer(acting)).expect(200);
    expect(tree.body.root).toEqual(expect.objectContaining({ code: '440305', name: '南山区' }));
    expect(tree.body.root.counts.enterprises).toBe(enterprises.filter((e) => e.countyCode === '440305').length);

    // The city operator reviewed all three; the national root sees every province it seeded.
    const national = await signIn('13800000001');
    const root = await actFor(t, national, 'operator', national.contexts[0]!.id);
    const provinces = await t.http().get('/api/v1/operator-tree').query({ parent: 'CN' }).set(bearer(root)).expect(200);
    const withNodes = provinces.body.items.filter((i: { node: unknown }) => i.node !== null).map((i: { code: string }) => i.code);
    expect(withNodes.sort()).toEqual(['33', '44']);
    const approved = await t.http().get('/api/v1/enterprises').query({ status: 'approved' }).set(bearer(root)).expect(200);
    expect(approved.body.total).toBe(enterprises.length);
    const pending = await t.http().get('/api/v1/enterprises').query({ status: 'pending-review' }).set(bearer(root)).expect(200);
    expect(pending.body.items.map((e: { name: string }) => e.name)).toEqual(['深圳福田设备租赁有限公司']);

    // Each enterprise person acts for their own enterprise, with their role.
    for (const [phone, type, roles] of [
      ['13800000011', 'manufacturer', ['admin']],
      ['13800000015', 'equipment-user', ['member']],
      ['13800000014', 'service-provider', ['engineer']],
    ] as const) {
      const person = await signIn(phone);
      expect(person.contexts).toEqual([expect.objectContaining({ kind: 'enterprise', roles })]);
      const own = await actFor(t, person, 'enterprise', person.contexts[0]!.id);
      const list = await t.http().get('/api/v1/enterprises').set(bearer(own)).expect(200);
      expect(list.body.items.map((e: { type: string }) => e.type)).toEqual([type]);
    }

    // The certified expert the demo engineer finds in the directory, with a tariff (EXP-1).
    const expert = await signIn('13800000017');
    expect((await t.http().get('/api/v1/me/expert-profile').set(bearer(expert)).expect(200)).body).toMatchObject({ certified: true, configured: true, tariffFen: 20_000, available: true });
  }, 120_000);

  // Everyone sees exactly the work orders of their part: counted against the plan of the small world.
  const listAs = async (phone: string, query: Record<string, string> = {}) => {
    const person = await signIn(phone);
    const acting = await actFor(t, person, person.contexts[0]!.kind, person.contexts[0]!.id);
    const page = await t.http().get('/api/v1/work-orders').query({ pageSize: '100', ...query }).set(bearer(acting)).expect(200);
    return { person, body: page.body as { items: Record<string, unknown>[]; total: number } };
  };

  it('gives the demo people work orders to see, each only their own part', async () => {
    const orders = Array.from({ length: DEMO_WORK_ORDERS }, (_, i) => planWorkOrder(world, i));
    const deviceOf = (o: (typeof orders)[number]) => world.devices[o.deviceIndex]!;
    const ids = (items: Record<string, unknown>[]) => items.map((i) => String(i['id'])).sort();

    const nanshan = await listAs('13800000004', { pageSize: '100' });
    const inNanshan = orders.filter((o) => deviceOf(o).countyCode === '440305');
    expect(nanshan.body.total).toBe(inNanshan.length);
    expect(nanshan.body.total).toBeGreaterThan(20);
    for (const item of nanshan.body.items) expect(item['countyCode']).toBe('440305');

    const zhejiang = await listAs('13800000006');
    expect(zhejiang.body.total).toBe(orders.filter((o) => deviceOf(o).countyCode.startsWith('33')).length);
    expect(zhejiang.body.total).toBeGreaterThan(0);
    for (const item of zhejiang.body.items) expect(String(item['countyCode'])).toMatch(/^33/);

    // The equipment user's admin sees every order on its own devices: those it raised and those their
    // manufacturers raised for them.
    const user = await listAs('13800000012');
    const owned = orders.filter((o) => world.equipmentUsers[deviceOf(o).ownerIndex]!.id === 'demo-enterprise-2');
    expect(owned.some((o) => o.requestedBy === 'manufacturer')).toBe(true);
    expect(user.body.total).toBe(owned.length);
    expect(user.body.total).toBeGreaterThan(40);

    // The engineer's own tasks, and only his.
    const engineer = await listAs('13800000014', { queue: 'mine' });
    expect(engineer.body.total).toBeGreaterThan(0);
    for (const item of engineer.body.items) expect(item['assigneeId']).toBe(engineer.person.userId);

    // The provider sees what was dispatched to it, in every stage of the work.
    const provider = await listAs('13800000013');
    expect(provider.body.total).toBeGreaterThan(30);
    for (const item of provider.body.items) expect(item['providerId']).toBe('demo-enterprise-3');
    expect(new Set(provider.body.items.map((i) => i['status'])).size).toBeGreaterThan(6);
    expect(ids(provider.body.items)).not.toEqual(ids(user.body.items));
  }, 120_000);

  it('publishes a handful of Chinese repair plans that every demo party finds', async () => {
    for (const phone of ['13800000012', '13800000004', '13800000011']) {
      const person = await signIn(phone);
      const acting = await actFor(t, person, person.contexts[0]!.kind, person.contexts[0]!.id);
      const found = await t.http().get('/api/v1/knowledge/entries').query({ q: '主轴异响' }).set(bearer(acting)).expect(200);
      expect(found.body.items.map((i: { id: string }) => i.id)).toEqual(['demo-kb-1']);
    }
    const provider = await signIn('13800000013');
    const all = await t.http().get('/api/v1/knowledge/entries').set(bearer(await actFor(t, provider, 'enterprise', 'demo-enterprise-3'))).expect(200);
    expect(all.body.total).toBe(6);
  });
  it('settles the provider’s closed demo orders at the demo fee schedules (the creation reaction)', async () => {
    const provider = await signIn('13800000013');
    const acting = await actFor(t, provider, 'enterprise', 'demo-enterprise-3');
    const closed = await t.http().get('/api/v1/work-orders').query({ status: 'closed', pageSize: '100' }).set(bearer(acting)).expect(200);
    expect(closed.body.total).toBeGreaterThan(0);
    let settled: { total: number; items: { settlementId: string; status: string }[] } = { total: 0, items: [] };
    for (let i = 0; i < 100 && settled.total < closed.body.total; i++) {
      settled = (await t.http().get('/api/v1/settlements').query({ pageSize: '100' }).set(bearer(acting)).expect(200)).body;
      if (settled.total < closed.body.total) await new Promise((r) => setTimeout(r, 100));
    }
    expect(settled.total).toBe(closed.body.total);
    const one = await t.http().get(`/api/v1/settlements/${settled.items[0]!.settlementId}`).set(bearer(acting)).expect(200);
    expect(one.body).toMatchObject({ status: 'draft', scheduleId: expect.stringMatching(/^demo-fee-schedule-/) });
    expect(one.body.lines.find((l: { kind: string }) => l.kind === 'platform-fee')).toMatchObject({ payer: 'provider', payee: 'platform' });
  }, 120_000);
});
