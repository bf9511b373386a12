import { rmSync } from 'node:fs';

/** Removes the backend's temporary data directory made by playwright.config.ts. */
export default function globalTeardown(): void {
  const dir = process.env['KUAIGE_E2E_DATA_DIR'];
  if (dir) rmSync(dir, { recursive: true, force: true });
}
