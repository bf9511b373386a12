import { DEVICE_TYPES, FAULT_TYPES, type CatalogueLabel, type DeviceType, type FaultType, type Priority } from '../maintenance/catalogue';

// ---- Dispatch suggestions (WO-4, WO-5): who should take this order, and why ----------------------
//
// Pure: the caller hands in the order and the candidates with their facts (profiles, open orders,
// scores), already read. Every factor gives points out of its weight and says, in both languages,
// what it saw, so an operator can follow the order of the list and override it knowingly.

export type RankingFactor = 'skill' | 'region' | 'distance' | 'workload' | 'rating' | 'certification';

export interface FactorScore {
  readonly factor: RankingFactor;
  /** What the factor measured: match share 0..1, km, open orders / capacity, mean score, certified count. */
  readonly value: number | null;
  readonly weight: number;
  readonly points: number;
  readonly reason: CatalogueLabel;
}

export interface RankedCandidate {
  readonly id: string;
  readonly name: string;
  readonly rank: number;
  readonly score: number;
  readonly factors: readonly FactorScore[];
}

export interface Coordinates {
  readonly lat: number;
  readonly lng: number;
}

/** What ranking needs of a work order. */
export interface OrderToRank {
  readonly deviceType: DeviceType;
  readonly faultType: FaultType;
  readonly priority: Priority;
  /** The device's county and its ancestors, in any order (['CN', '44', '4403', '440305']). */
  readonly jurisdiction: readonly string[];
  readonly coordinates: Coordinates | null;
  /** Providers that returned this order: never suggested to it again. */
  readonly returnedBy?: readonly string[];
}

/** Scores given to a party's finished orders (equipment users' and manufacturers' alike). */
export interface Ratings {
  readonly count: number;
  readonly sum: number;
}

export interface ProviderCandidate {
  readonly id: string;
  readonly name: string;
  readonly deviceTypes: readonly string[];
  readonly faultTypes: readonly string[];
  /** Division codes served: a province, city or county covers everything below it. */
  readonly serviceRegions: readonly string[];
  readonly base: Coordinates | null;
  readonly capacity: number;
  readonly openOrders: number;
  readonly certifiedEngineers: number;
  readonly ratings: Ratings;
}

export const ENGINEER_LEVELS = {
  junior: { 'zh-CN': '初级', en: 'junior' },
  intermediate: { 'zh-CN': '中级', en: 'intermediate' },
  senior: { 'zh-CN': '高级', en: 'senior' },
  expert: { 'zh-CN': '专家级', en: 'expert' },
} as const satisfies Record<string, CatalogueLabel>;
export type EngineerLevel = keyof typeof ENGINEER_LEVELS;
export const isEngineerLevel = (code: string): code is EngineerLevel => Object.hasOwn(ENGINEER_LEVELS, code);

export interface EngineerCandidate {
  readonly id: string;
  readonly name: string;
  readonly deviceTypes: readonly string[];
  readonly faultTypes: readonly string[];
  readonly level: EngineerLevel;
  /** Holds an approved engineer certification (ID-7). */
  readonly certified: boolean;
  readonly base: Coordinates | null;
  readonly available: boolean;
  readonly openOrders: number;
  readonly ratings: Ratings;
}

// ---- Weights: one table, per priority -------------------------------------------------------------
// Each row sums to 100 for providers. Urgent orders weigh distance and free capacity more: a near,
// idle provider beats a slightly better matched one that cannot come soon.

export const DISPATCH_WEIGHTS: Readonly<Record<Priority, Readonly<Record<RankingFactor, number>>>> = {
  urgent: { skill: 25, certification: 5, region: 10, distance: 25, workload: 25, rating: 10 },
  high: { skill: 28, certification: 8, region: 12, distance: 20, workload: 20, rating: 12 },
  normal: { skill: 30, certification: 10, region: 15, distance: 15, workload: 15, rating: 15 },
  low: { skill: 30, certification: 10, region: 15, distance: 15, workload: 15, rating: 15 },
};

/** Open orders an engineer can carry at once: the workload factor's capacity for engineers. */
export const ENGINEER_CAPACITY = 5;
/** Certified engineers at which a provider gets the certification factor's full points. */
export const CERTIFIED_ENGINEERS_FOR_FULL_POINTS = 5;
/** Within this distance full points; none from DISTANCE_NONE_KM on, linear between. */
export const DISTANCE_FULL_KM = 5;
export const DISTANCE_NONE_KM = 200;
/**
 * Ratings are shrunk towards a prior (a Bayesian mean): RATING_PRIOR_WEIGHT imagined reviews of
 * RATING_PRIOR_MEAN stand beside the real ones, so one 5-star review does not top the list.
 */
export const RATING_PRIOR_MEAN = 3.5;
export const RATING_PRIOR_WEIGHT = 5;

