import type { LineKind, Payer } from '../settlements/settlement-lines';

// ---- What a settlement costs, as analytics counts it (integer fen throughout) --------------------
// A row of a county, a city or the nation is the field-wise sum of the settlements it covers. The
// amounts are kept per paying side (the equipment user, the manufacturer when the order is in
// warranty, the provider for the platform fee), so that each party can be shown its own side of the
// same rows: a provider what it earned, an equipment user what it was charged, a manufacturer its
// warranty share. A cancelled settlement counts as cancelled, with what it would have charged, and
// adds no amount: its postings were reversed.

export interface CostMeasures {
  /** Settlements in force (not cancelled): the completed orders that were settled. */
  readonly settlements: number;
  readonly cancelled: number;
  /** Disputes raised on the settlements, cancelled ones included. */
  readonly disputes: number;
  readonly userLabourFen: number;
  readonly userTravelFen: number;
  readonly userPartsFen: number;
  readonly userExpertFen: number;
  /** Lines of the equipment users that paid their share. */
  readonly userPaidFen: number;
  readonly makerLabourFen: number;
  readonly makerTravelFen: number;
  readonly makerPartsFen: number;
  readonly makerExpertFen: number;
  readonly makerPaidFen: number;
  /** Platform fees (on service and on expert fees), charged to the provider. */
  readonly platformFeeFen: number;
  /** Labour, travel and parts (the provider's lines) of the paying parties that paid. */
  readonly providerPaidFen: number;
  /** What the cancelled settlements charged before they were reversed. */
  readonly cancelledFen: number;
}

export const COST_COUNTERS = [
  'settlements',
  'cancelled',
  'disputes',
  'userLabourFen',
  'userTravelFen',
  'userPartsFen',
  'userExpertFen',
  'userPaidFen',
  'makerLabourFen',
  'makerTravelFen',
  'makerPartsFen',
  'makerExpertFen',
  'makerPaidFen',
  'platformFeeFen',
  'providerPaidFen',
  'cancelledFen',
] as const satisfies readonly (keyof CostMeasures)[];

export const emptyCost = (): CostMeasures => Object.fromEntries(COST_COUNTERS.map((c) => [c, 0])) as unknown as CostMeasures;

export const addCost = (a: CostMeasures, b: CostMeasures): CostMeasures =>
  Object.fromEntries(COST_COUNTERS.map((c) => [c, a[c] + b[c]])) as unknown as CostMeasures;

/** The sum of many rows' cost measures into one accumulator. */
export const sumCost = (all: Iterable<CostMeasures>): CostMeasures => {
  const sum = Object.fromEntries(COST_COUNTERS.map((c) => [c, 0])) as Record<(typeof COST_COUNTERS)[number], number>;
  for (const m of all) for (const c of COST_COUNTERS) sum[c] += m[c];
  return sum;
};

/** What analytics keeps of a settlement: its lines at their current amounts, who paid, what happened. */
export interface SettlementCostFacts {
  readonly lines: readonly { readonly lineId: string; readonly kind: LineKind; readonly payer: Payer; readonly amountFen: number }[];
  readonly paidBy: readonly Exclude<Payer, 'provider'>[];
  readonly disputes: number;
  readonly cancelled: boolean;
}

const PROVIDER_KINDS: readonly LineKind[] = ['labour', 'travel', 'parts'];

/** What one settlement adds to the rows it is filed under. */
export const costOfSettlement = (s: SettlementCostFacts): CostMeasures => {
  const m: Record<(typeof COST_COUNTERS)[number], number> = { ...(emptyCost() as Record<(typeof COST_COUNTERS)[number], number>) };
  m.disputes = s.disputes;
  let charged = 0;
  for (const l of s.lines) if (l.payer !== 'provider') charged += l.amountFen;
  if (s.cancelled) {
    m.cancelled = 1;
    m.cancelledFen = charged;
    return m;
  }
  m.settlements = 1;
  for (const l of s.lines) {
    if (l.kind === 'platform-fee') {
      m.platformFeeFen += l.amountFen;
      continue;
    }
    if (l.payer === 'provider') continue;
    const side = l.payer === 'manufacturer' ? 'maker' : 'user';
    const kind = l.kind === 'labour' ? 'Labour' : l.kind === 'travel' ? 'Travel' : l.kind === 'parts' ? 'Parts' : 'Expert';
    m[`${side}${kind}Fen`] += l.amountFen;
    if (s.paidBy.includes(l.payer)) {
      m[`${side}PaidFen`] += l.amountFen;
      if (PROVIDER_KINDS.includes(l.kind)) m.providerPaidFen += l.amountFen;
    }
  }
  return m;
};

