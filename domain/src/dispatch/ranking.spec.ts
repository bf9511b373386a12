import { distanceKm, rankEngineers, rankProviders, type EngineerCandidate, type OrderToRank, type ProviderCandidate, type RankedCandidate } from './ranking';

// Specifications of the dispatch ranking: tables of candidates, the order they come out in, and the
// reasons the operator reads beside each.

const NANSHAN = { lat: 22.5329, lng: 113.9305 };
const order: OrderToRank = {
  deviceType: 'cnc-machine',
  faultType: 'electrical',
  priority: 'normal',
  jurisdiction: ['CN', '44', '4403', '440305'],
  coordinates: NANSHAN,
};
/** A point `km` north of Nanshan (one degree of latitude ≈ 111.2 km). */
const north = (km: number) => ({ lat: NANSHAN.lat + km / 111.195, lng: NANSHAN.lng });

const provider = (id: string, over: Partial<ProviderCandidate> = {}): ProviderCandidate => ({
  id,
  name: id,
  deviceTypes: ['cnc-machine'],
  faultTypes: ['electrical'],
  serviceRegions: ['440305'],
  base: north(3),
  capacity: 10,
  openOrders: 0,
  certifiedEngineers: 0,
  ratings: { count: 0, sum: 0 },
  ...over,
});

const engineer = (id: string, over: Partial<EngineerCandidate> = {}): EngineerCandidate => ({
  id,
  name: id,
  deviceTypes: ['cnc-machine'],
  faultTypes: ['electrical'],
  level: 'intermediate',
  certified: false,
  base: north(3),
  available: true,
  openOrders: 0,
  ratings: { count: 0, sum: 0 },
  ...over,
});

const ids = (ranked: readonly RankedCandidate[]) => ranked.map((r) => r.id);
const reasons = (r: RankedCandidate, language: 'zh-CN' | 'en' = 'zh-CN') => Object.fromEntries(r.factors.map((f) => [f.factor, f.reason[language]]));
const points = (r: RankedCandidate) => Object.fromEntries(r.factors.map((f) => [f.factor, f.points]));

describe('distanceKm (haversine)', () => {
  it.each([
    ['Beijing → Shanghai ≈ 1067 km', { lat: 39.9042, lng: 116.4074 }, { lat: 31.2304, lng: 121.4737 }, 1067],
    ['Shenzhen Nanshan → Guangzhou Tianhe ≈ 88 km', NANSHAN, { lat: 23.1246, lng: 113.3612 }, 88],
    ['the same place: 0 km', NANSHAN, NANSHAN, 0],
  ])('%s', (_, a, b, km) => {
    expect(Math.abs(distanceKm(a, b) - km)).toBeLessThanOrEqual(Math.max(1, km * 0.01));
  });
});

