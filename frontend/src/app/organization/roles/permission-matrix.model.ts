import type { CatalogueSubject, Label, Override, OverrideEffect, PermissionCatalogue } from '../organization.model';

/** One row of the matrix: a subject, and per catalogue action the permission or null (no such pair). */
export interface MatrixRow {
  readonly subject: CatalogueSubject;
  readonly cells: readonly (string | null)[];
}

export interface Matrix {
  readonly actions: readonly { readonly action: string; readonly label: Label }[];
  readonly rows: readonly MatrixRow[];
}

/**
 * The catalogue as a grid: rows are subjects, columns the actions any subject has (in the catalogue's
 * order); a cell holds the permission where the catalogue has that pair.
 */
export function matrixOf(catalogue: PermissionCatalogue): Matrix {
  const used = new Set(catalogue.subjects.flatMap((s) => s.actions.map((a) => a.action)));
  const actions = catalogue.actions.filter((a) => used.has(a.action));
  return {
    actions,
    rows: catalogue.subjects.map((subject) => ({
      subject,
      cells: actions.map((column) => subject.actions.find((a) => a.action === column.action)?.permission ?? null),
    })),
  };
}

/** A set with `permission` switched on or off. */
export function toggled(selected: ReadonlySet<string>, permission: string, on: boolean): Set<string> {
  const next = new Set(selected);
  if (on) next.add(permission);
  else next.delete(permission);
  return next;
}

/** The permissions of a whole row (subject) turned on, or all off if they all were on. */
export function toggledRow(selected: ReadonlySet<string>, row: MatrixRow): Set<string> {
  const permissions = row.cells.filter((c): c is string => c !== null);
  const allOn = permissions.every((p) => selected.has(p));
  const next = new Set(selected);
  for (const p of permissions) {
    if (allOn) next.delete(p);
    else next.add(p);
  }
  return next;
}

export type OverrideState = OverrideEffect | 'inherit';

/** The next state of an override cell: inherit → allow → deny → inherit. */
export const nextOverride = (state: OverrideState): OverrideState =>
  state === 'inherit' ? 'allow' : state === 'allow' ? 'deny' : 'inherit';

/** Overrides as the PUT wants them: only cells that are not 'inherit', in a stable order. */
export function overridesOf(states: ReadonlyMap<string, OverrideState>): Override[] {
  return [...states]
    .filter((entry): entry is [string, OverrideEffect] => entry[1] !== 'inherit')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([permission, effect]) => ({ permission, effect }));
}

/** A label in the console's language. */
export const labelIn = (label: Label, language: string): string => (language === 'en' ? label.en : label['zh-CN']);
