import type { IndexSpec } from './read-model-store.port';

// ---- Indexes that lead with the scope keys, for collections whose rows are scoped (ADR 0011) ------
// Row-level filters are an `$or` of equalities on `scope.tenants` and `scope.regions` joined to the
// query's own filter under `$and`; each branch needs an index that starts with its scope key, followed
// by what the collection is filtered and sorted on, so that a scoped page is read in index order.

/** The scope keys a scoped row carries (both arrays: multikey indexes). */
export const SCOPE_KEYS = ['scope.tenants', 'scope.regions'] as const;
export type ScopeKey = (typeof SCOPE_KEYS)[number];

const isScopeField = (field: string): boolean => (SCOPE_KEYS as readonly string[]).includes(field);
const slug = (key: ScopeKey): string => key.replace('.', '_');
const keyOf = (key: Record<string, 1 | -1>): string => JSON.stringify(Object.entries(key));

/**
 * The declared indexes plus, for each scope key, the index that leads with it and continues with each
 * declared non-unique index's own fields (`scope_tenants__by_status`: `{ 'scope.tenants': 1, status: 1 }`);
 * a bare `{ 'scope.tenants': 1 }` when nothing is declared. The other scope key is left out of a derived
 * index, since one compound index may hold only one array field (MongoDB refuses "parallel arrays"); for
 * the same reason a declared index with one of `arrayFields` (fields whose values are arrays) gets no
 * scope-leading twin at all. Unique indexes keep their meaning and are
 * not prefixed. A derived key already declared, or derived twice, is created once.
 */
export const withScopeIndexes = (declared: readonly IndexSpec[], arrayFields: readonly string[] = []): IndexSpec[] => {
  const holdsArrays = (spec: IndexSpec) => Object.keys(spec.key).some((field) => arrayFields.includes(field));
  const all: IndexSpec[] = [...declared];
  const keys = new Set(declared.map((i) => keyOf(i.key)));
  const names = new Set(declared.map((i) => i.name));
  const add = (spec: IndexSpec) => {
    if (keys.has(keyOf(spec.key)) || names.has(spec.name)) return;
    keys.add(keyOf(spec.key));
    names.add(spec.name);
    all.push(spec);
  };
  for (const scopeKey of SCOPE_KEYS) {
    const continuations = declared
      .filter((i) => !i.unique && !holdsArrays(i))
      .map((i) => ({ name: i.name, rest: Object.entries(i.key).filter(([field]) => !isScopeField(field)) }))
      .filter((c) => c.rest.length > 0);
    if (continuations.length === 0) add({ name: slug(scopeKey), key: { [scopeKey]: 1 } });
    for (const { name, rest } of continuations) add({ name: `${slug(scopeKey)}__${name}`, key: Object.fromEntries([[scopeKey, 1], ...rest]) as Record<string, 1 | -1> });
  }
  return all;
};
