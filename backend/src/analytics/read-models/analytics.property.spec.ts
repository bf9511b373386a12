// Analytics rows against a brute-force recomputation (fast-check): for random work orders whose events
// arrive interleaved, in batches, with the roll-up run at random points in between, the county rows,
// the engineer rows and the city, province and nation roll-ups equal what a plain fold of each order's
// raw events, grouped by hand, says — counts, histograms and the percentiles read off them.
import fc from 'fast-check';
import { DURATION_BOUNDS_MINUTES, metricsOf, type AnalyticsMeasures, type DomainEvent, type SlaEvent, type StockEvent, type WorkOrderEvent } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { EmbeddedReadModelStore, ProjectionRunner, type Row } from '@kuaige/projections';
import { eventLog } from '@kuaige/testkit';
import { analyticsOrdersProjection } from './analytics-facts.projection';
import { ANALYTICS_COUNTY_COLLECTION, ANALYTICS_ENGINEERS_COLLECTION, ANALYTICS_REGIONS_COLLECTION, AnalyticsRollup } from './analytics-rollup';

type Source = WorkOrderEvent | SlaEvent | StockEvent;
const by = { kind: 'enterprise', enterpriseId: 'E-REQ', userId: 'U1' } as const;

type Step =
  | { kind: 'dispatch'; provider: string }
  | { kind: 'return' }
  | { kind: 'assign'; engineer: string }
  | { kind: 'decline' }
  | { kind: 'engineer-accept' | 'start' | 'complete' | 'receipt-reject' | 'close' | 'cancel' | 'reject' | 'reopen' | 'escalate' }
  | { kind: 'evaluate'; evaluator: 'equipment-user' | 'manufacturer'; score: number }
  | { kind: 'sla-met'; target: 'response' | 'resolution'; breached: boolean }
  | { kind: 'sla-breach'; target: 'response' | 'resolution' }
  | { kind: 'parts'; quantity: number; valueFen: number; returned: boolean };

interface OrderSpec {
  readonly county: string;
  readonly requester: string;
  readonly owner: string | null;
  readonly manufacturer: string | null;
  readonly deviceType: string;
  readonly faultType: string;
  readonly startMinute: number;
  readonly steps: readonly { step: Step; after: number }[];
}

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('dispatch' as const), provider: fc.constantFrom('P1', 'P2') }),
  fc.record({ kind: fc.constant('return' as const) }),
  fc.record({ kind: fc.constant('assign' as const), engineer: fc.constantFrom('G1', 'G2', 'G3') }),
  fc.record({ kind: fc.constant('decline' as const) }),
  fc.record({ kind: fc.constantFrom('engineer-accept' as const, 'start' as const, 'complete' as const, 'receipt-reject' as const, 'close' as const, 'cancel' as const, 'reject' as const, 'reopen' as const, 'escalate' as const) }),
  fc.record({ kind: fc.constant('evaluate' as const), evaluator: fc.constantFrom('equipment-user' as const, 'manufacturer' as const), score: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('sla-met' as const), target: fc.constantFrom('response' as const, 'resolution' as const), breached: fc.boolean() }),
  fc.record({ kind: fc.constant('sla-breach' as const), target: fc.constantFrom('response' as const, 'resolution' as const) }),
  fc.record({ kind: fc.constant('parts' as const), quantity: fc.integer({ min: 1, max: 9 }), valueFen: fc.integer({ min: 0, max: 90_000 }), returned: fc.boolean() }),
);

const order: fc.Arbitrary<OrderSpec> = fc.record({
  county: fc.constantFrom('440305', '440306', '440106', '320102', '110108'),
  requester: fc.constantFrom('E1', 'E2'),
  owner: fc.constantFrom('E1', 'E2', null),
  manufacturer: fc.constantFrom('M1', null),
  deviceType: fc.constantFrom('air-compressor', 'elevator'),
  faultType: fc.constantFrom('electrical', 'leakage'),
  // Across three China days, with requests near midnight in both time zones.
  startMinute: fc.integer({ min: 0, max: 3 * 24 * 60 }),
  steps: fc.array(fc.record({ step, after: fc.integer({ min: 0, max: 5000 }) }), { maxLength: 14 }),
});

const BASE = Date.parse('2026-11-30T00:00:00.000Z');
const instant = (minute: number) => new Date(BASE + minute * 60_000).toISOString();

