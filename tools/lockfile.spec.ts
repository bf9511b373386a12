import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingOptionalPackages, readLockfile, rootDrift, type Lockfile } from './lockfile';

const root = join(__dirname, '..');

describe('package-lock.json', () => {
  const lock = readLockfile(root);

  it('locks every optional package that a locked package declares (npm ci refuses it otherwise)', () => {
    expect(missingOptionalPackages(lock)).toEqual([]);
  });

  it('agrees with package.json', () => {
    expect(rootDrift(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')), lock)).toEqual([]);
  });

  it('names what is missing or drifted (checked on a small lock)', () => {
    const small: Lockfile = {
      lockfileVersion: 3,
      packages: {
        '': { dependencies: { a: '1.0.0' } },
        'node_modules/a': { version: '1.0.0', optionalDependencies: { 'a-darwin': '1.0.0', 'a-linux': '1.0.0' } },
        'node_modules/a-linux': { version: '1.0.0' },
      },
    };
    expect(missingOptionalPackages(small)).toEqual(['a-darwin (from node_modules/a)']);
    expect(rootDrift({ dependencies: { a: '1.0.1' } }, small)).toEqual(['dependencies.a: package.json 1.0.1 / lock 1.0.0']);
  });
});