const LEVEL_SHARE: Record<EngineerLevel, number> = { junior: 0.25, intermediate: 0.5, senior: 0.75, expert: 1 };

const round1 = (n: number) => Math.round(n * 10) / 10;
const label = (zh: string, en: string): CatalogueLabel => ({ 'zh-CN': zh, en });

/** Great-circle distance in km (haversine, mean earth radius). */
export const distanceKm = (a: Coordinates, b: Coordinates): number => {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
};

const factor = (f: RankingFactor, weight: number, share: number, value: number | null, reason: CatalogueLabel): FactorScore => ({
  factor: f,
  value,
  weight,
  points: round1(weight * Math.max(0, Math.min(1, share))),
  reason,
});

const skillParts = (order: OrderToRank, c: { deviceTypes: readonly string[]; faultTypes: readonly string[] }) => {
  // A code outside the catalogue (an older order) is named as it is rather than failing the ranking.
  const device: CatalogueLabel = DEVICE_TYPES[order.deviceType] ?? label(order.deviceType, order.deviceType);
  const fault: CatalogueLabel = FAULT_TYPES[order.faultType] ?? label(order.faultType, order.faultType);
  const coversDevice = c.deviceTypes.includes(order.deviceType);
  const coversFault = c.faultTypes.includes(order.faultType);
  const zh = [`${coversDevice ? '覆盖' : '未覆盖'}设备类型：${device['zh-CN']}`, `${coversFault ? '覆盖' : '未覆盖'}故障类型：${fault['zh-CN']}`];
  const en = [`${coversDevice ? 'serves' : 'does not serve'} device type ${device.en}`, `${coversFault ? 'handles' : 'does not handle'} fault type ${fault.en}`];
  return { coversDevice, coversFault, zh, en };
};

/** Device type counts more than fault type: the device decides whether anyone can open it at all. */
const providerSkill = (order: OrderToRank, c: ProviderCandidate, weight: number): FactorScore => {
  const s = skillParts(order, c);
  const share = (s.coversDevice ? 0.6 : 0) + (s.coversFault ? 0.4 : 0);
  return factor('skill', weight, share, share, label(s.zh.join('；'), s.en.join('; ')));
};

const engineerSkill = (order: OrderToRank, c: EngineerCandidate, weight: number): FactorScore => {
  const s = skillParts(order, c);
  const level = ENGINEER_LEVELS[c.level];
  const share = (s.coversDevice ? 0.5 : 0) + (s.coversFault ? 0.3 : 0) + 0.2 * LEVEL_SHARE[c.level];
  return factor('skill', weight, share, round1(share * 100) / 100, label([...s.zh, `等级：${level['zh-CN']}`].join('；'), [...s.en, `level ${level.en}`].join('; ')));
};

/** The narrowest served region that contains the device: its county, its city or its province. */
const region = (order: OrderToRank, c: ProviderCandidate, weight: number): FactorScore => {
  const served = new Set(c.serviceRegions);
  const hit = [...order.jurisdiction].filter((code) => code !== 'CN' && served.has(code)).sort((a, b) => b.length - a.length)[0];
  const nationwide = served.has('CN');
  if (hit?.length === 6) return factor('region', weight, 1, 1, label('服务区域覆盖设备所在区县', "service regions cover the device's county"));
  if (hit?.length === 4) return factor('region', weight, 0.8, 0.8, label('服务区域覆盖设备所在城市', "service regions cover the device's city"));
  if (hit?.length === 2) return factor('region', weight, 0.6, 0.6, label('服务区域覆盖设备所在省份', "service regions cover the device's province"));
  if (nationwide) return factor('region', weight, 0.4, 0.4, label('全国服务', 'serves the whole country'));
  return factor('region', weight, 0, 0, label('服务区域未覆盖设备所在地', "service regions do not cover the device's location"));
};

/** Unknown coordinates are neutral (half the points): neither rewarded nor punished for missing data. */
const distance = (order: OrderToRank, base: Coordinates | null, weight: number): FactorScore => {
  if (!order.coordinates || !base) {
    const missing = !order.coordinates ? label('设备未登记坐标', 'the device has no coordinates') : label('未登记驻地坐标', 'no base location on file');
    return factor('distance', weight, 0.5, null, label(`距离未知（${missing['zh-CN']}），按中性计分`, `distance unknown (${missing.en}), scored neutral`));
  }
  const km = round1(distanceKm(order.coordinates, base));
  const share = km <= DISTANCE_FULL_KM ? 1 : 1 - (km - DISTANCE_FULL_KM) / (DISTANCE_NONE_KM - DISTANCE_FULL_KM);
  return factor('distance', weight, share, km, label(`距离 ${km.toFixed(1)} km`, `${km.toFixed(1)} km away`));
};