/** The events of one order, as its streams would hold them. */
const eventsOf = (id: string, spec: OrderSpec): { stream: string; event: Source }[] => {
  let minute = spec.startMinute;
  const wo = (event: WorkOrderEvent) => ({ stream: `WorkOrder-${id}`, event });
  const out: { stream: string; event: Source }[] = [
    wo({
      type: 'MaintenanceRequested',
      data: {
        workOrderId: id,
        number: `WO-${id}`,
        device: {
          deviceId: `D-${id}`,
          number: 'SN',
          name: '设备',
          model: 'M',
          type: spec.deviceType as never,
          ownerId: spec.owner,
          manufacturerId: spec.manufacturer,
          countyCode: spec.county,
          jurisdiction: [spec.county, spec.county.slice(0, 4), spec.county.slice(0, 2), 'CN'],
          coordinates: null,
          soldOn: null,
          warrantyEndsOn: null,
          status: 'active',
        },
        fault: { type: spec.faultType as never, description: '故障', attachments: [] },
        priority: 'normal',
        requesterId: spec.requester,
        requesterUserId: null,
        manufacturerId: spec.manufacturer,
        channel: 'console',
        contact: { name: '张三', phone: 'cipher' },
        at: instant(minute),
      },
    }),
  ];
  for (const { step: s, after } of spec.steps) {
    minute += after;
    const at = instant(minute);
    const sla = (event: SlaEvent) => out.push({ stream: `Sla-${id}`, event });
    const scope = { tenants: [], regions: [] };
    switch (s.kind) {
      case 'dispatch': out.push(wo({ type: 'WorkOrderDispatched', data: { providerId: s.provider, byNodeId: 'N', priority: 'normal', suggestion: null, override: null, at } })); break;
      case 'return': out.push(wo({ type: 'DispatchReturned', data: { providerId: 'P1', reason: 'r', at } })); break;
      case 'assign': out.push(wo({ type: 'EngineerAssigned', data: { engineerId: s.engineer, at } })); break;
      case 'decline': out.push(wo({ type: 'EngineerDeclined', data: { engineerId: 'G1', reason: 'r', at } })); break;
      case 'engineer-accept': out.push(wo({ type: 'EngineerAccepted', data: { engineerId: 'G1', at } })); break;
      case 'start': out.push(wo({ type: 'WorkStarted', data: { engineerId: 'G1', at } })); break;
      case 'complete': out.push(wo({ type: 'WorkCompleted', data: { summary: '', at } })); break;
      case 'receipt-reject': out.push(wo({ type: 'ReceiptRejected', data: { reason: 'r', at } })); break;
      case 'close': out.push(wo({ type: 'WorkOrderClosed', data: { at } })); break;
      case 'cancel': out.push(wo({ type: 'WorkOrderCancelled', data: { by, reason: 'r', at } })); break;
      case 'reject': out.push(wo({ type: 'RequestRejected', data: { by, opinion: 'o', at } })); break;
      case 'reopen': out.push(wo({ type: 'WorkOrderReopened', data: { by, reason: 'r', at } })); break;
      case 'evaluate': out.push(wo({ type: 'WorkOrderEvaluated', data: { by: s.evaluator, score: s.score, opinion: '', at } })); break;
      case 'escalate': sla({ type: 'SlaEscalated', data: { workOrderId: id, target: 'response', level: 1, toNodeId: null, priority: 'normal', scope, at } }); break;
      case 'sla-met': sla({ type: 'SlaTargetMet', data: { workOrderId: id, target: s.target, businessMinutes: 10, breached: s.breached, at } }); break;
      case 'sla-breach': sla({ type: 'SlaBreached', data: { workOrderId: id, target: s.target, dueAt: at, priority: 'normal', scope, at } }); break;
      case 'parts':
        out.push({
          stream: `Stock-W1:P1`,
          event: s.returned
            ? { type: 'StockReturned', data: { returnId: `R${minute}`, quantity: s.quantity, unitCostFen: 0, valueFen: s.valueFen, from: { kind: 'work-order', workOrderId: id }, reason: 'r', by, at } }
            : { type: 'StockIssueDelivered', data: { issueId: `I${minute}`, quantity: s.quantity, recipient: { kind: 'work-order', workOrderId: id }, unitCostFen: 0, valueFen: s.valueFen, by, at } },
        });
        break;
    }
  }
  return out;
};

// ---- The brute force: each order's raw events folded by hand, grouped by hand ---------------------

const lastIndex = (events: readonly Source[], test: (e: Source) => boolean) => events.reduce((found, e, i) => (test(e) ? i : found), -1);
const bucket = (minutes: number) => {
  for (let i = 0; i < DURATION_BOUNDS_MINUTES.length; i++) if (Math.max(0, minutes) <= DURATION_BOUNDS_MINUTES[i]!) return i;
  return DURATION_BOUNDS_MINUTES.length;
};
const at = (e: Source) => (e.data as { at: string }).at;
const minutes = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 60_000;

interface Brute {
  day: string;
  county: string;
  requester: string;
  owner: string | null;
  manufacturer: string | null;
  provider: string | null;
  engineer: string | null;
  deviceType: string;
  faultType: string;
  m: AnalyticsMeasures;
  response: number | null;
  repair: number | null;
}