describe('rankProviders', () => {
  const table: ProviderCandidate[] = [
    provider('shenzhen-jidian', { name: '深圳机电', faultTypes: ['mechanical'], serviceRegions: ['4403'], base: north(15), openOrders: 8, certifiedEngineers: 1 }),
    provider('nanshan-jinggong', { name: '南山精工', base: north(3), openOrders: 2, certifiedEngineers: 4, ratings: { count: 20, sum: 90 } }),
    provider('yixing-xinxiu', { name: '一星新秀', serviceRegions: ['44'], base: null, ratings: { count: 1, sum: 5 } }),
    provider('returned-it', { name: '已退单服务商', certifiedEngineers: 5, ratings: { count: 50, sum: 250 } }),
  ];

  it('ranks by all factors, leaves out the provider that returned the order, and gives each factor its points and reason', () => {
    const ranked = rankProviders({ ...order, returnedBy: ['returned-it'] }, table);
    expect(ids(ranked)).toEqual(['nanshan-jinggong', 'yixing-xinxiu', 'shenzhen-jidian']);
    expect(ranked.map((r) => [r.rank, r.score])).toEqual([
      [1, 92.4],
      [2, 71.8],
      [3, 58.6],
    ]);
    const [best, second, third] = ranked as [RankedCandidate, RankedCandidate, RankedCandidate];
    expect(reasons(best)).toEqual({
      skill: '覆盖设备类型：数控机床；覆盖故障类型：电气故障',
      certification: '认证工程师 4 名',
      region: '服务区域覆盖设备所在区县',
      distance: '距离 3.0 km',
      workload: '当前在办 2 单 / 容量 10',
      rating: '评分 4.3（20 次评价，均分 4.5）',
    });
    expect(points(best)).toEqual({ skill: 30, certification: 8, region: 15, distance: 15, workload: 12, rating: 12.4 });
    expect(reasons(best, 'en')).toEqual({
      skill: 'serves device type CNC machine; handles fault type Electrical',
      certification: '4 certified engineers',
      region: "service regions cover the device's county",
      distance: '3.0 km away',
      workload: '2 open orders / capacity 10',
      rating: 'rating 4.3 (20 evaluations, raw mean 4.5)',
    });
    expect(reasons(second)).toMatchObject({ region: '服务区域覆盖设备所在省份', distance: '距离未知（未登记驻地坐标），按中性计分', rating: '评分 3.8（1 次评价，均分 5.0）' });
    expect(second.factors.find((f) => f.factor === 'distance')).toMatchObject({ value: null, points: 7.5, weight: 15 });
    expect(reasons(third)).toMatchObject({ skill: '覆盖设备类型：数控机床；未覆盖故障类型：电气故障', region: '服务区域覆盖设备所在城市', distance: '距离 15.0 km', rating: '暂无评价，按先验 3.5 分计' });
  });

  it('shrinks ratings towards the prior: one 5-star review does not beat thirty good ones', () => {
    const ranked = rankProviders(order, [provider('one-five-star', { ratings: { count: 1, sum: 5 } }), provider('thirty-reviews', { ratings: { count: 30, sum: 138 } })]);
    expect(ids(ranked)).toEqual(['thirty-reviews', 'one-five-star']);
    expect(ranked.map((r) => r.factors.find((f) => f.factor === 'rating')?.value)).toEqual([4.44, 3.75]);
  });

  it('weighs distance and free capacity more for an urgent order', () => {
    const table = [
      provider('far-and-busy-specialist', { base: north(180), openOrders: 8, certifiedEngineers: 5 }),
      provider('near-and-idle-generalist', { faultTypes: [], serviceRegions: ['44'], base: north(2), openOrders: 0 }),
    ];
    expect(ids(rankProviders(order, table))).toEqual(['far-and-busy-specialist', 'near-and-idle-generalist']);
    const urgent = rankProviders({ ...order, priority: 'urgent' }, table);
    expect(ids(urgent)).toEqual(['near-and-idle-generalist', 'far-and-busy-specialist']);
    expect(urgent[0]!.factors.map((f) => [f.factor, f.weight])).toEqual([
      ['skill', 25],
      ['certification', 5],
      ['region', 10],
      ['distance', 25],
      ['workload', 25],
      ['rating', 10],
    ]);
  });

  it('gives a full provider no workload points and says so; a device without coordinates is neutral for all', () => {
    const [full] = rankProviders({ ...order, coordinates: null }, [provider('full', { openOrders: 12, capacity: 10 })]);
    expect(full!.factors.find((f) => f.factor === 'workload')).toMatchObject({ points: 0, value: 1.2, reason: { 'zh-CN': '当前在办 12 单 / 容量 10（已满）', en: '12 open orders / capacity 10 (full)' } });
    expect(full!.factors.find((f) => f.factor === 'distance')).toMatchObject({ points: 7.5, reason: { 'zh-CN': '距离未知（设备未登记坐标），按中性计分' } });
  });

  it('scores a region outside the served ones zero, a nationwide provider a little', () => {
    const ranked = rankProviders(order, [provider('guangzhou-only', { serviceRegions: ['4401'] }), provider('nationwide', { serviceRegions: ['CN'] })]);
    expect(ids(ranked)).toEqual(['nationwide', 'guangzhou-only']);
    expect(ranked.map((r) => reasons(r)['region'])).toEqual(['全国服务', '服务区域未覆盖设备所在地']);
  });

  it('breaks ties the same way whatever order the candidates come in: nearer, less loaded, then id', () => {
    const twins = [provider('p-c'), provider('p-a'), provider('p-b')];
    expect(ids(rankProviders(order, twins))).toEqual(['p-a', 'p-b', 'p-c']);
    expect(ids(rankProviders(order, [...twins].reverse()))).toEqual(['p-a', 'p-b', 'p-c']);
    expect(rankProviders(order, [])).toEqual([]);
  });
});

describe('rankEngineers', () => {
  it('ranks available engineers by skill and level, certification, distance, workload and rating', () => {
    const ranked = rankEngineers(order, [
      engineer('junior-uncertified', { name: '小李', level: 'junior', faultTypes: [], base: null }),
      engineer('senior-certified', { name: '王工', level: 'senior', certified: true, base: north(10), openOrders: 1, ratings: { count: 10, sum: 48 } }),
      engineer('on-leave', { name: '休假中', level: 'expert', certified: true, available: false }),
    ]);
    expect(ids(ranked)).toEqual(['senior-certified', 'junior-uncertified']);
    const [best, second] = ranked as [RankedCandidate, RankedCandidate];
    expect(reasons(best)).toEqual({
      skill: '覆盖设备类型：数控机床；覆盖故障类型：电气故障；等级：高级',
      certification: '已通过工程师认证',
      distance: '距离 10.0 km',
      workload: '当前在办 1 单 / 容量 5',
      rating: '评分 4.4（10 次评价，均分 4.8）',
    });
    expect(best).toMatchObject({ rank: 1, name: '王工' });
    expect(points(best)).toEqual({ skill: 28.5, certification: 10, distance: 14.6, workload: 12, rating: 12.6 });
    expect(best.score).toBe(77.7);
    expect(reasons(second)).toMatchObject({
      skill: '覆盖设备类型：数控机床；未覆盖故障类型：电气故障；等级：初级',
      certification: '未通过工程师认证',
      distance: '距离未知（未登记驻地坐标），按中性计分',
    });
    expect(reasons(second, 'en')['skill']).toBe('serves device type CNC machine; does not handle fault type Electrical; level junior');
  });
});
