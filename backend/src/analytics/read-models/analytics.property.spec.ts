// Analytics rows against a brute-force recomputation (fast-check): for random work orders whose events
// arrive interleaved, in batches, with the roll-up run at random points in between, the county rows,
// the engineer rows and the city, province and nation roll-ups equal what a plain fold of each order's
// raw events, grouped by hand, says — counts, histograms and the percentiles read off them. The
// roll-ups are checked in every cut (totals, by device type, by fault type; days and whole months),
// and the enterprises' month rows and the provinces' and nation's party rows too; and every dashboard query, whichever rows the reader picks for
// it (day or month rows, a cut, the enterprise rows, the county rows), answers what the raw facts say.
import fc from 'fast-check';
import { DURATION_BOUNDS_MINUTES, metricsOf, type AnalyticsMeasures, type DomainEvent, type SlaEvent, type StockEvent, type WorkOrderEvent } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { EmbeddedReadModelStore, ProjectionRunner, type Row } from '@kuaige/projections';
import { eventLog } from '@kuaige/testkit';
import { analyticsOrdersProjection } from './analytics-facts.projection';
import { BUILT_IN_ROLES, buildAbility, type AbilityInput, type RoleDefinition } from '@kuaige/tenancy';
import { AnalyticsReader, type AnalyticsDimension, type AnalyticsFilters, type AnalyticsGranularity, type AnalyticsRows } from '../application/analytics.queries';
import type { Actor } from '../../tenancy/api/authorization';
import { ANALYTICS_COUNTY_COLLECTION, ANALYTICS_ENGINEERS_COLLECTION, ANALYTICS_PARTIES_COLLECTION, ANALYTICS_REGIONS_COLLECTION, ANALYTICS_TENANTS_COLLECTION, AnalyticsRollup } from './analytics-rollup';

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

// ---- Dashboard questions, answered by the reader and by hand ------------------------------------

const roles = new Map<string, RoleDefinition>(BUILT_IN_ROLES.map((r) => [r.key, r]));
interface Asker {
  readonly kind: 'operator' | 'enterprise';
  readonly scope: string;
}
const actorOf = ({ kind, scope }: Asker): Actor => {
  const input: AbilityInput =
    kind === 'operator'
      ? { user: { id: 'U-op' }, memberships: [{ kind: 'operator', nodeId: 'N', roles: ['operator-admin'] }], operatorNode: { id: 'N', regionCode: scope }, roles }
      : { user: { id: 'U-ent' }, memberships: [{ kind: 'enterprise', enterpriseId: scope, roles: ['admin'] }], activeEnterpriseId: scope, roles };
  return {
    userId: input.user.id,
    enterpriseId: kind === 'enterprise' ? scope : null,
    operatorNode: kind === 'operator' ? { id: 'N', regionCode: scope } : null,
    roles: [],
    ability: buildAbility(input),
  } as unknown as Actor;
};

type Question =
  | { readonly kind: 'overview' }
  | { readonly kind: 'series'; readonly granularity: AnalyticsGranularity }
  | { readonly kind: 'breakdown'; readonly dimension: AnalyticsDimension };

const DAYS = ['2026-10-31', '2026-11-01', '2026-11-15', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-31'];
const asked = fc.record({
  asker: fc.oneof(
    fc.record({ kind: fc.constant('operator' as const), scope: fc.constantFrom('CN', '44', '4403', '440305', '32') }),
    fc.record({ kind: fc.constant('enterprise' as const), scope: fc.constantFrom('E1', 'E2', 'M1', 'P1') }),
  ),
  question: fc.oneof(
    fc.constant({ kind: 'overview' as const }),
    fc.record({ kind: fc.constant('series' as const), granularity: fc.constantFrom('day' as const, 'week' as const, 'month' as const) }),
    fc.record({ kind: fc.constant('breakdown' as const), dimension: fc.constantFrom('region' as const, 'deviceType' as const, 'faultType' as const, 'requester' as const, 'provider' as const, 'manufacturer' as const) }),
  ),
  from: fc.option(fc.constantFrom(...DAYS), { nil: undefined }),
  to: fc.option(fc.constantFrom(...DAYS), { nil: undefined }),
  regionCode: fc.option(fc.constantFrom('CN', '44', '4403', '440306', '32'), { nil: undefined }),
  enterpriseId: fc.option(fc.constantFrom('E1', 'E2', 'P2'), { nil: undefined }),
  deviceType: fc.option(fc.constantFrom('air-compressor', 'elevator'), { nil: undefined }),
  faultType: fc.option(fc.constantFrom('electrical', 'leakage'), { nil: undefined }),
});

const regionPath = (county: string) => [county, county.slice(0, 4), county.slice(0, 2), 'CN'];
const levelOf = (code: string) => (code === 'CN' ? 3 : code.length === 2 ? 2 : code.length === 4 ? 1 : 0);
const regionAt = (county: string, level: number) => regionPath(county)[level]!;
const tenantsOfOrder = (o: Brute) => [o.requester, o.owner, o.manufacturer, o.provider].filter((t): t is string => t !== null);
const mondayOf = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
};