const workload = (open: number, capacity: number, weight: number): FactorScore => {
  const share = capacity <= 0 ? 0 : 1 - open / capacity;
  const full = capacity <= 0 || open >= capacity;
  return factor(
    'workload',
    weight,
    share,
    capacity <= 0 ? null : round1(open / capacity),
    label(`当前在办 ${open} 单 / 容量 ${capacity}${full ? '（已满）' : ''}`, `${open} open orders / capacity ${capacity}${full ? ' (full)' : ''}`),
  );
};

const rating = ({ count, sum }: Ratings, weight: number): FactorScore => {
  const mean = (RATING_PRIOR_WEIGHT * RATING_PRIOR_MEAN + sum) / (RATING_PRIOR_WEIGHT + count);
  const shown = round1(mean);
  const reason =
    count === 0
      ? label(`暂无评价，按先验 ${RATING_PRIOR_MEAN.toFixed(1)} 分计`, `no evaluations yet, prior ${RATING_PRIOR_MEAN.toFixed(1)} assumed`)
      : label(`评分 ${shown.toFixed(1)}（${count} 次评价，均分 ${(sum / count).toFixed(1)}）`, `rating ${shown.toFixed(1)} (${count} evaluations, raw mean ${(sum / count).toFixed(1)})`);
  return factor('rating', weight, (mean - 1) / 4, Math.round(mean * 100) / 100, reason);
};

const providerCertification = (c: ProviderCandidate, weight: number): FactorScore =>
  factor('certification', weight, c.certifiedEngineers / CERTIFIED_ENGINEERS_FOR_FULL_POINTS, c.certifiedEngineers, label(`认证工程师 ${c.certifiedEngineers} 名`, `${c.certifiedEngineers} certified engineers`));

const engineerCertification = (c: EngineerCandidate, weight: number): FactorScore =>
  c.certified
    ? factor('certification', weight, 1, 1, label('已通过工程师认证', 'certified engineer'))
    : factor('certification', weight, 0, 0, label('未通过工程师认证', 'not a certified engineer'));

interface Scored {
  readonly id: string;
  readonly name: string;
  readonly score: number;
  readonly factors: readonly FactorScore[];
  readonly km: number | null;
  readonly openOrders: number;
}

/**
 * Highest score first; ties go to the nearer (known distance before unknown), then the less loaded,
 * then the smaller id — so the same facts always give the same list.
 */
const ranked = (scored: Scored[]): RankedCandidate[] =>
  scored
    .sort(
      (a, b) =>
        b.score - a.score ||
        (a.km ?? Number.POSITIVE_INFINITY) - (b.km ?? Number.POSITIVE_INFINITY) ||
        a.openOrders - b.openOrders ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .map(({ id, name, score, factors }, index) => ({ id, name, rank: index + 1, score, factors }));

const scoredOf = (c: { id: string; name: string; openOrders: number }, factors: FactorScore[]): Scored => ({
  id: c.id,
  name: c.name,
  factors,
  score: round1(factors.reduce((sum, f) => sum + f.points, 0)),
  km: factors.find((f) => f.factor === 'distance')?.value ?? null,
  openOrders: c.openOrders,
});

/** Providers for an order, best first; those that returned it are left out. */
export const rankProviders = (order: OrderToRank, candidates: readonly ProviderCandidate[]): RankedCandidate[] => {
  const w = DISPATCH_WEIGHTS[order.priority] ?? DISPATCH_WEIGHTS.normal;
  const returned = new Set(order.returnedBy ?? []);
  return ranked(
    candidates
      .filter((c) => !returned.has(c.id))
      .map((c) =>
        scoredOf(c, [
          providerSkill(order, c, w.skill),
          providerCertification(c, w.certification),
          region(order, c, w.region),
          distance(order, c.base, w.distance),
          workload(c.openOrders, c.capacity, w.workload),
          rating(c.ratings, w.rating),
        ]),
      ),
  );
};

/** Engineers of the accepting provider for an order, best first; unavailable engineers are left out. */
export const rankEngineers = (order: OrderToRank, candidates: readonly EngineerCandidate[]): RankedCandidate[] => {
  const w = DISPATCH_WEIGHTS[order.priority] ?? DISPATCH_WEIGHTS.normal;
  return ranked(
    candidates
      .filter((c) => c.available)
      .map((c) =>
        scoredOf(c, [
          engineerSkill(order, c, w.skill),
          engineerCertification(c, w.certification),
          distance(order, c.base, w.distance),
          workload(c.openOrders, ENGINEER_CAPACITY, w.workload),
          rating(c.ratings, w.rating),
        ]),
      ),
  );
};

/**
 * Statuses in which an order still takes a provider's (or its engineer's) hands: from dispatch until
 * the provider approved the receipt. Workload counts these.
 */
export const OPEN_WORK_STATUSES: readonly string[] = ['dispatched', 'accepted', 'assigned', 'engineer-accepted', 'in-progress', 'completed', 'receipt-submitted'];
