import { DEVICE_TYPES, FAULT_TYPES, type DeviceType, type FaultType, type Priority } from '@kuaige/domain';
import { digestUuid } from '@kuaige/eventsourcing';
import { NATIONAL, usccCheckCharacter, type DivisionTree } from '@kuaige/tenancy';
import {
  COMPANY_FORMS,
  DEVICE_MODELS,
  ENGINEER_FIELDS,
  FAULT_DESCRIPTIONS,
  GIVEN_NAMES,
  INDUSTRY_DEVICE_TYPES,
  INDUSTRY_WORDS,
  SITE_WORDS,
  STREETS,
  SURNAMES,
  TRADE_NAMES,
} from './name-tables';
import { SeededRandom } from './seeded-random';

// ---- The demo world as a plan: who and what exists, decided from the seed and the scale alone ------
//
// Pure: the writer (work-order-demo.ts) turns this plan into commands. Operator nodes, enterprises,
// people and devices are few enough to plan up front (about one enterprise per 200 work orders, one
// device per 8); work orders are planned one at a time from their index (`planWorkOrder`), so a run of
// 1,000,000 holds none of them in memory and a resumed run plans the same order at the same index.

export type EnterpriseKind = 'manufacturer' | 'equipment-user' | 'service-provider';

export interface DemoScale {
  readonly workOrders: number;
  readonly seed: number;
  /** The world ends here (ISO date): orders are spread over the year before, every step before it. */
  readonly until: string;
}

export interface PlannedPerson {
  readonly phone: string;
  readonly name: string;
  readonly userId: string;
}

export interface PlannedNode {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly parentCode: string | null;
  readonly admin: PlannedPerson;
  /** Operator staff (not privileged): reviews requests and dispatches. */
  readonly dispatcher: PlannedPerson;
}

export interface PlannedEngineer extends PlannedPerson {
  readonly level: 'junior' | 'intermediate' | 'senior' | 'expert';
  readonly deviceTypes: readonly DeviceType[];
  readonly faultTypes: readonly FaultType[];
  readonly yearsOfExperience: number;
  /** Specialities (专业领域) in the engineer's profile. */
  readonly fields: readonly string[];
  readonly base: { readonly lat: number; readonly lng: number };
}

export interface PlannedEnterprise {
  readonly id: string;
  readonly kind: EnterpriseKind;
  readonly name: string;
  readonly uscc: string;
  readonly countyCode: string;
  readonly line: string;
  readonly admin: PlannedPerson;
  readonly engineers: readonly PlannedEngineer[];
  /** What a manufacturer makes, or what a provider serves. */
  readonly deviceTypes: readonly DeviceType[];
  /** A provider's service regions (province codes). */
  readonly serviceRegions: readonly string[];
  readonly base: { readonly lat: number; readonly lng: number };
  readonly capacity: number;
}

export interface PlannedDevice {
  readonly id: string;
  readonly number: string;
  readonly name: string;
  readonly model: string;
  readonly type: DeviceType;
  readonly spec: string;
  readonly countyCode: string;
  readonly address: string;
  readonly lat: number;
  readonly lng: number;
  readonly ownerIndex: number;
  readonly manufacturerIndex: number | null;
  readonly manufacturedOn: string;
  readonly soldOn: string;
  readonly warrantyMonths: number;
}

/** An enterprise that exists already (`./run start`'s), taken into the world as the first of its kind. */
export interface AnchorEnterprise {
  readonly id: string;
  readonly countyCode: string;
  readonly admin: PlannedPerson;
  readonly engineers: readonly PlannedPerson[];
}
export interface DemoAnchors {
  readonly manufacturer: AnchorEnterprise;
  readonly equipmentUser: AnchorEnterprise;
  readonly provider: AnchorEnterprise;
}

export interface DemoWorld {
  readonly scale: DemoScale;
  /** Set when the first enterprise of each kind is an anchor: they get a large share of the work. */
  readonly anchored: boolean;
  readonly nodes: readonly PlannedNode[];
  readonly manufacturers: readonly PlannedEnterprise[];
  readonly equipmentUsers: readonly PlannedEnterprise[];
  readonly providers: readonly PlannedEnterprise[];
  readonly devices: readonly PlannedDevice[];
}

