// The demo world's plan: the same seed plans the same world; names, codes and places are valid; every
// status of the work-order state machine is planned, with steps in time order before the world's end.
import { DEVICE_TYPES, FAULT_TYPES } from '@kuaige/domain';
import { checkUscc } from '@kuaige/tenancy';
import { divisionTree } from '../tenancy/division-data';
import { peopleOf, planWorld, type DemoAnchors } from './demo-world';
import { EXPECTED_STATUS, PLANNED_OUTCOMES, planWorkOrder, type PlannedOutcome } from './work-order-plan';

const divisions = divisionTree();
const scale = (workOrders: number, seed = 1) => ({ workOrders, seed, until: '2026-12-01' });

describe('the demo world plan', () => {
  it('is the same for the same seed and scale, and another for another seed', () => {
    const a = planWorld(scale(5_000), divisions);
    expect(planWorld(scale(5_000), divisions)).toEqual(a);
    expect(planWorkOrder(a, 1234)).toEqual(planWorkOrder(planWorld(scale(5_000), divisions), 1234));
    const b = planWorld(scale(5_000, 2), divisions);
    expect(b.equipmentUsers.map((e) => e.name)).not.toEqual(a.equipmentUsers.map((e) => e.name));
  });

  it('grows with the scale: enterprises, engineers and devices per work order, over several provinces', () => {
    const small = planWorld(scale(200), divisions);
    expect([small.manufacturers.length, small.equipmentUsers.length, small.providers.length, small.devices.length]).toEqual([4, 6, 4, 25]);
    const large = planWorld(scale(1_000_000), divisions);
    expect([large.manufacturers.length, large.equipmentUsers.length, large.providers.length, large.devices.length]).toEqual([200, 4_000, 400, 125_000]);
    const provinces = new Set(large.devices.map((d) => d.countyCode.slice(0, 2)));
    expect([...provinces].sort()).toEqual(['32', '33', '37', '42', '44', '51']);
    expect(large.nodes.filter((n) => /^\d{2}$/.test(n.code)).map((n) => n.code).sort()).toEqual([...provinces].sort());
    const engineers = large.providers.reduce((n, p) => n + p.engineers.length, 0);
    expect(engineers).toBeGreaterThan(1_000);
  });

  it('names enterprises as Chinese companies are named, with valid unique credit codes in real counties', () => {
    const world = planWorld(scale(50_000), divisions);
    const enterprises = [...world.manufacturers, ...world.equipmentUsers, ...world.providers];
    for (const e of enterprises) {
      expect(checkUscc(e.uscc)).toEqual({ valid: true });
      expect(e.uscc.slice(2, 8)).toBe(e.countyCode);
      expect(divisions.node(e.countyCode).level).toBe('county');
      expect(e.name).toMatch(/^[\u4e00-\u9fff]+(有限公司|股份有限公司|有限责任公司)$/);
    }
    expect(new Set(enterprises.map((e) => e.uscc)).size).toBe(enterprises.length);
    const people = peopleOf(world);
    expect(new Set(people.map((p) => p.phone)).size).toBe(people.length);
    expect(new Set(people.map((p) => p.userId)).size).toBe(people.length);
    for (const p of people) expect(p.phone).toMatch(/^136\d{8}$/);
  });

  it('plans devices of the catalogue types near their owners, and providers for every type in every province', () => {
    const world = planWorld(scale(20_000), divisions);
    for (const d of world.devices) {
      expect(Object.keys(DEVICE_TYPES)).toContain(d.type);
      const owner = world.equipmentUsers[d.ownerIndex]!;
      expect(d.countyCode.slice(0, 4)).toBe(owner.countyCode.slice(0, 4));
      if (d.manufacturerIndex !== null) expect(world.manufacturers[d.manufacturerIndex]!.deviceTypes).toContain(d.type);
      expect(d.soldOn > d.manufacturedOn).toBe(true);
    }
    for (const province of new Set(world.devices.map((d) => d.countyCode.slice(0, 2))))
      for (const type of Object.keys(DEVICE_TYPES))
        expect(world.providers.some((p) => p.serviceRegions.includes(province) && p.deviceTypes.includes(type as never))).toBe(true);
  });

  it('plans every outcome, each order with steps in time order before the end of the world', () => {
    const world = planWorld(scale(2_000), divisions);
    const seen = new Set<PlannedOutcome>();
    for (let i = 0; i < 2_000; i++) {
      const order = planWorkOrder(world, i);
      seen.add(order.outcome);
      const times = [order.submittedAt, ...order.steps.map((s) => s.at)];
      expect([...times].sort()).toEqual(times);
      expect(times[times.length - 1]! < '2026-12-01T00:00:00.000Z').toBe(true);
      expect(Object.keys(FAULT_TYPES)).toContain(order.faultType);
      expect(order.description.length).toBeGreaterThanOrEqual(10);
    }
    expect([...seen].sort()).toEqual(Object.keys(PLANNED_OUTCOMES).sort());
    expect(new Set(Object.values(EXPECTED_STATUS))).toEqual(
      new Set(['submitted', 'rejected', 'awaiting-dispatch', 'dispatched', 'accepted', 'assigned', 'engineer-accepted', 'in-progress', 'completed', 'receipt-submitted', 'receipt-approved', 'reported', 'closed', 'cancelled']),
    );
  });

  it('lays out the steps of each path as the state machine asks', () => {
    const world = planWorld(scale(2_000), divisions);
    const stepsOf = (outcome: PlannedOutcome, index = 7) => planWorkOrder(world, index, outcome).steps.map((s) => s.step);
    expect(stepsOf('submitted')).toEqual([]);
    expect(stepsOf('rejected')).toEqual(['review-reject']);
    expect(stepsOf('returned-awaiting-dispatch')).toEqual(['review', 'dispatch', 'return']);
    expect(stepsOf('declined-accepted')).toEqual(['review', 'dispatch', 'accept', 'assign', 'decline']);
    expect(stepsOf('in-progress-paused')).toEqual(['review', 'dispatch', 'accept', 'assign', 'engineer-accept', 'start', 'progress', 'pause']);
    expect(stepsOf('receipt-rejected-in-progress').slice(-3)).toEqual(['complete', 'receipt', 'receipt-reject']);
    const closed = stepsOf('closed');
    expect(closed.slice(0, 5)).toEqual(['review', 'dispatch', 'accept', 'assign', 'engineer-accept']);
    expect(closed).toEqual(expect.arrayContaining(['start', 'record', 'complete', 'receipt', 'receipt-approve', 'receipt-report', 'evaluate']));
    expect(stepsOf('closed-reopened').at(-1)).toBe('reopen');
    // Orders left for the operator's review are raised by the device's manufacturer.
    const forReview = planWorkOrder(world, 3, 'submitted');
    expect(forReview.requestedBy).toBe('manufacturer');
    expect(world.devices[forReview.deviceIndex]!.manufacturerIndex).not.toBeNull();
  });

  it('makes the enterprises of ./run start the first of their kind, with a large share of devices and work', () => {
    const person = (phone: string) => ({ phone, name: '演示', userId: `user-${phone}` });
    const anchors: DemoAnchors = {
      manufacturer: { id: 'demo-enterprise-1', countyCode: '440305', admin: person('13800000011'), engineers: [] },
      equipmentUser: { id: 'demo-enterprise-2', countyCode: '440305', admin: person('13800000012'), engineers: [] },
      provider: { id: 'demo-enterprise-3', countyCode: '440304', admin: person('13800000013'), engineers: [person('13800000014')] },
    };
    const world = planWorld(scale(200), divisions, anchors);
    expect(world.providers[0]).toEqual(expect.objectContaining({ id: 'demo-enterprise-3', countyCode: '440304', serviceRegions: ['44'] }));
    expect(world.providers[0]!.engineers.map((e) => e.userId)).toEqual(['user-13800000014']);
    expect(world.providers[0]!.deviceTypes).toEqual(Object.keys(DEVICE_TYPES));
    const owned = world.devices.filter((d) => d.ownerIndex === 0).length;
    expect(owned / world.devices.length).toBeGreaterThan(0.3);
    const orders = Array.from({ length: 200 }, (_, i) => planWorkOrder(world, i));
    const byAnchor = orders.filter((o) => o.steps.some((s) => s.step === 'dispatch' && s.providerIndex === 0)).length;
    const dispatched = orders.filter((o) => o.steps.some((s) => s.step === 'dispatch')).length;
    expect(byAnchor / dispatched).toBeGreaterThan(0.4);
  });
});