// ---- The totals a party is shown -----------------------------------------------------------------

/** Whose side of a settlement the reader takes: an operator sees all of it. */
export type CostSide = 'all' | 'provider' | 'equipment-user' | 'manufacturer';

export const COST_TOTALS = [
  'settlements',
  'cancelled',
  'disputes',
  'chargedFen',
  'labourFen',
  'travelFen',
  'partsFen',
  'expertFen',
  'platformFeeFen',
  'warrantyFen',
  'earnedFen',
  'paidFen',
  'outstandingFen',
  'cancelledFen',
] as const;
export type CostTotal = (typeof COST_TOTALS)[number];

/** The totals of one side, additive like the measures (a reader sums them over rows of different sides). */
export type CostSideTotals = Record<CostTotal, number>;

/** Which totals each side is shown; the others answer null. */
export const COST_TOTALS_SHOWN: Record<CostSide, readonly CostTotal[]> = {
  all: COST_TOTALS,
  provider: COST_TOTALS.filter((t) => t !== 'expertFen'),
  'equipment-user': COST_TOTALS.filter((t) => t !== 'warrantyFen' && t !== 'platformFeeFen' && t !== 'earnedFen'),
  manufacturer: COST_TOTALS.filter((t) => t !== 'platformFeeFen' && t !== 'earnedFen' && t !== 'expertFen'),
};

/** The totals of summed measures as one side sees them. */
export const costTotalsOf = (m: CostMeasures, side: CostSide): CostSideTotals => {
  const user = m.userLabourFen + m.userTravelFen + m.userPartsFen + m.userExpertFen;
  const maker = m.makerLabourFen + m.makerTravelFen + m.makerPartsFen + m.makerExpertFen;
  const labour = m.userLabourFen + m.makerLabourFen;
  const travel = m.userTravelFen + m.makerTravelFen;
  const parts = m.userPartsFen + m.makerPartsFen;
  const service = labour + travel + parts;
  const base = { settlements: m.settlements, cancelled: m.cancelled, disputes: m.disputes, cancelledFen: m.cancelledFen };
  switch (side) {
    case 'all':
      return {
        ...base,
        chargedFen: user + maker,
        labourFen: labour,
        travelFen: travel,
        partsFen: parts,
        expertFen: m.userExpertFen + m.makerExpertFen,
        platformFeeFen: m.platformFeeFen,
        warrantyFen: maker,
        earnedFen: service - m.platformFeeFen,
        paidFen: m.userPaidFen + m.makerPaidFen,
        outstandingFen: user + maker - m.userPaidFen - m.makerPaidFen,
      };
    case 'provider':
      return {
        ...base,
        chargedFen: service,
        labourFen: labour,
        travelFen: travel,
        partsFen: parts,
        expertFen: 0,
        platformFeeFen: m.platformFeeFen,
        warrantyFen: m.makerLabourFen + m.makerTravelFen + m.makerPartsFen,
        earnedFen: service - m.platformFeeFen,
        paidFen: m.providerPaidFen,
        outstandingFen: service - m.providerPaidFen,
      };
    case 'equipment-user':
      return {
        ...base,
        chargedFen: user,
        labourFen: m.userLabourFen,
        travelFen: m.userTravelFen,
        partsFen: m.userPartsFen,
        expertFen: m.userExpertFen,
        platformFeeFen: 0,
        warrantyFen: 0,
        earnedFen: 0,
        paidFen: m.userPaidFen,
        outstandingFen: user - m.userPaidFen,
      };
    case 'manufacturer':
      return {
        ...base,
        chargedFen: maker,
        labourFen: m.makerLabourFen,
        travelFen: m.makerTravelFen,
        partsFen: m.makerPartsFen,
        expertFen: 0,
        platformFeeFen: 0,
        warrantyFen: maker,
        earnedFen: 0,
        paidFen: m.makerPaidFen,
        outstandingFen: maker - m.makerPaidFen,
      };
    default: {
      const unreachable: never = side;
      return unreachable;
    }
  }
};

export const emptyCostTotals = (): CostSideTotals => Object.fromEntries(COST_TOTALS.map((t) => [t, 0])) as CostSideTotals;

export const addCostTotals = (a: CostSideTotals, b: CostSideTotals): CostSideTotals =>
  Object.fromEntries(COST_TOTALS.map((t) => [t, a[t] + b[t]])) as CostSideTotals;

/** Integer division rounded half-up (fen stay integers; null without a divisor). */
export const averageFen = (totalFen: number, count: number): number | null => (count === 0 ? null : Math.floor((2 * totalFen + count) / (2 * count)));
