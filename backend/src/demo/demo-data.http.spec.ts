// The demo data `./run start` seeds: people of every kind can sign in at once and see their own part.
import type { EventStore } from '@kuaige/eventsourcing';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { bearer, login, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { actFor, type Person } from '../tenancy/testing/tenancy-app';
import { DEMO_PASSWORD, seedDemoData } from './demo-data';

describe('demo data', () => {
  let t: IdentityApp;
  let events: EventStore;
  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
  });
  afterAll(() => t.close());

  const signIn = async (phone: string): Promise<Person & { contexts: { kind: 'enterprise' | 'operator'; id: string; name: string }[] }> => {
    const session = await login(t, phone, DEMO_PASSWORD);
    const me = await t.http().get('/api/v1/me').set(bearer(session)).expect(200);
    const contexts = await t.http().get('/api/v1/me/contexts').set(bearer(session)).expect(200);
    return { ...session, phone, userId: me.body.userId, contexts: contexts.body.available };
  };

  it('seeds the tree, one enterprise of each kind and their people, once', async () => {
    const accounts = await seedDemoData(t.app);
    expect(accounts.length).toBe(13);
    const head = await events.headPosition();
    expect(await seedDemoData(t.app)).toEqual(accounts);
    expect(await events.headPosition()).toBe(head);

    // The county operator sees its county only.
    const county = await signIn('13800000004');
    const acting = await actFor(t, county, 'operator', county.contexts[0]!.id);
    const tree = await t.http().get('/api/v1/operator-tree').set(bearer(acting)).expect(200);
    expect(tree.body.root).toEqual(expect.objectContaining({ code: '440305', name: '南山区' }));
    expect(tree.body.root.counts.enterprises).toBe(2);

    // The city operator reviewed all three; the national root sees every province it seeded.
    const national = await signIn('13800000001');
    const root = await actFor(t, national, 'operator', national.contexts[0]!.id);
    const provinces = await t.http().get('/api/v1/operator-tree').query({ parent: 'CN' }).set(bearer(root)).expect(200);
    const withNodes = provinces.body.items.filter((i: { node: unknown }) => i.node !== null).map((i: { code: string }) => i.code);
    expect(withNodes.sort()).toEqual(['33', '44']);
    const approved = await t.http().get('/api/v1/enterprises').query({ status: 'approved' }).set(bearer(root)).expect(200);
    expect(approved.body.total).toBe(3);
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
  }, 120_000);
});
