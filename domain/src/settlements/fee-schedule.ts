import { IllegalTransition, type Command, type Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import { isEngineerLevel, type EngineerLevel } from '../dispatch/ranking';
import type { Party } from '../maintenance/party';
import { basisPointsOf, fenOf, SettlementNotYourRole, SettlementRuleViolation, settlementText } from './settlement-rules';

// ---- Fee schedules (收费标准, SET-2 / OPS-4), stream `FeeSchedule-<scheduleId>` ---------------------
// An operator node drafts a schedule for its jurisdiction and publishes it with the date it takes
// effect. A narrower node may publish its own for its subtree: the settlement of a work order applies
// the most specific published schedule in force on the day the work was completed (Asia/Shanghai).

export const feeScheduleStream = (scheduleId: string): string => `FeeSchedule-${scheduleId}`;

export type LabourRate = {
  readonly skillLevel: EngineerLevel;
  readonly hourlyFen: number;
};
export type TravelBand = {
  /** The band covers distances up to and including this many km. */
  readonly upToKm: number;
  readonly fen: number;
};

export type FeeTerms = {
  /** ISO date (YYYY-MM-DD), Asia/Shanghai. */
  readonly effectiveFrom: string;
  readonly labourRates: readonly LabourRate[];
  /** Ascending by upToKm. */
  readonly travelBands: readonly TravelBand[];
  /** Charged to the provider on its labour, parts and travel. */
  readonly platformFeeRateBp: number;
  /** Charged to the provider on the expert fees of help it asked for; 0 when none. */
  readonly expertFeeRateBp: number;
  readonly note: string;
};

export type FeeScheduleDrafted = DomainEvent<
  'FeeScheduleDrafted',
  FeeTerms & {
    readonly scheduleId: string;
    readonly operatorNodeId: string;
    readonly regionCode: string;
    readonly jurisdiction: readonly string[];
    readonly by: string;
    readonly at: string;
  }
>;
export type FeeSchedulePublished = DomainEvent<
  'FeeSchedulePublished',
  { readonly scheduleId: string; readonly by: string; readonly at: string }
>;
export type FeeScheduleEvent = FeeScheduleDrafted | FeeSchedulePublished;

type Terms = {
  readonly effectiveFrom: string;
  readonly labourRates: readonly { skillLevel: string; hourlyFen: number }[];
  readonly travelBands: readonly TravelBand[];
  readonly platformFeeRateBp: number;
  readonly expertFeeRateBp?: number | undefined;
  readonly note?: string | undefined;
};

export type DraftFeeSchedule = Command<
  'DraftFeeSchedule',
  Terms & {
    readonly scheduleId: string;
    readonly operatorNodeId: string;
    /** The node's division code and its ancestors, nearest first (read by the handler). */
    readonly jurisdiction: readonly string[];
    readonly by: Party;
    readonly at: string;
  }
>;
export type PublishFeeSchedule = Command<'PublishFeeSchedule', { readonly by: Party; readonly at: string }>;
export type FeeScheduleCommand = DraftFeeSchedule | PublishFeeSchedule;

export type FeeSchedule = FeeTerms & {
  readonly status: 'draft' | 'published';
  readonly scheduleId: string;
  readonly operatorNodeId: string;
  readonly regionCode: string;
  readonly jurisdiction: readonly string[];
  readonly publishedAt: string | null;
};
export type FeeScheduleState = { readonly status: 'none' } | FeeSchedule;

export const MAX_LABOUR_RATES = 10;
export const MAX_TRAVEL_BANDS = 20;
export const MAX_BAND_KM = 100_000;
/** ¥10,000 an hour / a call-out: above it, a typing error. */
export const MAX_SCHEDULE_TARIFF_FEN = 1_000_000;

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The calendar day of an instant in Asia/Shanghai (UTC+8, no DST). */
export const shanghaiDate = (at: string): string => new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 10);

const termsOf = (c: Terms): FeeTerms => {
  if (!ISO_DATE.test(c.effectiveFrom) || Number.isNaN(Date.parse(`${c.effectiveFrom}T00:00:00Z`)))
    throw new SettlementRuleViolation('iso-date', 'effectiveFrom', 'effectiveFrom is a date YYYY-MM-DD');
  if (c.labourRates.length > MAX_LABOUR_RATES)
    throw new SettlementRuleViolation('max-items', 'labourRates', `at most ${MAX_LABOUR_RATES} labour rates`);
  const seen = new Set<string>();
  const labourRates = c.labourRates.map((r, i) => {
    if (!isEngineerLevel(r.skillLevel))
      throw new SettlementRuleViolation(
        'skill-level',
        `labourRates[${i}].skillLevel`,
        'skillLevel is junior, intermediate, senior or expert',
      );
    if (seen.has(r.skillLevel)) throw new SettlementRuleViolation('unique', `labourRates[${i}].skillLevel`, 'one rate per skill level');
    seen.add(r.skillLevel);
    return { skillLevel: r.skillLevel, hourlyFen: fenOf(r.hourlyFen, `labourRates[${i}].hourlyFen`, MAX_SCHEDULE_TARIFF_FEN) };
  });
  if (c.travelBands.length > MAX_TRAVEL_BANDS)
    throw new SettlementRuleViolation('max-items', 'travelBands', `at most ${MAX_TRAVEL_BANDS} travel bands`);
  const travelBands = c.travelBands.map((b, i) => {
    if (!Number.isInteger(b.upToKm) || b.upToKm < 0 || b.upToKm > MAX_BAND_KM)
      throw new SettlementRuleViolation('km', `travelBands[${i}].upToKm`, `upToKm is a whole number of km from 0 to ${MAX_BAND_KM}`);
    if (i > 0 && b.upToKm <= c.travelBands[i - 1]!.upToKm)
      throw new SettlementRuleViolation('ascending', `travelBands[${i}].upToKm`, 'travel bands ascend by upToKm');
    return { upToKm: b.upToKm, fen: fenOf(b.fen, `travelBands[${i}].fen`, MAX_SCHEDULE_TARIFF_FEN) };
  });
  return {
    effectiveFrom: c.effectiveFrom,
    labourRates,
    travelBands,
    platformFeeRateBp: basisPointsOf(c.platformFeeRateBp, 'platformFeeRateBp'),
    expertFeeRateBp: basisPointsOf(c.expertFeeRateBp ?? 0, 'expertFeeRateBp'),
    note: settlementText(c.note, 'note', false),
  };
};

