import type { Department } from '../organization.model';

/** A department placed in the tree: its depth for indentation, and whether it has sub-departments. */
export interface PlacedDepartment extends Department {
  readonly depth: number;
  readonly hasChildren: boolean;
}

/**
 * The departments in tree order (each followed by its sub-departments, siblings by name). One whose
 * parent is missing is shown at the top level rather than lost; cycles cannot hide a department.
 */
export function departmentTree(departments: readonly Department[], locale = 'zh-CN'): PlacedDepartment[] {
  const ids = new Set(departments.map((d) => d.id));
  const children = new Map<string | null, Department[]>();
  for (const d of departments) {
    const parent = d.parentId && ids.has(d.parentId) && d.parentId !== d.id ? d.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), d]);
  }
  const collator = new Intl.Collator(locale);
  const placed: PlacedDepartment[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null, depth: number) => {
    for (const d of [...(children.get(parent) ?? [])].sort((a, b) => collator.compare(a.name, b.name))) {
      if (seen.has(d.id)) continue;
      seen.add(d.id);
      placed.push({ ...d, depth, hasChildren: (children.get(d.id) ?? []).length > 0 });
      visit(d.id, depth + 1);
    }
  };
  visit(null, 0);
  // Departments caught in a parent cycle are reachable from no root: list them at the top level.
  for (const d of departments) if (!seen.has(d.id)) placed.push({ ...d, depth: 0, hasChildren: false });
  return placed;
}

/** The ids of `id` and every department below it: a department cannot move under any of them. */
export function subtreeOf(departments: readonly Department[], id: string): Set<string> {
  const below = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of departments) {
      if (d.parentId && below.has(d.parentId) && !below.has(d.id)) {
        below.add(d.id);
        grew = true;
      }
    }
  }
  return below;
}

/** Whether `id` may move under `parentId` (null: the top level); a move to where it is is no move. */
export function canMove(departments: readonly Department[], id: string, parentId: string | null): boolean {
  const department = departments.find((d) => d.id === id);
  if (!department || (department.parentId ?? null) === parentId) return false;
  return parentId === null || !subtreeOf(departments, id).has(parentId);
}