/** What a question answers, folded from the orders the asker may see: key → measures. */
const answerByHand = (orders: readonly Brute[], asker: Asker, question: Question, f: AnalyticsFilters): Map<string, AnalyticsMeasures> => {
  const visible = orders.filter(
    (o) =>
      (asker.kind === 'operator' ? regionPath(o.county).includes(asker.scope) : tenantsOfOrder(o).includes(asker.scope)) &&
      (f.from === undefined || o.day >= f.from) &&
      (f.to === undefined || o.day <= f.to) &&
      (f.regionCode === undefined || regionPath(o.county).includes(f.regionCode)) &&
      (f.enterpriseId === undefined || tenantsOfOrder(o).includes(f.enterpriseId)) &&
      (f.deviceType === undefined || o.deviceType === f.deviceType) &&
      (f.faultType === undefined || o.faultType === f.faultType),
  );
  const region = f.regionCode ?? (asker.kind === 'operator' ? asker.scope : undefined);
  // An operator naming a region outside its own (an ancestor included) is answered nothing.
  if (asker.kind === 'operator' && !f.enterpriseId && region && !regionPath(region.length === 6 ? region : `${region}000000`.slice(0, 6)).slice(levelOf(region)).includes(asker.scope)) return new Map();
  switch (question.kind) {
    case 'overview':
      return group(visible, () => 'all');
    case 'series':
      return group(visible, (o) => (question.granularity === 'day' ? o.day : question.granularity === 'week' ? mondayOf(o.day) : o.day.slice(0, 7)));
    case 'breakdown': {
      const dimension = question.dimension;
      if (dimension === 'requester' || dimension === 'provider' || dimension === 'manufacturer') return group(visible, (o) => o[dimension] ?? '-');
      if (dimension !== 'region') return group(visible, (o) => o[dimension]);
      const level = region ? levelOf(region) : 3;
      return group(visible, (o) => regionAt(o.county, Math.max(0, level - 1)));
    }
  }
};