const asNodeOperator = (state: FeeSchedule | null, by: Party, operatorNodeId: string) => {
  if (by.kind !== 'operator' || by.nodeId !== operatorNodeId)
    throw new SettlementNotYourRole('only the staff of the operator node the schedule belongs to drafts and publishes it');
  if (state && state.operatorNodeId !== by.nodeId) throw new SettlementNotYourRole('only the node that drafted the schedule publishes it');
  return by;
};

const decide = (command: FeeScheduleCommand, state: FeeScheduleState): FeeScheduleEvent[] => {
  switch (command.type) {
    case 'DraftFeeSchedule': {
      const c = command.data;
      if (state.status !== 'none') throw new IllegalTransition(state.status, command.type);
      const by = asNodeOperator(null, c.by, c.operatorNodeId);
      const regionCode = c.jurisdiction[0];
      if (regionCode === undefined) throw new SettlementRuleViolation('exists', 'operatorNodeId', 'the node has no division');
      return [
        {
          type: 'FeeScheduleDrafted',
          data: {
            scheduleId: c.scheduleId,
            operatorNodeId: c.operatorNodeId,
            regionCode,
            jurisdiction: [...c.jurisdiction],
            ...termsOf(c),
            by: by.userId,
            at: c.at,
          },
        },
      ];
    }
    case 'PublishFeeSchedule': {
      if (state.status === 'none') throw new IllegalTransition('none', command.type);
      const by = asNodeOperator(state, command.data.by, state.operatorNodeId);
      if (state.status === 'published') throw new IllegalTransition(state.status, command.type);
      // A schedule never applies retroactively: settlements already priced keep the terms they had.
      if (state.effectiveFrom < shanghaiDate(command.data.at))
        throw new SettlementRuleViolation('effective-in-past', 'effectiveFrom', 'a schedule takes effect today or later; draft a new one');
      return [{ type: 'FeeSchedulePublished', data: { scheduleId: state.scheduleId, by: by.userId, at: command.data.at } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
};

const evolve = (state: FeeScheduleState, event: FeeScheduleEvent): FeeScheduleState => {
  switch (event.type) {
    case 'FeeScheduleDrafted': {
      const { by: _by, at: _at, ...d } = event.data;
      return { ...d, status: 'draft', publishedAt: null };
    }
    case 'FeeSchedulePublished':
      return state.status === 'none' ? state : { ...state, status: 'published', publishedAt: event.data.at };
  }
};

export const feeSchedule: Decider<FeeScheduleCommand, FeeScheduleEvent, FeeScheduleState> = {
  initialState: () => ({ status: 'none' }),
  decide,
  evolve,
};

/** What `scheduleInForce` needs of a schedule. */
export type ScheduleCandidate = Pick<FeeSchedule, 'scheduleId' | 'status' | 'regionCode' | 'effectiveFrom' | 'publishedAt'>;

/**
 * The schedule that prices work completed at `at` on a device whose jurisdiction is `operatorPath`
 * (county first, then city, province, 'CN'): among published schedules of a division on that path
 * effective on that day, the most specific division wins, then the latest effective date, then the
 * latest publication. Null when none is in force.
 */
export const scheduleInForce = <S extends ScheduleCandidate>(
  schedules: readonly S[],
  operatorPath: readonly string[],
  at: string,
): S | null => {
  const day = shanghaiDate(at);
  let best: S | null = null;
  let bestDepth = Infinity;
  for (const s of schedules) {
    if (s.status !== 'published' || s.effectiveFrom > day) continue;
    const depth = operatorPath.indexOf(s.regionCode);
    if (depth < 0) continue;
    const better =
      best === null ||
      depth < bestDepth ||
      (depth === bestDepth &&
        (s.effectiveFrom > best.effectiveFrom ||
          (s.effectiveFrom === best.effectiveFrom && (s.publishedAt ?? '') > (best.publishedAt ?? ''))));
    if (better) {
      best = s;
      bestDepth = depth;
    }
  }
  return best;
};
