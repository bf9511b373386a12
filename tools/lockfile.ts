// Checks that package-lock.json is complete: `npm ci` refuses a lock that lacks an optional package
// which the registry serves, so every optional dependency a locked package declares must be locked too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockedPackage {
  readonly version?: string;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}
export interface Lockfile {
  readonly lockfileVersion: number;
  readonly packages: Record<string, LockedPackage>;
}

export const readLockfile = (root: string): Lockfile => JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lockfile;

/** Where Node would find `name` from the package at `from` (walking up the node_modules folders). */
const resolveFrom = (packages: Lockfile['packages'], from: string, name: string): string | null => {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return null;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
};

/** Optional dependencies declared by locked packages that the lock does not hold: "name (from path)". */
export const missingOptionalPackages = (lock: Lockfile): string[] =>
  Object.entries(lock.packages).flatMap(([path, pkg]) =>
    Object.keys(pkg.optionalDependencies ?? {})
      .filter((name) => resolveFrom(lock.packages, path, name) === null)
      .map((name) => `${name} (from ${path || 'the root'})`),
  );

/** Root dependencies whose range in package.json differs from the lock's root entry. */
export const rootDrift = (manifest: LockedPackage, lock: Lockfile): string[] => {
  const locked = lock.packages[''] ?? {};
  const kinds = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;
  return kinds.flatMap((kind) => {
    const want = manifest[kind] ?? {};
    const have = locked[kind] ?? {};
    const names = new Set([...Object.keys(want), ...Object.keys(have)]);
    return [...names].filter((n) => want[n] !== have[n]).map((n) => `${kind}.${n}: package.json ${want[n] ?? '-'} / lock ${have[n] ?? '-'}`);
  });
};
