// Cost rows against a brute-force recomputation (fast-check): random orders and their settlements —
// created with random lines, disputed, re-priced by arbitration, paid by one side or both, cancelled —
// their events interleaved and applied in random batches with the cost roll-up run at random points.
// The county rows and the city, province and nation roll-ups equal a plain fold of each settlement's
// raw events grouped by hand, in integers only.
import fc from 'fast-check';
import type { CostMeasures, DomainEvent, SettlementEvent, SettlementLine, WorkOrderEvent } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { EmbeddedReadModelStore, ProjectionRunner, type Row } from '@kuaige/projections';
import { eventLog } from '@kuaige/testkit';
import { settlementIdOf } from '../../settlements/application/settlement-creation';
import { analyticsSettlementsProjection } from './analytics-cost-facts.projection';
import { ANALYTICS_COST_COUNTY_COLLECTION, ANALYTICS_COST_REGIONS_COLLECTION, AnalyticsCostRollup } from './analytics-cost-rollup';

type Source = WorkOrderEvent | SettlementEvent;
type LineSpec = { kind: 'labour' | 'travel' | 'parts' | 'expert'; payer: 'equipment-user' | 'manufacturer'; amountFen: number };
type Step =
  | { kind: 'dispute' }
  | { kind: 'arbitrate'; line: number; cut: number; fee: number }
  | { kind: 'pay'; payer: 'equipment-user' | 'manufacturer' }
  | { kind: 'cancel' };

interface OrderSpec {
  readonly county: string;
  readonly user: string;
  readonly maker: string | null;
  readonly provider: string;
  readonly deviceType: string;
  readonly faultType: string;
  readonly startMinute: number;
  /** null: the order was never settled. */
  readonly settlement: { readonly lines: readonly LineSpec[]; readonly platformFeeFen: number; readonly steps: readonly Step[] } | null;
}

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('dispute' as const) }),
  fc.record({ kind: fc.constant('arbitrate' as const), line: fc.nat(), cut: fc.integer({ min: 0, max: 100 }), fee: fc.integer({ min: 0, max: 5_000 }) }),
  fc.record({ kind: fc.constant('pay' as const), payer: fc.constantFrom('equipment-user' as const, 'manufacturer' as const) }),
  fc.record({ kind: fc.constant('cancel' as const) }),
);

const order: fc.Arbitrary<OrderSpec> = fc.record({
  county: fc.constantFrom('440305', '440306', '440106', '320102', '110108'),
  user: fc.constantFrom('E1', 'E2'),
  maker: fc.constantFrom('M1', null),
  provider: fc.constantFrom('P1', 'P2'),
  deviceType: fc.constantFrom('air-compressor', 'elevator'),
  faultType: fc.constantFrom('electrical', 'leakage'),
  startMinute: fc.integer({ min: 0, max: 3 * 24 * 60 }),
  settlement: fc.option(
    fc.record({
      lines: fc.array(
        fc.record({
          kind: fc.constantFrom('labour' as const, 'travel' as const, 'parts' as const, 'expert' as const),
          payer: fc.constantFrom('equipment-user' as const, 'manufacturer' as const),
          amountFen: fc.integer({ min: 0, max: 900_000 }),
        }),
        { maxLength: 6 },
      ),
      platformFeeFen: fc.integer({ min: 0, max: 40_000 }),
      steps: fc.array(step, { maxLength: 6 }),
    }),
    { freq: 4 },
  ),
});

const BASE = Date.parse('2026-11-30T00:00:00.000Z');
const instant = (minute: number) => new Date(BASE + minute * 60_000).toISOString();

const linesOf = (id: string, spec: OrderSpec): SettlementLine[] => {
  const s = spec.settlement!;
  const payerId = (p: LineSpec['payer']) => (p === 'manufacturer' ? (spec.maker ?? 'M1') : spec.user);
  return [
    ...s.lines.map((l, i) => ({
      lineId: `${id}-l${i}`,
      kind: l.kind,
      description: l.kind,
      quantity: 1,
      unitFen: l.amountFen,
      amountFen: l.amountFen,
      payer: l.payer,
      payerId: payerId(l.payer),
      payee: l.kind === 'expert' ? ('expert' as const) : ('provider' as const),
      payeeId: l.kind === 'expert' ? 'X1' : spec.provider,
    })),
    { lineId: 'platform-fee', kind: 'platform-fee', description: 'fee', quantity: 1, unitFen: s.platformFeeFen, amountFen: s.platformFeeFen, payer: 'provider', payerId: spec.provider, payee: 'platform', payeeId: 'platform' },
  ];
};