const answerOfReader = async (reader: AnalyticsReader, asker: Asker, question: Question, f: AnalyticsFilters): Promise<Map<string, { requests: number; value: number | null }>> => {
  const actor = actorOf(asker);
  switch (question.kind) {
    case 'overview': {
      const o = await reader.overview(actor, f);
      return o.metrics.requests ? new Map([['all', { requests: o.metrics.requests, value: o.metrics.responseP90 }]]) : new Map();
    }
    case 'series':
      return new Map((await reader.series(actor, 'responseP90', question.granularity, f)).map((p) => [p.period, { requests: p.requests, value: p.value }]));
    case 'breakdown':
      return new Map((await reader.breakdown(actor, question.dimension, 'responseP90', f)).map((i) => [i.key, { requests: i.requests, value: i.value }]));
  }
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
        fc.array(asked, { minLength: 1, maxLength: 12 }),
        async (specs, picks, batchSizes, refreshes, questions) => {
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
          // Every level keeps its totals; above a county also by device type and by fault type; each by day and by month.
          const cuts = [
            ['t', () => '', () => ''],
            ['d', (o: Brute) => o.deviceType, () => ''],
            ['f', () => '', (o: Brute) => o.faultType],
          ] as const;
          const periods = [(o: Brute) => o.day, (o: Brute) => o.day.slice(0, 7)];
          const regions = new Map(
            levels.flatMap(([level, code]) =>
              cuts
                .filter(([cut]) => level !== 'county' || cut === 't')
                .flatMap(([, device, fault]) => periods.flatMap((period) => [...group(orders, (o) => ['r', level, code(o.county), period(o), device(o), fault(o)].join('|'))])),
            ),
          );
          const tenants = new Map<string, AnalyticsMeasures>();
          for (const o of orders) {
            for (const t of new Set(tenantsOfOrder(o))) {
              const key = ['n', t, o.county, o.day.slice(0, 7)].join('|');
              const current = tenants.get(key);
              tenants.set(key, current ? add(current, o.m) : o.m);
            }
          }
          // Each party of each role, in its province and in the nation, by day and by month ('-' for none).
          const parties = new Map(
            (['requester', 'provider', 'manufacturer'] as const).flatMap((role) =>
              (['province', 'nation'] as const).flatMap((level) =>
                periods.flatMap((period) => [...group(orders, (o) => ['p', role, part(o[role]), level, level === 'nation' ? 'CN' : o.county.slice(0, 2), period(o)].join('|'))]),
              ),
            ),
          );

          const measuresOf = (rows: Map<string, Row & { m: AnalyticsMeasures }>) => new Map([...rows].map(([id, r]) => [id, r.m]));
          expect(measuresOf(await rowsOf(store, ANALYTICS_COUNTY_COLLECTION))).toEqual(county);
          expect(measuresOf(await rowsOf(store, ANALYTICS_ENGINEERS_COLLECTION))).toEqual(engineers);
          const regionRows = await rowsOf(store, ANALYTICS_REGIONS_COLLECTION);
          expect(measuresOf(regionRows)).toEqual(regions);

          // The nation's percentiles read off the merged histograms equal those of the raw durations.
          expect(measuresOf(await rowsOf(store, ANALYTICS_TENANTS_COLLECTION))).toEqual(tenants);
          expect(measuresOf(await rowsOf(store, ANALYTICS_PARTIES_COLLECTION))).toEqual(parties);
          const nation = [...regionRows.values()].filter((r) => r['level'] === 'nation' && r['cut'] === 't' && r['grain'] === 'day').reduce<AnalyticsMeasures | null>((s, r) => (s ? add(s, r.m) : r.m), null)!;
          const raw = (f: 'response' | 'repair') => orders.map((o) => o[f]).filter((v): v is number => v !== null);
          const metrics = metricsOf(nation);
          expect([metrics.responseP50, metrics.responseP90, metrics.repairP50, metrics.repairP90]).toEqual([
            exactPercentile(raw('response'), 0.5),
            exactPercentile(raw('response'), 0.9),
            exactPercentile(raw('repair'), 0.5),
            exactPercentile(raw('repair'), 0.9),
          ]);

          // Every question, as each asker: whatever rows the reader picks, the answer of the raw facts.
          const reader = new AnalyticsReader({ store, fresh: async () => undefined } as unknown as AnalyticsRows);
          for (const { asker, question, ...given } of questions) {
            const f = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as AnalyticsFilters;
            const expected = new Map([...answerByHand(orders, asker, question, f)].map(([key, m]) => [key, { requests: m.requests, value: metricsOf(m).responseP90 }]));
            expect({ asker, question, f, answer: await answerOfReader(reader, asker, question, f) }).toEqual({ asker, question, f, answer: expected });
          }
          await store.close();
        },
      ),
      {
        numRuns: 60,
        examples: [
          // Found by CI (seed 621331114): an enterprise's day series over a whole month was answered
          // from its month rows, with the month as the key.
          [
            [{ county: '440305', requester: 'E1', owner: 'E1', manufacturer: 'M1', deviceType: 'air-compressor', faultType: 'electrical', startMinute: 0, steps: [] }],
            [],
            [1],
            [false],
            [{ asker: { kind: 'operator', scope: 'CN' }, question: { kind: 'series', granularity: 'day' }, from: '2026-10-31', to: '2026-12-31', regionCode: undefined, enterpriseId: 'E1', deviceType: undefined, faultType: undefined }],
          ],
          // The party rows' whole months and end days: a nation's and a province's providers over two
          // months and a day, with orders on both sides of a month's end.
          [
            [
              { county: '440305', requester: 'E1', owner: null, manufacturer: 'M1', deviceType: 'elevator', faultType: 'leakage', startMinute: 0, steps: [{ step: { kind: 'dispatch', provider: 'P1' }, after: 5 }] },
              { county: '440106', requester: 'E2', owner: 'E2', manufacturer: null, deviceType: 'elevator', faultType: 'electrical', startMinute: 2000, steps: [{ step: { kind: 'dispatch', provider: 'P2' }, after: 5 }] },
            ],
            [],
            [1],
            [true],
            [
              { asker: { kind: 'operator', scope: 'CN' }, question: { kind: 'breakdown', dimension: 'provider' }, from: '2026-10-31', to: '2026-12-31', regionCode: undefined, enterpriseId: undefined, deviceType: undefined, faultType: undefined },
              { asker: { kind: 'operator', scope: '44' }, question: { kind: 'breakdown', dimension: 'manufacturer' }, from: '2026-11-01', to: '2026-12-02', regionCode: undefined, enterpriseId: undefined, deviceType: undefined, faultType: undefined },
              { asker: { kind: 'operator', scope: 'CN' }, question: { kind: 'breakdown', dimension: 'requester' }, from: '2026-12-01', to: '2026-12-31', regionCode: '44', enterpriseId: undefined, deviceType: undefined, faultType: undefined },
            ],
          ],
        ],
      },
    );
  });
});
