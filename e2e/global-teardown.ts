import { rmSync } from 'node:fs';

/** Removes the backends' temporary data directories made by playwright.config.ts. */
export default function globalTeardown(): void {
  for (const name of ['KUAIGE_E2E_DATA_DIR', 'KUAIGE_E2E_DEV_DATA_DIR']) {
    const dir = process.env[name];
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
