import type { EngineerLevel } from '../dispatch/ranking';
import type { WarrantyJudgement } from '../work-orders/work-order.events';
import type { FeeTerms } from './fee-schedule';
import { applyRate } from './settlement-rules';

// ---- Pricing a work order: the lines of its settlement, as a pure function of what happened ----------
//
// labour   = billable hours × the schedule's hourly rate for the engineer's skill level. Billable time
//            is the time worked: from WorkStarted (or WorkResumed) to WorkPaused (or WorkCompleted),
//            summed over the order's visits, rounded UP to the next half hour (a started half hour
//            counts whole). Half an hour at an odd hourly rate rounds half-up to the fen. A level the
//            schedule has no rate for is priced at the schedule's lowest rate.
// travel   = the fee of the first distance band the engineer's base → device distance falls in (up to
//            and including upToKm); beyond the last band, the last band; distance unknown: band 0.
// parts    = each issue delivered to the order at the value it left stock at (StockIssueDelivered).
// expert   = each closed help request's fee (ExpertHelpClosed.feeFen), to the expert.
// platform = platformFeeRateBp × (labour + parts + travel), and expertFeeRateBp × expert fees, each
//            rounded half-up to the fen; charged to the provider, paid to the platform.
// Warranty: an order judged in-warranty whose device has a manufacturer on the platform puts labour
// and parts on the manufacturer; travel and expert fees stay with the equipment user.

export const LINE_KINDS = ['labour', 'parts', 'travel', 'expert', 'platform-fee'] as const;
export type LineKind = (typeof LINE_KINDS)[number];
export type Payer = 'equipment-user' | 'manufacturer' | 'provider';
export type Payee = 'provider' | 'expert' | 'platform';

export type SettlementLine = {
  readonly lineId: string;
  readonly kind: LineKind;
  readonly description: string;
  /** Hours for labour (in steps of 0.5), pieces for parts, 1 otherwise. */
  readonly quantity: number;
  readonly unitFen: number;
  readonly amountFen: number;
  readonly payer: Payer;
  /** The enterprise that pays. */
  readonly payerId: string;
  readonly payee: Payee;
  /** The enterprise, expert (user id) or 'platform' that is paid. */
  readonly payeeId: string;
};

export type WorkTimelineEvent = { readonly type: 'WorkStarted' | 'WorkPaused' | 'WorkResumed' | 'WorkCompleted'; readonly at: string };

/** Minutes worked: the sum of the stretches between start/resume and pause/completion. */
export const workedMinutes = (timeline: readonly WorkTimelineEvent[]): number => {
  let since: number | null = null;
  let ms = 0;
  for (const e of timeline) {
    const t = Date.parse(e.at);
    if (e.type === 'WorkStarted' || e.type === 'WorkResumed') since ??= t;
    else if (since !== null) {
      ms += Math.max(0, t - since);
      since = null;
    }
  }
  return ms / 60_000;
};

/** Billable half hours: worked time rounded up to the next half hour. */
export const billableHalfHours = (minutes: number): number => Math.ceil(minutes / 30);

export type PricingFacts = {
  readonly parties: { readonly equipmentUserId: string; readonly manufacturerId: string | null; readonly providerId: string };
  readonly timeline: readonly WorkTimelineEvent[];
  readonly engineerLevel: EngineerLevel | null;
  readonly distanceKm: number | null;
  readonly parts: readonly {
    readonly issueId: string;
    readonly partName: string;
    readonly quantity: number;
    readonly unitCostFen: number;
    readonly valueFen: number;
  }[];
  readonly expertFees: readonly { readonly helpId: string; readonly expertId: string; readonly feeFen: number }[];
  readonly warranty: WarrantyJudgement | null;
};

export type PricingTerms = Pick<FeeTerms, 'labourRates' | 'travelBands' | 'platformFeeRateBp' | 'expertFeeRateBp'>;

const LEVEL_LABEL: Record<EngineerLevel, string> = { junior: '初级', intermediate: '中级', senior: '高级', expert: '专家级' };

const hourlyRate = (terms: PricingTerms, level: EngineerLevel | null): { level: EngineerLevel; hourlyFen: number } | null => {
  const exact = terms.labourRates.find((r) => r.skillLevel === level);
  if (exact) return { level: exact.skillLevel, hourlyFen: exact.hourlyFen };
  const lowest = [...terms.labourRates].sort((a, b) => a.hourlyFen - b.hourlyFen)[0];
  return lowest ? { level: lowest.skillLevel, hourlyFen: lowest.hourlyFen } : null;
};

