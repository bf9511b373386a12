// Compiles backend and libraries with tsc into dist/server and makes @kuaige/* resolvable there,
// so the compiled backend runs with plain `node` (no loader, no bundler: Nest needs decorator metadata).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.env.KUAIGE_BUILD_OUT ?? join(root, 'dist/server');
rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.server.json'), '--outDir', out], {
  stdio: 'inherit',
});
for (const lib of ['domain', 'eventsourcing', 'projections', 'tenancy']) {
  const dir = join(out, 'node_modules/@kuaige', lib);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `@kuaige/${lib}`, main: `../../../${lib}/src/index.js` }, null, 2));
}
console.log(`server build written to ${out}`);