/** The events of one order and its settlement, as their streams would hold them. */
const eventsOf = (id: string, spec: OrderSpec): { stream: string; event: Source }[] => {
  const at = instant(spec.startMinute);
  const out: { stream: string; event: Source }[] = [
    {
      stream: `WorkOrder-${id}`,
      event: {
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
            ownerId: spec.user,
            manufacturerId: spec.maker,
            countyCode: spec.county,
            jurisdiction: [spec.county, spec.county.slice(0, 4), spec.county.slice(0, 2), 'CN'],
            coordinates: null,
            soldOn: null,
            warrantyEndsOn: null,
            status: 'active',
          },
          fault: { type: spec.faultType as never, description: '故障', attachments: [] },
          priority: 'normal',
          requesterId: spec.user,
          requesterUserId: null,
          manufacturerId: spec.maker,
          channel: 'console',
          contact: { name: '张三', phone: 'cipher' },
          at,
        },
      },
    },
  ];
  if (!spec.settlement) return out;
  const settlementId = settlementIdOf(id);
  const stream = `Settlement-${settlementId}`;
  const lines = linesOf(id, spec);
  out.push({
    stream,
    event: {
      type: 'SettlementCreated',
      data: {
        settlementId,
        workOrderId: id,
        workOrderNumber: `WO-${id}`,
        scheduleId: null,
        rates: { platformFeeRateBp: 500, expertFeeRateBp: 1000 },
        parties: { equipmentUserId: spec.user, manufacturerId: spec.maker, providerId: spec.provider },
        jurisdiction: [spec.county, spec.county.slice(0, 4), spec.county.slice(0, 2), 'CN'],
        lines,
        trigger: 'evaluated',
        at,
      },
    },
  });
  spec.settlement.steps.forEach((s, i) => {
    const e = (event: SettlementEvent) => out.push({ stream, event });
    switch (s.kind) {
      case 'dispute':
        e({ type: 'SettlementDisputeRaised', data: { disputeId: `d${i}`, lineId: lines[0]!.lineId, enterpriseId: spec.user, reason: 'r', by: 'U1', at } });
        break;
      case 'arbitrate': {
        const line = lines[s.line % lines.length]!;
        e({
          type: 'SettlementDisputeArbitrated',
          data: {
            disputeId: `d${i}`,
            lineId: line.lineId,
            decision: 'upheld',
            adjustedAmountFen: null,
            note: 'n',
            // A cut of the line to `cut` percent, integer fen, and the platform fee that follows.
            adjustedLines: [
              { lineId: line.lineId, amountFen: Math.floor((line.amountFen * s.cut) / 100) },
              { lineId: 'platform-fee', amountFen: s.fee },
            ],
            by: 'U9',
            at,
          },
        });
        break;
      }
      case 'pay':
        e({ type: 'SettlementPaymentRecorded', data: { paymentId: `p${i}`, payers: [s.payer], enterpriseId: spec.user, amountFen: 0, method: 'offline', reference: 'x', complete: false, journal: [], by: 'U1', at } });
        break;
      case 'cancel':
        e({ type: 'SettlementCancelled', data: { reason: 'r', journal: [], by: 'U9', at } });
        break;
    }
  });
  return out;
};

// ---- The brute force: each settlement's raw events folded by hand, grouped by hand -----------------

const ZERO: CostMeasures = {
  settlements: 0,
  cancelled: 0,
  disputes: 0,
  userLabourFen: 0,
  userTravelFen: 0,
  userPartsFen: 0,
  userExpertFen: 0,
  userPaidFen: 0,
  makerLabourFen: 0,
  makerTravelFen: 0,
  makerPartsFen: 0,
  makerExpertFen: 0,
  makerPaidFen: 0,
  platformFeeFen: 0,
  providerPaidFen: 0,
  cancelledFen: 0,
};