const travelBand = (terms: PricingTerms, distanceKm: number | null) => {
  if (terms.travelBands.length === 0) return null;
  if (distanceKm === null) return { index: 0, band: terms.travelBands[0]! };
  const index = terms.travelBands.findIndex((b) => distanceKm <= b.upToKm);
  const i = index < 0 ? terms.travelBands.length - 1 : index;
  return { index: i, band: terms.travelBands[i]! };
};

/** The platform-fee lines for the other lines' current amounts (recomputed when an arbitration changes one). */
export const platformFeeLines = (
  lines: readonly SettlementLine[],
  terms: Pick<PricingTerms, 'platformFeeRateBp' | 'expertFeeRateBp'>,
  providerId: string,
): SettlementLine[] => {
  const service = lines
    .filter((l) => l.kind === 'labour' || l.kind === 'parts' || l.kind === 'travel')
    .reduce((s, l) => s + l.amountFen, 0);
  const expert = lines.filter((l) => l.kind === 'expert').reduce((s, l) => s + l.amountFen, 0);
  const fee = (lineId: string, description: string, base: number, rateBp: number): SettlementLine => ({
    lineId,
    kind: 'platform-fee',
    description,
    quantity: 1,
    unitFen: applyRate(base, rateBp),
    amountFen: applyRate(base, rateBp),
    payer: 'provider',
    payerId: providerId,
    payee: 'platform',
    payeeId: 'platform',
  });
  const out = [fee('platform-fee', `平台服务费 ${rateText(terms.platformFeeRateBp)}`, service, terms.platformFeeRateBp)];
  if (expert > 0 && terms.expertFeeRateBp > 0)
    out.push(fee('platform-fee-expert', `专家服务平台费 ${rateText(terms.expertFeeRateBp)}`, expert, terms.expertFeeRateBp));
  return out;
};

const rateText = (bp: number) => `${(bp / 100).toFixed(2).replace(/\.?0+$/, '')}%`;

/** The lines of a work order's settlement under a fee schedule. */
export const priceWorkOrder = (facts: PricingFacts, terms: PricingTerms): SettlementLine[] => {
  const { equipmentUserId, manufacturerId, providerId } = facts.parties;
  const covered = facts.warranty === 'in-warranty' && manufacturerId !== null;
  const coveredPayer = covered
    ? { payer: 'manufacturer' as const, payerId: manufacturerId }
    : { payer: 'equipment-user' as const, payerId: equipmentUserId };
  const toProvider = { payee: 'provider' as const, payeeId: providerId };
  const lines: SettlementLine[] = [];

  const halfHours = billableHalfHours(workedMinutes(facts.timeline));
  const rate = hourlyRate(terms, facts.engineerLevel);
  if (rate && halfHours > 0) {
    const amountFen = Number((BigInt(halfHours) * BigInt(rate.hourlyFen) + 1n) / 2n);
    lines.push({
      lineId: 'labour',
      kind: 'labour',
      description: `工时费（${LEVEL_LABEL[rate.level]}工程师，${halfHours / 2} 小时）`,
      quantity: halfHours / 2,
      unitFen: rate.hourlyFen,
      amountFen,
      ...coveredPayer,
      ...toProvider,
    });
  }
  const band = travelBand(terms, facts.distanceKm);
  if (band && band.band.fen > 0) {
    const km = facts.distanceKm === null ? '距离未知' : `${Math.round(facts.distanceKm)} km`;
    lines.push({
      lineId: 'travel',
      kind: 'travel',
      description: `上门费（${km}，≤${band.band.upToKm} km 档）`,
      quantity: 1,
      unitFen: band.band.fen,
      amountFen: band.band.fen,
      payer: 'equipment-user',
      payerId: equipmentUserId,
      ...toProvider,
    });
  }
  for (const p of facts.parts)
    lines.push({
      lineId: `part:${p.issueId}`,
      kind: 'parts',
      description: `配件：${p.partName}`,
      quantity: p.quantity,
      unitFen: p.unitCostFen,
      amountFen: p.valueFen,
      ...coveredPayer,
      ...toProvider,
    });
  for (const x of facts.expertFees)
    lines.push({
      lineId: `expert:${x.helpId}`,
      kind: 'expert',
      description: '专家远程协助费',
      quantity: 1,
      unitFen: x.feeFen,
      amountFen: x.feeFen,
      payer: 'equipment-user',
      payerId: equipmentUserId,
      payee: 'expert',
      payeeId: x.expertId,
    });
  return [...lines, ...platformFeeLines(lines, terms, providerId)];
};
