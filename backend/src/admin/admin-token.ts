import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin.token';

/**
 * The operations API's token: ADMIN_TOKEN when set; otherwise one generated at first start into
 * DATA_DIR/admin.token, readable only by the owner — whoever can read the data directory may operate it.
 */
export const resolveAdminToken = (configured: string | null, dataDir: string): string => {
  if (configured) return configured;
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return token;
};

/** Compares in constant time, so that the token cannot be guessed from response times. */
export const tokensEqual = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};