/**
 * The cities the world spreads over (GB/T 2260 codes; several provinces, so that a province operator
 * sees only its part), with approximate centre coordinates for the devices and bases around them.
 */
export const DEMO_CITIES = [
  { code: '4403', lat: 22.54, lng: 114.06 },
  { code: '4401', lat: 23.13, lng: 113.26 },
  { code: '3301', lat: 30.27, lng: 120.16 },
  { code: '4406', lat: 23.02, lng: 113.12 },
  { code: '4413', lat: 23.11, lng: 114.42 },
  { code: '4404', lat: 22.27, lng: 113.58 },
  { code: '3302', lat: 29.87, lng: 121.55 },
  { code: '3303', lat: 28.0, lng: 120.7 },
  { code: '3304', lat: 30.75, lng: 120.76 },
  { code: '3201', lat: 32.06, lng: 118.8 },
  { code: '3205', lat: 31.3, lng: 120.58 },
  { code: '3202', lat: 31.49, lng: 120.31 },
  { code: '3204', lat: 31.81, lng: 119.97 },
  { code: '3701', lat: 36.65, lng: 117.12 },
  { code: '3702', lat: 36.07, lng: 120.38 },
  { code: '3707', lat: 36.71, lng: 119.16 },
  { code: '5101', lat: 30.57, lng: 104.07 },
  { code: '5107', lat: 31.47, lng: 104.68 },
  { code: '4201', lat: 30.59, lng: 114.31 },
  { code: '4205', lat: 30.69, lng: 111.29 },
] as const;

/** How many cities a world of this size spreads over: a small one stays around the demo accounts. */
const citiesFor = (workOrders: number) => (workOrders <= 500 ? 3 : workOrders <= 10_000 ? 8 : DEMO_CITIES.length);

const clamp = (x: number, min: number, max: number) => Math.max(min, Math.min(max, x));
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const DAY_MS = 86_400_000;

/** The node id of a division: the same as `./run start`'s demo nodes, so both build one tree. */
export const demoNodeId = (code: string) => `demo-node-${code}`;

const personOf = (seed: number, phone: string, name: string): PlannedPerson => ({ phone, name, userId: digestUuid('demo-person', String(seed), phone) });

const personName = (random: SeededRandom) => random.pick(SURNAMES) + random.pick(GIVEN_NAMES);

/** Phone numbers of generated people: 136 + 8 digits from a running number (the named demo accounts use 138). */
const phoneOf = (n: number) => `136${String(n).padStart(8, '0')}`;