const bruteForce = (spec: OrderSpec, events: readonly Source[]): Brute => {
  const of = (type: string) => events.filter((e) => e.type === type);
  const lastOf = (...types: string[]) => lastIndex(events, (e) => types.includes(e.type));
  const dispatchAt = lastOf('WorkOrderDispatched', 'DispatchReturned');
  const provider = dispatchAt >= 0 && events[dispatchAt]!.type === 'WorkOrderDispatched' ? (events[dispatchAt]!.data as { providerId: string }).providerId : null;
  const assignAt = lastOf('EngineerAssigned', 'EngineerDeclined', 'DispatchReturned');
  const engineer = assignAt >= 0 && events[assignAt]!.type === 'EngineerAssigned' ? (events[assignAt]!.data as { engineerId: string }).engineerId : null;
  const requestedAt = at(events[0]!);
  const firstResponse = events.find((e) => e.type === 'EngineerAccepted' || e.type === 'WorkStarted');
  const firstStart = events.find((e) => e.type === 'WorkStarted');
  const completeAt = lastOf('WorkCompleted');
  const undoneAt = lastOf('ReceiptRejected', 'WorkOrderReopened');
  const completedAt = completeAt > undoneAt ? at(events[completeAt]!) : null;
  const closeAt = lastOf('WorkOrderClosed', 'WorkOrderReopened');
  const reopenAt = lastOf('WorkOrderReopened');
  const score = (who: string) => {
    const i = lastIndex(events, (e) => e.type === 'WorkOrderEvaluated' && (e.data as { by: string }).by === who);
    return i > reopenAt ? (events[i]!.data as { score: number }).score : null;
  };
  const targets = (test: (e: Source) => boolean) => new Set(events.filter(test).map((e) => (e.data as { target: string }).target)).size;
  const parts = (field: 'quantity' | 'valueFen') =>
    of('StockIssueDelivered').reduce((s, e) => s + (e.data as unknown as Record<string, number>)[field]!, 0) - of('StockReturned').reduce((s, e) => s + (e.data as unknown as Record<string, number>)[field]!, 0);
  const response = firstResponse ? minutes(requestedAt, at(firstResponse)) : null;
  const repair = firstStart && completedAt ? minutes(at(firstStart), completedAt) : null;
  const histogram = (value: number | null) => DURATION_BOUNDS_MINUTES.map(() => 0).concat([0]).map((_, i) => (value !== null && bucket(value) === i ? 1 : 0));
  const everCompleted = of('WorkCompleted').length > 0;
  const userScore = score('equipment-user');
  const manufacturerScore = score('manufacturer');
  return {
    day: new Date(Date.parse(requestedAt) + 8 * 3_600_000).toISOString().slice(0, 10),
    county: spec.county,
    requester: spec.requester,
    owner: spec.owner,
    manufacturer: spec.manufacturer,
    provider,
    engineer,
    deviceType: spec.deviceType,
    faultType: spec.faultType,
    response,
    repair,
    m: {
      requests: 1,
      cancelled: of('WorkOrderCancelled').length > 0 ? 1 : 0,
      rejected: of('RequestRejected').length > 0 ? 1 : 0,
      completed: completedAt ? 1 : 0,
      resolved: everCompleted ? 1 : 0,
      firstTimeFixed: everCompleted && of('WorkOrderReopened').length === 0 && of('ReceiptRejected').length === 0 ? 1 : 0,
      reworked: of('WorkOrderReopened').length > 0 ? 1 : 0,
      closed: closeAt >= 0 && events[closeAt]!.type === 'WorkOrderClosed' ? 1 : 0,
      response: histogram(response),
      repair: histogram(repair),
      slaOnTime: targets((e) => e.type === 'SlaTargetMet' && !(e.data as { breached: boolean }).breached),
      slaBreached: targets((e) => e.type === 'SlaBreached' || (e.type === 'SlaTargetMet' && (e.data as { breached: boolean }).breached)),
      alarms: of('SlaBreached').length + of('SlaEscalated').length,
      userScoreSum: userScore ?? 0,
      userScores: userScore === null ? 0 : 1,
      manufacturerScoreSum: manufacturerScore ?? 0,
      manufacturerScores: manufacturerScore === null ? 0 : 1,
      partsQuantity: parts('quantity'),
      partsValueFen: parts('valueFen'),
    },
  };
};

const add = (a: AnalyticsMeasures, b: AnalyticsMeasures): AnalyticsMeasures =>
  Object.fromEntries(Object.entries(a).map(([k, v]) => [k, Array.isArray(v) ? v.map((x: number, i: number) => x + (b[k as keyof AnalyticsMeasures] as number[])[i]!) : (v as number) + (b[k as keyof AnalyticsMeasures] as number)])) as unknown as AnalyticsMeasures;

