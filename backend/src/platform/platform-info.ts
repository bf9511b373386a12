import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository's package.json, found upwards from this file (sources and dist/ differ in depth). */
const rootPackage = (): { name: string; version: string } => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (pkg.name === 'kuaige-service-cloud') return pkg;
    } catch {
      /* not here: keep looking upwards */
    }
  }
  return { name: 'kuaige-service-cloud', version: '0.0.0' };
};

const pkg = rootPackage();
const startedAt = new Date();

/** Facts about this running process shown on /health and in the console. */
export const platformInfo = () => ({
  name: pkg.name,
  version: pkg.version,
  node: process.versions.node,
  pid: process.pid,
  startedAt: startedAt.toISOString(),
  uptimeSeconds: Math.round(process.uptime()),
});