const usccOf = (countyCode: string, n: number) => {
  let code = '';
  for (let x = n, i = 0; i < 6; i++, x = Math.floor(x / 31)) code = USCC_ALPHABET[x % 31]! + code;
  const first17 = `91${countyCode}MA9${code}`;
  return first17 + usccCheckCharacter(first17);
};

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Plans nodes, enterprises with their people, and devices for a scale. */
export function planWorld(scale: DemoScale, divisions: DivisionTree, anchors?: DemoAnchors): DemoWorld {
  const { seed, workOrders } = scale;
  const cities = DEMO_CITIES.slice(0, citiesFor(workOrders));
  const countiesOf = new Map(cities.map((c) => [c.code, divisions.children(c.code).map((n) => n.code)]));
  let phones = 0;
  const nextPerson = (random: SeededRandom) => personOf(seed, phoneOf(++phones), personName(random));

  const nodeRandom = SeededRandom.of(seed, 'nodes');
  const provinces = [...new Set(cities.map((c) => c.code.slice(0, 2)))];
  const nodeName = (code: string) => `${divisions.node(code).name.replace(/(省|市|自治区)$/, '')}${code.length === 2 ? '运营中心' : '运营站'}`;
  const nodes: PlannedNode[] = [NATIONAL, ...provinces, ...cities.map((c) => c.code)].map((code) => ({
    id: demoNodeId(code),
    code,
    name: code === NATIONAL ? '快格总运营商' : nodeName(code),
    parentCode: code === NATIONAL ? null : code.length === 2 ? NATIONAL : code.slice(0, 2),
    admin: nextPerson(nodeRandom),
    dispatcher: nextPerson(nodeRandom),
  }));

  let enterprises = 0;
  const anchorOf = (kind: EnterpriseKind) =>
    anchors && (kind === 'manufacturer' ? anchors.manufacturer : kind === 'equipment-user' ? anchors.equipmentUser : anchors.provider);
  const enterprise = (kind: EnterpriseKind, index: number): PlannedEnterprise => {
    const random = SeededRandom.of(seed, kind, index);
    const anchor = index === 0 ? anchorOf(kind) : undefined;
    // Around the demo accounts the first of each kind go round the (three) cities, so that each has some.
    const city = anchor
      ? cities.find((c) => c.code === anchor.countyCode.slice(0, 4))!
      : anchors && index < cities.length
        ? cities[index]!
        : random.pick(cities);
    const countyCode = anchor ? anchor.countyCode : random.pick(countiesOf.get(city.code)!);
    const industry = random.pick(INDUSTRY_WORDS[kind]);
    const cityName = divisions.node(city.code).name.replace(/市$/, '');
    const deviceTypes: DeviceType[] =
      kind === 'manufacturer'
        ? [...INDUSTRY_DEVICE_TYPES[industry as keyof typeof INDUSTRY_DEVICE_TYPES]]
        : kind === 'service-provider'
          ? anchor ? (Object.keys(DEVICE_TYPES) as DeviceType[]) : random.sample(Object.keys(DEVICE_TYPES) as DeviceType[], random.int(3, 6))
          : [];
    const base = { lat: city.lat + (random.next() - 0.5) * 0.3, lng: city.lng + (random.next() - 0.5) * 0.3 };
    const engineers: PlannedEngineer[] =
      kind === 'service-provider'
        ? Array.from({ length: random.int(3, 8) }, () => {
            const skills = random.sample(deviceTypes, random.int(1, deviceTypes.length));
            return {
              ...nextPerson(random),
              level: random.weighted({ junior: 3, intermediate: 4, senior: 2, expert: 1 }),
              deviceTypes: skills,
              faultTypes: random.sample(Object.keys(FAULT_TYPES) as FaultType[], random.int(2, 6)),
              yearsOfExperience: random.int(1, 25),
              fields: random.sample(skills.flatMap((t) => ENGINEER_FIELDS[t]), random.int(1, 3)),
              base: { lat: base.lat + (random.next() - 0.5) * 0.2, lng: base.lng + (random.next() - 0.5) * 0.2 },
            };
          })
        : [];
    const n = ++enterprises;
    const planned: PlannedEnterprise = {
      id: `demo-${kind}-${index + 1}`,
      kind,
      name: `${cityName}${random.pick(TRADE_NAMES)}${industry}${random.pick(COMPANY_FORMS)}`,
      uscc: usccOf(countyCode, n + seed * 7919),
      countyCode,
      line: `${random.pick(STREETS)} ${random.int(1, 999)} 号${random.chance(0.5) ? `${random.pick(SITE_WORDS)} ${random.int(1, 30)} 栋` : ''}`,
      admin: nextPerson(random),
      engineers,
      deviceTypes,
      serviceRegions: kind === 'service-provider' ? [city.code.slice(0, 2)] : [],
      base,
      capacity: engineers.length * 6,
    };
    if (!anchor) return planned;
    const anchorEngineers = anchor.engineers.map((e, i) => ({ ...(engineers[i] ?? engineers[0]!), ...e, deviceTypes }));
    return { ...planned, id: anchor.id, admin: anchor.admin, engineers: anchorEngineers, capacity: anchorEngineers.length * 6 };
  };

  const count = (per: number, min: number, max: number) => clamp(Math.ceil(workOrders / per), min, max);
  const manufacturers = Array.from({ length: count(5_000, 4, 200) }, (_, i) => enterprise('manufacturer', i));
  const equipmentUsers = Array.from({ length: count(250, 6, 4_000) }, (_, i) => enterprise('equipment-user', i));
  const providers = Array.from({ length: count(2_500, 4, 400) }, (_, i) => enterprise('service-provider', i));
  // Every device type is served in every province by someone, so that every order can be dispatched.
  for (const province of provinces)
    for (const type of Object.keys(DEVICE_TYPES) as DeviceType[])
      if (!providers.some((p) => p.serviceRegions.includes(province) && p.deviceTypes.includes(type))) {
        const inProvince = providers.filter((p) => p.serviceRegions.includes(province));
        const target = (inProvince.length ? inProvince : providers)[type.length % (inProvince.length || providers.length)]!;
        (target.deviceTypes as DeviceType[]).push(type);
        if (!target.serviceRegions.includes(province)) (target.serviceRegions as string[]).push(province);
      }

  const until = Date.parse(`${scale.until}T00:00:00Z`);
  const devices = Array.from({ length: count(8, 20, 125_000) }, (_, i): PlannedDevice => {
    const random = SeededRandom.of(seed, 'device', i);
    const ownerIndex = anchors && random.chance(0.5) ? 0 : random.int(0, equipmentUsers.length - 1);
    const owner = equipmentUsers[ownerIndex]!;
    const byMaker = random.chance(0.8) ? (anchors && random.chance(0.5) ? 0 : random.int(0, manufacturers.length - 1)) : null;
    const type = byMaker === null ? random.pick(Object.keys(DEVICE_TYPES) as DeviceType[]) : random.pick(manufacturers[byMaker]!.deviceTypes);
    const model = DEVICE_MODELS[type];
    const city = cities.find((c) => c.code === owner.countyCode.slice(0, 4))!;
    const countyCode = random.chance(0.85) ? owner.countyCode : random.pick(countiesOf.get(city.code)!);
    // Made and sold before the world's first work order (a year and some weeks before its end).
    const manufactured = until - random.int(520, 2_500) * DAY_MS;
    return {
      id: `demo-device-${i + 1}`,
      number: `SB-${String(seed).padStart(2, '0')}-${String(i + 1).padStart(7, '0')}`,
      name: `${random.int(1, 6)} 号${random.pick(model.names)}`,
      model: random.pick(model.series),
      type,
      spec: random.pick(model.specs),
      countyCode,
      address: `${random.pick(STREETS)} ${random.int(1, 999)} 号 ${random.int(1, 12)} 号车间`,
      lat: Number((city.lat + (random.next() - 0.5) * 0.4).toFixed(5)),
      lng: Number((city.lng + (random.next() - 0.5) * 0.4).toFixed(5)),
      ownerIndex,
      manufacturerIndex: byMaker,
      manufacturedOn: isoDate(manufactured),
      soldOn: isoDate(manufactured + random.int(10, 120) * DAY_MS),
      warrantyMonths: random.pick([12, 24, 36]),
    };
  });

  return { scale, anchored: anchors !== undefined, nodes, manufacturers, equipmentUsers, providers, devices };
}

/** Every planned person, each once (node staff, enterprise admins, engineers). */
export function peopleOf(world: DemoWorld): PlannedPerson[] {
  return [
    ...world.nodes.flatMap((n) => [n.admin, n.dispatcher]),
    ...[...world.manufacturers, ...world.equipmentUsers, ...world.providers].flatMap((e) => [e.admin, ...e.engineers]),
  ];
}

/** The fault description a requester writes for a device. */
export const faultDescription = (random: SeededRandom, faultType: FaultType, deviceName: string) => random.pick(FAULT_DESCRIPTIONS[faultType]).replace('{device}', deviceName);

export const PRIORITY_WEIGHTS: Readonly<Record<Priority, number>> = { urgent: 1, high: 3, normal: 10, low: 2 };