const group = (orders: readonly Brute[], keyOf: (o: Brute) => string | null): Map<string, AnalyticsMeasures> => {
  const out = new Map<string, AnalyticsMeasures>();
  for (const o of orders) {
    const key = keyOf(o);
    if (key === null) continue;
    const current = out.get(key);
    out.set(key, current ? add(current, o.m) : o.m);
  }
  return out;
};

/** The exact percentile of raw durations, reported as the bound of its bucket. */
const exactPercentile = (values: readonly number[], q: number): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const value = sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
  return DURATION_BOUNDS_MINUTES[Math.min(bucket(value), DURATION_BOUNDS_MINUTES.length - 1)]!;
};

const rowsOf = async (store: EmbeddedReadModelStore, collection: string) =>
  new Map((await store.collection<Row & { m: AnalyticsMeasures }>(collection).find({})).map((r) => [r._id, r]));

describe('analytics rows agree with a brute-force recomputation from the raw events', () => {
  it('county, engineer and roll-up rows, after any interleaving, batching and roll-up schedule', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(order, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 200 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }),
        async (specs, picks, batchSizes, refreshes) => {
          // Interleave the orders' events as the log would, each order's own events in order.
          const pending = specs.map((spec, i) => eventsOf(`o${i}`, spec));
          const log = eventLog<Source>();
          let pick = 0;
          while (pending.some((p) => p.length > 0)) {
            const open = pending.filter((p) => p.length > 0);
            const next = open[(picks[pick++] ?? 0) % open.length]!.shift()!;
            log.record(next.stream, next.event as DomainEvent as Source);
          }
          const events = log.events as readonly RecordedEvent[];

          const store = new EmbeddedReadModelStore();
          const runner = new ProjectionRunner(store, analyticsOrdersProjection, analyticsOrdersProjection.collection, analyticsOrdersProjection.name);
          await runner.load();
          await runner.prepare();
          const rollup = new AnalyticsRollup(store);
          for (let i = 0, b = 0; i < events.length; b++) {
            const batch = events.slice(i, i + batchSizes[b % batchSizes.length]!);
            await runner.apply(batch, batch[batch.length - 1]!.position);
            i += batch.length;
            if (refreshes[b % refreshes.length]) await rollup.refresh();
          }
          await rollup.refresh();

          const orders = specs.map((spec, i) => bruteForce(spec, eventsOf(`o${i}`, spec).map((x) => x.event)));
          const part = (v: string | null) => v ?? '-';
          const county = group(orders, (o) => ['c', o.day, o.county, o.requester, part(o.owner), part(o.manufacturer), part(o.provider), o.deviceType, o.faultType].join('|'));
          const engineers = group(orders, (o) => (o.engineer === null ? null : ['e', o.day, o.county, part(o.provider), o.engineer, o.deviceType].join('|')));
          const levels = [
            ['county', (c: string) => c],
            ['city', (c: string) => c.slice(0, 4)],
            ['province', (c: string) => c.slice(0, 2)],
            ['nation', () => 'CN'],
          ] as const;
          const regions = new Map(levels.flatMap(([level, code]) => [...group(orders, (o) => ['r', level, code(o.county), o.day, o.deviceType, o.faultType].join('|'))]));

          const measuresOf = (rows: Map<string, Row & { m: AnalyticsMeasures }>) => new Map([...rows].map(([id, r]) => [id, r.m]));
          expect(measuresOf(await rowsOf(store, ANALYTICS_COUNTY_COLLECTION))).toEqual(county);
          expect(measuresOf(await rowsOf(store, ANALYTICS_ENGINEERS_COLLECTION))).toEqual(engineers);
          const regionRows = await rowsOf(store, ANALYTICS_REGIONS_COLLECTION);
          expect(measuresOf(regionRows)).toEqual(regions);

          // The nation's percentiles read off the merged histograms equal those of the raw durations.
          const nation = [...regionRows.values()].filter((r) => r['level'] === 'nation').reduce<AnalyticsMeasures | null>((s, r) => (s ? add(s, r.m) : r.m), null)!;
          const raw = (f: 'response' | 'repair') => orders.map((o) => o[f]).filter((v): v is number => v !== null);
          const metrics = metricsOf(nation);
          expect([metrics.responseP50, metrics.responseP90, metrics.repairP50, metrics.repairP90]).toEqual([
            exactPercentile(raw('response'), 0.5),
            exactPercentile(raw('response'), 0.9),
            exactPercentile(raw('repair'), 0.5),
            exactPercentile(raw('repair'), 0.9),
          ]);
          await store.close();
        },
      ),
      { numRuns: 60 },
    );
  });
});