const bruteForce = (id: string, spec: OrderSpec, events: readonly Source[]): { key: string; m: CostMeasures } | null => {
  if (!spec.settlement) return null;
  const amounts = new Map(linesOf(id, spec).map((l) => [l.lineId, l.amountFen]));
  const paid = new Set<string>();
  let disputes = 0;
  let cancelled = false;
  for (const e of events) {
    if (e.type === 'SettlementDisputeRaised') disputes++;
    if (e.type === 'SettlementDisputeArbitrated') for (const l of e.data.adjustedLines) amounts.set(l.lineId, l.amountFen);
    if (e.type === 'SettlementPaymentRecorded') for (const p of e.data.payers) paid.add(p);
    if (e.type === 'SettlementCancelled') cancelled = true;
  }
  const m: Record<string, number> = { ...ZERO, disputes };
  const lines = linesOf(id, spec).map((l) => ({ ...l, amountFen: amounts.get(l.lineId)! }));
  const charged = lines.filter((l) => l.payer !== 'provider').reduce((s, l) => s + l.amountFen, 0);
  if (cancelled) Object.assign(m, { cancelled: 1, cancelledFen: charged });
  else {
    m['settlements'] = 1;
    for (const l of lines) {
      if (l.kind === 'platform-fee') m['platformFeeFen']! += l.amountFen;
      else {
        const side = l.payer === 'manufacturer' ? 'maker' : 'user';
        m[`${side}${l.kind[0]!.toUpperCase()}${l.kind.slice(1)}Fen`]! += l.amountFen;
        if (paid.has(l.payer)) {
          m[`${side}PaidFen`]! += l.amountFen;
          if (l.kind !== 'expert') m['providerPaidFen']! += l.amountFen;
        }
      }
    }
  }
  const day = new Date(BASE + spec.startMinute * 60_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  return { key: [day, spec.county, spec.user, spec.maker ?? '-', spec.provider, spec.deviceType, spec.faultType].join('|'), m: m as unknown as CostMeasures };
};

const add = (a: CostMeasures, b: CostMeasures): CostMeasures =>
  Object.fromEntries(Object.keys(ZERO).map((k) => [k, a[k as keyof CostMeasures] + b[k as keyof CostMeasures]])) as unknown as CostMeasures;

describe('cost rows agree with a brute-force fold of the settlements’ raw events', () => {
  it('county rows and roll-ups, after any interleaving, batching and roll-up schedule, in integer fen', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(order, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 200 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }),
        async (specs, picks, batchSizes, refreshes) => {
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
          const runner = new ProjectionRunner(store, analyticsSettlementsProjection, analyticsSettlementsProjection.collection, analyticsSettlementsProjection.name);
          await runner.load();
          await runner.prepare();
          const rollup = new AnalyticsCostRollup(store);
          for (let i = 0, b = 0; i < events.length; b++) {
            const batch = events.slice(i, i + batchSizes[b % batchSizes.length]!);
            await runner.apply(batch, batch[batch.length - 1]!.position);
            i += batch.length;
            if (refreshes[b % refreshes.length]) await rollup.refresh();
          }
          await rollup.refresh();

          const settled = specs.map((spec, i) => bruteForce(`o${i}`, spec, eventsOf(`o${i}`, spec).map((x) => x.event))).filter((s) => s !== null);
          const group = (keyOf: (key: string) => string) => {
            const out = new Map<string, CostMeasures>();
            for (const s of settled) {
              const key = keyOf(s.key);
              out.set(key, out.has(key) ? add(out.get(key)!, s.m) : s.m);
            }
            return out;
          };
          const county = group((k) => `k|${k}`);
          const levels = [
            ['county', (c: string) => c],
            ['city', (c: string) => c.slice(0, 4)],
            ['province', (c: string) => c.slice(0, 2)],
            ['nation', () => 'CN'],
          ] as const;
          const regions = new Map(
            levels.flatMap(([level, code]) =>
              [
                ...group((k) => {
                  const [day, c, , , , device, fault] = k.split('|');
                  return ['r', level, code(c!), day, device, fault].join('|');
                }),
              ],
            ),
          );

          const rowsOf = async (collection: string) =>
            new Map((await store.collection<Row & { m: CostMeasures }>(collection).find({})).map((r) => [r._id, r.m]));
          const countyRows = await rowsOf(ANALYTICS_COST_COUNTY_COLLECTION);
          expect(countyRows).toEqual(county);
          expect(await rowsOf(ANALYTICS_COST_REGIONS_COLLECTION)).toEqual(regions);
          for (const m of countyRows.values()) for (const v of Object.values(m)) expect(Number.isInteger(v)).toBe(true);
          await store.close();
        },
      ),
      { numRuns: 60 },
    );
  });
});
