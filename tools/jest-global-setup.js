// Builds the server (dist/server) before Jest when it is missing or older than any source file, so that
// the specs that run the compiled product (start-up, CLI) never test stale code — and several test
// files never race to build it.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const marker = join(root, 'dist/server/backend/src/main.js');

const newestSource = (dir) => {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
};

module.exports = async () => {
  const sources = Math.max(...['backend/src', 'domain/src', 'eventsourcing/src', 'projections/src', 'tenancy/src', 'bench'].map((d) => newestSource(join(root, d))));
  if (existsSync(marker) && statSync(marker).mtimeMs >= sources) return;
  process.stderr.write('jest: building the server (dist/server) for the specs that run it ...\n');
  execFileSync(process.execPath, [join(root, 'scripts/build-server.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
};
